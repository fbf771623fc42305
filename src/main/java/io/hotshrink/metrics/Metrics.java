package io.hotshrink.metrics;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.StopReason;
import io.hotshrink.resize.Options;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.watch.WatchListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * The daemon's metrics, named {@code hotshrink_*}: counters fed by the pipeline, the pool and the
 * watcher as things happen, gauges read from the {@link Live} daemon at each scrape. One registry
 * per daemon (not the Prometheus client's global one), so several daemons in one JVM (tests) do not
 * mix. It outlives reloads: the daemon keeps one for its whole life.
 *
 * <p>The exposition text is written by the Prometheus Java client, never by hand.
 */
public final class Metrics implements JobRecorder, PoolListener, WatchListener {
  private static final double[] SETTLE_BUCKETS = {
    0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800
  };
  private static final double[] JOB_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300};
  private static final double[] STAGE_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Clock clock;
  private final Live live;
  // The children as copied at the start of the scrape in progress (see write).
  private List<ChildInfo> children = List.of();
  private final long startedAtMillis;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final RecentCounts recentDone;
  private final RecentCounts recentFailed;

  private final Counter done;
  private final Counter failed;
  private final Counter retried;
  private final Counter renditions;
  private final Counter warned;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter childrenStarted;
  private final Counter childrenStopped;
  private final Histogram settleWait;
  private final Histogram processing;
  private final Histogram stages;

  /**
   * @param version this program's version, for {@code hotshrink_info}
   */
  public Metrics(Clock clock, Live live, String version) {
    this.clock = clock;
    this.live = live;
    this.startedAtMillis = clock.millis();
    this.recentDone = new RecentCounts(clock);
    this.recentFailed = new RecentCounts(clock);

    done =
        Counter.builder()
            .name("hotshrink_jobs_done_total")
            .help("Inputs whose every rendition was published, by hot folder")
            .labelNames("folder")
            .withoutExemplars()
            .register(registry);
    failed =
        Counter.builder()
            .name("hotshrink_jobs_failed_total")
            .help("Inputs that failed (moved to the failed folder), by hot folder and reason")
            .labelNames("folder", "reason")
            .withoutExemplars()
            .register(registry);
    retried =
        Counter.builder()
            .name("hotshrink_jobs_retried_total")
            .help(
                "Jobs sent again: on a fresh child after theirs died (crashed, timeout,"
                    + " protocol_error), or put back for a later rescan after an error that is not"
                    + " the input's fault (error), by hot folder")
            .labelNames("folder", "reason")
            .withoutExemplars()
            .register(registry);
    renditions =
        Counter.builder()
            .name("hotshrink_renditions_written_total")
            .help("Renditions published, by rendition name")
            .labelNames("rendition")
            .withoutExemplars()
            .register(registry);
    warned =
        Counter.builder()
            .name("hotshrink_jobs_warned_total")
            .help(
                "Published inputs whose decoder warned of damaged but decodable data (the warning"
                    + " is in the job's log line), by hot folder")
            .labelNames("folder")
            .withoutExemplars()
            .register(registry);
    bytesIn =
        Counter.builder()
            .name("hotshrink_input_bytes_total")
            .help("Bytes of the inputs of published jobs")
            .withoutExemplars()
            .register(registry);
    bytesOut =
        Counter.builder()
            .name("hotshrink_output_bytes_total")
            .help("Bytes of the renditions published")
            .withoutExemplars()
            .register(registry);
    childrenStarted =
        Counter.builder()
            .name("hotshrink_children_started_total")
            .help("Child JVMs that started and became ready")
            .withoutExemplars()
            .register(registry);
    childrenStopped =
        Counter.builder()
            .name("hotshrink_children_stopped_total")
            .help(
                "Child JVMs that stopped, by reason (recycled_count, recycled_memory, reloaded,"
                    + " timeout, crashed, boot_failure, shutdown, protocol_error)")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    for (StopReason r : StopReason.values()) {
      childrenStopped.labelValues(Options.name(r));
    }
    settleWait =
        Histogram.builder()
            .name("hotshrink_settle_wait_seconds")
            .help(
                "From the moment the watcher noticed a file until it handed it on as complete"
                    + " (the writing, then the settle window)")
            .classicOnly()
            .classicUpperBounds(SETTLE_BUCKETS)
            .withoutExemplars()
            .register(registry);
    processing =
        Histogram.builder()
            .name("hotshrink_processing_seconds")
            .help(
                "From a job's hand-over to the pool until it was published (queue wait included),"
                    + " by hot folder")
            .labelNames("folder")
            .classicOnly()
            .classicUpperBounds(JOB_BUCKETS)
            .withoutExemplars()
            .register(registry);
    stages =
        Histogram.builder()
            .name("hotshrink_stage_seconds")
            .help(
                "Time in each stage of a published job: decode, resize, encode (in the child),"
                    + " publish (renames into place)")
            .labelNames("stage")
            .classicOnly()
            .classicUpperBounds(STAGE_BUCKETS)
            .withoutExemplars()
            .register(registry);

    // Read from the daemon at each scrape; the children as this scrape copied them (see write).
    LiveGauges.builder()
        .registry(registry)
        .clock(clock, startedAtMillis)
        .live(live)
        .recent(recentDone, recentFailed)
        .healthy(() -> health().healthy())
        .children(() -> children)
        .register(version);
    for (Settings.Folder f : live.settings().folders()) {
      folder(f.name());
    }
  }

  /**
   * Makes the job series of hot folder {@code name} (at 0, so that they are there before its first
   * job). Done for the folders of the settings the metrics start with, and by the daemon for a
   * folder a reload adds.
   */
  public void folder(String name) {
    done.labelValues(name);
    warned.labelValues(name);
    processing.labelValues(name);
    FailureReason.ALL.forEach(r -> failed.labelValues(name, r));
    FailureReason.LOST_CHILD.forEach(r -> retried.labelValues(name, r));
    retried.labelValues(name, "error");
  }

  /** Inputs of folder {@code name} published since start. */
  public long done(String name) {
    return (long) done.labelValues(name).get();
  }

  /** Inputs of folder {@code name} failed since start. */
  public long failed(String name) {
    double n = 0;
    for (String r : FailureReason.ALL) {
      n += failed.labelValues(name, r).get();
    }
    return (long) n;
  }

  /** Hears how the jobs of hot folder {@code name} end. */
  public JobRecorder recorder(String name) {
    folder(name);
    return new JobRecorder() {
      @Override
      public void published(Source src, ResizeResult result, long publishMillis, long totalMillis) {
        Metrics.this.published(name, src, result, publishMillis, totalMillis);
      }

      @Override
      public void skippedAll(Source src) {
        Metrics.this.skippedAll(name);
      }

      @Override
      public void failed(Source src, String reason) {
        Metrics.this.failed(name, reason);
      }
    };
  }

  /** The health verdict now. */
  public Health health() {
    return Health.of(
        live, (clock.millis() - startedAtMillis) / 1000, clock.millis(), this::done, this::failed);
  }

  // ---- fed as things happen --------------------------------------------------------------------

  // As a JobRecorder itself, the metrics count for the one folder of a one-folder configuration.

  @Override
  public void published(Source src, ResizeResult result, long publishMillis, long totalMillis) {
    published(Settings.DEFAULT_FOLDER, src, result, publishMillis, totalMillis);
  }

  @Override
  public void skippedAll(Source src) {
    skippedAll(Settings.DEFAULT_FOLDER);
  }

  @Override
  public void failed(Source src, String reason) {
    failed(Settings.DEFAULT_FOLDER, reason);
  }

  private void published(
      String folder, Source src, ResizeResult result, long publishMillis, long totalMillis) {
    done.labelValues(folder).inc();
    recentDone.add(1);
    bytesIn.inc(src.size());
    for (ResizeResult.Output o : result.outputs()) {
      renditions.labelValues(o.name()).inc();
      bytesOut.inc(o.bytes());
    }
    if (result.warning() != null) {
      warned.labelValues(folder).inc();
    }
    processing.labelValues(folder).observe(totalMillis / 1000.0);
    stages.labelValues("decode").observe(result.decodeMillis() / 1000.0);
    stages.labelValues("resize").observe(result.resizeMillis() / 1000.0);
    stages.labelValues("encode").observe(result.encodeMillis() / 1000.0);
    stages.labelValues("publish").observe(publishMillis / 1000.0);
  }

  private void skippedAll(String folder) {
    // the input is done with, though nothing was written: no sizes, no stage times
    done.labelValues(folder).inc();
    recentDone.add(1);
  }

  private void failed(String folder, String reason) {
    failed.labelValues(folder, reason).inc();
    recentFailed.add(1);
  }

  /** A job put back to be offered again later (an error that is not the input's fault). */
  public void retryLater(String folder) {
    retried.labelValues(folder, "error").inc();
  }

  @Override
  public void jobRetried(String lane, String label, StopReason reason) {
    retried.labelValues(lane, Options.name(reason)).inc();
  }

  @Override
  public void childStarted(ChildInfo child) {
    childrenStarted.inc();
  }

  @Override
  public void childStopped(ChildInfo child, StopReason reason, String detail) {
    childrenStopped.labelValues(Options.name(reason)).inc();
  }

  @Override
  public void handedOn(Source src, long noticedAtMillis, long unchangedSinceMillis) {
    settleWait.observe(Math.max(0, clock.millis() - noticedAtMillis) / 1000.0);
  }

  // ---- exposition --------------------------------------------------------------------------

  /**
   * Writes every metric in the format the {@code Accept} header asks for: the Prometheus text
   * format, or OpenMetrics text when asked for it.
   *
   * @return the content type written
   */
  public String write(OutputStream out, String accept) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (!writer.isAvailable()) {
      writer = formats.getPrometheusTextFormatWriter(); // protobuf is not on the class path
    }
    // One copy of the children (made under the pool's lock, before this monitor is taken: never
    // both at once) for all of this scrape's child series: they describe the same children, even if
    // one is recycled meanwhile.
    List<ChildInfo> now = live.children();
    MetricSnapshots snapshots;
    synchronized (this) {
      children = now;
      snapshots = registry.scrape();
    }
    writer.write(out, snapshots);
    return writer.getContentType();
  }

  /** The Prometheus text format, as a string (tests, logs). */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
