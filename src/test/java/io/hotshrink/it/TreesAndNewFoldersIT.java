package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import io.hotshrink.testing.WatchModes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Folders arriving whole ({@code mv} of a tree: the system reports only the top folder) and folders
 * created and filled at once ({@code mkdir -p a/b/c && cp x.jpg a/b/c/}: files may land before the
 * new folder is watched).
 */
class TreesAndNewFoldersIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void aTreeMovedInWholeHasEveryFileProcessed(String mode) throws Exception {
    Path staging = Files.createDirectories(dir.resolve("staging"));
    String[] names = {
      "trip/a.jpg",
      "trip/b.jpg",
      "trip/day 1/c.jpg",
      "trip/day 1/d.jpg",
      "trip/day 1/morning/e.jpg",
      "trip/day 1/morning/early/f.jpg",
      "trip/day 2/g.jpg",
      "trip/day 2/evening/h.jpg",
      "trip/day 2/evening/late/night/i.jpg"
    };
    for (int i = 0; i < names.length; i++) {
      TestImages.write(staging.resolve(names[i]), 300 + 10 * i, 200, i);
    }
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      Files.move(staging.resolve("trip"), d.in.resolve("trip")); // a rename: one event, at the top
      List<String> expected = java.util.Arrays.stream(names).sorted().toList();
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      for (String n : names) {
        ImageAssertions.assertScaledCopy(d.in.resolve(n), d.out.resolve(n), 0.5);
      }
      // Counted just after its files are in place (the journal and the source come first).
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == names.length);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void foldersCreatedAndFilledAtOnceHaveTheirFilesProcessed(String mode) throws Exception {
    Path photo = TestImages.write(dir.resolve("x.jpg"), 320, 240, 1);
    try (RunningDaemon d =
        RunningDaemon.start(dir, WatchModes.conf(mode) + "watch.rescan-interval = 10m\n")
            .awaitReady()) {
      List<String> expected = new ArrayList<>();
      // From Java, as fast as it goes...
      for (int i = 0; i < 10; i++) {
        Path leaf = Files.createDirectories(d.in.resolve("j" + i + "/b/c"));
        Files.copy(photo, leaf.resolve("x.jpg"));
        expected.add("j" + i + "/b/c/x.jpg");
      }
      // ... and as a user types it.
      for (int i = 0; i < 3; i++) {
        Tools.run(
                List.of(
                    "sh",
                    "-c",
                    "mkdir -p s" + i + "/b/c && cp \"$0\" s" + i + "/b/c/",
                    photo.toString()),
                d.in,
                Map.of())
            .ok();
        expected.add("s" + i + "/b/c/x.jpg");
      }
      List<String> sorted = expected.stream().sorted().toList();
      await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertEquals(sorted, files(d.out)));
      d.awaitRescanned();
      assertEquals(expected.size(), d.daemon.count("published"));
      ImageAssertions.assertScaledCopy(photo, d.out.resolve("s2/b/c/x.jpg"), 0.5);
    }
  }
}
