package io.hotshrink.pool;

import io.hotshrink.Threads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's periodic chores, every {@link #PERIOD_MILLIS} ms by the pool's clock: kills a child
 * whose job ran past {@code pool.job-timeout}, or that is not ready after the boot timeout; starts
 * children once a boot back-off has run out; reads the children's resident memory every {@link
 * Rss#interval()} (and recycles those over {@code pool.max-rss} where it is not read after every
 * job).
 *
 * <p>Its thread ({@code hotshrink-pool-timer}) looks at the clock every {@link
 * PoolLock#LOOK_EVERY_MILLIS} ms of real time and ticks when a period has passed on it: a unit test
 * drives it by moving a fake clock (or calls {@link #tick} itself).
 */
final class Housekeeper {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  static final long PERIOD_MILLIS = 250;

  private final PoolLock lock;
  private final Clock clock;
  private final WorkerPool.Timing timing;
  private final Rss rss;
  private final ChildSupervisor children;
  private final Runnable dispatch;

  /** Guarded by the lock. */
  private long nextRssSampleAt;

  /** Touched by the timer thread only. */
  private long nextTickAt;

  private ScheduledExecutorService timer;

  /**
   * @param dispatch sends queued jobs to children with a free slot (called with the lock held)
   */
  Housekeeper(
      PoolLock lock,
      Clock clock,
      WorkerPool.Timing timing,
      Rss rss,
      ChildSupervisor children,
      Runnable dispatch) {
    this.lock = lock;
    this.clock = clock;
    this.timing = timing;
    this.rss = rss;
    this.children = children;
    this.dispatch = dispatch;
  }

  void start() {
    nextTickAt = clock.millis() + PERIOD_MILLIS;
    timer = Executors.newSingleThreadScheduledExecutor(Threads.named("hotshrink-pool-timer"));
    timer.scheduleWithFixedDelay(
        this::lookAtTheClock,
        PoolLock.LOOK_EVERY_MILLIS,
        PoolLock.LOOK_EVERY_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void lookAtTheClock() {
    try {
      long now = clock.millis();
      // Due; or the clock was set back by more than a period: do not wait for it to catch up.
      if (now >= nextTickAt || nextTickAt - now > PERIOD_MILLIS) {
        nextTickAt = now + PERIOD_MILLIS;
        tick();
      }
    } catch (RuntimeException e) {
      log.error("pool timer error (continuing)", e);
    }
  }

  /** Deadlines, stalled starts, back-off expiry, RSS samples. */
  void tick() {
    List<Child> toKill = new ArrayList<>();
    List<Child> toSample = List.of();
    lock.lock();
    try {
      long now = clock.millis();
      if (now >= nextRssSampleAt) {
        nextRssSampleAt = now + rss.interval().toMillis();
        toSample = new ArrayList<>(children.all());
      }
      for (Child c : children.all()) {
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
        if (pastDeadline(c, now)) {
          toKill.add(c);
        }
      }
      children.ensureChildren();
    } finally {
      lock.unlock();
    }
    toKill.forEach(c -> c.process.destroyForcibly());
    if (!toSample.isEmpty()) {
      sample(toSample);
    }
  }

  /**
   * Marks the jobs of {@code c} past their deadline; true when that makes it one to kill (the first
   * time one of its jobs is late). Caller holds the lock.
   */
  private boolean pastDeadline(Child c, long now) {
    boolean kill = false;
    for (Task t : c.inFlight.values()) {
      if (t.waiting || t.deadline > now || c.timedOut.contains(t.id)) {
        continue;
      }
      c.timedOut.add(t.id);
      if (c.stopReason != StopReason.TIMEOUT) {
        log.warn(
            "{}: still running on {} (pid {}) after pool.job-timeout {} s: killing the child",
            t.label,
            c.id,
            c.process.pid(),
            children.settings().jobTimeout().toSeconds());
        c.stopReason = StopReason.TIMEOUT;
        if (c.state == Child.State.READY) {
          c.state = Child.State.RETIRING; // takes nothing more; replaced below
        }
        kill = true;
      }
    }
    return kill;
  }

  /** One read for every child (where that is a process start, one ps for all), outside the lock. */
  private void sample(List<Child> toSample) {
    Map<Long, Long> sampled = rss.sample(toSample.stream().map(c -> c.process.pid()).toList());
    lock.lock();
    try {
      for (Child c : toSample) {
        Long bytes = sampled.get(c.process.pid());
        if (bytes != null && c.state != Child.State.GONE) {
          c.updateRss(bytes);
          if (!rss.cheap()) {
            children.retireIfTooBig(c); // not read after each job: checked here instead
          }
        }
      }
      dispatch.run();
    } finally {
      lock.unlock();
    }
  }
}
