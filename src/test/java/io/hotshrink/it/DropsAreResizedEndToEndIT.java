package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole mission, as a user sees it: JPEGs dropped into the hot folder and its sub-folders (one
 * created after start) come out resized in the drop folder, same sub-folders, complete.
 */
class DropsAreResizedEndToEndIT {
  @TempDir Path dir;

  @Test
  void twentyPhotosInNestedAndNewFoldersAreAllResized() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "")) {
      // Photos already waiting at start-up are picked up by the start-up scan.
      List<String> names = new ArrayList<>();
      Path early = TestImages.write(d.in.resolve("early.jpg"), 900, 600, 0);
      names.add("early.jpg");
      d.awaitReady();

      int[][] sizes = {
        {1600, 1200}, {1200, 1600}, {640, 480}, {333, 501}, {1000, 1000}, {1919, 1079}, {480, 800},
        {801, 601}, {1280, 720}, {400, 300}, {1500, 1000}, {700, 1050}, {1024, 768}, {999, 333},
        {600, 900}, {1100, 700}, {350, 350}, {1400, 933}, {2000, 1000}
      };
      String[] folders = {
        "",
        "",
        "",
        "",
        "a",
        "a",
        "a/b",
        "a/b",
        "a/b",
        "trip 2024",
        "trip 2024",
        "late/x/y",
        "late/x/y",
        "late/x/y",
        "late",
        "",
        "a",
        "trip 2024",
        "late/x/y"
      };
      for (int i = 0; i < sizes.length; i++) {
        String name =
            (folders[i].isEmpty() ? "" : folders[i] + "/")
                + "IMG_"
                + i
                + (i % 3 == 0 ? ".JPG" : ".jpg");
        // The portrait (1200x1600) and one other are progressive JPEGs.
        TestImages.write(d.in.resolve(name), sizes[i][0], sizes[i][1], i + 1, i == 1 || i == 7);
        names.add(name);
      }
      assertEquals(20, names.size());

      await().atMost(90, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 20);
      List<String> expected = new ArrayList<>();
      for (String n : names) {
        expected.add(n.replaceAll("\\.(JPG|jpg)$", ".jpg"));
      }
      assertEquals(
          expected.stream().sorted().toList(), files(d.out), "no temp files, nothing else");
      for (String n : names) {
        Path src = d.in.resolve(n);
        Path out = d.out.resolve(n.replaceAll("\\.(JPG|jpg)$", ".jpg"));
        ImageAssertions.assertScaledCopy(src, out, 0.5);
      }
      assertTrue(Files.exists(early), "sources stay where they are");
      // Counted just after its files are in place (the journal and the source come first).
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 20);
      assertEquals(List.of(), files(d.failed));
    }
  }
}
