package io.hotshrink.pool;

import io.hotshrink.config.Settings;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's children from start to exit: keeps as many as {@code pool.workers} asks for (and one
 * quarantine child while a suspect job waits for one), starts them with their budgets, retires
 * them, and settles what their exit means (the jobs they had: {@link ChildExits}; a failed start:
 * {@link BootBackoff}); what their answers mean is for {@link ChildAnswers}. Each child's stdout
 * and stderr are read on threads of their own ({@code hotshrink-w3-stdout}, {@code
 * hotshrink-w3-stderr}); everything else runs with the pool's lock held, and waits go by the pool's
 * clock.
 */
final class ChildSupervisor {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final PoolLock lock;
  private final Clock clock;
  private final Random random;
  private final PoolListener listener;
  private final WorkerPool.Timing timing;
  private final JobQueue queue;
  private final Runnable dispatch;
  private final BootBackoff backoff;
  private final ChildExits exits;
  private final ChildAnswers answers;

  // Replaced by reconfigure().
  private Settings.Pool settings;
  private ChildLauncher launcher;
  private ChildSpec spec;

  private final List<Child> children = new ArrayList<>();

  /** Why the next children are being started ("replaces w3, crashed"), for their start line. */
  private final ArrayDeque<String> replacing = new ArrayDeque<>();

  private int childSeq;

  /** No more children are started: the pool is shutting down, or gave up. */
  private boolean closing;

  /**
   * @param queue where the jobs of a child that died go again
   * @param dispatch sends queued jobs to children with a free slot (called with the lock held)
   */
  ChildSupervisor(
      Settings.Pool settings,
      ChildLauncher launcher,
      PoolLock lock,
      Clock clock,
      Random random,
      PoolListener listener,
      WorkerPool.Timing timing,
      Rss rss,
      JobQueue queue,
      Runnable dispatch) {
    this.settings = settings;
    this.launcher = launcher;
    this.spec = launcher.spec();
    this.lock = lock;
    this.clock = clock;
    this.random = random;
    this.listener = listener;
    this.timing = timing;
    this.queue = queue;
    this.dispatch = dispatch;
    this.backoff = new BootBackoff(timing.bootBackoffBase(), timing.bootBackoffMax());
    this.exits = new ChildExits(lock, listener, clock);
    this.answers = new ChildAnswers(this, lock, clock, listener, rss, backoff, dispatch);
  }

  // ---- what the pool asks (caller holds the lock) ---------------------------------------------

  Settings.Pool settings() {
    return settings;
  }

  String describeLauncher() {
    return launcher.describe();
  }

  /** The children not yet gone, in the order they started. */
  List<Child> all() {
    return children;
  }

  /** Jobs sent to children and not yet answered: running, or waiting there for a thread. */
  int inFlight() {
    return children.stream().mapToInt(c -> c.inFlight.size()).sum();
  }

  /** Jobs a child's thread has taken. */
  int running() {
    return children.stream().mapToInt(Child::running).sum();
  }

  boolean closing() {
    return closing;
  }

  /** From now on no child is started. */
  void beginClosing() {
    closing = true;
  }

  /** See {@link WorkerPool#hasLiveChild}. */
  boolean hasLiveChild() {
    boolean serving =
        children.stream()
            .anyMatch(c -> c.state == Child.State.READY || c.state == Child.State.RETIRING);
    boolean replacingOne =
        backoff.everReady()
            && !backoff.failing()
            && children.stream().anyMatch(c -> c.state == Child.State.STARTING);
    return !closing && (serving || replacingOne);
  }

  /**
   * New settings and launcher. When the launcher's {@link ChildSpec} differs from the last one's
   * (heap, JVM options, threads or engine), every regular child is retired gracefully: it finishes
   * its jobs while its replacement, from the new launcher, starts. Otherwise only the size and the
   * limits change: extra children are retired (the least busy first), missing ones started, and new
   * deadlines, budgets and memory limits apply from the next job or child on.
   */
  void reconfigure(Settings.Pool newSettings, ChildLauncher newLauncher) {
    ChildSpec newSpec = newLauncher.spec();
    boolean replace = !newSpec.equals(spec);
    settings = newSettings;
    launcher = newLauncher;
    spec = newSpec;
    List<Child> regular = children.stream().filter(c -> c.active() && !c.quarantine).toList();
    if (replace) {
      regular.forEach(c -> retire(c, StopReason.RELOADED));
    } else {
      List<Child> byLoad = new ArrayList<>(regular);
      byLoad.sort(Comparator.comparingInt(c -> c.inFlight.size()));
      for (int i = 0; i < byLoad.size() - newSettings.workers(); i++) {
        retire(byLoad.get(i), StopReason.RELOADED);
      }
    }
    ensureChildren();
  }

  /**
   * Starts children until enough are active, unless closing or backing off; and one quarantine
   * child while a suspect job waits for one.
   */
  void ensureChildren() {
    long active = children.stream().filter(c -> c.active() && !c.quarantine).count();
    while (!closing && active < settings.workers() && backoff.mayStart(clock.millis())) {
      String why = replacing.poll();
      spawn(false, why == null ? "" : why);
      active++;
    }
    if (active >= settings.workers()) {
      replacing.clear();
    }
    boolean quarantined = children.stream().anyMatch(c -> c.active() && c.quarantine);
    if (queue.hasSuspect() && !quarantined && !closing && backoff.mayStart(clock.millis())) {
      spawn(true, "quarantine: runs one job whose child died, alone");
    }
  }

  /** No new jobs for {@code c}; it exits once idle. Its replacement starts now. */
  void retire(Child c, StopReason reason) {
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
   * Recycles a child over {@code max-rss} by its last sample, once it has done a job (a child over
   * the limit from the start is not restarted in a loop).
   */
  void retireIfTooBig(Child c) {
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

  /**
   * @param quarantine a child for one suspect job, beside the regular ones: the suspect cannot take
   *     its neighbours down with it again, and if it kills this child too, it is certainly the one
   *     to blame
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
    Child c = new Child(id, p, settings.threads(), budget, clock.millis(), quarantine);
    c.why = why;
    children.add(c);
    c.stderrThread =
        new Thread(new StderrRelay(id, p.stderr(), c.tail), "hotshrink-" + id + "-stderr");
    c.stderrThread.setDaemon(true);
    c.stderrThread.start();
    Thread reader =
        new Thread(
            new ChildReader(c, answers, this, clock, timing.stopWait()),
            "hotshrink-" + id + "-stdout");
    reader.setDaemon(true);
    reader.start();
    log.debug("{} launched (pid {}, budget {} jobs)", id, p.pid(), budget);
  }

  private void bootFailed(String id, String exit, String tail) {
    backoff
        .failed(id, exit, tail, clock.millis(), settings.maxBootFailures())
        .ifPresent(this::giveUp);
  }

  /** The pool cannot go on: no more children, the queued jobs fail, the listener hears why. */
  private void giveUp(String why) {
    closing = true;
    for (Task t : queue.drain()) {
      lock.callOut(() -> t.future.completeExceptionally(new PoolClosedException(why)));
    }
    lock.callOut(() -> listener.fatal(why));
  }

  // ---- what a child's reader reports (its thread); its frames go to ChildAnswers --------------

  /** {@code c} has exited: its jobs are settled, and it is replaced if it was counted. */
  void onExit(Child c, Integer status) {
    String exit = ExitDescription.of(status);
    lock.lock();
    try {
      boolean wasReady = c.state != Child.State.STARTING;
      boolean wasActive = c.active();
      c.state = Child.State.GONE;
      children.remove(c);
      ChildExits.Ending end = exits.settle(c, wasReady, status, exit);
      long now = clock.millis();
      end.again().forEach(t -> queue.addRetry(t, now));
      if (end.reason() == StopReason.BOOT_FAILURE) {
        bootFailed(c.id, exit, c.tail.text());
      }
      ChildInfo info = c.info();
      lock.callOut(() -> listener.childStopped(info, end.reason(), exit));
      if (wasActive && !c.quarantine) {
        replacing.add("replaces " + c.id + ", " + end.reason().words() + " (" + exit + ")");
      }
      ensureChildren();
      dispatch.run();
      lock.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * At shutdown: asks every child to exit, and unless {@code wait} is false, waits up to {@code
   * timing.stopWait} for them to be gone. Caller holds the lock.
   */
  void askAllToExit(boolean wait) throws InterruptedException {
    for (Child c : children) {
      c.stopReason = StopReason.SHUTDOWN;
      if (c.state != Child.State.GONE) {
        c.state = Child.State.RETIRING;
      }
      c.sendExit();
    }
    if (wait) {
      lock.awaitUntil(children::isEmpty, clock.millis() + timing.stopWait().toMillis());
    }
  }

  /**
   * Kills the children still there, then waits briefly until every child's exit is handled, its
   * jobs' futures included: whoever shuts the pool down then sees how each job ended.
   *
   * @param warn say in the log that they did not exit when asked
   */
  void killTheRest(boolean warn) {
    List<Child> left;
    lock.lock();
    try {
      left = new ArrayList<>(children);
    } finally {
      lock.unlock();
    }
    if (!left.isEmpty()) {
      if (warn) {
        log.warn(
            "{} children did not exit within {} s: killing them",
            left.size(),
            timing.stopWait().toSeconds());
      }
      left.forEach(c -> c.process.destroyForcibly());
      try {
        for (Child c : left) {
          ChildReader.waitForExit(c.process, clock, clock.millis() + 5000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      lock.awaitUntil(() -> children.isEmpty() && !lock.callOutsRunning(), clock.millis() + 5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
