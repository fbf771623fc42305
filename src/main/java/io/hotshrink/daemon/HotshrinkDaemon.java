package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.OneJobPerFile;
import io.hotshrink.job.Pipeline;
import io.hotshrink.job.RetryScheduler;
import io.hotshrink.journal.Journal;
import io.hotshrink.pool.ChildLauncher;
import io.hotshrink.pool.JvmLauncher;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.watch.HotFolder;
import io.hotshrink.watch.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service: watches the hot folder and feeds settled files through the pool to the
 * drop folder. {@link #start} and {@link #stop} are its whole lifecycle, used by {@code run}, by
 * the commons-daemon adapter and by tests.
 */
public final class HotshrinkDaemon {
  private static final Logger log = LoggerFactory.getLogger(HotshrinkDaemon.class);

  // Replaced together by reload(), under this object's lock; read without it by job threads.
  private volatile Settings settings;
  private final AtomicReference<Pipeline> pipeline = new AtomicReference<>();
  private volatile HotFolder hotFolder;

  private final Clock clock;
  private final Function<Settings, ChildLauncher> launchers;
  private final WorkerPool pool;
  private final String childCommand;

  /** Refused files on their way to the failed folder (see {@link #idle}). */
  private final java.util.concurrent.atomic.AtomicInteger refusing =
      new java.util.concurrent.atomic.AtomicInteger();

  private final ExecutorService publishing;
  private final Monitoring monitoring;
  private final OneJobPerFile jobs;
  private final Upkeep upkeep = new Upkeep();
  private final RetryScheduler retries;
  // Opened by start(); replaced by a reload that moves the state folder or the hot folder.
  private volatile Journal journal;
  // Done once the journal is read and the publishes a crash cut short are finished: jobs wait for
  // it, the watcher does not (its start-up scan runs meanwhile).
  private final CompletableFuture<Void> recovered = new CompletableFuture<>();
  private boolean started;
  private final CompletableFuture<String> fatal = new CompletableFuture<>();
  private final java.util.Map<Pipeline.Outcome, java.util.concurrent.atomic.LongAdder> outcomes =
      new java.util.EnumMap<>(Pipeline.Outcome.class);
  private volatile boolean stopped;

  /** The production daemon: real child JVMs, the system clock. */
  public HotshrinkDaemon(Settings settings) {
    this(
        settings,
        Clock.systemUTC(),
        (Function<Settings, ChildLauncher>) HotshrinkDaemon::jvmLauncher,
        PoolListener.NONE,
        WorkerPool.Timing.DEFAULT);
  }

  /** As below, with one launcher whatever the settings (a reload cannot change how it starts). */
  public HotshrinkDaemon(
      Settings settings,
      Clock clock,
      ChildLauncher launcher,
      PoolListener listener,
      WorkerPool.Timing timing) {
    this(settings, clock, (Function<Settings, ChildLauncher>) s -> launcher, listener, timing);
  }

  /**
   * @param launchers makes the launcher for children started with given settings (again on a reload
   *     that changes how children are started)
   * @param listener also hears about the pool's children (tests and monitoring)
   */
  public HotshrinkDaemon(
      Settings settings,
      Clock clock,
      Function<Settings, ChildLauncher> launchers,
      PoolListener listener,
      WorkerPool.Timing timing) {
    this.settings = settings;
    this.clock = clock;
    this.launchers = launchers;
    for (Pipeline.Outcome o : Pipeline.Outcome.values()) {
      outcomes.put(o, new java.util.concurrent.atomic.LongAdder());
    }
    this.monitoring =
        Monitoring.builder()
            .clock(clock)
            .settings(this::settings)
            .pool(this::pool)
            .hotFolder(() -> hotFolder)
            .stopping(() -> stopped)
            .build();
    this.jobs = new OneJobPerFile(this::process, monitoring::dropped);
    PoolListener both = monitoring.poolListener(listener, fatal::complete);
    ChildLauncher launcher = launchers.apply(settings);
    this.childCommand = launcher.describe();
    this.pool = new WorkerPool(settings.pool(), launcher, clock, new SecureRandom(), both, timing);
    this.publishing = Executors.newSingleThreadExecutor(Threads.named("hotshrink-publish"));
    this.retries =
        RetryScheduler.builder()
            .maxDelay(settings.lifecycle().retryMaxDelay())
            .clock(clock)
            .timer(upkeep)
            .resubmit(jobs::submit)
            .sameVersionThere(this::sameVersionThere)
            .build();
    this.hotFolder = newHotFolder(settings);
  }

  /** The pipeline for jobs that start under {@code s} (needs the journal: after start). */
  private Pipeline newPipeline(Settings s) {
    return Pipeline.builder()
        .settings(s)
        .pool(pool)
        .publishOn(publishing)
        .clock(clock)
        .moveFailures(true)
        .journal(journal)
        .retries(retries)
        .recorder(monitoring.metrics())
        .build();
  }

  /** The production launcher: child JVMs started with the settings' heap, options and engine. */
  public static ChildLauncher jvmLauncher(Settings s) {
    return new JvmLauncher(s.pool(), s.resize().engine());
  }

  private HotFolder newHotFolder(Settings s) {
    return new HotFolder(
        s.input(),
        s.watch(),
        clock,
        jobs::submit,
        this::rejected,
        monitoring.watchListener(s.input()));
  }

  /** For a job waiting to be tried again: false, and no longer waiting, once it changed or went. */
  private boolean sameVersionThere(Source src) {
    if (Pipeline.changedOnDisk(src)) {
      monitoring.dropped(src); // the watcher hands on the new version, if there is one
      return false;
    }
    return true;
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
    createFolders(settings);
    Journal j = Journal.lock(settings.lifecycle().state(), settings.input());
    try {
      monitoring.open(settings.http());
    } catch (IOException | RuntimeException e) {
      j.close(); // the next attempt (systemd's restart) must find the state folder free
      throw e;
    }
    journal = j;
    Pipeline first = newPipeline(settings);
    pipeline.set(first);
    log.info("child command: {}", childCommand); // once, for the service's log (batch: DEBUG)
    pool.start();
    upkeep.execute(
        () -> {
          try {
            j.load();
            // Before any job and before temp files are cleared: these publishes need theirs.
            first.commit().finishInterrupted(settings.input());
            recovered.complete(null);
          } catch (IOException | RuntimeException e) {
            log.error(
                "cannot read the journal in {}: {}", settings.lifecycle().state(), e.toString());
            recovered.completeExceptionally(e);
            fatal.complete("cannot read the journal in " + settings.lifecycle().state() + ": " + e);
            return;
          }
          upkeep.removeStrayTemps(settings);
          upkeep.sweepJournal(() -> journal, () -> settings.input());
        });
    hotFolder.start();
    started = true;
  }

  private static void createFolders(Settings s) throws IOException {
    Files.createDirectories(s.input());
    Files.createDirectories(s.output());
    Files.createDirectories(s.failed());
    Files.createDirectories(s.lifecycle().state());
    if (s.lifecycle().afterSuccess() == Settings.Lifecycle.AfterSuccess.ARCHIVE) {
      Files.createDirectories(s.lifecycle().archive());
    }
  }

  /**
   * Opens the journal for {@code to} in place of the one for {@code from} (a reload moved the state
   * folder or the hot folder). Nothing changes when it cannot be opened.
   */
  private void moveJournal(Settings from, Settings to) throws IOException {
    Path a = from.lifecycle().state();
    Path b = to.lifecycle().state();
    if (a.equals(b) && from.input().equals(to.input())) {
      return;
    }
    Journal old = journal;
    if (a.equals(b)) {
      old.close(); // its lock must be free for the new one
      try {
        journal = Journal.open(b, to.input());
      } catch (IOException e) {
        journal = Journal.open(a, from.input());
        throw e;
      }
    } else {
      journal = Journal.open(b, to.input());
      old.close();
    }
  }

  /**
   * Applies a new configuration to the running daemon (see {@link ReloadPlan} for what each change
   * does). Jobs already running finish with the settings they started with.
   *
   * @return what changed, in words, for the log
   * @throws IOException when a new folder cannot be created; nothing has been changed then
   */
  public synchronized String reload(Settings next) throws IOException {
    if (stopped || !started) {
      throw new IllegalStateException("the daemon is not running");
    }
    recovered.join(); // the journal may be moved below: not while it is being read
    ReloadPlan plan = ReloadPlan.between(settings, next);
    if (plan.nothingChanged()) {
      settings = next;
      return plan.describe();
    }
    createFolders(next);
    boolean moveEndpoint = !next.http().equals(settings.http());
    if (moveEndpoint) {
      monitoring.move(settings.http(), next.http()); // throws, with nothing changed, if it cannot
    }
    try {
      moveJournal(settings, next);
    } catch (IOException | RuntimeException e) {
      if (moveEndpoint) {
        moveEndpointBack(next);
      }
      throw e;
    }
    pipeline.set(newPipeline(next));
    retries.maxDelay(next.lifecycle().retryMaxDelay());
    if (plan.restartWatcher()) {
      // Close first, so the two never hand on the same file; whatever arrives in between is found
      // by the new watcher's start-up scan.
      hotFolder.close();
      HotFolder fresh = newHotFolder(next);
      try {
        fresh.start();
      } catch (IOException | RuntimeException e) {
        fresh.close();
        // Undo: back to the previous settings, watching where we did.
        moveJournal(next, settings);
        pipeline.set(newPipeline(settings));
        retries.maxDelay(settings.lifecycle().retryMaxDelay());
        if (moveEndpoint) {
          moveEndpointBack(next);
        }
        hotFolder = newHotFolder(settings);
        hotFolder.start();
        throw e;
      }
      hotFolder = fresh;
    }
    switch (plan.pool()) {
      case REPLACE -> pool.reconfigure(next.pool(), launchers.apply(next), true);
      case ADJUST -> pool.reconfigure(next.pool(), launchers.apply(next), false);
      case NONE -> {}
    }
    settings = next;
    return plan.describe();
  }

  /** After a failed reload: the endpoint goes back where it was (logged if it cannot). */
  private void moveEndpointBack(Settings next) {
    try {
      monitoring.move(next.http(), settings.http());
    } catch (IOException again) {
      log.error("{}", again.getMessage());
    }
  }

  /** The settings in force. */
  public Settings settings() {
    return settings;
  }

  private CompletableFuture<Pipeline.Outcome> process(Source src) {
    if (!recovered.isDone()) {
      return recovered.thenCompose(v -> process(src));
    }
    CompletableFuture<Pipeline.Outcome> job;
    try {
      job = pipeline.get().process(src);
    } catch (RuntimeException e) {
      monitoring.dropped(src);
      throw e;
    }
    return job.thenApply(outcome -> ended(src, outcome));
  }

  /**
   * A file the watcher judged without a job: a JPEG whose end never arrived, an empty file, a file
   * named like a JPEG that is not one. It goes to the failed folder, with the reason.
   */
  private void rejected(Source src, Refusal reason) {
    monitoring.dropped(src); // decided on now: it is not waiting for a child
    refusing.incrementAndGet();
    pipeline
        .get()
        .refuse(src, reason, again -> rejected(again, reason))
        .thenAccept(outcome -> ended(src, outcome))
        .whenComplete((v, e) -> refusing.decrementAndGet());
  }

  private Pipeline.Outcome ended(Source src, Pipeline.Outcome outcome) {
    outcomes.get(outcome).increment();
    monitoring.ended(src, outcome);
    if (outcome != Pipeline.Outcome.RETRY) {
      retries.done(src); // a RETRY was put off by the pipeline, with its reason
    }
    return outcome;
  }

  /** Completes with the reason when the daemon cannot go on (children never start). */
  public CompletableFuture<String> fatal() {
    return fatal;
  }

  /** How many jobs have ended in each way since start: "published", "failed", ... */
  public long count(String outcome) {
    return outcomes.get(Pipeline.Outcome.valueOf(outcome.toUpperCase(java.util.Locale.ROOT))).sum();
  }

  /**
   * Walks the hot folder again now, as the periodic rescan would; completes once the walk is over
   * and what it found is settling (see {@link HotFolder#rescanNow}).
   */
  public CompletableFuture<Void> rescan() {
    return hotFolder.rescanNow("requested rescan");
  }

  /**
   * True when nothing is under way: no file settling in the hot folder, no job running or waiting
   * for a child, no refused file on its way to the failed folder. After {@link #rescan} has
   * completed, the first time this is true every file the walk found has been dealt with.
   */
  public boolean idle() {
    return hotFolder.waiting().files() == 0 && jobs.active() == 0 && refusing.get() == 0;
  }

  public boolean isWatching() {
    return hotFolder.isWatching();
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
    log.info("{}", Monitoring.stopping(running, pool.queued(), hotFolder.waiting().files()));
    hotFolder.close();
    retries.close();
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
    Journal j = journal;
    if (j != null) {
      j.close();
    }
    monitoring.close();
    log.info("stopped in {} ms; {}", clock.millis() - t0, monitoring.unfinished(running, cutShort));
  }

  /** Last resort from a JVM shutdown hook: no child may outlive us. */
  public void killChildren() {
    pool.killAll();
  }
}
