package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import io.hotshrink.testing.WatchModes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Copies that write under a temporary name and rename into place (rsync, browsers, download
 * managers) are processed once, under the final name; the temporary name never.
 */
class RenamesIntoPlaceIT {
  private static final FileTime LAST_YEAR = FileTime.from(Instant.parse("2024-05-01T10:00:00Z"));

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void rsyncCopiesAreProcessedOnceUnderTheirFinalNames(String mode) throws Exception {
    Tools.require("rsync");
    Path src = Files.createDirectories(dir.resolve("camera"));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      names.add((i < 3 ? "" : "roll/") + "DSC0" + i + ".jpg");
      TestImages.write(src.resolve(names.get(i)), 800, 600, i);
    }
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      // -t keeps the old mtimes; rsync writes each file as .DSC00.jpg.XXXXXX, then renames it.
      Tools.run(List.of("rsync", "-rt", src + "/", d.in + "/")).ok();
      List<String> expected = names.stream().sorted().toList();
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      d.awaitRescanned();
      assertEquals(names.size(), d.daemon.count("published"));
      for (String n : names) {
        ImageAssertions.assertScaledCopy(d.in.resolve(n), d.out.resolve(n), 0.5);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void downloadsAndRsyncTempFilesCountOnlyOnceRenamed(String mode) throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      // Each temporary file is written completely and then left alone for longer than the settle
      // window (the writer under test pauses): were it taken for an input, it would be by then.
      Path crdownload = write(d.in.resolve("browser.jpg.crdownload"), 1);
      Path part = write(d.in.resolve("sub/firefox.jpg.part"), 2);
      Path rsyncTemp = write(d.in.resolve(".rsync.jpg.Xy12Ab"), 3);
      Files.setLastModifiedTime(rsyncTemp, LAST_YEAR);
      d.awaitRescanned(); // walked, and whatever it found settled and done
      assertEquals(List.of(), files(d.out), "no temporary name is an input");
      assertEquals(0, d.daemon.count("published") + d.daemon.count("failed"));

      Files.move(crdownload, d.in.resolve("browser.jpg"));
      Files.move(part, d.in.resolve("sub/firefox.jpg"));
      Files.move(rsyncTemp, d.in.resolve("rsync.jpg"));
      List<String> expected = List.of("browser.jpg", "rsync.jpg", "sub/firefox.jpg");
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      d.awaitRescanned();
      assertEquals(3, d.daemon.count("published"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void cpKeepingOldTimesIsProcessed(String mode) throws Exception {
    Path src = Files.createDirectories(dir.resolve("old"));
    for (int i = 0; i < 3; i++) {
      Files.setLastModifiedTime(
          TestImages.write(src.resolve("old" + i + ".jpg"), 640, 480, i), LAST_YEAR);
    }
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      Tools.run(List.of("sh", "-c", "cp -p \"$0\"/*.jpg \"$1\"/", src.toString(), d.in.toString()))
          .ok();
      List<String> expected = List.of("old0.jpg", "old1.jpg", "old2.jpg");
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      assertEquals(LAST_YEAR, Files.getLastModifiedTime(d.in.resolve("old0.jpg")), "cp -p did");
    }
  }

  private static Path write(Path file, int seed) throws Exception {
    byte[] jpeg = TestImages.jpeg(TestImages.photo(640, 480, seed), 0.9f, false);
    Files.createDirectories(file.getParent());
    try (OutputStream o = Files.newOutputStream(file)) {
      o.write(Arrays.copyOf(jpeg, jpeg.length / 2));
      o.write(Arrays.copyOfRange(jpeg, jpeg.length / 2, jpeg.length));
    }
    return file;
  }
}
