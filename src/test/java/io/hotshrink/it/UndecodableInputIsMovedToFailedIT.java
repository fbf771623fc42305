package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.UndecodableBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that starts like a JPEG but cannot be decoded ends in failed/, with the reason beside it.
 */
class UndecodableInputIsMovedToFailedIT {
  @TempDir Path dir;

  @Test
  void aBrokenJpegIsMovedAsideWithASidecarAndTheOthersAreUnaffected() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Files.createDirectories(d.in.resolve("sub"));
      byte[] broken = UndecodableBytes.withShortFirstSegment();
      Files.write(d.in.resolve("sub/broken.jpg"), broken);
      TestImages.write(d.in.resolve("sub/fine.jpg"), 640, 480, 1);

      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("failed") == 1 && d.daemon.count("published") == 1);
      assertFalse(Files.exists(d.in.resolve("sub/broken.jpg")), "moved out of the hot folder");
      assertArrayEquals(broken, Files.readAllBytes(d.failed.resolve("sub/broken.jpg")), "intact");
      String sidecar = Files.readString(d.failed.resolve("sub/broken.jpg.error.json"));
      assertTrue(sidecar.contains("\"reason\""), sidecar);
      assertTrue(sidecar.contains("decode"), sidecar);
      assertTrue(sidecar.contains("\"source\" : \"sub/broken.jpg\""), sidecar);
      assertEquals(List.of("sub/fine.jpg"), files(d.out));
    }
  }
}
