package io.hotshrink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.metrics.Exposition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
}
