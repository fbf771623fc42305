package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.job.Backlog;
import io.hotshrink.metrics.ClusterView;
import io.hotshrink.metrics.Live;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.resize.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the metrics and the endpoint read of the daemon, at each look: its parts change on a reload,
 * so every one is a supplier.
 */
final class DaemonLive implements Live {
  // The engine the children use, worked out again only when the configured one changes (a reload).
  private record Resolved(String configured, String engine) {}

  private final Supplier<Settings> settings;
  private final Supplier<WorkerPool> pool;
  private final Supplier<List<Monitoring.Watched>> folders;
  private final BooleanSupplier stopping;
  private final Function<String, Backlog> backlog;
  private final Supplier<ClusterView> cluster;
  private volatile Resolved engine;

  /**
   * @param backlog each folder's inputs handed on and not yet done, by the folder's name
   * @param cluster cluster mode as last read, or null on one host
   */
  DaemonLive(
      Supplier<Settings> settings,
      Supplier<WorkerPool> pool,
      Supplier<List<Monitoring.Watched>> folders,
      BooleanSupplier stopping,
      Function<String, Backlog> backlog,
      Supplier<ClusterView> cluster) {
    this.settings = settings;
    this.cluster = cluster;
    this.pool = pool;
    this.folders = folders;
    this.stopping = stopping;
    this.backlog = backlog;
  }

  @Override
  public Settings settings() {
    return settings.get();
  }

  @Override
  public String engine() {
    // Probed once per configured engine: auto resolves the way the children's will.
    String configured = settings.get().resize().engine();
    Resolved r = engine;
    if (r == null || !r.configured().equals(configured)) {
      r = new Resolved(configured, Engines.resolve(configured));
      engine = r; // one reference: the two names never disagree
    }
    return r.engine();
  }

  @Override
  public boolean watching() {
    return folders.get().stream().allMatch(f -> f.hotFolder().isWatching());
  }

  @Override
  public boolean stopping() {
    return stopping.getAsBoolean();
  }

  @Override
  public int settling() {
    return folders.get().stream().mapToInt(f -> f.hotFolder().waiting().files()).sum();
  }

  @Override
  public int queued() {
    return pool.get().queued();
  }

  @Override
  public int inFlight() {
    return pool.get().inFlight();
  }

  @Override
  public long oldestWaitingSinceMillis() {
    long oldest = -1;
    for (Monitoring.Watched f : folders.get()) {
      oldest = older(oldest, oldestOf(f));
    }
    return oldest;
  }

  private long oldestOf(Monitoring.Watched f) {
    return older(
        f.hotFolder().waiting().oldestUnchangedSinceMillis(),
        backlog.apply(f.name()).oldestSince());
  }

  /** The older of two times, either of which may be -1 (none). */
  private static long older(long a, long b) {
    if (a < 0) {
      return b;
    }
    return b < 0 ? a : Math.min(a, b);
  }

  @Override
  public List<Live.Folder> folders() {
    List<Monitoring.Watched> all = folders.get();
    WorkerPool p = pool.get();
    // One folder has all the pool's jobs, whatever its lane is called.
    Map<String, Integer> queued = all.size() == 1 ? null : p.queuedByLane();
    Map<String, Integer> running = all.size() == 1 ? null : p.inFlightByLane();
    List<Live.Folder> out = new ArrayList<>(all.size());
    for (Monitoring.Watched f : all) {
      out.add(
          new Live.Folder(
              f.name(),
              f.input(),
              f.hotFolder().isWatching(),
              f.hotFolder().waiting().files(),
              queued == null ? p.queued() : queued.getOrDefault(f.name(), 0),
              running == null ? p.inFlight() : running.getOrDefault(f.name(), 0),
              oldestOf(f)));
    }
    return out;
  }

  @Override
  public List<ChildInfo> children() {
    return pool.get().children();
  }

  @Override
  public boolean hasLiveChild() {
    return pool.get().hasLiveChild();
  }

  @Override
  public ClusterView cluster() {
    return cluster.get();
  }
}
