package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.OneJobPerFile;
import io.hotshrink.job.Pipeline;
import io.hotshrink.pool.ChildLauncher;
import io.hotshrink.pool.JvmLauncher;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.watch.HotFolder;
import io.hotshrink.watch.Refusal;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service: watches the hot folder and feeds settled files through the pool to the
 * drop folder. {@link #start} and {@link #stop} are its whole lifecycle, used by {@code run}, by
 * the commons-daemon adapter and by tests; made with {@link #builder()}.
 *
 * <p>It owns what the hot folder's runtime ({@link FolderRuntime}: watcher, journal, pipeline,
 * retries) shares with the rest: the pool of children, the publishing thread, the upkeep thread,
 * the monitoring, and the one-job-per-file gate in front of the pipeline.
 */
public final class HotshrinkDaemon {
  private static final Logger log = LoggerFactory.getLogger(HotshrinkDaemon.class);

  // Replaced by reload(), under this object's lock; read without it by job threads.
  private volatile Settings settings;

  private final Clock clock;
  private final Function<Settings, ChildLauncher> launchers;
  private final WorkerPool pool;
  private final String childCommand;

  private final ExecutorService publishing;
  private final Monitoring monitoring;
  // Keyed by the file's path: a version that comes while its file's job runs waits.
  private final OneJobPerFile jobs;
  private final Upkeep upkeep = new Upkeep();
  private final FolderRuntime folder;
  private final Reload reloads;
  private boolean started;
  private final CompletableFuture<String> fatal = new CompletableFuture<>();
  private volatile boolean stopped;

  private HotshrinkDaemon(Builder b) {
    this.settings = b.settings;
    this.clock = b.clock;
    this.launchers = b.launchers;
    this.monitoring =
        Monitoring.builder()
            .clock(clock)
            .settings(this::settings)
            .pool(this::pool)
            .hotFolder(this::hotFolder)
            .stopping(() -> stopped)
            .build();
    this.jobs = new OneJobPerFile(this::process, monitoring::dropped);
    PoolListener both = monitoring.poolListener(b.listener, fatal::complete);
    ChildLauncher launcher = launchers.apply(settings);
    this.childCommand = launcher.describe();
    WorkerPool.Timing timing = b.timing;
    this.pool = new WorkerPool(settings.pool(), launcher, clock, new SecureRandom(), both, timing);
    this.publishing = Executors.newSingleThreadExecutor(Threads.named("hotshrink-publish"));
    this.folder =
        FolderRuntime.builder()
            .settings(settings)
            .clock(clock)
            .pool(pool)
            .publishOn(publishing)
            .upkeep(upkeep)
            .monitoring(monitoring)
            .gate(jobs::submit)
            .watchers(this::newHotFolder)
            .fatal(fatal::complete)
            .build();
    this.reloads = new Reload(monitoring, folder);
  }

  /**
   * A daemon on given settings; unless told otherwise, the production one: real child JVMs, the
   * system clock (see {@link Builder}).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The production launcher: child JVMs started with the settings' heap, options and engine. */
  public static ChildLauncher jvmLauncher(Settings s) {
    return new JvmLauncher(s.pool(), s.resize().engine());
  }

  private HotFolder newHotFolder(Settings s) {
    return HotFolder.builder()
        .root(s.input())
        .settings(s.watch())
        .clock(clock)
        .sink(jobs::submit)
        .rejected(this::rejected)
        .listener(monitoring.watchListener(s.input()))
        .build();
  }

  // The folder's runtime is made after the gate and the monitoring, which reach it through these.

  /** A settled file's job, let through by the gate: on the folder's pipeline. */
  private CompletableFuture<Pipeline.Outcome> process(Source src) {
    return folder.process(src);
  }

  /** A file the watcher refused: the folder sends it to the failed folder, with the reason. */
  private void rejected(Source src, Refusal reason) {
    folder.refuse(src, reason);
  }

  private HotFolder hotFolder() {
    return folder.hotFolder();
  }

  /**
   * Creates the folders, takes the state folder's lock, opens the HTTP endpoint (a port that is
   * taken stops the start before any child is started), starts the children and starts watching
   * (with a start-up scan). Meanwhile, in the background: the journal is read and any publish the
   * previous run's end cut short is finished, before any job runs; then temp files an earlier run
   * left are removed.
   *
   * @throws IOException when a folder cannot be created, another daemon uses the state folder, or
   *     the endpoint cannot listen
   */
  public synchronized void start() throws IOException {
    FolderRuntime.createFolders(settings);
    folder.lockJournal();
    try {
      monitoring.open(settings.http());
    } catch (IOException | RuntimeException e) {
      folder.closeJournal(); // the next attempt (systemd's restart) must find the state folder free
      throw e;
    }
    log.info("child command: {}", childCommand); // once, for the service's log (batch: DEBUG)
    pool.start();
    folder.start();
    started = true;
  }

  /**
   * Applies a new configuration to the running daemon (see {@link ReloadPlan} for what each change
   * does, {@link Reload} for how). Jobs already running finish with the settings they started with.
   *
   * @return what changed, in words, for the log
   * @throws IOException when a new folder cannot be created; nothing has been changed then
   */
  public synchronized String reload(Settings next) throws IOException {
    if (stopped || !started) {
      throw new IllegalStateException("the daemon is not running");
    }
    folder.awaitRecovered(); // the journal may be moved below: not while it is being read
    ReloadPlan plan = ReloadPlan.between(settings, next);
    if (plan.nothingChanged()) {
      settings = next;
      return plan.describe();
    }
    reloads.apply(settings, next, plan); // throws with nothing changed
    if (plan.pool() != ReloadPlan.PoolChange.NONE) {
      // The pool replaces its children or not by comparing the new launcher's ChildSpec with the
      // old one's; the plan made the same comparison to say so in the log.
      pool.reconfigure(next.pool(), launchers.apply(next));
    }
    settings = next;
    return plan.describe();
  }

  /** The settings in force. */
  public Settings settings() {
    return settings;
  }

  /** Completes with the reason when the daemon cannot go on (children never start). */
  public CompletableFuture<String> fatal() {
    return fatal;
  }

  /** How many jobs have ended in each way since start: "published", "failed", ... */
  public long count(String outcome) {
    return folder.count(Pipeline.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
  }

  /**
   * Walks the hot folder again now, as the periodic rescan would; completes once the walk is over
   * and what it found is settling (see {@link HotFolder#rescanNow}).
   */
  public CompletableFuture<Void> rescan() {
    return folder.hotFolder().rescanNow("requested rescan");
  }

  /**
   * True when nothing is under way: no file settling in the hot folder, no job running or waiting
   * for a child, no refused file on its way to the failed folder. After {@link #rescan} has
   * completed, the first time this is true every file the walk found has been dealt with.
   */
  public boolean idle() {
    return folder.idle() && jobs.active() == 0;
  }

  public boolean isWatching() {
    return folder.hotFolder().isWatching();
  }

  public WorkerPool pool() {
    return pool;
  }

  /** The port the HTTP endpoint listens on, if it is open. */
  public OptionalInt httpPort() {
    return monitoring.httpPort();
  }

  /**
   * Ordered, bounded shutdown: stop watching, stop taking jobs, let running jobs finish within
   * {@code pool.shutdown-grace}, stop the children (politely, then forcibly), finish publishing.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    long t0 = clock.millis();
    List<String> running = pool.inFlightLabels();
    int settling = folder.hotFolder().waiting().files();
    log.info("{}", Monitoring.stopping(running, pool.queued(), settling));
    folder.stopWatching();
    int cutShort = pool.shutdown(settings.pool().shutdownGrace());
    publishing.shutdown();
    try {
      if (!publishing.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("publishing did not finish within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    upkeep.close();
    folder.closeJournal();
    monitoring.close();
    log.info("stopped in {} ms; {}", clock.millis() - t0, monitoring.unfinished(running, cutShort));
  }

  /** Last resort from a JVM shutdown hook: no child may outlive us. */
  public void killChildren() {
    pool.killAll();
  }

  /**
   * What a daemon is made of. The production defaults are here, in one place: the system clock,
   * real child JVMs ({@link #jvmLauncher}), no listener but the metrics, the pool's own timing.
   * Tests swap them.
   */
  public static final class Builder {
    private Settings settings;
    private Clock clock = Clock.systemUTC();
    private Function<Settings, ChildLauncher> launchers = HotshrinkDaemon::jvmLauncher;
    private PoolListener listener = PoolListener.NONE;
    private WorkerPool.Timing timing = WorkerPool.Timing.DEFAULT;

    private Builder() {}

    /** The settings to start with (required). */
    public Builder settings(Settings settings) {
      this.settings = settings;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** One launcher whatever the settings (a reload cannot change how children start). */
    public Builder launcher(ChildLauncher launcher) {
      Objects.requireNonNull(launcher, "launcher");
      this.launchers = s -> launcher;
      return this;
    }

    /**
     * Makes the launcher for children started with given settings (again on a reload that changes
     * how children are started).
     */
    public Builder launchers(Function<Settings, ChildLauncher> launchers) {
      this.launchers = launchers;
      return this;
    }

    /** Also hears about the pool's children (tests), after the metrics. */
    public Builder listener(PoolListener listener) {
      this.listener = listener;
      return this;
    }

    /** The pool's ticks, deadlines and back-offs. */
    public Builder timing(WorkerPool.Timing timing) {
      this.timing = timing;
      return this;
    }

    public HotshrinkDaemon build() {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(launchers, "launchers");
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(timing, "timing");
      return new HotshrinkDaemon(this);
    }
  }
}
