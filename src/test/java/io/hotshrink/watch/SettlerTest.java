package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.job.Source;
import io.hotshrink.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settle rule on a fake disk and a fake clock: no sleeping, no real files. */
class SettlerTest {
  private static final Path ROOT = Path.of("/hot");
  private static final Duration SETTLE = Duration.ofSeconds(1);

  private final FakeClock clock = new FakeClock();
  private final FakeDisk disk = new FakeDisk();
  private final Settler settler = new Settler(ROOT, clock, SETTLE, disk);

  /** Files as (size, mtime) and whether they start like a JPEG. */
  static final class FakeDisk implements FileProbe {
    final Map<Path, Stat> files = new HashMap<>();
    final Set<Path> notJpeg = new HashSet<>();
    int stats;

    void put(String rel, long size, long mtime) {
      files.put(ROOT.resolve(rel), new Stat(size, mtime));
    }

    @Override
    public Optional<Stat> stat(Path file) {
      stats++;
      return Optional.ofNullable(files.get(file));
    }

    @Override
    public boolean startsLikeJpeg(Path file) throws IOException {
      return !notJpeg.contains(file);
    }
  }

  private List<String> poll() {
    return settler.poll().stream().map(s -> s.relative().toString()).toList();
  }

  private void after(long millis) {
    clock.advance(Duration.ofMillis(millis));
  }

  @Test
  void aFileIsHandedOnOnceItsSizeAndTimeHaveNotChangedForTheWindow() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(999);
    assertEquals(List.of(), poll());
    after(1);
    List<Source> out = settler.poll();
    assertEquals(1, out.size());
    assertEquals(new Source(ROOT.resolve("a.jpg"), Path.of("a.jpg"), 100, 5), out.get(0));
  }

  @Test
  void aGrowingFileWaitsUntilItStopsGrowing() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    for (int i = 1; i <= 5; i++) {
      after(1000);
      disk.put("a.jpg", 100 + i * 100, 5 + i); // another chunk arrived since the last look
      assertEquals(List.of(), poll(), "chunk " + i);
    }
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void anOldModificationTimeDoesNotMakeAFileCompleteEarly() {
    // cp -p: the mtime is from last year, but the size is still changing.
    disk.put("a.jpg", 10, 1_000);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    disk.put("a.jpg", 20, 1_000);
    assertEquals(List.of(), poll());
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void anEventRestartsTheWindowWithoutTouchingTheDisk() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(800);
    int before = disk.stats;
    settler.offer(ROOT.resolve("a.jpg")); // MODIFY
    assertEquals(before, disk.stats);
    after(800);
    assertEquals(List.of(), poll());
    after(200);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void duplicatesFromEventsAndRescansAreHandedOnOnce() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
    settler.offer(ROOT.resolve("a.jpg"));
    settler.offer(ROOT.resolve("a.jpg"), new FileProbe.Stat(100, 5));
    after(5000);
    assertEquals(List.of(), poll());
  }

  @Test
  void newContentUnderTheSameNameIsHandedOnAgain() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
    disk.put("a.jpg", 300, 9);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aRescanDoesNotStatFilesAlreadyHandedOn() {
    for (int i = 0; i < 100; i++) {
      disk.put(i + ".jpg", 100, 5);
      settler.offer(ROOT.resolve(i + ".jpg"), new FileProbe.Stat(100, 5));
    }
    after(1000);
    assertEquals(100, poll().size());
    int before = disk.stats;
    for (int i = 0; i < 100; i++) {
      settler.offer(ROOT.resolve(i + ".jpg"), new FileProbe.Stat(100, 5));
    }
    assertEquals(before, disk.stats);
    assertEquals(0, settler.pending());
  }

  @Test
  void aFileDeletedBeforeItSettlesIsDropped() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    disk.files.clear();
    after(1000);
    assertEquals(List.of(), poll());
    assertEquals(0, settler.pending());
  }

  @Test
  void hiddenAndTemporaryNamesAreNeverCandidates() {
    for (String name :
        List.of(
            ".a.jpg",
            ".a.jpg.Xy12Ab",
            "._a.jpg",
            "a.jpg.part",
            "a.tmp",
            "a.jpg.crdownload",
            "~$a.jpg",
            ".hidden/a.jpg",
            "@eaDir/a.jpg")) {
      disk.put(name, 100, 5);
      settler.offer(ROOT.resolve(name));
    }
    after(1000);
    assertEquals(List.of(), poll());
    assertEquals(0, settler.pending());
  }

  @Test
  void aFileThatIsNotAJpegIsNotHandedOnAndNotCheckedAgain() {
    disk.put("notes.jpg", 10, 5);
    disk.notJpeg.add(ROOT.resolve("notes.jpg"));
    settler.offer(ROOT.resolve("notes.jpg"));
    after(1000);
    assertEquals(List.of(), poll());
    settler.offer(ROOT.resolve("notes.jpg"), new FileProbe.Stat(10, 5));
    assertEquals(0, settler.pending());
  }

  @Test
  void renamedIntoPlaceMeansTheFinalNameIsHandedOn() {
    disk.put(".a.jpg.Xy12Ab", 100, 5);
    settler.offer(ROOT.resolve(".a.jpg.Xy12Ab"));
    disk.files.clear();
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void forgettingAFileLetsTheNextScanOfferItAgain() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
    settler.forget(ROOT.resolve("a.jpg"));
    settler.offer(ROOT.resolve("a.jpg"), new FileProbe.Stat(100, 5));
    after(1000);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void theNextDueTimeDrivesTheLoopsWait() {
    assertEquals(-1, settler.millisUntilNextDue());
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(300);
    assertEquals(700, settler.millisUntilNextDue());
    assertTrue(poll().isEmpty());
  }
}
