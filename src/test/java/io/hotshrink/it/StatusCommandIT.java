package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.pool.ChildInfo;
import io.hotshrink.testing.Http;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hotshrink status} through the packaged launcher, as a user types it, against a real
 * daemon: exit 0 and a summary when healthy, 1 with the reason when not, 3 when no daemon answers.
 * And {@code hotshrink run} on a port that is taken exits 1 at once, saying what to change.
 */
class StatusCommandIT {
  /** The port comes from the configuration file, as for a user (no HOTSHRINK_HTTP_PORT). */
  private static final Map<String, String> CONFIG_PORT = Map.of("HOTSHRINK_HTTP_PORT", "");

  @TempDir Path dir;

  private Launcher.Result status(Path conf) throws Exception {
    return Launcher.run(dir, CONFIG_PORT, "status", "-c", conf.toString());
  }

  @Test
  void healthyIsExit0WithASummaryUnhealthyIsExit1WithTheReason() throws Exception {
    int port = Http.freePort();
    try (RunningDaemon d = RunningDaemon.start(dir, "http.port = " + port).awaitReady()) {
      TestImages.write(d.in.resolve("a.jpg"), 400, 300, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Http.get(d.url() + "/health").status() == 200);

      Launcher.Result ok = status(d.config);
      assertEquals(0, ok.status(), ok.out() + ok.err());
      String where = "http://127.0.0.1:" + port;
      assertTrue(ok.out().startsWith("hotshrink "), ok.out());
      assertTrue(
          ok.out().lines().findFirst().orElse("").endsWith(" at " + where + ": healthy"), ok.out());
      assertTrue(ok.out().contains("  folders:     " + d.in + " -> " + d.out), ok.out());
      // The one hot folder's row, under its paths: nothing waiting or running, 1 done.
      assertTrue(
          ok.out()
              .contains(
                  "\n               name     waiting  in flight  oldest      done  failed\n"
                      + "               default        0          0  0s             1       0\n"),
          ok.out());
      assertTrue(ok.out().contains("  watching:    yes"), ok.out());
      assertTrue(ok.out().contains("  queue:       0 waiting for a child"), ok.out());
      assertTrue(ok.out().contains("  last hour:   1 done, 0 failed"), ok.out());
      assertTrue(ok.out().matches("(?s).*  engine:      (turbojpeg|java)\n.*"), ok.out());
      ChildInfo child = d.daemon.pool().children().get(0);
      assertTrue(
          ok.out()
              .matches(
                  "(?s).*  children:    "
                      + child.id()
                      + " +pid "
                      + child.pid()
                      + " +1 jobs  RSS +\\d+ MB  up .*"),
          ok.out());

      Files.move(d.in, dir.resolve("in-away")); // the hot folder goes away: unhealthy
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Http.get(d.url() + "/health").status() == 503);
      Launcher.Result bad = status(d.config);
      assertEquals(1, bad.status(), bad.out() + bad.err());
      assertTrue(
          bad.out()
              .lines()
              .findFirst()
              .orElse("")
              .contains(": UNHEALTHY: the hot folder " + d.in + " is not being watched"),
          bad.out());
      assertTrue(bad.out().contains("  watching:    NO"), bad.out());
    }
  }

  @Test
  void noDaemonIsExit3() throws Exception {
    int port = Http.freePort();
    Path conf = Files.writeString(dir.resolve("none.conf"), "hotshrink.http.port = " + port + "\n");
    Launcher.Result r = status(conf);
    assertEquals(3, r.status(), r.out() + r.err());
    assertEquals("", r.out());
    assertTrue(
        r.err().startsWith("no hotshrink answers at http://127.0.0.1:" + port + ": "), r.err());
    assertTrue(r.err().contains("is it running, with this configuration, " + conf + "?"), r.err());

    Path off = Files.writeString(dir.resolve("off.conf"), "hotshrink.http.enabled = false\n");
    r = status(off);
    assertEquals(3, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("http.enabled = false"), r.err());

    Path bad = Files.writeString(dir.resolve("bad.conf"), "hotshrink.http.port = lots\n");
    assertEquals(2, status(bad).status(), "a configuration error is 2, as for every command");
  }

  @Test
  void somethingElseOnThePortIsNotTakenForHotshrink() throws Exception {
    // Another program's HTTP server (the JDK's own, answering 404 to everything).
    com.sun.net.httpserver.HttpServer other =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
    other.start();
    try {
      int port = other.getAddress().getPort();
      Path conf =
          Files.writeString(dir.resolve("other.conf"), "hotshrink.http.port = " + port + "\n");
      Launcher.Result r = status(conf);
      assertEquals(3, r.status(), r.out() + r.err());
      assertTrue(r.err().contains("/health gave HTTP 404"), r.err());
    } finally {
      other.stop(0);
    }
  }

  @Test
  void runOnAPortInUseExits1SayingWhatToChange() throws Exception {
    try (ServerSocket taken = Http.occupiedPort()) {
      int port = taken.getLocalPort();
      Path conf =
          Files.writeString(
              dir.resolve("taken.conf"),
              "hotshrink {\n input = in\n output = out\n failed = failed\n http.port = "
                  + port
                  + "\n}\n");
      Launcher.Result r = Launcher.run(dir, CONFIG_PORT, "run", "-c", conf.toString());
      assertEquals(1, r.status(), r.err());
      assertTrue(
          r.err()
              .contains(
                  "cannot start: cannot listen on 127.0.0.1:" + port + " for /health and /metrics"),
          r.err());
      assertTrue(r.err().contains("set http.port to a free port"), r.err());
      assertTrue(!r.err().contains("child command"), "no child was started: " + r.err());
    }
  }
}
