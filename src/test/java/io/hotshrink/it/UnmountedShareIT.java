package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import io.hotshrink.testing.WatchModes;
import io.hotshrink.watch.HotFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot folder is a mount point, and its share goes away and comes back: a tmpfs (standing in for
 * the NFS or SMB server) is bind-mounted on it, unmounted, and mounted again with its files still
 * there. Needs root (it mounts); CI runs as root.
 */
class UnmountedShareIT {
  @TempDir Path dir;

  private final List<Path> mounted = new ArrayList<>();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"events", "poll"})
  void anUnmountedShareIsWaitedForAndItsFilesAreNotRedoneWhenItReturns(String mode)
      throws Exception {
    Tools.require("mount");
    Path store = Files.createDirectories(dir.resolve("server"));
    Path in = Files.createDirectories(dir.resolve("in"));
    try {
      mount("-t", "tmpfs", "-o", "size=64m", "hotshrink-test", store.toString());
      mount("--bind", store.toString(), in.toString());
      try (LogCapture log = LogCapture.of(HotFolder.class);
          RunningDaemon d = RunningDaemon.start(dir, WatchModes.conf(mode)).awaitReady()) {
        TestImages.write(d.in.resolve("a.jpg"), 400, 300, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);

        unmount(in);
        await().atMost(60, TimeUnit.SECONDS).until(() -> !d.daemon.isWatching());
        await()
            .atMost(60, TimeUnit.SECONDS)
            .untilAsserted(
                () ->
                    assertTrue(
                        log.messages().stream()
                            .anyMatch(m -> m.contains("no longer a mounted share")),
                        log.messages().toString()));

        // The share returns, a.jpg unchanged on it: not redone. A new photo is processed.
        TestImages.write(store.resolve("while-away.jpg"), 400, 300, 2);
        mount("--bind", store.toString(), in.toString());
        await().atMost(60, TimeUnit.SECONDS).until(d.daemon::isWatching);
        TestImages.write(d.in.resolve("b.jpg"), 400, 300, 3);
        List<String> expected = List.of("a.jpg", "b.jpg", "while-away.jpg");
        await()
            .atMost(30, TimeUnit.SECONDS)
            .untilAsserted(() -> assertEquals(expected, files(d.out)));
        d.awaitRescanned();
        assertEquals(3, d.daemon.count("published"), "a.jpg not redone");
      }
    } finally {
      for (int i = mounted.size() - 1; i >= 0; i--) {
        unmount(mounted.get(i));
      }
    }
  }

  private void mount(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("mount"));
    cmd.addAll(List.of(args));
    Tools.Run r = Tools.run(cmd);
    if (r.status() != 0) {
      Tools.missing("cannot mount (" + r.err().trim() + "): this test needs root");
    }
    mounted.add(Path.of(args[args.length - 1]));
  }

  private void unmount(Path where) throws Exception {
    if (mounted.remove(where)) {
      Tools.run(List.of("umount", where.toString())).ok();
    }
  }
}
