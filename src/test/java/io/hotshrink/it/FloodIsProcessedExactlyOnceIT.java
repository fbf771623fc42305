package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.WatchModes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of photos copied into one folder as fast as the disk takes them: far more events than
 * the JDK keeps per folder (512), so events are lost; the overflow's rescan must find the rest. The
 * periodic rescan is pushed out of the way (10 min) so that it cannot be what saves the day.
 */
class FloodIsProcessedExactlyOnceIT {
  static final int FILES = 3000;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void threeThousandPhotosDroppedAtOnceComeOutExactlyOnceEach(String mode) throws Exception {
    byte[][] photos = new byte[10][];
    for (int i = 0; i < photos.length; i++) {
      photos[i] = TestImages.jpeg(TestImages.photo(64, 48, i), 0.8f, false);
    }
    try (RunningDaemon d =
        RunningDaemon.start(dir, WatchModes.conf(mode) + "watch.rescan-interval = 10m\n")
            .awaitReady()) {
      List<String> expected = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < FILES; i++) {
        String name = String.format("IMG_%04d.jpg", i);
        Files.write(d.in.resolve(name), photos[i % photos.length]);
        expected.add(name);
      }
      long writtenMillis = (System.nanoTime() - t0) / 1_000_000;

      await().atMost(Duration.ofSeconds(120)).until(() -> d.daemon.count("published") >= FILES);
      long doneMillis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "flood (%s): %d files written in %d ms, all published after %d ms%n",
          mode, FILES, writtenMillis, doneMillis);
      // And a rescan later, with everything it found dealt with, still once each.
      d.awaitRescanned();
      assertEquals(FILES, d.daemon.count("published"), "none twice");
      assertEquals(expected, files(d.out), "none missing, nothing else");
      assertEquals(List.of(), files(d.failed));
      for (int i = 0; i < FILES; i += 499) {
        int[] size = TestImages.size(d.out.resolve(expected.get(i)));
        assertEquals(List.of(32, 24), List.of(size[0], size[1]), expected.get(i));
      }
    }
  }
}
