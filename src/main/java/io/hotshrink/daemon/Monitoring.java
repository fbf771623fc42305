package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.Backlog;
import io.hotshrink.job.Pipeline;
import io.hotshrink.metrics.ClusterView;
import io.hotshrink.metrics.HttpEndpoint;
import io.hotshrink.metrics.Metrics;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.StopReason;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.watch.HotFolder;
import io.hotshrink.watch.WatchListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's monitoring, kept beside its lifecycle rather than in it: the metrics, the HTTP
 * endpoint that serves them, the inputs handed on and not yet done (for the oldest one's age), and
 * the words of the start-up and shutdown lines about waiting and unfinished work. The daemon tells
 * it what happens; it reads the daemon's parts (settings, pool, watchers) when asked. What it hears
 * and shows of jobs is per hot folder (by name).
 */
final class Monitoring implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HotshrinkDaemon.class);

  private final Supplier<Settings> settings;
  private final Supplier<WorkerPool> pool;
  private final Supplier<List<Watched>> folders;
  private final BooleanSupplier stopping;
  private final Map<String, Backlog> backlogs = new ConcurrentHashMap<>();
  private final Metrics metrics;
  private final List<String> abandoned = Collections.synchronizedList(new ArrayList<>());
  private volatile HttpEndpoint endpoint;

  private Monitoring(Builder b) {
    this.settings = b.settings;
    this.pool = b.pool;
    this.folders = b.folders;
    this.stopping = b.stopping;
    this.metrics =
        new Metrics(
            b.clock,
            new DaemonLive(settings, pool, folders, stopping, this::backlog, b.cluster),
            Version.get());
  }

  /** Settings, pool and hot folder must be given; see {@link Builder} for the rest. */
  static Builder builder() {
    return new Builder();
  }

  /** Fed by the pipeline (as its recorder) and the pool (as a listener). */
  Metrics metrics() {
    return metrics;
  }

  /**
   * The pool's listener: the metrics hear about every child and retried job, then {@code also}
   * does; {@code fatal} hears why the pool cannot go on.
   */
  PoolListener poolListener(PoolListener also, Consumer<String> fatal) {
    return new PoolListener() {
      @Override
      public void childStarted(ChildInfo child) {
        metrics.childStarted(child);
        also.childStarted(child);
      }

      @Override
      public void childStopped(ChildInfo child, StopReason reason, String detail) {
        metrics.childStopped(child, reason, detail);
        also.childStopped(child, reason, detail);
      }

      @Override
      public void jobRetried(String lane, String label, StopReason reason) {
        metrics.jobRetried(lane, label, reason);
        also.jobRetried(lane, label, reason);
      }

      @Override
      public void fatal(String why) {
        also.fatal(why);
        fatal.accept(why);
      }
    };
  }

  /** A hot folder as the monitoring sees it: its name, its input, its watcher in force. */
  record Watched(String name, Path input, HotFolder hotFolder) {}

  private Backlog backlog(String folder) {
    return backlogs.computeIfAbsent(folder, f -> new Backlog());
  }

  /** A folder a reload removed, once its last job ended: its waiting inputs are forgotten. */
  void forget(String folder) {
    backlogs.remove(folder);
  }

  /** For the watcher of {@code folder}'s {@code input}: files handed on, and the start-up line. */
  WatchListener watchListener(String folder, Path input) {
    Backlog backlog = backlog(folder);
    return new WatchListener() {
      @Override
      public void handedOn(Source src, long noticedAtMillis, long unchangedSinceMillis) {
        metrics.handedOn(src, noticedAtMillis, unchangedSinceMillis);
        backlog.add(src, unchangedSinceMillis);
      }

      @Override
      public void walked(boolean startUp, long files, long millis) {
        if (startUp) {
          log.info(
              "start-up scan of {}: {} files waiting there ({} ms); each becomes a job once it has"
                  + " settled",
              input,
              files,
              millis);
        }
      }
    };
  }

  /** A file handed on will not become a job after all (superseded, refused, given up on). */
  void dropped(String folder, Source src) {
    backlog(folder).remove(src);
  }

  /** A job for {@code src} of {@code folder} has ended this way. */
  void ended(String folder, Source src, Pipeline.Outcome outcome) {
    Backlog backlog = backlog(folder);
    switch (outcome) {
      case RETRY -> metrics.retryLater(folder); // still waiting, for its retry: it keeps its age
      case ABANDONED -> {
        backlog.remove(src);
        abandoned.add(src.relative().toString());
      }
      default -> backlog.remove(src);
    }
  }

  // ---- the endpoint ----------------------------------------------------------------------------

  /** Opens the endpoint, when enabled. */
  void open(Settings.Http http) throws IOException {
    if (http.enabled()) {
      endpoint = HttpEndpoint.start(http, metrics);
    }
  }

  /**
   * Closes the endpoint on {@code from} and opens one on {@code to} (either may be disabled). If
   * {@code to} cannot listen, the endpoint is opened on {@code from} again and the reason thrown.
   */
  void move(Settings.Http from, Settings.Http to) throws IOException {
    // Closed first: the new address may be the same port on another interface.
    close();
    if (!to.enabled()) {
      log.info("the http endpoint is off (http.enabled = false)");
      return;
    }
    try {
      open(to);
    } catch (IOException e) {
      try {
        open(from);
      } catch (IOException again) {
        log.error("the http endpoint is off: {}", again.getMessage());
      }
      throw e;
    }
  }

  /** The port the endpoint listens on, if it is open. */
  OptionalInt httpPort() {
    HttpEndpoint e = endpoint;
    return e == null ? OptionalInt.empty() : OptionalInt.of(e.port());
  }

  @Override
  public void close() {
    HttpEndpoint e = endpoint;
    endpoint = null;
    if (e != null) {
      e.close();
    }
  }

  // ---- the shutdown lines ----------------------------------------------------------------------

  /** What is in flight, queued and settling as shutdown begins. */
  static String stopping(List<String> running, int queued, int settling) {
    return "stopping: "
        + running.size()
        + " jobs in flight"
        + (running.isEmpty() ? "" : " (" + names(running) + ")")
        + ", "
        + queued
        + " queued, "
        + settling
        + " files in the hot folder still settling";
  }

  /**
   * What was left undone, for the next start.
   *
   * @param running the jobs in flight when shutdown began
   * @param cutShort how many were still running when the grace period ended
   */
  String unfinished(List<String> running, int cutShort) {
    List<String> left;
    synchronized (abandoned) {
      left = List.copyOf(abandoned);
    }
    if (left.isEmpty()) {
      return "nothing left in flight";
    }
    List<String> cut = running.stream().filter(left::contains).toList();
    return "left unfinished, for the next start: "
        + (cutShort > 0
            ? cutShort
                + " running when the grace period ended"
                + (cut.isEmpty() ? "" : " (" + names(cut) + ")")
                + ", "
            : "")
        + (left.size() - Math.min(cutShort, left.size()))
        + " not started";
  }

  /** Up to 5 names, then how many more. */
  private static String names(List<String> all) {
    String shown = String.join(", ", all.subList(0, Math.min(5, all.size())));
    return all.size() > 5 ? shown + " and " + (all.size() - 5) + " more" : shown;
  }

  /** What the monitoring reads of the daemon, as it is at each look (parts change on a reload). */
  static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Supplier<Settings> settings;
    private Supplier<WorkerPool> pool;
    private Supplier<List<Watched>> folders;
    private BooleanSupplier stopping = () -> false;
    private Supplier<ClusterView> cluster = () -> null;

    private Builder() {}

    /** Cluster mode as last read from the claim database (default: one host, none). */
    Builder cluster(Supplier<ClusterView> cluster) {
      this.cluster = cluster;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The settings in force. */
    Builder settings(Supplier<Settings> settings) {
      this.settings = settings;
      return this;
    }

    Builder pool(Supplier<WorkerPool> pool) {
      this.pool = pool;
      return this;
    }

    /** The hot folders in force, in the configuration's order, each with its watcher in force. */
    Builder folders(Supplier<List<Watched>> folders) {
      this.folders = folders;
      return this;
    }

    /** True once the daemon is shutting down (default: never). */
    Builder stopping(BooleanSupplier stopping) {
      this.stopping = stopping;
      return this;
    }

    Monitoring build() {
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(folders, "folders");
      Objects.requireNonNull(stopping, "stopping");
      Objects.requireNonNull(cluster, "cluster");
      return new Monitoring(this);
    }
  }
}
