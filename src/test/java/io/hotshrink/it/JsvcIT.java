package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.Processes;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hotshrink under Debian's real {@code /usr/bin/jsvc} (Apache Commons Daemon), started the way the
 * README says, as the user {@code nobody} when the test runs as root: it processes a photo, reloads
 * its configuration on SIGUSR2, stops on {@code jsvc -stop} with no process left behind, and an
 * invalid configuration makes jsvc fail at once with file: line: key.
 */
class JsvcIT {
  static final String CLASS = "io.hotshrink.daemon.HotshrinkService";

  @TempDir Path dir;
  Path jsvc;

  @BeforeEach
  void setUp() throws Exception {
    jsvc = Tools.require("jsvc");
    // The service user must be able to reach its folders.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  /** The README's command: JAVA_HOME, the distribution's lib/*, its logback.xml, -c FILE. */
  private List<String> command(String... tail) {
    Path dist = Launcher.dist();
    List<String> cmd = new ArrayList<>();
    cmd.add(jsvc.toString());
    cmd.add("-home");
    cmd.add(System.getProperty("java.home"));
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.add("-user");
      cmd.add("nobody");
    }
    cmd.addAll(
        List.of(
            "-cwd",
            dir.toString(),
            "-pidfile",
            dir.resolve("hotshrink.pid").toString(),
            "-outfile",
            dir.resolve("hotshrink.out").toString(),
            "-errfile",
            dir.resolve("hotshrink.err").toString(),
            // the JVM options docs/service.md gives (those of bin/hotshrink)
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dhotshrink.home=" + dist,
            "-Dlogback.configurationFile=" + dist.resolve("conf/logback.xml"),
            "-cp",
            dist.resolve("lib") + "/*"));
    cmd.addAll(List.of(tail));
    return cmd;
  }

  private static String conf(String rendition) {
    return "hotshrink {\n input = in\n output = out\n failed = failed\n watch.settle = 300ms\n"
        + " pool { workers = 1, threads = 1, heap = 128m }\n http.port = 0\n renditions = [ "
        + rendition
        + " ]\n}\n";
  }

  @Test
  void startsUnderJsvcProcessesAPhotoReloadsAndStopsLeavingNoProcess() throws Exception {
    Path conf = Files.writeString(dir.resolve("hotshrink.conf"), conf("{ name = h, scale = 0.5 }"));
    Path log = dir.resolve("hotshrink.err");
    // -wait: jsvc returns once start() has returned, with its status.
    Tools.run(command("-wait", "60", CLASS, "-c", conf.toString())).ok();
    long pid = Long.parseLong(Files.readString(dir.resolve("hotshrink.pid")).trim());
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
    ProcessHandle controller = daemon.parent().orElseThrow();
    List<ProcessHandle> all = new ArrayList<>(List.of(daemon, controller));
    try {
      assertTrue(controller.info().command().orElse("").contains("jsvc"), controller.toString());
      Path a = TestImages.write(dir.resolve("in/a.jpg"), 800, 600, 1);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/a.jpg")));
      ImageAssertions.assertScaledCopy(a, dir.resolve("out/a.jpg"), 0.5);
      all.addAll(daemon.descendants().toList());
      assertTrue(all.size() >= 3, "the child JVM runs under the jsvc daemon: " + all);
      String log0 = Files.readString(log);
      assertTrue(log0.contains("starting (jsvc)"), log0);
      if ("root".equals(System.getProperty("user.name"))) {
        assertEquals(Optional.of("nobody"), daemon.info().user());
      }

      // jsvc keeps SIGHUP for a full restart; SIGUSR2 reloads in place.
      Files.writeString(conf, conf("{ name = q, scale = 0.25 }"));
      Tools.run(List.of("kill", "-USR2", Long.toString(pid))).ok();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> Files.readString(log).contains("changed: renditions"));
      Path b = TestImages.write(dir.resolve("in/b.jpg"), 800, 600, 2);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/b.jpg")));
      ImageAssertions.assertScaledCopy(b, dir.resolve("out/b.jpg"), 0.25);
      all.addAll(daemon.descendants().toList());

      Tools.run(command("-stop", CLASS)).ok();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
      String text = Files.readString(log);
      assertTrue(text.contains("stop requested by jsvc: shutting down"), text);
      assertTrue(text.contains("stopped: stopped for shutdown (exit status 0)"), text);
      assertTrue(!Files.exists(dir.resolve("hotshrink.pid")), "jsvc removes its pid file");
    } finally {
      all.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void anInvalidConfigurationFailsInitWithFileLineAndKey() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("bad.conf"), "hotshrink {\n  input = in\n  pool.wrokers = 2\n}\n");
    Tools.Run r = Tools.run(command("-wait", "60", CLASS, "-c", conf.toString()));
    assertNotEquals(0, r.status());
    String err = Files.readString(dir.resolve("hotshrink.err"));
    assertTrue(
        err.contains(conf + ": 3: hotshrink.pool.wrokers: unknown key (did you mean workers?)"),
        err);
    assertTrue(err.contains("invalid configuration"), err);
    assertNothingLeft();
  }

  /** The pool's fatal error (exit status 3 for `run`) ends the jsvc service too. */
  @Test
  void childrenThatCannotStartEndTheService() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("fatal.conf"),
            "hotshrink {\n input = in\n output = out\n failed = failed\n pool { workers = 1,"
                + " heap = 128m, jvm-options = [\"-XX:+NoSuchOption\"], max-boot-failures = 1 }\n}\n");
    Tools.run(command("-wait", "60", CLASS, "-c", conf.toString()));
    await()
        .atMost(30, TimeUnit.SECONDS)
        .until(
            () ->
                Files.readString(dir.resolve("hotshrink.err"))
                    .contains("HotshrinkDaemon - stopped"));
    String err = Files.readString(dir.resolve("hotshrink.err"));
    assertTrue(err.contains("exiting: child JVMs failed to start 1 times in a row"), err);
    assertNothingLeft();
  }

  /** Nothing keeps running: no pid file, no process started for this folder. */
  private void assertNothingLeft() {
    await().atMost(30, TimeUnit.SECONDS).until(() -> !Files.exists(dir.resolve("hotshrink.pid")));
    await()
        .atMost(60, TimeUnit.SECONDS)
        .until(
            () ->
                ProcessHandle.allProcesses()
                    .noneMatch(
                        h ->
                            Processes.arguments(h).stream()
                                .anyMatch(arg -> arg.contains(dir.toString()))));
  }
}
