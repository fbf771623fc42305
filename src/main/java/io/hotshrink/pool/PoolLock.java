package io.hotshrink.pool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's one lock, which guards all of its state, and the two rules that go with it.
 *
 * <ul>
 *   <li>Nothing outside the pool is called while it is held: the listener's calls and the
 *       completion of futures are queued under it ({@link #callOut}) and run by the same thread
 *       once it has let go ({@link #unlock}), in the order they were queued.
 *   <li>Waits measure time on the injected clock ({@link #awaitUntil}), so a unit test that moves a
 *       fake clock ends them; between signals they look at the clock again every {@link
 *       #LOOK_EVERY_MILLIS} ms of real time.
 * </ul>
 */
final class PoolLock {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /** How often, in real time, a wait that nothing signals looks at the clock again. */
  static final long LOOK_EVERY_MILLIS = 50;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Clock clock;

  /** Calls out queued under the lock, run by the thread that queued them once it lets go. */
  private final List<Runnable> callouts = new ArrayList<>();

  /** Batches of call-outs taken but not yet run (shutdown waits for them). */
  private int calloutsRunning;

  PoolLock(Clock clock) {
    this.clock = clock;
  }

  void lock() {
    lock.lock();
  }

  /**
   * Lets go of the lock, then runs the call-outs queued meanwhile (unless this thread still holds
   * it further out: they wait for the outermost release).
   */
  void unlock() {
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

  /** Queues a call to the outside world until the lock is let go. Caller holds the lock. */
  void callOut(Runnable r) {
    callouts.add(r);
  }

  /** True while some thread runs call-outs it took. Caller holds the lock. */
  boolean callOutsRunning() {
    return calloutsRunning > 0;
  }

  /** Wakes the threads in {@link #awaitUntil}: the pool's state changed. Caller holds the lock. */
  void signalAll() {
    changed.signalAll();
  }

  /**
   * Waits until {@code done} is true or the clock reaches {@code deadline}, letting go of the lock
   * meanwhile. Caller holds the lock; {@code done} is asked with it held.
   *
   * @return {@code done}'s last answer
   */
  boolean awaitUntil(BooleanSupplier done, long deadline) throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (clock.millis() >= deadline) {
        return false;
      }
      changed.await(LOOK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }
}
