package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resize settings through the real daemon and its child JVMs (engine auto: turbojpeg). */
class ResizeSettingsEndToEndIT {
  @TempDir Path dir;

  @Test
  void anInputOverTheLimitsGoesToFailedWithTheReasonAndTheOthersAreResized() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "limits { max-pixels = 1M }\n").awaitReady()) {
      Path big = TestImages.write(d.in.resolve("big.jpg"), 1600, 1000, 1);
      byte[] bytes = Files.readAllBytes(big);
      TestImages.write(d.in.resolve("small.jpg"), 800, 600, 2);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("failed") == 1 && d.daemon.count("published") == 1);
      assertArrayEquals(bytes, Files.readAllBytes(d.failed.resolve("big.jpg")), "moved intact");
      String sidecar = Files.readString(d.failed.resolve("big.jpg.error.json"));
      assertTrue(sidecar.contains("1600x1000 = 1.6 MP, over limits.max-pixels = 1.0 MP"), sidecar);
      assertEquals(List.of("small.jpg"), files(d.out));
    }
  }

  @Test
  void aPortraitStoredSidewaysComesOutUprightInEveryRendition() throws Exception {
    Path portrait = Path.of(getClass().getResource("/jpeg/orient-6.jpg").toURI());
    try (RunningDaemon d =
        RunningDaemon.start(
                dir,
                "renditions = [ { name = large, fit = \"200x200\" },"
                    + " { name = thumb, fit = \"60x60\" } ]\n"
                    + "resize { metadata = strip, subsampling = 444 }\n")
            .awaitReady()) {
      Files.copy(portrait, d.in.resolve("p.jpg"));
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      // Stored 160x240 with orientation 6: displayed 240x160.
      BufferedImage large = TestImages.read(d.out.resolve("p-large.jpg"));
      BufferedImage thumb = TestImages.read(d.out.resolve("p-thumb.jpg"));
      assertEquals("200x133", large.getWidth() + "x" + large.getHeight());
      assertEquals("60x40", thumb.getWidth() + "x" + thumb.getHeight());
      // The red mark is top-left once upright.
      int rgb = large.getRGB(10, 8);
      assertTrue(((rgb >> 16) & 0xff) > 180 && ((rgb >> 8) & 0xff) < 80, Integer.toHexString(rgb));
    }
  }
}
