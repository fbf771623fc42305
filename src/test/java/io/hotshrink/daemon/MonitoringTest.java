package io.hotshrink.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsLoader;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline;
import io.hotshrink.metrics.Exposition;
import io.hotshrink.metrics.FailureReason;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.testing.FakeClock;
import io.hotshrink.testing.Sources;
import io.hotshrink.watch.HotFolder;
import io.hotshrink.watch.Refusal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shutdown lines, and what ended jobs do to the metrics. */
class MonitoringTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private Monitoring monitoring;

  @BeforeEach
  void daemonParts() throws Exception {
    // The parts as a daemon that has not started has them: nothing runs, nothing is watched.
    Settings s = new SettingsLoader(dir, Map.of(), 2).load(Optional.empty());
    WorkerPool pool =
        new WorkerPool(
            s.pool(),
            id -> {
              throw new java.io.IOException("no children here");
            },
            clock,
            new Random(1),
            PoolListener.NONE,
            WorkerPool.Timing.DEFAULT);
    HotFolder hotFolder =
        HotFolder.builder()
            .root(s.input())
            .settings(s.watch())
            .clock(clock)
            .sink(src -> {})
            .build();
    monitoring =
        Monitoring.builder()
            .clock(clock)
            .settings(() -> s)
            .pool(() -> pool)
            .folders(() -> List.of(new Monitoring.Watched(DEFAULT, s.input(), hotFolder)))
            .stopping(() -> false)
            .build();
  }

  private static final String DEFAULT = Settings.DEFAULT_FOLDER;

  private static Source src(String name) {
    return Sources.of(name, 10, 1);
  }

  @Test
  void theStoppingLineNamesWhatIsInFlight() {
    assertEquals(
        "stopping: 0 jobs in flight, 3 queued, 1 files in the hot folder still settling",
        Monitoring.stopping(List.of(), 3, 1));
    assertEquals(
        "stopping: 7 jobs in flight (a.jpg, b.jpg, c.jpg, d.jpg, e.jpg and 2 more), 0 queued, 0"
            + " files in the hot folder still settling",
        Monitoring.stopping(
            List.of("a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg", "f.jpg", "g.jpg"), 0, 0));
  }

  @Test
  void theStoppedLineSaysWhatIsLeftForTheNextStart() {
    assertEquals("nothing left in flight", monitoring.unfinished(List.of("a.jpg"), 0));
    monitoring.ended(DEFAULT, src("a.jpg"), Pipeline.Outcome.PUBLISHED);
    monitoring.ended(DEFAULT, src("b.jpg"), Pipeline.Outcome.ABANDONED); // was running, cut short
    monitoring.ended(DEFAULT, src("q1.jpg"), Pipeline.Outcome.ABANDONED); // queued
    monitoring.ended(DEFAULT, src("q2.jpg"), Pipeline.Outcome.ABANDONED);
    assertEquals(
        "left unfinished, for the next start: 1 running when the grace period ended (b.jpg), 2"
            + " not started",
        monitoring.unfinished(List.of("a.jpg", "b.jpg"), 1));
  }

  @Test
  void aJobPutBackForLaterIsCountedAsRetried() {
    monitoring.ended(DEFAULT, src("a.jpg"), Pipeline.Outcome.RETRY);
    monitoring.metrics().failed(src("cut.jpg"), FailureReason.of(Refusal.TRUNCATED.kind()));
    monitoring.metrics().failed(src("nil.jpg"), FailureReason.of(Refusal.EMPTY.kind()));
    monitoring.metrics().failed(src("p.jpg"), FailureReason.of(Refusal.Kind.NOT_JPEG));
    monitoring.metrics().failed(src("q.jpg"), FailureReason.of(Refusal.Kind.NOT_JPEG));
    Exposition m = Exposition.parse(monitoring.metrics().scrape());
    assertEquals(1, m.value("hotshrink_jobs_retried_total", -1, "reason", "error"));
    assertEquals(1, m.value("hotshrink_jobs_failed_total", -1, "reason", "truncated"));
    assertEquals(1, m.value("hotshrink_jobs_failed_total", -1, "reason", "empty"));
    assertEquals(2, m.value("hotshrink_jobs_failed_total", -1, "reason", "not_jpeg"));
    assertEquals(0, m.value("hotshrink_healthy", -1), "not started: not watching, no child");
    assertEquals(0, m.value("hotshrink_oldest_waiting_seconds", -1));
  }

  @Test
  void aJobPutOffForARetryKeepsWaitingWithItsAge() {
    var watch = monitoring.watchListener(DEFAULT, dir);
    long t0 = clock.millis();
    watch.handedOn(src("a.jpg"), t0 - 5000, t0 - 5000);
    monitoring.ended(DEFAULT, src("a.jpg"), Pipeline.Outcome.RETRY); // output disk full, say
    clock.advance(java.time.Duration.ofSeconds(10));
    assertEquals(15.0, oldest());
    monitoring.dropped(DEFAULT, src("a.jpg")); // changed or gone while it waited for its retry
    assertEquals(0.0, oldest());
  }

  @Test
  void theOldestWaitingIsTheOldestHandedOnAndNotDone() {
    var watch = monitoring.watchListener(DEFAULT, dir);
    long t0 = clock.millis();
    watch.handedOn(src("a.jpg"), t0 - 5000, t0 - 4000);
    watch.handedOn(src("b.jpg"), t0 - 1000, t0 - 1000);
    clock.advance(java.time.Duration.ofSeconds(1));
    assertEquals(5.0, oldest());
    monitoring.ended(DEFAULT, src("a.jpg"), Pipeline.Outcome.PUBLISHED);
    assertEquals(2.0, oldest());
    monitoring.dropped(DEFAULT, src("b.jpg")); // superseded by a newer version
    assertEquals(0.0, oldest());
  }

  private double oldest() {
    return Exposition.parse(monitoring.metrics().scrape())
        .value("hotshrink_oldest_waiting_seconds", -1);
  }
}
