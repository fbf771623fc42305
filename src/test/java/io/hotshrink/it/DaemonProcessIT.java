package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged daemon as a process: its children die with it, and it gives up on bad JVMs. */
class DaemonProcessIT {
  @TempDir Path dir;

  @Test
  void killMinus9OfTheDaemonTakesEveryChildDownWithinFiveSeconds() throws Exception {
    // A child busy with a job that never ends does not notice the end of its stdin by itself:
    // its watchdog must see that the parent is gone. The fault reaches the children through
    // JAVA_TOOL_OPTIONS, which every JVM started in the daemon's environment reads (the daemon
    // passes none of its own options on, and the configuration refuses this one).
    Process p =
        Launcher.builder(
                dir,
                Map.of(
                    "JAVA_TOOL_OPTIONS", "-Dhotshrink.test.faults=hang=HANGME",
                    "HOTSHRINK_INPUT", "in",
                    "HOTSHRINK_OUTPUT", "out"),
                "run")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile())
            .start();
    try {
      await().atMost(30, TimeUnit.SECONDS).until(() -> p.descendants().findAny().isPresent());
      TestImages.write(dir.resolve("in/sub/HANGME.jpg"), 400, 300, 1);
      // The job's output folder is made just before it is sent to the (idle) child.
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.isDirectory(dir.resolve("out/sub")));
      List<ProcessHandle> children = p.descendants().toList();
      assertFalse(children.isEmpty());
      p.destroyForcibly();
      assertTrue(p.waitFor(5, TimeUnit.SECONDS));
      long t0 = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
      System.out.printf(
          "children gone %d ms after the daemon died%n", (System.nanoTime() - t0) / 1_000_000);
    } finally {
      p.destroyForcibly();
      p.descendants().forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void childrenThatCannotStartMakeTheDaemonExitWithStatus3() throws Exception {
    Path conf = dir.resolve("bad-jvm.conf");
    Files.writeString(
        conf,
        "hotshrink.pool { jvm-options = [\"-XX:+NoSuchOptionAtAll\"], max-boot-failures = 3 }\n");
    long t0 = System.nanoTime();
    Launcher.Result r = Launcher.run(dir, Map.of(), "run", "-c", conf.toString());
    long seconds = (System.nanoTime() - t0) / 1_000_000_000;
    assertEquals(3, r.status(), r.err());
    // The child's own complaint is quoted, and the daemon says why it gives up.
    assertTrue(r.err().contains("NoSuchOptionAtAll"), r.err());
    assertTrue(r.err().contains("failed to start 3 times in a row"), r.err());
    // Backoff between attempts (1 s, then 2 s), not a tight loop.
    assertTrue(seconds >= 3, "gave up after " + seconds + " s");
    assertEquals(
        3,
        r.err().lines().filter(l -> l.contains("failed to start (exit status")).count(),
        r.err());
  }
}
