package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.DamagedJpegs.Damage;
import io.hotshrink.testing.Http;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daemon with one child and one job thread (one TurboJPEG handle, one set of native buffers):
 * corrupt files dropped between good ones go to failed/ on their own; every good file dropped after
 * them is published with its own picture; a damaged but decodable one is published with its warning
 * in the log and the metrics.
 */
class OneCorruptFileFailsAloneIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"turbojpeg", "java"})
  void corruptFilesGoToFailedAloneAndTheGoodOnesAroundThemArePublished(String engine)
      throws Exception {
    Map<String, BufferedImage> pictures = new LinkedHashMap<>();
    List<String> corrupt = new ArrayList<>();
    String conf = "pool.threads = 1\nresize { engine = " + engine + ", metadata = keep }";
    try (LogCapture log = LogCapture.of("io.hotshrink.job.Pipeline");
        RunningDaemon d = RunningDaemon.start(dir, conf).awaitReady()) {
      // In turns, each waited for, so the child takes them in this order on its one thread.
      List<List<Object>> turns =
          List.of(
              List.of("good-1"),
              List.of(Damage.BOGUS_SAMPLING),
              List.of("good-2", "good-3"),
              List.of(Damage.WARNING_THEN_FATAL),
              List.of("good-4", Damage.EXTRANEOUS_BYTES));
      int seed = 1;
      for (List<Object> turn : turns) {
        for (Object what : turn) {
          BufferedImage img = TestImages.photo(320, 240, seed++);
          String name = what + ".jpg";
          if (what instanceof Damage damage) {
            Files.write(d.in.resolve(name), damage.of(img));
            if (damage.fatal) {
              corrupt.add(name);
              continue;
            }
          } else {
            Files.write(d.in.resolve(name), TestImages.jpeg(img, 0.9f, seed % 2 == 0));
          }
          pictures.put(name, img);
        }
        int published = pictures.size();
        int failed = corrupt.size();
        await()
            .atMost(60, TimeUnit.SECONDS)
            .until(
                () ->
                    d.daemon.count("published") == published && d.daemon.count("failed") == failed);
      }

      List<String> expectedFailed = new ArrayList<>();
      for (String c : corrupt) {
        expectedFailed.add(c);
        expectedFailed.add(c + ".error.json");
      }
      expectedFailed.sort(null);
      assertEquals(expectedFailed, files(d.failed), engine + ": only the corrupt files failed");
      assertEquals(
          pictures.keySet().stream().sorted().toList(), files(d.out), engine + ": the rest made");
      String sidecar = Files.readString(d.failed.resolve("BOGUS_SAMPLING.jpg.error.json"));
      assertTrue(sidecar.contains("ampling factors"), sidecar);
      for (Map.Entry<String, BufferedImage> e : pictures.entrySet()) {
        assertOwnPicture(d.out.resolve(e.getKey()), e.getValue(), pictures);
      }
      String warned =
          log.messages().stream()
              .filter(m -> m.startsWith("EXTRANEOUS_BYTES.jpg "))
              .findFirst()
              .orElseThrow();
      assertTrue(
          warned.endsWith(
              "; decoder warning: Corrupt JPEG data: 3 extraneous bytes before marker 0xdb"),
          warned);
      assertEquals(1, Http.scrape(d.url()).value("hotshrink_jobs_warned_total", -1));
    }
  }

  /** Half the size, and closer to its own picture than to any other input's. */
  private static void assertOwnPicture(
      Path out, BufferedImage own, Map<String, BufferedImage> all) {
    BufferedImage o = TestImages.read(out);
    assertEquals(160, o.getWidth(), out.toString());
    assertEquals(120, o.getHeight(), out.toString());
    double mine = ImageAssertions.psnr(ImageAssertions.reference(own, 160, 120), o);
    for (BufferedImage other : all.values()) {
      if (other != own) {
        double theirs = ImageAssertions.psnr(ImageAssertions.reference(other, 160, 120), o);
        assertTrue(theirs < mine - 6, out + " looks like another input (" + theirs + " dB)");
      }
    }
  }
}
