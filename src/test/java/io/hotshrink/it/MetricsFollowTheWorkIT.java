package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.metrics.Exposition;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.testing.Http;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.UndecodableBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics scraped over HTTP while the real daemon works (real child JVMs, real files): the queue
 * fills and drains, jobs are counted as done or failed by reason, children come and go, and the
 * counters agree with the files that come out. The children's test-only fault hook makes jobs slow
 * (so the queue is seen) and crashes a child (so a lost child is counted).
 */
class MetricsFollowTheWorkIT {
  @TempDir Path dir;

  private static Exposition scrape(RunningDaemon d) throws Exception {
    return Http.scrape(d.url());
  }

  private static double value(RunningDaemon d, String name, String... labels) throws Exception {
    return scrape(d).value(name, Double.NaN, labels);
  }

  @Test
  void countersAndGaugesMoveAsTheDaemonWorks() throws Exception {
    // SLOW jobs wait in the child until the gate opens, then take 1.2 s each.
    Path gate = dir.resolve("gate-open");
    try (RunningDaemon d =
        RunningDaemon.withFaults("gate=SLOW:" + gate + ";slow=SLOW:1200;crash=CRASHME")
            .start(dir, "pool { workers = 1, threads = 1 }\n limits.max-pixels = 1M\n")
            .awaitReady()) {
      Exposition m = scrape(d);
      assertEquals(0, m.value("hotshrink_jobs_done_total", -1));
      assertEquals(0, m.value("hotshrink_queue_depth", -1));
      assertEquals(1, m.value("hotshrink_children", -1));
      assertEquals(1, m.value("hotshrink_children_started_total", -1));
      assertEquals(1, m.value("hotshrink_healthy", -1));

      // Four slow jobs on one child with one thread: one runs, the others queue.
      long inputBytes = 0;
      for (int i = 0; i < 4; i++) {
        inputBytes += Files.size(TestImages.write(d.in.resolve("SLOW" + i + ".jpg"), 640, 480, i));
      }
      AtomicReference<Exposition> busy = new AtomicReference<>();
      await()
          .atMost(30, TimeUnit.SECONDS)
          .pollInterval(50, TimeUnit.MILLISECONDS)
          .until(
              () -> {
                Exposition e = scrape(d);
                busy.set(e);
                return e.value("hotshrink_queue_depth", 0) >= 2
                    && e.value("hotshrink_jobs_in_flight", 0) == 1
                    && e.value("hotshrink_oldest_waiting_seconds", 0) >= 1;
              });
      // 4 jobs: 2 or more queued and 1 running leave at most 1 done.
      assertTrue(busy.get().value("hotshrink_jobs_done_total", -1) <= 1);
      Files.createFile(gate);

      await().atMost(60, TimeUnit.SECONDS).until(() -> value(d, "hotshrink_jobs_done_total") == 4);
      m = scrape(d);
      assertEquals(0, m.value("hotshrink_queue_depth", -1));
      assertEquals(0, m.value("hotshrink_jobs_in_flight", -1));
      assertEquals(0, m.value("hotshrink_oldest_waiting_seconds", -1));
      assertEquals(4, m.value("hotshrink_renditions_written_total", -1, "rendition", "half"));
      assertEquals(inputBytes, m.value("hotshrink_input_bytes_total", -1));
      long outputBytes = 0;
      for (int i = 0; i < 4; i++) {
        Path out = d.out.resolve("SLOW" + i + ".jpg");
        ImageAssertions.assertScaledCopy(d.in.resolve("SLOW" + i + ".jpg"), out, 0.5);
        outputBytes += Files.size(out);
      }
      assertEquals(outputBytes, m.value("hotshrink_output_bytes_total", -1));
      assertEquals(4, m.value("hotshrink_settle_wait_seconds_count", -1));
      assertEquals(4, m.value("hotshrink_processing_seconds_count", -1));
      assertTrue(
          m.value("hotshrink_processing_seconds_sum", -1) >= 4 * 1.2,
          "each took its 1.2 s: " + m.value("hotshrink_processing_seconds_sum", -1));
      assertEquals(4, m.value("hotshrink_stage_seconds_count", -1, "stage", "decode"));
      assertEquals(4, m.value("hotshrink_jobs_done_last_hour", -1));

      // Three that fail, each for its own reason.
      Files.write(d.in.resolve("broken.jpg"), UndecodableBytes.withShortFirstSegment());
      TestImages.write(d.in.resolve("huge.jpg"), 1200, 1000, 9); // 1.2 MP > limits.max-pixels
      TestImages.write(d.in.resolve("CRASHME.jpg"), 320, 240, 5);
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(() -> scrape(d).sum("hotshrink_jobs_failed_total") == 3);
      m = scrape(d);
      assertEquals(1, m.value("hotshrink_jobs_failed_total", -1, "reason", "undecodable"));
      assertEquals(1, m.value("hotshrink_jobs_failed_total", -1, "reason", "too_large"));
      assertEquals(1, m.value("hotshrink_jobs_failed_total", -1, "reason", "crashed"));
      assertEquals(1, m.value("hotshrink_jobs_retried_total", -1, "reason", "crashed"));
      assertEquals(3, m.value("hotshrink_jobs_failed_last_hour", -1));
      assertEquals(4, m.value("hotshrink_jobs_done_total", -1), "failures are not done");
      // The regular child died under CRASHME, then the quarantine child it was retried on.
      assertEquals(2, m.value("hotshrink_children_stopped_total", -1, "reason", "crashed"));
      assertEquals(
          List.of(
              "CRASHME.jpg",
              "CRASHME.jpg.error.json",
              "broken.jpg",
              "broken.jpg.error.json",
              "huge.jpg",
              "huge.jpg.error.json"),
          files(d.failed));

      // Children as the pool knows them: started = stopped + alive, each alive one with its RSS.
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () -> {
                Exposition e = scrape(d);
                return e.value("hotshrink_children_started_total", 0)
                        == e.sum("hotshrink_children_stopped_total")
                            + e.value("hotshrink_children", 0)
                    && e.value("hotshrink_children", 0) == 1;
              });
      m = scrape(d);
      List<ChildInfo> alive = d.daemon.pool().children();
      assertEquals(1, alive.size());
      ChildInfo c = alive.get(0);
      assertEquals(c.id(), m.find("hotshrink_child_rss_bytes").orElseThrow().label("worker"));
      assertTrue(
          m.value("hotshrink_child_rss_bytes", 0, "worker", c.id(), "pid", Long.toString(c.pid()))
              > 10 << 20,
          "a JVM's RSS is tens of MB");
      assertEquals(0, m.value("hotshrink_queue_depth", -1));
      assertEquals(1, m.value("hotshrink_healthy", -1));
    }
  }
}
