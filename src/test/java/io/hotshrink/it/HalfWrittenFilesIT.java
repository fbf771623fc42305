package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.WatchModes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that look settled but are not whole: a writer that stops for longer than the settle window,
 * with or without keeping an old modification time, and one that never finishes. Only a whole image
 * is ever published; a file that stays cut short ends in failed/ with the reason.
 */
class HalfWrittenFilesIT {
  private static final FileTime OLD = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void aWriterPausingLongerThanTheSettleWindowGetsNoTruncatedImagePublished(String mode)
      throws Exception {
    writeWithLongPauses(mode, false);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void soDoesOneKeepingAnOldModificationTime(String mode) throws Exception {
    writeWithLongPauses(mode, true); // cp -p, rsync -t, Windows copies
  }

  private void writeWithLongPauses(String mode, boolean oldMtime) throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      byte[] jpeg = TestImages.jpeg(TestImages.photo(1200, 900, 3), 0.9f, false);
      Path target = d.in.resolve("paused.jpg");
      int chunk = (jpeg.length + 3) / 4;
      try (OutputStream o = Files.newOutputStream(target)) {
        for (int i = 0; i < 4; i++) {
          o.write(Arrays.copyOfRange(jpeg, i * chunk, Math.min(jpeg.length, (i + 1) * chunk)));
          o.flush();
          if (oldMtime) {
            Files.setLastModifiedTime(target, OLD);
          }
          if (i < 3) {
            // The writer under test stalls for three settle windows.
            Thread.sleep(1500);
            assertEquals(List.of(), files(d.out), "published after chunk " + (i + 1));
            assertEquals(List.of(), files(d.failed));
          }
        }
      }
      Path output = d.out.resolve("paused.jpg");
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(output));
      ImageAssertions.assertScaledCopy(target, output, 0.5);
      d.awaitRescanned();
      assertEquals(1, d.daemon.count("published"));
      assertEquals(List.of(), files(d.failed));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void aFileThatNeverEndsIsMovedToFailedAfterTheIncompleteTimeout(String mode) throws Exception {
    try (RunningDaemon d =
        RunningDaemon.start(dir, WatchModes.conf(mode) + "watch.incomplete-timeout = 4s\n")
            .awaitReady()) {
      byte[] jpeg = TestImages.jpeg(TestImages.photo(800, 600, 4), 0.9f, false);
      byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 3 / 5);
      Path target = d.in.resolve("stalled/cut.jpg");
      Files.createDirectories(target.getParent());
      long t0 = System.nanoTime();
      Files.write(target, cut);
      Path moved = d.failed.resolve("stalled/cut.jpg");
      Path sidecar = d.failed.resolve("stalled/cut.jpg.error.json");
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(sidecar));
      long waited = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(waited >= 4000, "moved after " + waited + " ms, before the 4 s timeout");
      assertFalse(Files.exists(target), "moved out of the hot folder");
      assertArrayEquals(cut, Files.readAllBytes(moved), "intact");
      String json = Files.readString(sidecar);
      assertTrue(json.contains("\"reason\" : \"truncated: no end-of-image marker\""), json);
      assertTrue(json.contains("\"source\" : \"stalled/cut.jpg\""), json);
      assertEquals(List.of(), files(d.out));
      // Counted just after its files are in place (the journal and the source come first).
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("failed") == 1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void aMotionPhotoWithAVideoAfterTheImageIsPublishedAtOnce(String mode) throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      byte[] jpeg = TestImages.jpeg(TestImages.photo(1000, 750, 5), 0.9f, false);
      byte[] video = new byte[4 << 20];
      new Random(5).nextBytes(video); // random bytes: FF D9 pairs among them, and no FF D9 tail
      video[video.length - 2] = 0x12;
      Path target = d.in.resolve("PXL_motion.jpg");
      Files.write(target, jpeg);
      Files.write(target, video, StandardOpenOption.APPEND);
      Path padded = d.in.resolve("padded.jpg"); // zeros after the image, as some cameras write
      Files.write(padded, TestImages.jpeg(TestImages.photo(640, 480, 6), 0.9f, false));
      Files.write(padded, new byte[8192], StandardOpenOption.APPEND);

      // Well within the 10-minute incomplete timeout: it was not taken for a cut-short file.
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(List.of("PXL_motion.jpg", "padded.jpg"), files(d.out)));
      ImageAssertions.assertScaledCopy(target, d.out.resolve("PXL_motion.jpg"), 0.5);
      assertEquals(List.of(), files(d.failed));
    }
  }
}
