package io.hotshrink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.metrics.Exposition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private static final String SCRAPE =
      String.join(
          "\n",
          "hotshrink_info{engine=\"turbojpeg\",failed=\"/srv/failed\",input=\"/srv/in\","
              + "output=\"/srv/out\",version=\"0.3.0\"} 1.0",
          "hotshrink_start_time_seconds 1.7E9",
          "hotshrink_watching 1.0",
          "hotshrink_queue_depth 12.0",
          "hotshrink_settling_files 3.0",
          "hotshrink_oldest_waiting_seconds 4.2",
          "hotshrink_jobs_in_flight 2.0",
          "hotshrink_jobs_done_last_hour 1234.0",
          "hotshrink_jobs_failed_last_hour 3.0",
          "hotshrink_jobs_done_total 5000.0",
          "hotshrink_jobs_failed_total{reason=\"crashed\"} 1.0",
          "hotshrink_jobs_failed_total{reason=\"undecodable\"} 6.0",
          "hotshrink_throughput_images_per_second 2.4",
          "hotshrink_child_start_time_seconds{pid=\"1240\",worker=\"w4\"} 1.7000072E9",
          "hotshrink_child_start_time_seconds{pid=\"1234\",worker=\"w3\"} 1.7000060E9",
          "hotshrink_child_jobs_done{pid=\"1234\",worker=\"w3\"} 120.0",
          "hotshrink_child_jobs_done{pid=\"1240\",worker=\"w4\"} 80.0",
          "hotshrink_child_rss_bytes{pid=\"1234\",worker=\"w3\"} 2.2020096E8",
          "hotshrink_child_rss_bytes{pid=\"1240\",worker=\"w4\"} 1.9922944E8",
          "");

  private static final Instant NOW =
      Instant.ofEpochSecond(1_700_000_000L).plus(Duration.ofMinutes(134));

  @Test
  void aHealthyDaemonInAFewLines() {
    String text =
        StatusReport.render(
            "http://127.0.0.1:9464", null, Exposition.parse(SCRAPE), NOW, ZoneOffset.UTC);
    assertEquals(
        String.join(
            "\n",
            "hotshrink 0.3.0 at http://127.0.0.1:9464: healthy",
            "  up since:    2023-11-14 22:13:20 Z (2h 14m)",
            "  engine:      turbojpeg",
            "  folders:     /srv/in -> /srv/out (failed: /srv/failed)",
            "  watching:    yes",
            "  queue:       12 waiting for a child, 3 files settling; oldest waiting 4s",
            "  in flight:   2",
            "  last hour:   1234 done, 3 failed (since start: 5000 done, 7 failed)",
            "  throughput:  2.40 images/s over the last minute",
            "  children:    w3   pid 1234        120 jobs  RSS   210 MB  up 34m 0s",
            "               w4   pid 1240         80 jobs  RSS   190 MB  up 14m 0s",
            ""),
        text.replace(System.lineSeparator(), "\n"));
  }

  /** As a daemon with hot folders serves them: the job series labelled by folder. */
  private static final String TWO_FOLDERS =
      String.join(
          "\n",
          "hotshrink_info{engine=\"java\",failed=\"/top/failed\",input=\"/top/in\","
              + "output=\"/top/out\",version=\"0.3.0\"} 1.0",
          "hotshrink_watching 1.0",
          "hotshrink_queue_depth{folder=\"scans\"} 3.0",
          "hotshrink_queue_depth{folder=\"shop\"} 12.0",
          "hotshrink_settling_files{folder=\"scans\"} 1.0",
          "hotshrink_settling_files{folder=\"shop\"} 0.0",
          "hotshrink_oldest_waiting_seconds{folder=\"scans\"} 2.5",
          "hotshrink_oldest_waiting_seconds{folder=\"shop\"} 75.0",
          "hotshrink_jobs_in_flight{folder=\"scans\"} 0.0",
          "hotshrink_jobs_in_flight{folder=\"shop\"} 2.0",
          "hotshrink_jobs_done_last_hour 30.0",
          "hotshrink_jobs_failed_last_hour 1.0",
          "hotshrink_jobs_done_total{folder=\"old\"} 5.0", // removed by a reload
          "hotshrink_jobs_done_total{folder=\"scans\"} 10.0",
          "hotshrink_jobs_done_total{folder=\"shop\"} 4000.0",
          "hotshrink_jobs_failed_total{folder=\"scans\",reason=\"crashed\"} 0.0",
          "hotshrink_jobs_failed_total{folder=\"scans\",reason=\"undecodable\"} 1.0",
          "hotshrink_jobs_failed_total{folder=\"shop\",reason=\"crashed\"} 2.0",
          "hotshrink_jobs_failed_total{folder=\"shop\",reason=\"undecodable\"} 5.0",
          "hotshrink_throughput_images_per_second 0.5",
          "");

  @Test
  void severalHotFoldersEachHaveARowAndTheTotalsAddThemUp() {
    Map<String, String> inputs = new LinkedHashMap<>();
    inputs.put("shop", "/srv/shop/in"); // /health's order: the configuration's
    inputs.put("scans", "/srv/scans/in");
    String text =
        StatusReport.render(
            "http://127.0.0.1:9464",
            null,
            Exposition.parse(TWO_FOLDERS),
            inputs,
            NOW,
            ZoneOffset.UTC);
    assertEquals(
        String.join(
            "\n",
            "hotshrink 0.3.0 at http://127.0.0.1:9464: healthy",
            "  engine:      java",
            "  folders:     name    waiting  in flight  oldest      done  failed  input",
            "               shop         12          2  1m 15s      4000       7  /srv/shop/in",
            "               scans         4          0  2s            10       1  /srv/scans/in",
            "  watching:    yes",
            "  queue:       15 waiting for a child, 1 files settling; oldest waiting 1m 15s",
            "  in flight:   2",
            "  last hour:   30 done, 1 failed (since start: 4015 done, 8 failed)",
            "  throughput:  0.50 images/s over the last minute",
            "  children:    none",
            ""),
        text.replace(System.lineSeparator(), "\n"));
  }

  @Test
  void oneHotFolderKeepsItsPathsAndGetsItsRow() {
    String scrape =
        String.join(
            "\n",
            "hotshrink_info{engine=\"java\",failed=\"/srv/failed\",input=\"/srv/in\","
                + "output=\"/srv/out\",version=\"0.3.0\"} 1.0",
            "hotshrink_queue_depth{folder=\"default\"} 1.0",
            "hotshrink_settling_files{folder=\"default\"} 2.0",
            "hotshrink_oldest_waiting_seconds{folder=\"default\"} 9.0",
            "hotshrink_jobs_in_flight{folder=\"default\"} 1.0",
            "hotshrink_jobs_done_total{folder=\"default\"} 7.0",
            "hotshrink_jobs_failed_total{folder=\"default\",reason=\"empty\"} 1.0",
            "");
    // Without /health's list (an older daemon's /health), the folders come from the gauges.
    String text =
        StatusReport.render(
            "http://127.0.0.1:9464", null, Exposition.parse(scrape), NOW, ZoneOffset.UTC);
    List<String> lines = text.lines().toList();
    assertEquals("  folders:     /srv/in -> /srv/out (failed: /srv/failed)", lines.get(2));
    assertEquals(
        "               name     waiting  in flight  oldest      done  failed", lines.get(3));
    assertEquals(
        "               default        3          1  9s             7       1", lines.get(4));
    assertTrue(text.contains("  queue:       1 waiting for a child, 2 files settling"), text);
    assertTrue(text.contains("(since start: 7 done, 1 failed)"), text);
  }

  @Test
  void anUnhealthyOneLeadsWithTheReason() {
    String text =
        StatusReport.render(
            "http://127.0.0.1:9464",
            "no child JVM is running",
            Exposition.parse("hotshrink_watching 1.0\n"),
            NOW,
            ZoneOffset.UTC);
    assertEquals(
        "hotshrink ? at http://127.0.0.1:9464: UNHEALTHY: no child JVM is running",
        text.lines().findFirst().orElseThrow());
    assertEquals("  children:    none", text.lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void agesAreShortAndReadable() {
    assertEquals("0s", StatusReport.age(Duration.ofMillis(-5)));
    assertEquals("59s", StatusReport.age(Duration.ofSeconds(59)));
    assertEquals("3m 12s", StatusReport.age(Duration.ofSeconds(192)));
    assertEquals("2h 14m", StatusReport.age(Duration.ofMinutes(134)));
    assertEquals("3d 2h", StatusReport.age(Duration.ofHours(74)));
  }

  @Test
  void aClusterNodeShowsItsContactEveryNodeAndTheInputsByState() {
    String scrape =
        String.join(
            "\n",
            "hotshrink_cluster_contact{contact=\"renewal_failing\",node=\"b\"} 0",
            "hotshrink_cluster_node_alive{node=\"a\"} 1",
            "hotshrink_cluster_node_alive{node=\"b\"} 1",
            "hotshrink_cluster_node_alive{node=\"old\"} 0",
            "hotshrink_cluster_claims_held{node=\"a\"} 4",
            "hotshrink_cluster_claims_held{node=\"b\"} 3",
            "hotshrink_cluster_takeovers_total{node=\"b\"} 2",
            "hotshrink_cluster_fenced_total{node=\"a\"} 1",
            "hotshrink_cluster_inputs{folder=\"p\",state=\"ready\"} 10",
            "hotshrink_cluster_inputs{folder=\"q\",state=\"ready\"} 5",
            "hotshrink_cluster_inputs{folder=\"p\",state=\"published\"} 900",
            "hotshrink_cluster_inputs{folder=\"p\",state=\"failed\"} 3",
            "");
    String text =
        StatusReport.render("http://h:9464", null, Exposition.parse(scrape), NOW, ZoneOffset.UTC)
            .replace(System.lineSeparator(), "\n");
    assertTrue(
        text.contains(
            String.join(
                "\n",
                "  cluster:     this host is node b, contact with the claim database: renewal"
                    + " failing",
                "               node alive  claims takeovers fenced",
                "               a    yes         4         0      1",
                "               b    yes         3         2      0",
                "               old  no          0         0      0",
                "               inputs in the database: 15 ready, 0 claimed, 0 committed, 900"
                    + " published, 3 failed, 0 expired",
                "")),
        text);
  }

  @Test
  void oneHostShowsNoClusterRows() {
    String text =
        StatusReport.render(
            "http://127.0.0.1:9464", null, Exposition.parse(SCRAPE), NOW, ZoneOffset.UTC);
    assertFalse(text.contains("cluster"), text);
  }
}
