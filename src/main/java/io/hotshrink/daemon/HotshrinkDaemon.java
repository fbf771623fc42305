package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.cluster.ClusterSettings;
import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.OneJobPerFile;
import io.hotshrink.job.Pipeline;
import io.hotshrink.pool.ChildLauncher;
import io.hotshrink.pool.JvmLauncher;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.watch.HotFolder;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running service: watches the hot folders and feeds settled files through the pool to
 * their drop folders. {@link #start} and {@link #stop} are its whole lifecycle, used by {@code
 * run}, by the commons-daemon adapter and by tests; made with {@link #builder()}.
 *
 * <p>It owns one {@link FolderRuntime} per hot folder of the settings (watcher, journal, pipeline,
 * retries) and what they all share: the pool of children (each folder's jobs in its own lane), the
 * publishing thread, the upkeep thread, the monitoring, and the one-job-per-file gate in front of
 * the pipelines.
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
  // Keyed by folder and path: a version that comes while its file's job runs waits.
  private final OneJobPerFile jobs;
  private final Upkeep upkeep;
  private final FolderSet folders;
  // Cluster mode (cluster.store = postgres): settled files go to the claim database; null on one
  // host.
  private final ClusterRuntime cluster;
  private boolean started;
  private final CompletableFuture<String> fatal = new CompletableFuture<>();
  private volatile boolean stopped;

  HotshrinkDaemon(DaemonBuilder b) {
    this.settings = b.settings;
    this.clock = b.clock;
    this.launchers = b.launchers;
    ClusterSettings shared =
        settings.cluster().isShared() ? ClusterSettingsFrom.of(settings.cluster()) : null;
    this.cluster =
        shared == null
            ? null
            : ClusterRuntime.builder()
                .settings(shared)
                .route(this::routed)
                .folders(this::folderNames)
                .room(this::claimRoom)
                .monitoring(this::monitoring)
                .fatal(fatal::complete)
                .build();
    this.upkeep = new Upkeep(cluster == null ? null : cluster::liveRuns);
    this.monitoring =
        Monitoring.builder()
            .clock(clock)
            .settings(this::settings)
            .pool(this::pool)
            .folders(this::watched)
            .stopping(() -> stopped)
            .cluster(() -> cluster == null ? null : cluster.view())
            .build();
    this.jobs = new OneJobPerFile(this::process, monitoring::dropped);
    PoolListener both = monitoring.poolListener(b.listener, fatal::complete);
    ChildLauncher launcher = launchers.apply(settings);
    this.childCommand = launcher.describe();
    WorkerPool.Timing timing = b.timing;
    this.pool = new WorkerPool(settings.pool(), launcher, clock, new SecureRandom(), both, timing);
    this.publishing = Executors.newSingleThreadExecutor(Threads.named("hotshrink-publish"));
    this.folders = new FolderSet(settings, this::newFolder, monitoring::forget);
  }

  /**
   * A daemon on given settings; unless told otherwise, the production one: real child JVMs, the
   * system clock (see {@link DaemonBuilder}).
   */
  public static DaemonBuilder builder() {
    return new DaemonBuilder();
  }

  /** The production launcher: child JVMs started with the settings' heap, options and engine. */
  public static ChildLauncher jvmLauncher(Settings s) {
    return new JvmLauncher(s.pool(), s.resize().engine());
  }

  private FolderRuntime newFolder(Settings.Folder f) {
    return FolderRuntime.builder()
        .name(f.name())
        .settings(f.settings())
        .clock(clock)
        .pool(pool)
        .publishOn(publishing)
        .upkeep(upkeep)
        .monitoring(monitoring)
        .gate(src -> jobs.submit(f.name(), src))
        .watchers(this::newHotFolder)
        .fatal(fatal::complete)
        .clustered(cluster != null)
        .build();
  }

  private HotFolder newHotFolder(FolderRuntime folder, Settings s) {
    return HotFolder.builder()
        .root(s.input())
        .settings(s.watch())
        .clock(clock)
        .sink(src -> jobs.submit(folder.name(), src))
        // to the failed folder, with the reason (in cluster mode, by the host that claims it)
        .rejected(
            cluster == null
                ? folder::refuse
                : (src, reason) -> cluster.refused(folder.name(), src, reason))
        .listener(monitoring.watchListener(folder.name(), s.input()))
        .build();
  }

  /** A settled file's job, let through by the gate: on its folder's pipeline. */
  private CompletableFuture<Pipeline.Outcome> process(String folder, Source src) {
    if (cluster != null) {
      return cluster.settled(folder, src); // offered; run by whichever host claims it
    }
    FolderRuntime f = folders.route(folder);
    if (f == null) {
      // Its folder was removed and has drained: the file is left where it is.
      monitoring.dropped(folder, src);
      return CompletableFuture.completedFuture(Pipeline.Outcome.GONE);
    }
    return f.process(src);
  }

  private FolderRuntime routed(String folder) {
    return folders.route(folder);
  }

  private Monitoring monitoring() {
    return monitoring;
  }

  /**
   * Cluster mode: how many claims this host takes on at once: two per child thread, so that a child
   * never waits for the next claim, and no more, so that the other hosts get the rest.
   */
  private int claimRoom() {
    Settings.Pool p = settings.pool();
    return 2 * p.workers() * p.threads();
  }

  private List<Monitoring.Watched> watched() {
    List<Monitoring.Watched> out = new ArrayList<>();
    for (FolderRuntime f : folders.inForce()) {
      out.add(new Monitoring.Watched(f.name(), f.settings().input(), f.hotFolder()));
    }
    return out;
  }

  /**
   * Creates the folders, takes every state folder's lock (if one cannot be taken, those taken are
   * freed and nothing has started), opens the HTTP endpoint (a port that is taken stops the start
   * before any child is started), starts the children and starts watching every hot folder (with a
   * start-up scan). Meanwhile, in the background: each journal is read and any publish the previous
   * run's end cut short is finished, before any of its folder's jobs runs; then temp files an
   * earlier run left are removed.
   *
   * @throws IOException when a folder cannot be created, another daemon uses a state folder, or the
   *     endpoint cannot listen
   */
  public synchronized void start() throws IOException {
    for (FolderRuntime f : folders.inForce()) {
      FolderRuntime.createFolders(f.settings());
    }
    List<FolderRuntime> locked = new ArrayList<>();
    try {
      for (FolderRuntime f : folders.inForce()) {
        f.lockJournal();
        locked.add(f);
      }
      monitoring.open(settings.http());
    } catch (IOException | RuntimeException e) {
      // The next attempt (systemd's restart) must find the state folders free.
      locked.forEach(FolderRuntime::closeJournal);
      throw e;
    }
    log.info("child command: {}", childCommand); // once, for the service's log (batch: DEBUG)
    pool.lanePriorities(FolderSet.priorities(settings));
    pool.start();
    if (cluster != null) {
      try {
        cluster.start(); // may wait out the lease of this node's previous run, if it crashed
      } catch (RuntimeException e) {
        pool.shutdown(settings.pool().shutdownGrace());
        folders.inForce().forEach(FolderRuntime::closeJournal);
        monitoring.close();
        throw new IOException("cannot join the cluster: " + e.getMessage(), e);
      }
    }
    folders.start();
    started = true;
  }

  /**
   * Applies a new configuration to the running daemon: folders added are started, folders removed
   * stop watching (their jobs in flight finish and publish, then their journals close; their files
   * are left), and each folder whose settings changed is reloaded as {@link ReloadPlan} says
   * ({@link Reload}). Jobs already running finish with the settings they started with.
   *
   * <p>A reload that fails leaves the daemon as it was: the endpoint moves back, folders already
   * reloaded are reloaded back to their old settings (an error doing so is logged), folders added
   * are closed again, no folder is removed.
   *
   * @return what changed, in words, for the log
   * @throws IOException when a new folder cannot be created, a journal cannot be opened or a
   *     watcher cannot start; nothing has been changed then
   */
  public synchronized String reload(Settings next) throws IOException {
    if (stopped || !started) {
      throw new IllegalStateException("the daemon is not running");
    }
    for (FolderRuntime f : folders.inForce()) {
      f.awaitRecovered(); // a journal may be moved below: not while it is being read
    }
    ReloadPlan top = ReloadPlan.between(settings, next);
    if (top.nothingChanged() && next.folders().equals(settings.folders())) {
      settings = next;
      return top.describe();
    }
    List<String> words = new ArrayList<>();
    boolean moveEndpoint = !next.http().equals(settings.http());
    if (moveEndpoint) {
      monitoring.move(settings.http(), next.http()); // throws, with nothing changed, if it cannot
      words.add("http (endpoint moved)");
    }
    int before = folders.names().size();
    FolderSet.Change change;
    try {
      change = folders.apply(settings, next, words);
    } catch (IOException | RuntimeException e) {
      if (moveEndpoint) {
        moveEndpointBack(next, settings);
      }
      throw e;
    }
    folders.commit(next, change, words);
    pool.lanePriorities(FolderSet.priorities(next));
    if (top.pool() != ReloadPlan.PoolChange.NONE) {
      // The pool replaces its children or not by comparing the new launcher's ChildSpec with the
      // old one's; the plan made the same comparison to say so in the log.
      pool.reconfigure(next.pool(), launchers.apply(next));
      words.add(
          "pool "
              + (top.pool() == ReloadPlan.PoolChange.REPLACE
                  ? "(children replaced)"
                  : "(pool adjusted)"));
    }
    settings = next;
    if (folders.names().size() == 1
        && before == 1
        && change.added.isEmpty()
        && !top.nothingChanged()) {
      return top.describe(); // one folder: in the words of before, there being no folders to name
    }
    return words.isEmpty() ? top.describe() : "changed: " + String.join(", ", words);
  }

  /** After a failed reload: the endpoint goes back where it was (logged if it cannot). */
  private void moveEndpointBack(Settings next, Settings from) {
    try {
      monitoring.move(next.http(), from.http());
    } catch (IOException again) {
      log.error("{}", again.getMessage());
    }
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
    return folders.count(null, Pipeline.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
  }

  /** As {@link #count(String)}, of the jobs of one hot folder (0 for a folder never started). */
  public long count(String folder, String outcome) {
    return folders.count(folder, Pipeline.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
  }

  /** The names of the hot folders in force, in the configuration's order. */
  public List<String> folderNames() {
    return folders.names();
  }

  /**
   * Walks every hot folder again now, as the periodic rescan would; completes once the walks are
   * over and what they found is settling (see {@link HotFolder#rescanNow}).
   */
  public CompletableFuture<Void> rescan() {
    return CompletableFuture.allOf(
        folders.inForce().stream()
            .map(f -> f.hotFolder().rescanNow("requested rescan"))
            .toArray(CompletableFuture[]::new));
  }

  /**
   * True when nothing is under way: no file settling in a hot folder, no job running or waiting for
   * a child, no refused file on its way to the failed folder. After {@link #rescan} has completed,
   * the first time this is true every file the walks found has been dealt with.
   */
  public boolean idle() {
    return folders.routed().stream().allMatch(FolderRuntime::idle)
        && jobs.active() == 0
        && (cluster == null || cluster.idle());
  }

  /** True while every hot folder is watched. */
  public boolean isWatching() {
    return folders.inForce().stream().allMatch(f -> f.hotFolder().isWatching());
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
    int settling = folders.inForce().stream().mapToInt(f -> f.hotFolder().waiting().files()).sum();
    log.info("{}", Monitoring.stopping(running, pool.queued(), settling));
    folders.inForce().forEach(FolderRuntime::stopWatching);
    if (cluster != null) {
      cluster.stopClaiming(); // jobs in flight finish and commit; what is not claimed stays
    }
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
    if (cluster != null) {
      cluster.close(); // claims still held (a retry waiting) go back to the cluster at once
    }
    folders
        .everyFolder()
        .forEach(FolderRuntime::closeJournal); // removed ones too, if not drained yet
    monitoring.close();
    log.info("stopped in {} ms; {}", clock.millis() - t0, monitoring.unfinished(running, cutShort));
  }

  /** Last resort from a JVM shutdown hook: no child may outlive us. */
  public void killChildren() {
    pool.killAll();
  }
}
