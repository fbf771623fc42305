package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.WatchModes;
import io.hotshrink.watch.HotFolder;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hot folder itself: deleted and back, reached through a link, holding links. */
class WatchRootIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void aDeletedHotFolderIsWaitedForAndWatchedAgainWhenItComesBack(String mode) throws Exception {
    try (LogCapture log = LogCapture.of(HotFolder.class);
        RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      TestImages.write(d.in.resolve("before.jpg"), 400, 300, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(d.out.resolve("before.jpg")));
      assertTrue(d.daemon.isWatching());

      deleteTree(d.in);
      await().atMost(60, TimeUnit.SECONDS).until(() -> !d.daemon.isWatching());
      // Said once the watcher has noticed, not necessarily before the state says so.
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () ->
                  assertTrue(
                      log.messages().stream().anyMatch(m -> m.contains("is gone")),
                      log.messages().toString()));

      // Back, with a photo already inside (found by the rescan) and one dropped afterwards.
      Path back = d.in.resolveSibling("in.new");
      TestImages.write(back.resolve("waiting/inside.jpg"), 400, 300, 2);
      Files.move(back, d.in);
      await().atMost(60, TimeUnit.SECONDS).until(d.daemon::isWatching);
      TestImages.write(d.in.resolve("after.jpg"), 400, 300, 3);
      List<String> expected = List.of("after.jpg", "before.jpg", "waiting/inside.jpg");
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      ImageAssertions.assertScaledCopy(d.in.resolve("after.jpg"), d.out.resolve("after.jpg"), 0.5);
      // Counted just after its files are in place (the journal and the source come first).
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void aHotFolderReachedThroughASymbolicLinkIsWatched(String mode) throws Exception {
    Path real = Files.createDirectories(dir.resolve("storage/real-in"));
    Files.createSymbolicLink(dir.resolve("in"), real); // the config says input = in
    try (RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      TestImages.write(d.in.resolve("via-link.jpg"), 400, 300, 1);
      TestImages.write(real.resolve("sub/direct.jpg"), 400, 300, 2);
      List<String> expected = List.of("sub/direct.jpg", "via-link.jpg");
      await()
          .atMost(30, TimeUnit.SECONDS)
          .untilAsserted(() -> assertEquals(expected, files(d.out)));
      assertTrue(d.daemon.isWatching());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void linksInsideTheTreeAreNotFollowedOutOfIt(String mode) throws Exception {
    Path outside = Files.createDirectories(dir.resolve("elsewhere"));
    Path stray = TestImages.write(outside.resolve("stray.jpg"), 400, 300, 9);
    TestImages.write(outside.resolve("deep/stray2.jpg"), 400, 300, 8);
    try (LogCapture log = LogCapture.of(HotFolder.class);
        RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
      Files.createSymbolicLink(d.in.resolve("etc"), Path.of("/etc"));
      Files.createSymbolicLink(d.in.resolve("linked.jpg"), stray);
      Files.createDirectories(d.in.resolve("sub"));
      Files.createSymbolicLink(d.in.resolve("sub/elsewhere"), outside);
      TestImages.write(d.in.resolve("real.jpg"), 400, 300, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(d.out.resolve("real.jpg")));
      // Several walks of the tree later: still only the real photo, and one line per link.
      for (int i = 0; i < 3; i++) {
        d.awaitRescanned();
      }
      assertEquals(List.of("real.jpg"), files(d.out));
      for (String link : List.of("etc", "linked.jpg", "sub/elsewhere")) {
        long lines =
            log.messages().stream()
                .filter(m -> m.equals("ignored " + link + ": symbolic links are not followed"))
                .count();
        assertEquals(1, lines, link + " in " + log.messages());
      }
      assertEquals(1, d.daemon.count("published"));
    }
  }

  static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
