package io.hotshrink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.SettingsLoader;
import io.hotshrink.input.Source;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.pool.StopReason;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.testing.FakeClock;
import io.hotshrink.testing.Sources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What /metrics says, from events fed in and a fake daemon's state, on a fake clock. */
class MetricsTest {
  private final FakeClock clock = new FakeClock(1_700_000_000_000L);
  private final FakeLive live = new FakeLive();
  private final Metrics metrics = new Metrics(clock, live, "1.2.3");

  private Exposition scrape() {
    return Exposition.parse(metrics.scrape());
  }

  private static Source src(String name, long size) {
    return Sources.of(name, size, 1);
  }

  private static ResizeResult result(long... outBytes) {
    List<ResizeResult.Output> outs =
        outBytes.length == 1
            ? List.of(new ResizeResult.Output("half", 400, 300, outBytes[0]))
            : List.of(
                new ResizeResult.Output("large", 1600, 1200, outBytes[0]),
                new ResizeResult.Output("thumb", 320, 240, outBytes[1]));
    return new ResizeResult("turbojpeg", 800, 600, outs, 20, 30, 40);
  }

  @Test
  void everySeriesExistsFromTheStartAtZero() {
    Exposition m = scrape();
    assertEquals(0, m.value("hotshrink_jobs_done_total", -1));
    // Written out, not taken from the code under test: alert rules and dashboards use these.
    for (String r :
        List.of(
            "undecodable",
            "too_large",
            "unsupported",
            "truncated",
            "empty",
            "not_jpeg",
            "internal",
            "crashed",
            "timeout",
            "protocol_error")) {
      assertEquals(0, m.value("hotshrink_jobs_failed_total", -1, "reason", r), r);
    }
    for (String r :
        List.of(
            "recycled_count",
            "recycled_memory",
            "reloaded",
            "timeout",
            "crashed",
            "boot_failure",
            "shutdown",
            "protocol_error")) {
      assertEquals(0, m.value("hotshrink_children_stopped_total", -1, "reason", r), r);
    }
    assertEquals(8, StopReason.values().length, "a new stop reason: add it to the list above");
    assertEquals(0, m.value("hotshrink_queue_depth", -1));
    assertEquals(0, m.value("hotshrink_oldest_waiting_seconds", -1));
    assertEquals(1_700_000_000, m.value("hotshrink_start_time_seconds", -1));
    assertEquals(1, m.value("hotshrink_healthy", -1));
  }

  @Test
  void publishedJobsCountRenditionsBytesAndTimes() {
    metrics.published(src("a.jpg", 1000), result(100), 5, 250);
    metrics.published(src("b.jpg", 3000), result(700, 50), 7, 1500);
    Exposition m = scrape();
    assertEquals(2, m.value("hotshrink_jobs_done_total", -1));
    assertEquals(4000, m.value("hotshrink_input_bytes_total", -1));
    assertEquals(850, m.value("hotshrink_output_bytes_total", -1));
    assertEquals(1, m.value("hotshrink_renditions_written_total", -1, "rendition", "half"));
    assertEquals(1, m.value("hotshrink_renditions_written_total", -1, "rendition", "large"));
    assertEquals(2, m.value("hotshrink_processing_seconds_count", -1));
    assertEquals(1.75, m.value("hotshrink_processing_seconds_sum", -1), 1e-9);
    // 0.25 s is within the 0.25 bucket; 1.5 s is not within 1 s.
    assertEquals(1, m.value("hotshrink_processing_seconds_bucket", -1, "le", "0.25"));
    assertEquals(1, m.value("hotshrink_processing_seconds_bucket", -1, "le", "1.0"));
    assertEquals(2, m.value("hotshrink_processing_seconds_bucket", -1, "le", "2.0"));
    assertEquals(0.04, m.value("hotshrink_stage_seconds_sum", -1, "stage", "decode"), 1e-9);
    assertEquals(0.08, m.value("hotshrink_stage_seconds_sum", -1, "stage", "encode"), 1e-9);
    assertEquals(0.012, m.value("hotshrink_stage_seconds_sum", -1, "stage", "publish"), 1e-9);
    assertEquals(2, m.value("hotshrink_jobs_done_last_hour", -1));
  }

  @Test
  void inputsMadeDespiteADecoderWarningAreCounted() {
    assertEquals(0, scrape().value("hotshrink_jobs_warned_total", -1), "there from the start");
    metrics.published(src("a.jpg", 1000), result(100), 5, 250);
    ResizeResult r = result(100);
    ResizeResult warned =
        new ResizeResult(
            r.engine(),
            r.width(),
            r.height(),
            r.outputs(),
            r.decodeMillis(),
            r.resizeMillis(),
            r.encodeMillis(),
            "Premature end of JPEG file");
    metrics.published(src("b.jpg", 1000), warned, 5, 250);
    Exposition m = scrape();
    assertEquals(2, m.value("hotshrink_jobs_done_total", -1));
    assertEquals(1, m.value("hotshrink_jobs_warned_total", -1));
  }

  @Test
  void anInputWhoseOutputsWereAllKeptIsDoneWithoutSizesOrTimes() {
    metrics.skippedAll(src("a.jpg", 1000)); // on-conflict = skip, every output already there
    Exposition m = scrape();
    assertEquals(1, m.value("hotshrink_jobs_done_total", -1));
    assertEquals(1, m.value("hotshrink_jobs_done_last_hour", -1));
    assertEquals(0, m.value("hotshrink_input_bytes_total", -1));
    assertEquals(0, m.value("hotshrink_processing_seconds_count", -1));
  }

  @Test
  void failuresRetriesAndChildrenAreCountedByReason() {
    metrics.failed(src("bad.jpg", 10), FailureReason.UNDECODABLE);
    metrics.failed(src("worse.jpg", 10), FailureReason.UNDECODABLE);
    metrics.failed(src("crash.jpg", 10), "crashed");
    metrics.jobRetried("default", "crash.jpg", StopReason.CRASHED);
    metrics.retryLater("default");
    metrics.jobRetried("prints", "slow.jpg", StopReason.TIMEOUT); // another folder's lane
    ChildInfo w1 = new ChildInfo("w1", 42, 500, 3, 0, 1 << 20, 1 << 20, 0);
    metrics.childStarted(w1);
    metrics.childStarted(w1);
    metrics.childStopped(w1, StopReason.RECYCLED_COUNT, "exit status 0");
    Exposition m = scrape();
    assertEquals(2, m.value("hotshrink_jobs_failed_total", -1, "reason", "undecodable"));
    assertEquals(1, m.value("hotshrink_jobs_failed_total", -1, "reason", "crashed"));
    assertEquals(3, m.sum("hotshrink_jobs_failed_total"));
    assertEquals(1, m.value("hotshrink_jobs_retried_total", -1, "reason", "crashed"));
    assertEquals(1, m.value("hotshrink_jobs_retried_total", -1, "reason", "error"));
    assertEquals(
        1, m.value("hotshrink_jobs_retried_total", -1, "folder", "prints", "reason", "timeout"));
    assertEquals(
        0, m.value("hotshrink_jobs_retried_total", -1, "folder", "default", "reason", "timeout"));
    assertEquals(2, m.value("hotshrink_children_started_total", -1));
    assertEquals(1, m.value("hotshrink_children_stopped_total", -1, "reason", "recycled_count"));
    assertEquals(3, m.value("hotshrink_jobs_failed_last_hour", -1));
  }

  @Test
  void theLastHourAndTheThroughputFollowTheClock() {
    clock.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 30; i++) {
      metrics.published(src(i + ".jpg", 1), result(1), 1, 1);
    }
    assertEquals(0.5, scrape().value("hotshrink_throughput_images_per_second", -1), 1e-9);
    clock.advance(Duration.ofMinutes(2));
    assertEquals(0, scrape().value("hotshrink_throughput_images_per_second", -1));
    assertEquals(30, scrape().value("hotshrink_jobs_done_last_hour", -1));
    clock.advance(Duration.ofHours(1));
    assertEquals(0, scrape().value("hotshrink_jobs_done_last_hour", -1));
    assertEquals(30, scrape().value("hotshrink_jobs_done_total", -1), "a counter never goes back");
  }

  @Test
  void soonAfterTheStartTheThroughputIsOverTheTimeSinceTheStart() {
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 30; i++) {
      metrics.published(src(i + ".jpg", 1), result(1), 1, 1);
    }
    assertEquals(3.0, scrape().value("hotshrink_throughput_images_per_second", -1), 1e-9);
  }

  @Test
  void gaugesAreReadFromTheDaemonAtEachScrape() {
    live.queued = 7;
    live.inFlight = 2;
    live.settling = 3;
    live.oldestWaitingSince = clock.millis();
    clock.advance(Duration.ofMillis(12_500));
    live.children.add(
        new ChildInfo("w3", 4242, 500, 17, 1, 150L << 20, 160L << 20, 1_700_000_005_000L));
    Exposition m = scrape();
    assertEquals(7, m.value("hotshrink_queue_depth", -1));
    assertEquals(2, m.value("hotshrink_jobs_in_flight", -1));
    assertEquals(3, m.value("hotshrink_settling_files", -1));
    assertEquals(12.5, m.value("hotshrink_oldest_waiting_seconds", -1));
    assertEquals(1, m.value("hotshrink_children", -1));
    assertEquals(
        150L << 20, m.value("hotshrink_child_rss_bytes", -1, "worker", "w3", "pid", "4242"));
    assertEquals(17, m.value("hotshrink_child_jobs_done", -1, "worker", "w3"));
    assertEquals(1_700_000_005, m.value("hotshrink_child_start_time_seconds", -1, "worker", "w3"));
    Exposition.Sample info = m.find("hotshrink_info").orElseThrow();
    assertEquals("1.2.3", info.label("version"));
    assertEquals("turbojpeg", info.label("engine"));
    assertEquals("/srv/photos/hotfolder/in", info.label("input"));
    assertEquals("/srv/photos/hotfolder/out", info.label("output"));

    live.children.clear();
    live.oldestWaitingSince = -1;
    live.watching = false;
    m = scrape();
    assertEquals(0, m.all("hotshrink_child_rss_bytes").size(), "a child gone is no series");
    assertEquals(0, m.value("hotshrink_oldest_waiting_seconds", -1));
    assertEquals(0, m.value("hotshrink_watching", -1));
    assertEquals(0, m.value("hotshrink_healthy", -1));
  }

  @Test
  void everyHotFolderHasItsPathsInItsInfo(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("two.conf");
    Files.writeString(
        conf,
        "hotshrink {\n"
            + "  input = /top/in, output = /top/out\n"
            + "  folders = [\n"
            + "    { name = clients, input = /srv/clients/in, output = /srv/clients/out }\n"
            + "    { name = web, input = /srv/web/in, output = /srv/web/out,"
            + " failed = /srv/web/rejects }\n"
            + "  ]\n"
            + "}\n");
    live.settings = new SettingsLoader(dir, Map.of(), 2).load(Optional.of(conf));
    Exposition m = scrape();
    assertEquals(1, m.value("hotshrink_folder_info", -1, "folder", "clients"));
    Exposition.Sample web =
        m.all("hotshrink_folder_info").stream()
            .filter(x -> x.label("folder").equals("web"))
            .findFirst()
            .orElseThrow();
    assertEquals("/srv/web/in", web.label("input"));
    assertEquals("/srv/web/out", web.label("output"));
    assertEquals("/srv/web/rejects", web.label("failed"));
    // the daemon's info names a folder that exists: the first, never the top level's defaults
    Exposition.Sample info = m.find("hotshrink_info").orElseThrow();
    assertEquals("/srv/clients/in", info.label("input"));
    assertEquals("/srv/clients/out", info.label("output"));
    assertEquals(2, m.all("hotshrink_folder_info").size());
  }

  @Test
  void theSettleWaitCountsFromWhenTheFileWasFirstNoticed() {
    long noticed = clock.millis();
    clock.advance(Duration.ofSeconds(4));
    metrics.handedOn(src("a.jpg", 1), noticed, noticed + 3000);
    Exposition m = scrape();
    assertEquals(1, m.value("hotshrink_settle_wait_seconds_count", -1));
    assertEquals(4.0, m.value("hotshrink_settle_wait_seconds_sum", -1));
  }

  @Test
  void theTextIsThePrometheusFormat() {
    String text = metrics.scrape();
    assertTrue(text.contains("# TYPE hotshrink_jobs_done_total counter\n"), text);
    assertTrue(text.contains("# TYPE hotshrink_queue_depth gauge\n"), text);
    assertTrue(text.contains("# TYPE hotshrink_settle_wait_seconds histogram\n"), text);
    assertTrue(
        text.contains("hotshrink_jobs_failed_total{folder=\"default\",reason=\"truncated\"} 0.0\n"),
        text);
    for (String line : text.split("\n")) {
      assertTrue(line.startsWith("#") || line.startsWith("hotshrink_"), line);
    }
  }
}
