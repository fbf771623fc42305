package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemctl reload hotshrink} as systemd does it: SIGHUP to the packaged daemon. A good new
 * file takes effect for the next photo; a bad one is refused with file: line: key, and the daemon
 * goes on as before; SIGTERM still ends it cleanly.
 */
class ReloadOnSighupIT {
  @TempDir Path dir;

  private static String conf(String extra) {
    return "hotshrink {\n input = in\n output = out\n failed = failed\n watch.settle = 300ms\n"
        + " pool { workers = 1, threads = 1, heap = 128m }\n"
        + extra
        + "\n}\n";
  }

  @Test
  void sighupReloadsAGoodFileAndRefusesABadOne() throws Exception {
    if (Tools.hangupsIgnoredHere()) {
      // Ignored signals stay ignored across exec, and the JVM will not handle one it inherited
      // ignored: the daemon started from here would never hear the SIGHUP.
      Tools.missing("SIGHUP is ignored by this process (started under nohup?)");
    }
    Path conf = Files.writeString(dir.resolve("hotshrink.conf"), conf(""));
    Path log = dir.resolve("daemon.log");
    Process p =
        Launcher.builder(dir, Map.of(), "run", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Path a = TestImages.write(dir.resolve("in/a.jpg"), 800, 600, 1);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/a.jpg")));
      ImageAssertions.assertScaledCopy(a, dir.resolve("out/a.jpg"), 0.5);

      Files.writeString(
          conf, conf("renditions = [ { name = small, scale = 0.25 } ]\n watch.settle = 200ms"));
      hup(p);
      awaitLine(log, "configuration reloaded from " + conf);
      assertTrue(
          Files.readString(log).contains("changed: renditions, watch (watcher restarted)"),
          Files.readString(log));
      Path b = TestImages.write(dir.resolve("in/b.jpg"), 800, 600, 2);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/b.jpg")));
      ImageAssertions.assertScaledCopy(b, dir.resolve("out/b.jpg"), 0.25);

      Files.writeString(conf, "hotshrink {\n  input = in\n  pool.heap = lots\n}\n");
      hup(p);
      String refused = "reload rejected: " + conf + ": 3: hotshrink.pool.heap: must be a size";
      awaitLine(log, refused);
      Path c = TestImages.write(dir.resolve("in/c.jpg"), 800, 600, 3);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/c.jpg")));
      ImageAssertions.assertScaledCopy(c, dir.resolve("out/c.jpg"), 0.25);

      List<ProcessHandle> children = p.descendants().toList();
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), Files.readString(log));
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    } finally {
      p.destroyForcibly();
    }
  }

  /** Waits for a line in the daemon's log; fails with the whole log if it does not come. */
  private static void awaitLine(Path log, String text) {
    await()
        .atMost(60, TimeUnit.SECONDS)
        .untilAsserted(
            () -> assertTrue(Files.readString(log).contains(text), Files.readString(log)));
  }

  private static void hup(Process p) throws Exception {
    Tools.run(List.of("kill", "-HUP", Long.toString(p.pid()))).ok();
  }
}
