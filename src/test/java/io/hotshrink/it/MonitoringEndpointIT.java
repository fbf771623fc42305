package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsLoader;
import io.hotshrink.daemon.HotshrinkDaemon;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.testing.Http;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Processes;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint of the real daemon: /health says 503 with the reason when the hot folder is gone or
 * no child can start, and 200 again when things are back; nothing but /health and /metrics is
 * served; a port in use stops the start; a reload keeps the counters and can move the endpoint.
 */
class MonitoringEndpointIT {
  @TempDir Path dir;

  @Test
  void healthIs503WhileTheHotFolderIsGoneAnd200WhenItIsBack() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Http.get(d.url() + "/health").status() == 200);
      assertTrue(Http.get(d.url() + "/health").body().contains("\"status\":\"ok\""));

      Files.delete(d.in);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Http.get(d.url() + "/health").status() == 503);
      Http.Answer down = Http.get(d.url() + "/health");
      assertTrue(down.body().contains("\"status\":\"unhealthy\""), down.body());
      assertTrue(
          down.body().contains("\"reason\":\"the hot folder " + d.in + " is not being watched"),
          down.body());
      assertEquals(0, Http.scrape(d.url()).value("hotshrink_watching", -1));
      assertEquals(0, Http.scrape(d.url()).value("hotshrink_healthy", -1));

      Files.createDirectories(d.in);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Http.get(d.url() + "/health").status() == 200);
      // And it works again, end to end.
      Path photo = TestImages.write(d.in.resolve("back.jpg"), 400, 300, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(d.out.resolve("back.jpg")));
      ImageAssertions.assertScaledCopy(photo, d.out.resolve("back.jpg"), 0.5);
    }
  }

  @Test
  void healthIs503WhenNoChildCanStart() throws Exception {
    try (RunningDaemon d =
        RunningDaemon.start(
            dir,
            "pool { jvm-options = [\"-XX:+NoSuchOptionForHotshrink\"], max-boot-failures = 100 }")) {
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  Http.scrape(d.url())
                          .value("hotshrink_children_stopped_total", 0, "reason", "boot_failure")
                      >= 1);
      Http.Answer h = Http.get(d.url() + "/health");
      assertEquals(503, h.status(), h.body());
      assertTrue(h.body().contains("\"reason\":\"no child JVM is"), h.body());
      assertTrue(d.daemon.isWatching(), "the watcher is fine; the children are not");
    }
  }

  @Test
  void nothingButHealthAndMetricsIsServed() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      for (String path : List.of("/", "/index.html", "/metrics/", "/health/live", "/status")) {
        assertEquals(404, Http.get(d.url() + path).status(), path);
      }
      assertEquals(405, Http.send(d.url() + "/metrics", "POST").status());
      assertEquals(405, Http.send(d.url() + "/health", "DELETE").status());
      assertEquals(200, Http.get(d.url() + "/metrics").status());
    }
  }

  @Test
  void aPortInUseStopsTheStartBeforeAnyChildIsStarted() throws Exception {
    try (ServerSocket taken = Http.occupiedPort()) {
      int port = taken.getLocalPort();
      Path conf =
          Files.writeString(
              dir.resolve("taken.conf"), RunningDaemon.configText("http.port = " + port));
      Settings s = new SettingsLoader(dir, Map.of(), 2).load(Optional.of(conf));
      List<ChildInfo> started = new CopyOnWriteArrayList<>();
      HotshrinkDaemon daemon =
          HotshrinkDaemon.builder()
              .settings(s)
              .launchers(HotshrinkDaemon::jvmLauncher)
              .listener(
                  new PoolListener() {
                    @Override
                    public void childStarted(ChildInfo child) {
                      started.add(child);
                    }
                  })
              .build();
      try {
        IOException e = assertThrows(IOException.class, daemon::start);
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("http.port"), e.getMessage());
        assertEquals(List.of(), daemon.pool().children(), "no child was started");
        assertEquals(
            List.of(),
            ProcessHandle.current()
                .descendants()
                .filter(p -> Processes.commandLine(p).contains("WorkerMain"))
                .toList());
      } finally {
        daemon.stop();
      }
      assertEquals(List.of(), started);
    }
  }

  @Test
  void countersSurviveAReloadAndTheEndpointMovesToTheNewPort() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      String before = d.url();
      TestImages.write(d.in.resolve("first.jpg"), 400, 300, 1);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> Http.scrape(before).value("hotshrink_jobs_done_total", 0) == 1);

      int port = Http.freePort();
      String conf = "renditions = [ { name = small, scale = 0.25 } ]\n http.port = " + port;
      Files.writeString(d.config, RunningDaemon.configText(conf));
      String what =
          d.daemon.reload(new SettingsLoader(dir, Map.of(), 2).load(Optional.of(d.config)));
      assertTrue(what.contains("http (endpoint moved)"), what);
      String after = "http://127.0.0.1:" + port;
      assertEquals(after, d.url());
      assertThrows(
          ConnectException.class, () -> Http.get(before + "/metrics"), "the old port is closed");
      assertEquals(
          1, Http.scrape(after).value("hotshrink_jobs_done_total", -1), "kept across the reload");

      Path second = TestImages.write(d.in.resolve("second.jpg"), 800, 600, 2);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> Http.scrape(after).value("hotshrink_jobs_done_total", 0) == 2);
      ImageAssertions.assertScaledCopy(second, d.out.resolve("second.jpg"), 0.25);
      assertEquals(
          1,
          Http.scrape(after).value("hotshrink_renditions_written_total", -1, "rendition", "small"));
      assertEquals(
          1,
          Http.scrape(after).value("hotshrink_renditions_written_total", -1, "rendition", "half"));

      // A port in use: the reload is refused as a whole and the endpoint stays where it was.
      try (ServerSocket taken = Http.occupiedPort()) {
        Files.writeString(
            d.config, RunningDaemon.configText("http.port = " + taken.getLocalPort()));
        Settings next = new SettingsLoader(dir, Map.of(), 2).load(Optional.of(d.config));
        IOException e = assertThrows(IOException.class, () -> d.daemon.reload(next));
        assertTrue(
            e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()),
            e.getMessage());
      }
      assertEquals(after, d.url());
      assertEquals(2, Http.scrape(after).value("hotshrink_jobs_done_total", -1));
      assertEquals(port, d.daemon.settings().http().port(), "the previous settings stay");
    }
  }
}
