package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.input.Source;
import io.hotshrink.testing.FakeClock;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  private static final Duration INCOMPLETE = Duration.ofMinutes(10);

  private final FakeClock clock = new FakeClock();
  private final FakeDisk disk = new FakeDisk();
  private final List<Path> links = new ArrayList<>();
  private final Settler settler =
      Settler.builder()
          .root(ROOT)
          .clock(clock)
          .settle(SETTLE)
          .incompleteTimeout(INCOMPLETE)
          .quickLook(Duration.ZERO)
          .probe(disk)
          .linkIgnored(links::add)
          .build();

  /** Files as (size, mtime), what their content looks like, and which are links. */
  static final class FakeDisk implements FileProbe {
    final Map<Path, Stat> files = new HashMap<>();
    final Set<Path> notJpeg = new HashSet<>();
    final Map<Path, JpegEnd.Verdict> verdicts = new HashMap<>();
    final Set<Path> links = new HashSet<>();
    final Map<Path, byte[]> heads = new HashMap<>();
    final Set<Path> unreadable = new HashSet<>();
    final Set<Path> behindLinks = new HashSet<>();
    int stats;
    int inspections;

    void put(String rel, long size, long mtime) {
      files.put(ROOT.resolve(rel), new Stat(size, mtime));
    }

    @Override
    public Optional<Stat> stat(Path file) {
      stats++;
      return Optional.ofNullable(files.get(file));
    }

    @Override
    public boolean startsLikeJpeg(Path file) {
      return !notJpeg.contains(file);
    }

    @Override
    public JpegEnd.Verdict inspect(Path file) throws IOException {
      inspections++;
      if (!files.containsKey(file)) {
        throw new NoSuchFileException(file.toString());
      }
      if (unreadable.contains(file)) {
        throw new java.nio.file.AccessDeniedException(file.toString());
      }
      return notJpeg.contains(file)
          ? JpegEnd.Verdict.NOT_JPEG
          : verdicts.getOrDefault(file, JpegEnd.Verdict.COMPLETE);
    }

    @Override
    public byte[] head(Path file, int n) {
      byte[] h = heads.getOrDefault(file, new byte[0]);
      return java.util.Arrays.copyOf(h, Math.min(n, h.length));
    }

    @Override
    public boolean isSymbolicLink(Path path) {
      return links.contains(path);
    }

    @Override
    public boolean outsideRoot(Path root, Path file) {
      return behindLinks.contains(file);
    }
  }

  private List<String> poll() {
    List<String> names = new ArrayList<>();
    for (Settler.Settled s : settler.poll()) {
      assertTrue(s.complete(), s.toString());
      names.add(s.source().relative().toString());
    }
    return names;
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
    List<Settler.Settled> out = settler.poll();
    assertEquals(1, out.size());
    assertEquals(new Source(ROOT.resolve("a.jpg"), Path.of("a.jpg"), 100, 5), out.get(0).source());
    assertTrue(out.get(0).complete());
  }

  @Test
  void aHandedOnFileSaysWhenItWasNoticedAndSinceWhenItIsUnchanged() {
    long t0 = clock.millis();
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(700);
    disk.put("a.jpg", 200, 6); // still being written
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    List<Settler.Settled> out = settler.poll();
    assertEquals(1, out.size());
    assertEquals(t0, out.get(0).noticedAt());
    assertEquals(t0 + 700, out.get(0).unchangedSince());
  }

  @Test
  void theOldestCandidateIsTheOneUnchangedTheLongest() {
    assertEquals(-1, settler.oldestUnchangedSince());
    long t0 = clock.millis();
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(300);
    disk.put("b.jpg", 100, 5);
    settler.offer(ROOT.resolve("b.jpg"));
    assertEquals(t0, settler.oldestUnchangedSince());
    after(200);
    disk.put("a.jpg", 150, 6); // a changes: b is now the one unchanged the longest
    settler.offer(ROOT.resolve("a.jpg"));
    assertEquals(t0 + 300, settler.oldestUnchangedSince());
    assertEquals(2, settler.pending());
    after(800);
    assertEquals(List.of("b.jpg"), poll());
    assertEquals(t0 + 500, settler.oldestUnchangedSince(), "a is still a candidate");
    after(200);
    assertEquals(List.of("a.jpg"), poll());
    assertEquals(-1, settler.oldestUnchangedSince());
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
  void anEventRestartsTheWindow() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"));
    after(800);
    settler.offer(ROOT.resolve("a.jpg")); // MODIFY
    after(800);
    assertEquals(List.of(), poll());
    after(200);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void theWindowCountsFromTheLastWriteNotFromTheCreation() {
    // CREATE is seen before the first byte is written; MODIFY after it. One window after the
    // MODIFY, not two, the file is handed on.
    disk.put("a.jpg", 0, 5);
    settler.offer(ROOT.resolve("a.jpg")); // CREATE: empty so far
    after(3);
    disk.put("a.jpg", 611, 8);
    settler.offer(ROOT.resolve("a.jpg")); // MODIFY: all written
    after(1000);
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
    disk.put("notes.txt", 10, 5);
    disk.notJpeg.add(ROOT.resolve("notes.txt"));
    settler.offer(ROOT.resolve("notes.txt"));
    after(1000);
    assertEquals(List.of(), poll());
    settler.offer(ROOT.resolve("notes.txt"), new FileProbe.Stat(10, 5));
    assertEquals(0, settler.pending());
    assertEquals(1, disk.inspections);
  }

  @Test
  void aFileNamedLikeAJpegThatIsNotOneIsRejectedWithWhatItIs() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
    for (String name : List.of("a.jpg", "b.JPEG", "c.Jpe", "d.jfif")) {
      disk.put(name, 10, 5);
      disk.notJpeg.add(ROOT.resolve(name));
      disk.heads.put(ROOT.resolve(name), png);
      settler.offer(ROOT.resolve(name));
    }
    disk.put("e.jpg", 10, 5);
    disk.notJpeg.add(ROOT.resolve("e.jpg"));
    disk.heads.put(ROOT.resolve("e.jpg"), "GIF89a".getBytes());
    settler.offer(ROOT.resolve("e.jpg"));
    after(1000);
    Map<String, String> why = new HashMap<>();
    for (Settler.Settled s : settler.poll()) {
      why.put(s.source().relative().toString(), s.failure().words());
    }
    assertEquals(5, why.size(), why.toString());
    assertEquals(
        "not a JPEG: the content is a PNG image (it starts with 89 50 4E 47)", why.get("a.jpg"));
    assertEquals(why.get("a.jpg"), why.get("d.jfif"));
    assertEquals(
        "not a JPEG: the content is a GIF image (it starts with 47 49 46 38)", why.get("e.jpg"));
  }

  @Test
  void anEmptyJpegIsWaitedForLikeACutShortOneThenRejectedAsEmpty() {
    disk.put("empty.jpg", 0, 5);
    disk.verdicts.put(ROOT.resolve("empty.jpg"), JpegEnd.Verdict.NO_END);
    disk.put("empty.txt", 0, 5);
    disk.verdicts.put(ROOT.resolve("empty.txt"), JpegEnd.Verdict.NO_END);
    settler.offer(ROOT.resolve("empty.jpg"));
    settler.offer(ROOT.resolve("empty.txt"));
    after(1000);
    assertEquals(List.of(), settler.poll(), "the writer may fill it later");
    assertEquals(1, settler.pending(), "an empty file under another name is not an input");
    after(INCOMPLETE.toMillis());
    List<Settler.Settled> out = settler.poll();
    assertEquals(1, out.size());
    assertEquals(Settler.EMPTY, out.get(0).failure());
  }

  @Test
  void anEmptyJpegThatIsFilledInTimeIsHandedOn() {
    disk.put("late.jpg", 0, 5);
    disk.verdicts.put(ROOT.resolve("late.jpg"), JpegEnd.Verdict.NO_END);
    settler.offer(ROOT.resolve("late.jpg"));
    after(1000);
    assertEquals(List.of(), settler.poll());
    after(60_000);
    disk.put("late.jpg", 5000, 6);
    disk.verdicts.remove(ROOT.resolve("late.jpg"));
    settler.offer(ROOT.resolve("late.jpg"));
    after(1000);
    assertEquals(List.of("late.jpg"), poll());
  }

  @Test
  void aFileThatCannotBeReadIsWarnedAboutOnceNotAtEveryRescan() throws Exception {
    Path f = ROOT.resolve("locked.jpg");
    disk.put("locked.jpg", 100, 5);
    disk.unreadable.add(f);
    try (io.hotshrink.testing.LogCapture log = io.hotshrink.testing.LogCapture.of(Settler.class)) {
      for (int i = 0; i < 5; i++) {
        settler.offer(f, new FileProbe.Stat(100, 5));
        after(1000);
        assertEquals(List.of(), settler.poll());
      }
      assertEquals(
          1, log.messages().stream().filter(m -> m.startsWith("cannot read locked.jpg")).count());
      disk.unreadable.clear();
      settler.offer(f, new FileProbe.Stat(100, 5));
      after(1000);
      assertEquals(List.of("locked.jpg"), poll());
      assertTrue(log.messages().contains("locked.jpg can be read now"), log.messages().toString());
    }
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

  // ---- a settled JPEG without its end --------------------------------------------------------

  @Test
  void aSettledJpegWithoutItsEndIsNotHandedOnButLookedAtAgainWithGrowingPauses() {
    disk.put("a.jpg", 100, 5);
    disk.verdicts.put(ROOT.resolve("a.jpg"), JpegEnd.Verdict.NO_END);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of(), poll());
    assertEquals(1, disk.inspections);
    assertEquals(1, settler.pending(), "still a candidate");
    // Looked at again after 1 s, 2 s, 4 s, 8 s ... (the window, doubling).
    long[] pauses = {1000, 2000, 4000, 8000, 16000, 32000};
    for (int i = 0; i < pauses.length; i++) {
      assertEquals(pauses[i], settler.millisUntilNextDue(), "pause " + i);
      after(pauses[i] - 1);
      assertEquals(List.of(), poll());
      assertEquals(i + 1, disk.inspections, "not yet");
      after(1);
      assertEquals(List.of(), poll());
      assertEquals(i + 2, disk.inspections);
    }
    assertEquals(Settler.MAX_BACKOFF_MILLIS, settler.millisUntilNextDue(), "at most a minute");
  }

  @Test
  void whenTheRestArrivesTheWholeFileIsHandedOn() {
    disk.put("a.jpg", 100, 5);
    disk.verdicts.put(ROOT.resolve("a.jpg"), JpegEnd.Verdict.NO_END);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of(), poll());
    // The writer resumes (cp -p: the mtime is old and stays so; only the size tells).
    after(1500);
    disk.put("a.jpg", 900, 5);
    disk.verdicts.remove(ROOT.resolve("a.jpg"));
    after(500); // the next look, 2 s after the first: changed, so the window starts again
    assertEquals(List.of(), poll());
    after(999);
    assertEquals(List.of(), poll());
    after(1);
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void afterTheIncompleteTimeoutWithoutChangeItIsHandedOnOnceAsTruncated() {
    disk.put("sub/a.jpg", 100, 5);
    disk.verdicts.put(ROOT.resolve("sub/a.jpg"), JpegEnd.Verdict.NO_END);
    long start = clock.millis();
    settler.offer(ROOT.resolve("sub/a.jpg"));
    List<Settler.Settled> out = new ArrayList<>();
    // 10 minutes after it was first seen as it is now, checked every few seconds by the clock.
    while (clock.millis() + 500 < start + INCOMPLETE.toMillis()) {
      after(500);
      out.addAll(settler.poll());
    }
    after(start + INCOMPLETE.toMillis() - 1 - clock.millis());
    out.addAll(settler.poll());
    assertEquals(List.of(), out, "not before the timeout");
    after(1);
    out.addAll(settler.poll());
    assertEquals(1, out.size());
    assertEquals(Settler.TRUNCATED, out.get(0).failure());
    assertEquals(Path.of("sub/a.jpg"), out.get(0).source().relative());
    assertEquals(0, settler.pending());
    // Rescans and events for the same version do not bring it back.
    settler.offer(ROOT.resolve("sub/a.jpg"), new FileProbe.Stat(100, 5));
    settler.offer(ROOT.resolve("sub/a.jpg"));
    after(3_600_000);
    assertEquals(List.of(), settler.poll());
  }

  @Test
  void theIncompleteTimeoutCountsFromTheLastChange() {
    disk.put("a.jpg", 100, 5);
    disk.verdicts.put(ROOT.resolve("a.jpg"), JpegEnd.Verdict.NO_END);
    settler.offer(ROOT.resolve("a.jpg"));
    after(1000);
    assertEquals(List.of(), poll());
    after(Duration.ofMinutes(9).toMillis());
    disk.put("a.jpg", 200, 6); // a stalled copy moved on a little
    settler.offer(ROOT.resolve("a.jpg"), new FileProbe.Stat(200, 6)); // found by a rescan
    long changed = clock.millis();
    List<Settler.Settled> out = new ArrayList<>();
    while (clock.millis() + 1000 < changed + INCOMPLETE.toMillis()) {
      after(1000);
      out.addAll(settler.poll());
    }
    after(changed + INCOMPLETE.toMillis() - 1 - clock.millis());
    out.addAll(settler.poll());
    assertEquals(List.of(), out);
    after(1);
    out.addAll(settler.poll());
    assertEquals(1, out.size());
    assertEquals(Settler.TRUNCATED, out.get(0).failure());
    assertEquals(200, out.get(0).source().size());
  }

  @Test
  void aFileWhoseStructureCannotBeFollowedIsLeftToTheDecoder() {
    disk.put("odd.jpg", 100, 5);
    disk.verdicts.put(ROOT.resolve("odd.jpg"), JpegEnd.Verdict.MALFORMED);
    settler.offer(ROOT.resolve("odd.jpg"));
    after(1000);
    assertEquals(List.of("odd.jpg"), poll());
  }

  // ---- scans (poll mode) ---------------------------------------------------------------------

  @Test
  void aScanFindingACandidateUnchangedDoesNotRestartItsWindow() {
    // Polling every 200 ms with a 1 s window: the polls must not keep the file from settling.
    disk.put("a.jpg", 100, 5);
    for (int i = 0; i < 5; i++) {
      settler.offer(ROOT.resolve("a.jpg"), new FileProbe.Stat(100, 5));
      after(200);
    }
    assertEquals(List.of("a.jpg"), poll());
  }

  @Test
  void aScanFindingACandidateChangedRestartsItsWindow() {
    disk.put("a.jpg", 100, 5);
    settler.offer(ROOT.resolve("a.jpg"), new FileProbe.Stat(100, 5));
    after(800);
    disk.put("a.jpg", 300, 6);
    settler.offer(ROOT.resolve("a.jpg"), new FileProbe.Stat(300, 6));
    after(200);
    assertEquals(List.of(), poll());
    after(800);
    assertEquals(List.of("a.jpg"), poll());
  }

  // ---- links and batches ---------------------------------------------------------------------

  @Test
  void aSymbolicLinkIsReportedAndNeverACandidate() {
    Path link = ROOT.resolve("etc");
    disk.links.add(link);
    settler.offer(link);
    assertEquals(List.of(link), links);
    assertEquals(0, settler.pending());
  }

  @Test
  void aFileReachedThroughALinkedFolderIsNotHandedOn() {
    disk.put("outside/passwd.jpg", 100, 5);
    disk.behindLinks.add(ROOT.resolve("outside/passwd.jpg"));
    settler.offer(ROOT.resolve("outside/passwd.jpg"));
    after(1000);
    assertEquals(List.of(), poll());
    assertEquals(List.of(ROOT.resolve("outside/passwd.jpg")), links);
  }

  @Test
  void aBigBatchIsHandedOnInPieces() {
    for (int i = 0; i < 1000; i++) {
      disk.put(i + ".jpg", 100, 5);
      settler.offer(ROOT.resolve(i + ".jpg"));
    }
    after(1000);
    assertEquals(256, settler.poll(256).size());
    assertEquals(0, settler.millisUntilNextDue(), "more are due now");
    int rest = 0;
    for (int i = 0; i < 3; i++) {
      rest += settler.poll(256).size();
    }
    assertEquals(744, rest);
    assertEquals(-1, settler.millisUntilNextDue());
  }

  @Test
  void theMetricsCountEachRefusalUnderItsOwnReason() {
    // The words are the sidecar's; the metrics label comes from the refusal's kind.
    assertEquals("empty", io.hotshrink.metrics.FailureReason.of(Settler.EMPTY.kind()));
    assertEquals("truncated", io.hotshrink.metrics.FailureReason.of(Settler.TRUNCATED.kind()));
  }
}
