package io.hotshrink.metrics;

import io.hotshrink.config.Settings;
import io.hotshrink.pool.ChildInfo;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gauges of {@link Metrics} that are read from the daemon at each scrape rather than fed as
 * things happen: per folder (queue, in flight, settling, oldest waiting), per child (memory, jobs,
 * start), and the daemon's own (watching, healthy, start time, recent counts, throughput, info).
 */
final class LiveGauges {
  private final PrometheusRegistry registry;
  private final Clock clock;
  private final Live live;
  private final long startedAtMillis;
  private final RecentCounts recentDone;
  private final RecentCounts recentFailed;
  private final BooleanSupplier healthy;
  private final Supplier<List<ChildInfo>> children;

  private LiveGauges(Builder b) {
    this.registry = b.registry;
    this.clock = b.clock;
    this.live = b.live;
    this.startedAtMillis = b.startedAtMillis;
    this.recentDone = b.recentDone;
    this.recentFailed = b.recentFailed;
    this.healthy = b.healthy;
    this.children = b.children;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Registers every gauge in the registry. */
  private void register(String version) {
    // Per folder: sum them for the daemon's (max for the oldest).
    folderGauge("hotshrink_queue_depth", "Jobs waiting for a child", f -> f.queued());
    folderGauge("hotshrink_jobs_in_flight", "Jobs running on children", f -> f.inFlight());
    folderGauge(
        "hotshrink_settling_files",
        "Files in the hot folder not yet handed on (being written, or waiting to settle)",
        f -> f.settling());
    folderGauge(
        "hotshrink_oldest_waiting_seconds",
        "How long the oldest input not yet done (settling, queued or running) has been waiting"
            + " since it last changed; 0 when nothing waits",
        f -> secondsSince(f.oldestWaitingSinceMillis()));
    gauge(
        "hotshrink_watching",
        "1 while the hot folder is watched, else 0",
        cb -> cb.call(live.watching() ? 1 : 0));
    gauge(
        "hotshrink_healthy",
        "1 when GET /health answers 200, else 0",
        cb -> cb.call(healthy.getAsBoolean() ? 1 : 0));
    gauge(
        "hotshrink_start_time_seconds",
        "When the daemon started, in seconds since the epoch",
        cb -> cb.call(startedAtMillis / 1000.0));
    gauge(
        "hotshrink_jobs_done_last_hour",
        "Inputs published in the last hour",
        cb -> cb.call(recentDone.last(3600)));
    gauge(
        "hotshrink_jobs_failed_last_hour",
        "Inputs failed in the last hour",
        cb -> cb.call(recentFailed.last(3600)));
    gauge(
        "hotshrink_throughput_images_per_second",
        "Inputs published per second over the last minute (or since start, if that is shorter)",
        cb -> cb.call(throughput()));
    gauge(
        "hotshrink_children",
        "Child JVMs alive (starting, ready or finishing before they are recycled)",
        cb -> cb.call(children.get().size()));
    GaugeWithCallback.builder()
        .name("hotshrink_info")
        .help("Always 1: what runs, in its labels (the folders of the first hot folder)")
        .labelNames("version", "engine", "input", "output", "failed")
        .callback(
            cb -> {
              // With several hot folders the top level holds only their defaults, no folder's
              // paths: the first folder's, as hotshrink_folder_info gives each one's.
              Settings s = live.settings().folders().get(0).settings();
              cb.call(
                  1,
                  version,
                  live.engine(),
                  s.input().toString(),
                  s.output().toString(),
                  s.failed().toString());
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("hotshrink_folder_info")
        .help("Always 1: each hot folder's folders, in its labels")
        .labelNames("folder", "input", "output", "failed")
        .callback(
            cb -> {
              for (Settings.Folder f : live.settings().folders()) {
                Settings s = f.settings();
                cb.call(
                    1,
                    f.name(),
                    s.input().toString(),
                    s.output().toString(),
                    s.failed().toString());
              }
            })
        .register(registry);
    clusterGauges();
    childGauge("hotshrink_child_rss_bytes", "Resident memory of each child JVM", c -> c.rssBytes());
    childGauge(
        "hotshrink_child_peak_rss_bytes",
        "Highest resident memory seen of each child JVM",
        c -> c.peakRssBytes());
    childGauge("hotshrink_child_jobs_done", "Jobs each child JVM has done", c -> c.jobsDone());
    childGauge(
        "hotshrink_child_start_time_seconds",
        "When each child JVM was started, in seconds since the epoch",
        c -> c.startedAtMillis() / 1000.0);
  }

  /** Cluster mode's series; none on one host. */
  private void clusterGauges() {
    GaugeWithCallback.builder()
        .name("hotshrink_cluster_contact")
        .help(
            "Cluster mode: 1 while this host's leases are renewed in the claim database, else 0"
                + " (renewals failing, or work abandoned until contact returns)")
        .labelNames("node", "contact")
        .callback(
            cb -> {
              ClusterView c = live.cluster();
              if (c != null) {
                cb.call("healthy".equals(c.contact()) ? 1 : 0, c.node(), c.contact());
              }
            })
        .register(registry);
    clusterNodeGauge(
        "hotshrink_cluster_node_alive",
        "Cluster mode: 1 for each node heard from within its lease, 0 for the others",
        n -> n.alive() ? 1 : 0);
    clusterNodeGauge(
        "hotshrink_cluster_claims_held",
        "Cluster mode: inputs each node holds a live lease on",
        n -> n.claimsHeld());
    CounterWithCallback.builder()
        .name("hotshrink_cluster_takeovers")
        .help("Cluster mode: claims each node took over from a node whose lease had run out")
        .labelNames("node")
        .callback(cb -> eachNode(n -> cb.call(n.takeovers(), n.name())))
        .register(registry);
    CounterWithCallback.builder()
        .name("hotshrink_cluster_fenced")
        .help(
            "Cluster mode: claims each node found taken over by another (its work on them"
                + " discarded, its late results refused)")
        .labelNames("node")
        .callback(cb -> eachNode(n -> cb.call(n.fenced(), n.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("hotshrink_cluster_inputs")
        .help(
            "Cluster mode: inputs in the claim database by hot folder and state (ready, claimed,"
                + " committed, published, failed; expired: leased by a node that went silent)")
        .labelNames("folder", "state")
        .callback(
            cb -> {
              ClusterView c = live.cluster();
              if (c == null) {
                return;
              }
              for (ClusterView.Folder f : c.folders()) {
                cb.call(f.ready(), f.name(), "ready");
                cb.call(f.claimed(), f.name(), "claimed");
                cb.call(f.committed(), f.name(), "committed");
                cb.call(f.published(), f.name(), "published");
                cb.call(f.failed(), f.name(), "failed");
                cb.call(f.expired(), f.name(), "expired");
              }
            })
        .register(registry);
  }

  private void clusterNodeGauge(
      String name, String help, ToDoubleFunction<ClusterView.Node> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("node")
        .callback(cb -> eachNode(n -> cb.call(value.applyAsDouble(n), n.name())))
        .register(registry);
  }

  private void eachNode(Consumer<ClusterView.Node> each) {
    ClusterView c = live.cluster();
    if (c != null) {
      c.nodes().forEach(each);
    }
  }

  private void folderGauge(String name, String help, ToDoubleFunction<Live.Folder> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help + ", by hot folder")
        .labelNames("folder")
        .callback(
            cb -> {
              for (Live.Folder f : live.folders()) {
                cb.call(value.applyAsDouble(f), f.name());
              }
            })
        .register(registry);
  }

  private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
    GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
  }

  private void childGauge(String name, String help, ToDoubleFunction<ChildInfo> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("worker", "pid")
        .callback(
            cb -> {
              for (ChildInfo c : children.get()) {
                cb.call(value.applyAsDouble(c), c.id(), Long.toString(c.pid()));
              }
            })
        .register(registry);
  }

  /** Inputs published per second over the last minute (or since start, if that is shorter). */
  private double throughput() {
    double window = Math.min(60, Math.max(1, (clock.millis() - startedAtMillis) / 1000.0));
    return recentDone.last(60) / window;
  }

  private double secondsSince(long since) {
    return since < 0 ? 0 : Math.max(0, clock.millis() - since) / 1000.0;
  }

  /** All parts are required. */
  static final class Builder {
    private PrometheusRegistry registry;
    private Clock clock;
    private Live live;
    private long startedAtMillis;
    private RecentCounts recentDone;
    private RecentCounts recentFailed;
    private BooleanSupplier healthy;
    private Supplier<List<ChildInfo>> children;

    private Builder() {}

    Builder registry(PrometheusRegistry registry) {
      this.registry = registry;
      return this;
    }

    Builder clock(Clock clock, long startedAtMillis) {
      this.clock = clock;
      this.startedAtMillis = startedAtMillis;
      return this;
    }

    Builder live(Live live) {
      this.live = live;
      return this;
    }

    /** Inputs published and failed recently: the last hour's counts and the throughput. */
    Builder recent(RecentCounts done, RecentCounts failed) {
      this.recentDone = done;
      this.recentFailed = failed;
      return this;
    }

    /** The health verdict now ({@code hotshrink_healthy}). */
    Builder healthy(BooleanSupplier healthy) {
      this.healthy = healthy;
      return this;
    }

    /** The children as the scrape in progress copied them, so all child series agree. */
    Builder children(Supplier<List<ChildInfo>> children) {
      this.children = children;
      return this;
    }

    /** Registers the gauges, labelled with this program's {@code version} in the info series. */
    void register(String version) {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(live, "live");
      Objects.requireNonNull(recentDone, "recent");
      Objects.requireNonNull(healthy, "healthy");
      Objects.requireNonNull(children, "children");
      new LiveGauges(this).register(version);
    }
  }
}
