package io.hotshrink.pool;

import io.hotshrink.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised pool of child JVMs, each running up to {@code threads} jobs at once, with one more
 * waiting there for the first thread that is free ({@link Dispatcher#AHEAD}).
 *
 * <ul>
 *   <li>Each child gets a budget of {@code recycle-after + random(0..recycle-jitter)} jobs, fixed
 *       at spawn; on reaching it (or going over {@code max-rss}) it takes no more, finishes what it
 *       has and exits, and its replacement is started at once, so throughput does not dip.
 *   <li>A job past {@code job-timeout} gets its child killed; a child that dies with jobs in flight
 *       has them sent again, each alone on a fresh quarantine child beside the regular ones (so a
 *       second death is pinned on the right job, and the other jobs do not wait); a job that loses
 *       two children fails with {@link WorkerLostException}.
 *   <li>A child that cannot even start is retried with exponential backoff; after {@code
 *       max-boot-failures} in a row the pool reports {@link PoolListener#fatal}.
 * </ul>
 *
 * <p>This class takes jobs and queues them ({@link JobQueue}); it applies new settings and shuts
 * the pool down. Sending queued jobs to children with a free slot is the {@link Dispatcher}'s; the
 * children themselves, from start to exit, are the {@link ChildSupervisor}'s; the periodic chores
 * (deadlines, memory) the {@link Housekeeper}'s; failed starts the {@link BootBackoff}'s.
 *
 * <p>All state is guarded by one lock ({@link PoolLock}). Nothing outside the pool is called while
 * it is held: the listener's calls and the completion of futures are queued under it and run by the
 * same thread once it has let go, in the order they were queued. Futures are completed on pool
 * threads: callers should continue with the {@code *Async} methods. Timeouts, back-offs and waits
 * go by the clock given to the constructor.
 */
public final class WorkerPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /**
   * Supervision timings that are not user settings (tests shorten them).
   *
   * @param aging a queued job that has waited this long goes ahead of larger ones
   */
  public record Timing(
      Duration bootBackoffBase,
      Duration bootBackoffMax,
      Duration bootTimeout,
      Duration stopWait,
      Duration aging) {
    public static final Timing DEFAULT =
        new Timing(
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30));
  }

  /** The lane of the jobs submitted without one: the top-level hot folder's. */
  public static final String DEFAULT_LANE = Settings.DEFAULT_FOLDER;

  private final Clock clock;
  private final PoolLock lock;
  private final JobQueue queue;
  private final ChildSupervisor children;
  private final Housekeeper housekeeper;
  private final Dispatcher dispatcher;
  private final AtomicLong ids = new AtomicLong();

  public WorkerPool(
      Settings.Pool settings,
      ChildLauncher launcher,
      Clock clock,
      Random random,
      PoolListener listener,
      Timing timing) {
    this(settings, launcher, clock, random, listener, timing, Rss.forThisSystem());
  }

  /**
   * @param rss how the children's resident memory is read
   */
  WorkerPool(
      Settings.Pool settings,
      ChildLauncher launcher,
      Clock clock,
      Random random,
      PoolListener listener,
      Timing timing,
      Rss rss) {
    this.clock = clock;
    this.lock = new PoolLock(clock);
    this.queue = new JobQueue(timing.aging().toMillis());
    this.children =
        new ChildSupervisor(
            settings, launcher, lock, clock, random, listener, timing, rss, queue, this::dispatch);
    this.housekeeper = new Housekeeper(lock, clock, timing, rss, children, this::dispatch);
    this.dispatcher = new Dispatcher(clock, queue, children);
  }

  /** Starts the children and the supervision timer. */
  public void start() {
    housekeeper.start();
    lock.lock();
    try {
      log.debug("child command: {}", children.describeLauncher());
      children.ensureChildren();
    } finally {
      lock.unlock();
    }
  }

  /** As {@link #submit(String, Map, long)} with no size preference. */
  public CompletableFuture<Reply> submit(String label, Map<String, String> request) {
    return submit(label, request, 0);
  }

  /** As {@link #submit(String, String, Map, long)} in the lane {@link #DEFAULT_LANE}. */
  public CompletableFuture<Reply> submit(String label, Map<String, String> request, long weight) {
    return submit(DEFAULT_LANE, label, request, weight);
  }

  /**
   * Queues a job in the queue of {@code lane} (a hot folder's name). When jobs of several lanes are
   * waiting, the children take them from the lanes in turn, each lane's share set by {@link
   * #lanePriorities}, so that a flood into one lane cannot hold back another. The future completes
   * with the child's answer, or exceptionally with {@link WorkerLostException} (its children kept
   * dying) or {@link PoolClosedException} (shutdown).
   *
   * @param label what to call the job in logs (its file name)
   * @param weight within its lane, larger jobs are sent first (the input's size)
   */
  public CompletableFuture<Reply> submit(
      String lane, String label, Map<String, String> request, long weight) {
    Task t = new Task(ids.incrementAndGet(), Objects.requireNonNull(lane), label, request, weight);
    lock.lock();
    try {
      if (children.closing()) {
        lock.callOut(
            () ->
                t.future.completeExceptionally(
                    new PoolClosedException("the pool is shutting down")));
        return t.future;
      }
      queue.add(t, clock.millis());
      dispatch();
    } finally {
      lock.unlock();
    }
    return t.future;
  }

  /**
   * The share of the children each lane gets while several have work waiting: a lane of priority 3
   * has three jobs sent for each one of a lane of priority 1. A lane not named has priority 1.
   */
  public void lanePriorities(Map<String, Integer> priorities) {
    lock.lock();
    try {
      queue.priorities(priorities);
    } finally {
      lock.unlock();
    }
  }

  /** Jobs waiting for a child, per lane (lanes with none waiting are left out). */
  public Map<String, Integer> queuedByLane() {
    lock.lock();
    try {
      // A job sent ahead waits in its child for a thread: still waiting, as in queued().
      Map<String, Integer> n = new TreeMap<>(queue.sizeByLane());
      for (Child c : children.all()) {
        c.inFlight.values().stream()
            .filter(t -> t.waiting)
            .forEach(t -> n.merge(t.lane, 1, Integer::sum));
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Jobs running on children, per lane (lanes with none running are left out). */
  public Map<String, Integer> inFlightByLane() {
    lock.lock();
    try {
      Map<String, Integer> n = new TreeMap<>();
      for (Child c : children.all()) {
        c.inFlight.values().stream()
            .filter(t -> !t.waiting)
            .forEach(t -> n.merge(t.lane, 1, Integer::sum));
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies new pool settings and the launcher for children started from now on (a configuration
   * reload). Whether the current children are replaced follows from comparing the old launcher's
   * {@link ChildSpec} with the new one's: when they differ (heap, JVM options, threads or engine),
   * every current child is retired gracefully: it finishes its jobs while its replacement, from the
   * new launcher, starts. Otherwise only the pool size and the limits change: extra children are
   * retired, missing ones started, and new deadlines, budgets and memory limits apply from the next
   * job or child on.
   */
  public void reconfigure(Settings.Pool newSettings, ChildLauncher newLauncher) {
    lock.lock();
    try {
      children.reconfigure(newSettings, newLauncher);
      dispatch();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Jobs not yet running: waiting for a child, or on one for a thread ({@link Dispatcher#AHEAD}).
   */
  public int queued() {
    lock.lock();
    try {
      return queue.size() + children.inFlight() - children.running();
    } finally {
      lock.unlock();
    }
  }

  /** Jobs running on children. */
  public int inFlight() {
    lock.lock();
    try {
      return children.running();
    } finally {
      lock.unlock();
    }
  }

  /** The names (labels) of the jobs running on children, oldest first per child. */
  public List<String> inFlightLabels() {
    lock.lock();
    try {
      return children.all().stream()
          .flatMap(c -> c.inFlight.values().stream())
          .filter(t -> !t.waiting)
          .map(t -> t.label)
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /**
   * True when some child can run jobs: one is ready (or finishing its last jobs before it is
   * recycled), or one is starting to replace such a child in the routine way. False before the
   * first child is ready, while children fail to start, and after shutdown.
   */
  public boolean hasLiveChild() {
    lock.lock();
    try {
      return children.hasLiveChild();
    } finally {
      lock.unlock();
    }
  }

  /** The children now alive. */
  public List<ChildInfo> children() {
    lock.lock();
    try {
      return children.all().stream().map(Child::info).toList();
    } finally {
      lock.unlock();
    }
  }

  /** Sends queued jobs to children with a free slot ({@link Dispatcher}). Lock held. */
  private void dispatch() {
    dispatcher.dispatch();
  }

  // ---- shutdown -------------------------------------------------------------------------------

  /**
   * Stops taking jobs (queued ones fail with {@link PoolClosedException}), lets running jobs finish
   * within {@code grace}, then asks the children to exit, and kills what is left.
   *
   * @return the number of jobs that were still running when the grace period ended
   */
  public int shutdown(Duration grace) {
    List<Task> dropped;
    long deadline;
    lock.lock();
    try {
      children.beginClosing();
      // From the moment the pool is seen to close, so a test can move its clock past the end.
      deadline = clock.millis() + grace.toMillis();
      dropped = queue.drain();
    } finally {
      lock.unlock();
    }
    dropped.forEach(
        t ->
            t.future.completeExceptionally(new PoolClosedException("not started before shutdown")));
    int abandoned;
    lock.lock();
    try {
      lock.awaitUntil(() -> children.inFlight() == 0, deadline);
      abandoned = children.inFlight();
      if (abandoned > 0) {
        log.warn(
            "{} jobs still running after the {} s grace period: stopping their children",
            abandoned,
            grace.toSeconds());
      }
      children.askAllToExit(abandoned == 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandoned = -1;
    } finally {
      lock.unlock();
    }
    children.killTheRest(abandoned == 0);
    housekeeper.stop();
    return Math.max(0, abandoned);
  }

  /** Kills every child at once (the last resort of a JVM shutdown hook). */
  public void killAll() {
    List<Child> all;
    lock.lock();
    try {
      children.beginClosing();
      all = List.copyOf(children.all());
    } finally {
      lock.unlock();
    }
    all.forEach(c -> c.process.destroyForcibly());
  }

  @Override
  public void close() {
    Duration grace;
    lock.lock();
    try {
      grace = children.settings().shutdownGrace();
    } finally {
      lock.unlock();
    }
    shutdown(grace);
  }

  /** Runs the periodic chores now (tests; the timer does it every 250 ms by the clock). */
  void tick() {
    housekeeper.tick();
  }

  /** For tests: jobs sent to children that wait there for a thread. */
  int waitingOnChildren() {
    lock.lock();
    try {
      return children.inFlight() - children.running();
    } finally {
      lock.unlock();
    }
  }

  /** For tests: true while the calling thread holds the pool's lock. */
  boolean lockHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }
}
