package io.hotshrink.pool;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.protocol.Frame;
import io.hotshrink.protocol.ProtocolException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised pool of child JVMs, each running up to {@code threads} jobs at once.
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
 * <p>All state is guarded by one lock. Nothing outside the pool is called while it is held: the
 * listener's calls and the completion of futures are queued under it ({@link #callOut}) and run by
 * the same thread once it has let go ({@link #unlock}), in the order they were queued. Futures are
 * completed on pool threads: callers should continue with the {@code *Async} methods.
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

  // Replaced by reconfigure(); read and written under the lock.
  private Settings.Pool settings;
  private ChildLauncher launcher;
  private final Clock clock;
  private final Random random;
  private final PoolListener listener;
  private final Timing timing;
  private final Rss rss;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final JobQueue queue;
  private final List<Child> children = new ArrayList<>();

  /** Why the next children are being started ("replaces w3, crashed"), for their start line. */
  private final java.util.ArrayDeque<String> replacing = new java.util.ArrayDeque<>();

  private final AtomicLong ids = new AtomicLong();
  private int childSeq;
  private boolean closing;
  private int bootFailures;
  private boolean everReady;

  /** Calls out queued under the lock, run by the thread that queued them once it lets go. */
  private final List<Runnable> callouts = new ArrayList<>();

  /** Batches of call-outs taken but not yet run (shutdown waits for them). */
  private int calloutsRunning;

  /** {@link PoolListener#fatal} was called (once is enough). */
  private boolean fatalReported;

  private long nextSpawnAt;
  private long nextRssSampleAt;
  private ScheduledExecutorService timer;

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
    this.rss = rss;
    this.settings = settings;
    this.launcher = launcher;
    this.clock = clock;
    this.random = random;
    this.listener = listener;
    this.timing = timing;
    this.queue = new JobQueue(timing.aging().toMillis());
  }

  /** Starts the children and the supervision timer. */
  public void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Threads.named("hotshrink-pool-timer"));
    timer.scheduleWithFixedDelay(this::tickSafely, 250, 250, TimeUnit.MILLISECONDS);
    lock.lock();
    try {
      log.debug("child command: {}", launcher.describe());
      ensureChildren();
    } finally {
      unlock();
    }
  }

  /** As {@link #submit(String, Map, long)} with no size preference. */
  public CompletableFuture<Reply> submit(String label, Map<String, String> request) {
    return submit(label, request, 0);
  }

  /**
   * Queues a job. The future completes with the child's answer, or exceptionally with {@link
   * WorkerLostException} (its children kept dying) or {@link PoolClosedException} (shutdown).
   *
   * @param label what to call the job in logs (its file name)
   * @param weight larger jobs are sent first (the input's size)
   */
  public CompletableFuture<Reply> submit(String label, Map<String, String> request, long weight) {
    Task t = new Task(ids.incrementAndGet(), label, request, weight);
    lock.lock();
    try {
      if (closing) {
        callOut(
            () ->
                t.future.completeExceptionally(
                    new PoolClosedException("the pool is shutting down")));
        return t.future;
      }
      queue.add(t, clock.millis());
      dispatch();
    } finally {
      unlock();
    }
    return t.future;
  }

  /**
   * Applies new pool settings (a configuration reload). With {@code replaceChildren} (heap, JVM
   * options, threads or engine changed) every current child is retired gracefully: it finishes its
   * jobs while its replacement, built from the new settings, starts. Otherwise only the pool size
   * and the limits change: extra children are retired, missing ones started, and new deadlines,
   * budgets and memory limits apply from the next job or child on.
   */
  public void reconfigure(
      Settings.Pool newSettings, ChildLauncher newLauncher, boolean replaceChildren) {
    lock.lock();
    try {
      this.settings = newSettings;
      this.launcher = newLauncher;
      List<Child> regular = children.stream().filter(c -> c.active() && !c.quarantine).toList();
      if (replaceChildren) {
        regular.forEach(c -> retire(c, StopReason.RELOADED));
      } else {
        // Fewer workers: retire the least busy first.
        List<Child> byLoad = new ArrayList<>(regular);
        byLoad.sort(java.util.Comparator.comparingInt(c -> c.inFlight.size()));
        for (int i = 0; i < byLoad.size() - newSettings.workers(); i++) {
          retire(byLoad.get(i), StopReason.RELOADED);
        }
      }
      ensureChildren();
      dispatch();
    } finally {
      unlock();
    }
  }

  /** Jobs waiting for a child. */
  public int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      unlock();
    }
  }

  /** Jobs running on children. */
  public int inFlight() {
    lock.lock();
    try {
      return children.stream().mapToInt(c -> c.inFlight.size()).sum();
    } finally {
      unlock();
    }
  }

  /** The names (labels) of the jobs running on children, oldest first per child. */
  public List<String> inFlightLabels() {
    lock.lock();
    try {
      return children.stream()
          .flatMap(c -> c.inFlight.values().stream())
          .map(t -> t.label)
          .toList();
    } finally {
      unlock();
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
      boolean serving =
          children.stream()
              .anyMatch(c -> c.state == Child.State.READY || c.state == Child.State.RETIRING);
      boolean replacing =
          everReady
              && bootFailures == 0
              && children.stream().anyMatch(c -> c.state == Child.State.STARTING);
      return !closing && (serving || replacing);
    } finally {
      unlock();
    }
  }

  /** The children now alive. */
  public List<ChildInfo> children() {
    lock.lock();
    try {
      return children.stream().map(Child::info).toList();
    } finally {
      unlock();
    }
  }

  // ---- dispatch --------------------------------------------------------------------------

  /** Sends queued jobs to children with a free slot. Caller holds the lock. */
  private void dispatch() {
    for (Task t : queue.aged(clock.millis())) {
      Child c = pick(t);
      if (c == null) {
        if (t.suspect()) {
          continue;
        }
        break;
      }
      queue.remove(t);
      send(c, t);
    }
    Iterator<Task> it = queue.iterator();
    while (it.hasNext()) {
      Task t = it.next();
      Child c = pick(t);
      if (c == null) {
        if (t.suspect()) {
          continue; // it waits for an idle child; the jobs behind it need not
        }
        break;
      }
      it.remove();
      send(c, t);
    }
  }

  private Child pick(Task t) {
    Child best = null;
    for (Child c : children) {
      // A suspect runs alone on a fresh quarantine child; everything else on the regular ones.
      boolean free =
          c.state == Child.State.READY
              && c.quarantine == t.suspect()
              && c.sent < c.budget
              && c.inFlight.size() < settings.threads()
              && (!t.suspect() || c.inFlight.isEmpty());
      if (free && (best == null || c.inFlight.size() < best.inFlight.size())) {
        best = c;
      }
    }
    return best;
  }

  private void send(Child c, Task t) {
    t.deadline = clock.millis() + settings.jobTimeout().toMillis();
    c.inFlight.put(t.id, t);
    c.sent++;
    try {
      c.codec.write(Frame.of(Frame.Type.REQUEST, t.id, t.request));
    } catch (IOException e) {
      // The child is dying; its reader sees the end and sends the job elsewhere.
      log.debug("{}: cannot send job {}: {}", c.id, t.id, e.toString());
    }
    if (c.sent >= c.budget) {
      retire(c, StopReason.RECYCLED_COUNT);
    }
  }

  /**
   * Recycles a child over {@code max-rss} by its last sample, once it has done a job (a child over
   * the limit from the start is not restarted in a loop). Caller holds the lock.
   */
  private void retireIfTooBig(Child c) {
    if (c.state == Child.State.READY && c.done > 0 && c.rss > settings.maxRssBytes()) {
      log.info(
          "{} (pid {}) uses {} MB, over pool.max-rss {} MB: recycling it",
          c.id,
          c.process.pid(),
          c.rss >> 20,
          settings.maxRssBytes() >> 20);
      retire(c, StopReason.RECYCLED_MEMORY);
    }
  }

  /** No new jobs for {@code c}; it exits once idle. Its replacement starts now. */
  private void retire(Child c, StopReason reason) {
    if (c.state != Child.State.READY && c.state != Child.State.STARTING) {
      return;
    }
    c.state = Child.State.RETIRING;
    c.stopReason = reason;
    replacing.add("replaces " + c.id + ", " + reason.words());
    ensureChildren();
    if (c.inFlight.isEmpty()) {
      c.sendExit();
    }
  }

  /**
   * Starts children until enough are active, unless shutting down or backing off; and one
   * quarantine child while a suspect job waits for one.
   */
  private void ensureChildren() {
    long active = children.stream().filter(c -> c.active() && !c.quarantine).count();
    while (!closing && active < settings.workers() && clock.millis() >= nextSpawnAt) {
      String why = replacing.poll();
      spawn(false, why == null ? "" : why);
      active++;
    }
    if (active >= settings.workers()) {
      replacing.clear();
    }
    boolean suspectWaiting = queue.hasSuspect();
    boolean quarantined = children.stream().anyMatch(c -> c.active() && c.quarantine);
    if (suspectWaiting && !quarantined && !closing && clock.millis() >= nextSpawnAt) {
      spawn(true, "quarantine: runs one job whose child died, alone");
    }
  }

  /**
   * @param quarantine a child for one suspect job, beside the regular ones: the suspect cannot take
   *     its neighbours down with it again, and if it kills this child too, it is certainly the one
   *     to blame
   */
  /**
   * @param why what this child is for or replaces, for the log
   */
  private void spawn(boolean quarantine, String why) {
    String id = "w" + (++childSeq);
    int budget =
        quarantine ? 1 : settings.recycleAfter() + random.nextInt(settings.recycleJitter() + 1);
    ChildProcess p;
    try {
      p = launcher.launch(id);
    } catch (IOException e) {
      bootFailed(id, "cannot start: " + e.getMessage(), "");
      return;
    }
    Child c = new Child(id, p, budget, clock.millis(), quarantine);
    c.why = why;
    children.add(c);
    c.stderrThread =
        new Thread(new StderrRelay(id, p.stderr(), c.tail), "hotshrink-" + id + "-stderr");
    c.stderrThread.setDaemon(true);
    c.stderrThread.start();
    Thread reader = new Thread(() -> readAnswers(c), "hotshrink-" + id + "-stdout");
    reader.setDaemon(true);
    reader.start();
    log.debug("{} launched (pid {}, budget {} jobs)", id, p.pid(), budget);
  }

  // ---- the child's two streams --------------------------------------------------------------

  private void readAnswers(Child c) {
    try {
      Frame f;
      while ((f = c.codec.read()) != null) {
        onFrame(c, f);
      }
    } catch (ProtocolException e) {
      log.error(
          "{} (pid {}) wrote something that is not a frame, killing it: {}",
          c.id,
          c.process.pid(),
          e.getMessage());
      lock.lock();
      try {
        c.stopReason = StopReason.PROTOCOL_ERROR;
      } finally {
        unlock();
      }
      c.process.destroyForcibly();
    } catch (IOException | RuntimeException e) {
      log.debug("{}: stdout ended: {}", c.id, e.toString());
    }
    Integer status = null;
    try {
      status = c.process.waitFor(timing.stopWait().toMillis(), TimeUnit.MILLISECONDS);
      if (status == null) {
        log.warn(
            "{} (pid {}) closed its stdout but did not exit: killing it", c.id, c.process.pid());
        c.process.destroyForcibly();
        status = c.process.waitFor(timing.stopWait().toMillis(), TimeUnit.MILLISECONDS);
      }
      // Let the last lines of stderr arrive before quoting them.
      c.stderrThread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    onExit(c, status);
  }

  private void onFrame(Child c, Frame f) {
    Task done = null;
    Reply reply = null;
    Long rssAfter = null;
    if ((f.type() == Frame.Type.RESULT || f.type() == Frame.Type.FAILURE) && rss.cheap()) {
      rssAfter = rss.sample(List.of(c.process.pid())).get(c.process.pid()); // outside the lock
    }
    lock.lock();
    try {
      switch (f.type()) {
        case READY -> {
          if (c.state == Child.State.STARTING) {
            c.state = Child.State.READY;
            bootFailures = 0;
            everReady = true;
            log.info(
                "{} started (pid {}, engine {}, {} threads, budget {} jobs{})",
                c.id,
                c.process.pid(),
                f.get("engine", "?"),
                f.get("threads", "?"),
                c.budget,
                c.why.isEmpty() ? "" : "; " + c.why);
            ChildInfo info = c.info();
            callOut(() -> listener.childStarted(info));
          } else if (c.state == Child.State.RETIRING && c.inFlight.isEmpty()) {
            c.sendExit();
          }
        }
        case RESULT, FAILURE -> {
          done = c.inFlight.remove(f.id());
          if (done == null) {
            log.debug("{}: answer for unknown job {}", c.id, f.id());
            break;
          }
          c.done++;
          c.timedOut.remove(f.id());
          if (rssAfter != null) {
            c.updateRss(rssAfter);
          }
          reply =
              new Reply(
                  f.type() == Frame.Type.RESULT, f.fields(), c.id, c.process.pid(), done.attempt());
          retireIfTooBig(c);
          if (c.state == Child.State.RETIRING && c.inFlight.isEmpty()) {
            c.sendExit();
          }
        }
        default -> log.warn("{}: unexpected {} frame", c.id, f.type());
      }
      if (done != null) {
        Task t = done;
        Reply r = reply;
        callOut(() -> t.future.complete(r));
      }
      dispatch();
      changed.signalAll();
    } finally {
      unlock();
    }
  }

  // ---- exits, timeouts, boot failures ---------------------------------------------------------

  private void onExit(Child c, Integer status) {
    String exit = describeExit(status);
    lock.lock();
    try {
      boolean wasReady = c.state != Child.State.STARTING;
      boolean wasActive = c.active();
      c.state = Child.State.GONE;
      children.remove(c);
      StopReason reason = c.stopReason;
      if (reason == null) {
        reason = wasReady ? StopReason.CRASHED : StopReason.BOOT_FAILURE;
      } else if ((reason == StopReason.RECYCLED_COUNT
              || reason == StopReason.RECYCLED_MEMORY
              || reason == StopReason.RELOADED)
          && (!c.inFlight.isEmpty() || (status != null && status != 0))) {
        reason = StopReason.CRASHED; // it was leaving, but did not get to finish
      }
      String tail = c.tail.text();
      List<Task> requeue = new ArrayList<>();
      for (Task t : c.inFlight.values()) {
        if (reason == StopReason.SHUTDOWN) {
          callOut(
              () ->
                  t.future.completeExceptionally(
                      new PoolClosedException("stopped by shutdown before it finished")));
          continue;
        }
        if (reason == StopReason.TIMEOUT && !c.timedOut.contains(t.id)) {
          requeue.add(t); // an innocent neighbour of the job that hung
          continue;
        }
        if (reason == StopReason.TIMEOUT) {
          t.timeouts++;
        } else {
          t.crashes++;
        }
        t.lastReason = reason;
        t.lastExit = exit;
        t.lastTail = tail;
        if (t.crashes + t.timeouts >= 2) {
          log.warn(
              "{}: giving up after {} attempts: {} ({})",
              t.label,
              t.attempt() - 1,
              reason.words(),
              exit);
          WorkerLostException e =
              new WorkerLostException(reason, exit, tail, t.crashes + t.timeouts);
          callOut(() -> t.future.completeExceptionally(e));
        } else {
          log.warn(
              "{}: {} {} running it ({}); retrying it alone on a fresh child",
              t.label,
              c.id,
              reason.words(),
              exit);
          StopReason why = reason;
          callOut(() -> listener.jobRetried(t.label, why));
          requeue.add(t);
        }
      }
      long now = clock.millis();
      requeue.forEach(t -> queue.addRetry(t, now));
      c.inFlight.clear();

      if (reason == StopReason.BOOT_FAILURE) {
        bootFailed(c.id, exit, tail);
      } else {
        long upSeconds = (clock.millis() - c.startedAt) / 1000;
        String line =
            String.format(
                "%s (pid %d) stopped: %s (%s); %d jobs, peak RSS %d MB, up %ds",
                c.id, c.process.pid(), reason.words(), exit, c.done, c.peakRss >> 20, upSeconds);
        if (reason == StopReason.CRASHED || reason == StopReason.PROTOCOL_ERROR) {
          log.warn("{}{}", line, tail.isBlank() ? "" : "; last stderr:\n" + lastLines(tail, 10));
        } else {
          log.info(line);
        }
      }
      ChildInfo info = c.info();
      StopReason why = reason;
      callOut(() -> listener.childStopped(info, why, exit));
      if (wasActive && !c.quarantine) {
        replacing.add("replaces " + c.id + ", " + reason.words() + " (" + exit + ")");
      }
      ensureChildren();
      dispatch();
      changed.signalAll();
    } finally {
      unlock();
    }
  }

  /** Caller holds the lock. */
  private void bootFailed(String id, String exit, String tail) {
    bootFailures++;
    long delay =
        Math.min(
            timing.bootBackoffMax().toMillis(),
            timing.bootBackoffBase().toMillis() << Math.min(20, bootFailures - 1));
    nextSpawnAt = clock.millis() + delay;
    log.error(
        "{} failed to start ({}), {} in a row{}{}",
        id,
        exit,
        bootFailures,
        bootFailures < settings.maxBootFailures() ? "; next try in " + delay + " ms" : "",
        tail.isBlank() ? "" : "; its stderr:\n" + lastLines(tail, 20));
    if (bootFailures >= settings.maxBootFailures() && !fatalReported) {
      String why =
          "child JVMs failed to start "
              + bootFailures
              + " times in a row (see pool.jvm-options and pool.heap); last: "
              + exit;
      closing = true;
      fatalReported = true;
      for (Task t : queue.drain()) {
        callOut(() -> t.future.completeExceptionally(new PoolClosedException(why)));
      }
      callOut(() -> listener.fatal(why));
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.error("pool timer error (continuing)", e);
    }
  }

  /** Deadlines, stalled starts, backoff expiry, RSS samples. Package-private for tests. */
  void tick() {
    List<Child> toKill = new ArrayList<>();
    List<Child> toSample = List.of();
    lock.lock();
    try {
      long now = clock.millis();
      if (now >= nextRssSampleAt) {
        nextRssSampleAt = now + rss.interval().toMillis();
        toSample = new ArrayList<>(children);
      }
      for (Child c : children) {
        if (c.state == Child.State.STARTING
            && now - c.startedAt > timing.bootTimeout().toMillis()
            && c.stopReason == null) {
          log.warn(
              "{} (pid {}) not ready after {} s: killing it",
              c.id,
              c.process.pid(),
              timing.bootTimeout().toSeconds());
          c.stopReason = StopReason.BOOT_FAILURE;
          toKill.add(c);
          continue;
        }
        for (Task t : c.inFlight.values()) {
          if (t.deadline <= now && !c.timedOut.contains(t.id)) {
            c.timedOut.add(t.id);
            if (c.stopReason != StopReason.TIMEOUT) {
              log.warn(
                  "{}: still running on {} (pid {}) after pool.job-timeout {} s: killing the child",
                  t.label,
                  c.id,
                  c.process.pid(),
                  settings.jobTimeout().toSeconds());
              c.stopReason = StopReason.TIMEOUT;
              if (c.state == Child.State.READY) {
                c.state = Child.State.RETIRING; // takes nothing more; replaced below
              }
              toKill.add(c);
            }
          }
        }
      }
      ensureChildren();
    } finally {
      unlock();
    }
    toKill.forEach(c -> c.process.destroyForcibly());
    if (toSample.isEmpty()) {
      return;
    }
    // One read for every child (where that is a process start, one ps for all), outside the lock.
    Map<Long, Long> sampled = rss.sample(toSample.stream().map(c -> c.process.pid()).toList());
    lock.lock();
    try {
      for (Child c : toSample) {
        Long bytes = sampled.get(c.process.pid());
        if (bytes != null && c.state != Child.State.GONE) {
          c.updateRss(bytes);
          if (!rss.cheap()) {
            retireIfTooBig(c); // not read after each job: checked here instead
          }
        }
      }
      dispatch();
    } finally {
      unlock();
    }
  }

  // ---- shutdown --------------------------------------------------------------------------------

  /**
   * Stops taking jobs (queued ones fail with {@link PoolClosedException}), lets running jobs finish
   * within {@code grace}, then asks the children to exit, and kills what is left.
   *
   * @return the number of jobs that were still running when the grace period ended
   */
  public int shutdown(Duration grace) {
    List<Task> dropped;
    lock.lock();
    try {
      closing = true;
      dropped = queue.drain();
    } finally {
      unlock();
    }
    dropped.forEach(
        t ->
            t.future.completeExceptionally(new PoolClosedException("not started before shutdown")));
    int abandoned;
    lock.lock();
    try {
      long deadline = clock.millis() + grace.toMillis();
      while (inFlightLocked() > 0 && clock.millis() < deadline) {
        changed.await(Math.max(1, deadline - clock.millis()), TimeUnit.MILLISECONDS);
      }
      abandoned = inFlightLocked();
      if (abandoned > 0) {
        log.warn(
            "{} jobs still running after the {} s grace period: stopping their children",
            abandoned,
            grace.toSeconds());
      }
      for (Child c : children) {
        c.stopReason = StopReason.SHUTDOWN;
        if (c.state != Child.State.GONE) {
          c.state = Child.State.RETIRING;
        }
        c.sendExit();
      }
      long stopDeadline = clock.millis() + timing.stopWait().toMillis();
      while (!children.isEmpty() && clock.millis() < stopDeadline && abandoned == 0) {
        changed.await(Math.max(1, stopDeadline - clock.millis()), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandoned = -1;
    } finally {
      unlock();
    }
    List<Child> left = new ArrayList<>();
    lock.lock();
    try {
      left.addAll(children);
    } finally {
      unlock();
    }
    if (!left.isEmpty()) {
      if (abandoned == 0) {
        log.warn(
            "{} children did not exit within {} s: killing them",
            left.size(),
            timing.stopWait().toSeconds());
      }
      left.forEach(c -> c.process.destroyForcibly());
      for (Child c : left) {
        try {
          c.process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    awaitReaders();
    if (timer != null) {
      timer.shutdownNow();
    }
    return Math.max(0, abandoned);
  }

  /** Waits briefly for the exit handlers of killed children, so their futures are completed. */
  private void awaitReaders() {
    lock.lock();
    try {
      long deadline = clock.millis() + 5000;
      // Until every child's exit is handled, its jobs' futures included: whoever shuts the pool
      // down then sees how each job ended.
      while ((!children.isEmpty() || calloutsRunning > 0) && clock.millis() < deadline) {
        changed.await(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      unlock();
    }
  }

  /** Queues a call to the outside world until the lock is let go. Caller holds the lock. */
  private void callOut(Runnable r) {
    callouts.add(r);
  }

  /**
   * Lets go of the lock, then runs the call-outs queued meanwhile (unless this thread still holds
   * it further out: they wait for the outermost release).
   */
  private void unlock() {
    if (lock.getHoldCount() > 1 || callouts.isEmpty()) {
      lock.unlock();
      return;
    }
    List<Runnable> batch = new ArrayList<>(callouts);
    callouts.clear();
    calloutsRunning++;
    lock.unlock();
    try {
      for (Runnable r : batch) {
        try {
          r.run();
        } catch (RuntimeException e) {
          log.error("pool listener failed (continuing)", e);
        }
      }
    } finally {
      lock.lock();
      try {
        calloutsRunning--;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** For tests: true while the calling thread holds the pool's lock. */
  boolean lockHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  private int inFlightLocked() {
    return children.stream().mapToInt(c -> c.inFlight.size()).sum();
  }

  /** Kills every child at once (the last resort of a JVM shutdown hook). */
  public void killAll() {
    List<Child> all;
    lock.lock();
    try {
      closing = true;
      all = new ArrayList<>(children);
    } finally {
      unlock();
    }
    all.forEach(c -> c.process.destroyForcibly());
  }

  @Override
  public void close() {
    shutdown(settings.shutdownGrace());
  }

  static String describeExit(Integer status) {
    if (status == null) {
      return "did not exit";
    }
    if (status > 128 && status < 160) {
      int sig = status - 128;
      return "killed by signal " + sig + signalName(sig);
    }
    return "exit status " + status;
  }

  private static String signalName(int sig) {
    return switch (sig) {
      case 6 -> " (SIGABRT)";
      case 9 -> " (SIGKILL)";
      case 11 -> " (SIGSEGV)";
      case 15 -> " (SIGTERM)";
      default -> "";
    };
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - n);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < lines.length; i++) {
      sb.append("    ").append(lines[i]).append('\n');
    }
    return sb.toString().stripTrailing();
  }
}
