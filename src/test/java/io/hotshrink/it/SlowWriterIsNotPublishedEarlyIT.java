package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that arrives in pieces is published once, after the last piece, and complete. */
class SlowWriterIsNotPublishedEarlyIT {
  @TempDir Path dir;

  @Test
  void fiveChunksOverThreeSecondsArePublishedOnceAfterTheLast() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "watch.settle = 1s").awaitReady()) {
      byte[] jpeg = TestImages.jpeg(TestImages.photo(1200, 900, 3), 0.9f, false);
      Path target = d.in.resolve("slow.jpg");
      Path output = d.out.resolve("slow.jpg");
      int chunk = (jpeg.length + 4) / 5;
      try (OutputStream o = Files.newOutputStream(target)) {
        for (int i = 0; i < 5; i++) {
          if (i > 0) {
            // The writer under test pauses between chunks (shorter than the settle window).
            Thread.sleep(700);
          }
          o.write(Arrays.copyOfRange(jpeg, i * chunk, Math.min(jpeg.length, (i + 1) * chunk)));
          o.flush();
          assertFalse(Files.exists(output), "published before chunk " + (i + 2));
        }
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(output));
      ImageAssertions.assertScaledCopy(target, output, 0.5);
      // Once: after a rescan and all it found dealt with, still one job.
      d.awaitRescanned();
      assertEquals(1, d.daemon.count("published"));
    }
  }
}
