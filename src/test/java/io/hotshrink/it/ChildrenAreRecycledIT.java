package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.pool.ChildInfo;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs are retired after their budget and replaced, and no image is lost meanwhile. */
class ChildrenAreRecycledIT {
  @TempDir Path dir;

  @Test
  void tenImagesWithABudgetOfThreeUseAtLeastFourChildren() throws Exception {
    try (RunningDaemon d =
        RunningDaemon.start(dir, "pool { recycle-after = 3, recycle-jitter = 0 }")) {
      d.awaitReady();
      for (int i = 0; i < 10; i++) {
        TestImages.write(d.in.resolve("p" + i + ".jpg"), 500 + 10 * i, 400, i);
      }
      await().atMost(90, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 10);
      long pids = d.started.stream().mapToLong(ChildInfo::pid).distinct().count();
      assertTrue(pids >= 4, "distinct child processes: " + pids + " " + d.started);
      assertTrue(d.started.stream().allMatch(c -> c.budget() == 3), d.started.toString());
      assertEquals(10, files(d.out).size());
      for (int i = 0; i < 10; i++) {
        ImageAssertions.assertScaledCopy(
            d.in.resolve("p" + i + ".jpg"), d.out.resolve("p" + i + ".jpg"), 0.5);
      }
    }
  }
}
