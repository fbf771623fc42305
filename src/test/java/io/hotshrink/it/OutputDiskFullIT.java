package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop folder is a tmpfs too small for any output: every job fails to write, is put off and
 * tried again with backoff, its source stays in the hot folder, and the log says so once. Then the
 * tmpfs grows ("space returns"): every job goes through without anyone doing anything.
 */
class OutputDiskFullIT {
  @TempDir Path dir;

  @Test
  void aFullOutputDiskKeepsTheSourcesAndJobsResumeWhenSpaceReturns() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Tools.mountTmpfs(out, "16k"); // smaller than any output of a 1600x1200 photo
    try (LogCapture log = LogCapture.of("io.hotshrink");
        RunningDaemon d =
            RunningDaemon.start(
                dir, "after-success = archive, archive = done, retry.max-delay = 2s")) {
      for (int i = 0; i < 6; i++) {
        TestImages.write(d.in.resolve("p" + i + ".jpg"), 1600, 1200, i);
      }
      await().atMost(90, TimeUnit.SECONDS).until(() -> d.daemon.count("retry") >= 18);
      assertEquals(6, files(d.in).size(), "every source stays where it is");
      assertEquals(List.of(), files(d.failed), "a full disk is not the inputs' fault");
      assertEquals(0, d.daemon.count("published"));
      assertEquals(
          1,
          log.messages().stream().filter(m -> m.contains("No space left on device")).count(),
          "said once, not at each of " + d.daemon.count("retry") + " attempts: " + log.messages());

      Tools.run(List.of("mount", "-o", "remount,size=64m", out.toString())).ok();
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(() -> files(d.in).isEmpty() && d.daemon.count("published") == 6);
      for (int i = 0; i < 6; i++) {
        ImageAssertions.assertScaledCopy(
            d.root.resolve("done/p" + i + ".jpg"), out.resolve("p" + i + ".jpg"), 0.5);
      }
      assertTrue(files(out).stream().noneMatch(f -> f.endsWith(".hstmp")), files(out).toString());
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () ->
                  log.messages().stream()
                      .anyMatch(m -> m.startsWith("every job that had to be tried again")));
    } finally {
      Tools.unmount(out);
    }
  }
}
