package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hot folders share one pool, each with its own lane: a few files dropped into B while A has a
 * backlog of hundreds are all published long before A's backlog is worked off, instead of waiting
 * behind it. Counted, never timed: how many of A's files were done when B's last one was published,
 * which a first-come-first-served queue would make nearly all of them.
 *
 * <p>The 2,000-file variant runs with {@code -Pslow} ({@code -Dhotshrink.slow=true}).
 */
class FairnessBetweenFoldersIT {
  private static final int B_FILES = 10;

  @TempDir Path dir;

  @Test
  void tenFilesOfBArePublishedWhileFourHundredOfAStillWait() throws Exception {
    // Without lanes, B's files would queue behind all of A's: A would be all but done.
    fairness(400, 100);
  }

  @Test
  @EnabledIfSystemProperty(named = "hotshrink.slow", matches = "true")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void tenFilesOfBArePublishedWhileTwoThousandOfAStillWait() throws Exception {
    fairness(2000, 1000);
  }

  /**
   * Drops {@code aFiles} into A, then, once A has started on them, {@link #B_FILES} into B; asserts
   * that at least {@code margin} of A's were still not done when B's last was published.
   */
  private void fairness(int aFiles, int margin) throws Exception {
    String conf =
        "hotshrink {\n watch.settle = 300ms\n pool { workers = 1, threads = 2, heap = 256m }\n"
            + " http.port = 0\n folders = [\n"
            + "  { name = a, input = \""
            + dir.resolve("a/in")
            + "\", output = \""
            + dir.resolve("a/out")
            + "\" }\n  { name = b, input = \""
            + dir.resolve("b/in")
            + "\", output = \""
            + dir.resolve("b/out")
            + "\", watch.settle = 100ms }\n ]\n}\n";
    // A few distinct photos, copied under many names: real JPEGs, cheap to make.
    List<byte[]> photos = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      photos.add(TestImages.jpeg(TestImages.photo(1024, 768, i), 0.9f, false));
    }
    Path stageA = stage(dir.resolve("stage-a"), "a", aFiles, photos);
    Path stageB = stage(dir.resolve("stage-b"), "b", B_FILES, photos);
    try (RunningDaemon d = RunningDaemon.startWithFile(dir, conf).awaitReady()) {
      Path aIn = dir.resolve("a/in");
      Path bIn = dir.resolve("b/in");
      dropAll(stageA, aIn);
      // B's files come once A has a backlog: A's jobs are queued and running.
      await()
          .atMost(120, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> d.daemon.count("a", "published") >= 10);
      long aDoneAtDrop = d.daemon.count("a", "published");
      long dropped = System.nanoTime();
      dropAll(stageB, bIn);
      AtomicLong aDoneAtB = new AtomicLong(-1);
      await()
          .atMost(300, TimeUnit.SECONDS)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                long a = d.daemon.count("a", "published");
                if (d.daemon.count("b", "published") == B_FILES) {
                  aDoneAtB.set(a); // read before B's: no more than A's count at that moment
                  return true;
                }
                return false;
              });
      long bMillis = (System.nanoTime() - dropped) / 1_000_000;
      await()
          .atMost(Duration.ofSeconds(aFiles <= 400 ? 240 : 1100)) // a hang guard, not a speed
          .until(() -> d.daemon.count("a", "published") == aFiles);
      d.awaitRescanned();

      Path aOut = dir.resolve("a/out");
      Path bOut = dir.resolve("b/out");
      assertEquals(aFiles, files(aOut).size());
      assertEquals(B_FILES, files(bOut).size());
      assertEquals(0, d.daemon.count("failed"));
      ImageAssertions.assertScaledCopy(bIn.resolve("b-0.jpg"), bOut.resolve("b-0.jpg"), 0.5);
      ImageAssertions.assertScaledCopy(
          aIn.resolve("a-" + (aFiles - 1) + ".jpg"),
          aOut.resolve("a-" + (aFiles - 1) + ".jpg"),
          0.5);

      // The same count from the files themselves: A's outputs no newer than B's newest.
      FileTime bLast = newest(bOut);
      long aBefore = 0;
      for (String f : files(aOut)) {
        if (Files.getLastModifiedTime(aOut.resolve(f)).compareTo(bLast) <= 0) {
          aBefore++;
        }
      }
      System.out.printf(
          "fairness: %d files in A, %d in B dropped when %d of A were done; B's %dth was"
              + " published %d ms later, when %d of A were done (%d by the outputs' times)%n",
          aFiles, B_FILES, aDoneAtDrop, B_FILES, bMillis, aDoneAtB.get(), aBefore);
      assertTrue(
          aDoneAtB.get() <= aFiles - margin,
          "B's files waited behind A's: "
              + aDoneAtB.get()
              + " of A's "
              + aFiles
              + " were done when B's last was published");
      assertTrue(
          aBefore <= aFiles - margin, aBefore + " of A's outputs are older than B's newest output");
    }
  }

  /** {@code n} JPEGs named {@code prefix-I.jpg}, made ready in a folder beside the inputs. */
  private static Path stage(Path stage, String prefix, int n, List<byte[]> photos)
      throws IOException {
    Files.createDirectories(stage);
    for (int i = 0; i < n; i++) {
      Files.write(stage.resolve(prefix + "-" + i + ".jpg"), photos.get(i % photos.size()));
    }
    return stage;
  }

  /** Every file of {@code stage} renamed into {@code input}, each complete when it appears. */
  private static void dropAll(Path stage, Path input) throws IOException {
    List<Path> all;
    try (var s = Files.list(stage)) {
      all = s.sorted().toList();
    }
    for (Path p : all) {
      Files.move(p, input.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static FileTime newest(Path dir) throws IOException {
    FileTime max = FileTime.fromMillis(0);
    for (String f : files(dir)) {
      FileTime t = Files.getLastModifiedTime(dir.resolve(f));
      if (t.compareTo(max) > 0) {
        max = t;
      }
    }
    return max;
  }
}
