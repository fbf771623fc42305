package io.hotshrink.pool;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a child's end means: why it stopped, what becomes of the jobs it still had, and the line
 * that says so in the log. The jobs:
 *
 * <ul>
 *   <li>at shutdown, they fail with {@link PoolClosedException};
 *   <li>a job that ran beside one that hung, or that was still waiting for a thread of the child,
 *       is sent again, not counted against it;
 *   <li>any other job may be what killed its child: it is sent again, to run alone on a fresh
 *       quarantine child (a suspect); one that has now lost two children fails with {@link
 *       WorkerLostException}, which carries the exit and the end of the child's stderr.
 * </ul>
 *
 * Failures and the listener's calls are queued as call-outs. Guarded by the pool's lock.
 */
final class ChildExits {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /**
   * @param reason why the child stopped
   * @param again its jobs to queue again, in the order they were sent
   */
  record Ending(StopReason reason, List<Task> again) {}

  private final PoolLock lock;
  private final PoolListener listener;
  private final Clock clock;

  ChildExits(PoolLock lock, PoolListener listener, Clock clock) {
    this.lock = lock;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Settles the end of {@code c}, which has exited: decides the fate of each of its jobs (and takes
   * them off it), and logs its stop line, unless it never got to start (the back-off says that).
   * Caller holds the lock.
   *
   * @param wasReady it had said READY
   * @param status its exit status, null if it did not exit
   * @param exit the same in words
   */
  Ending settle(Child c, boolean wasReady, Integer status, String exit) {
    StopReason reason = whyItStopped(c, wasReady, status);
    String tail = c.tail.text();
    List<Task> again = new ArrayList<>();
    for (Task t : c.inFlight.values()) {
      if (reason == StopReason.SHUTDOWN) {
        lock.callOut(
            () ->
                t.future.completeExceptionally(
                    new PoolClosedException("stopped by shutdown before it finished")));
      } else if (t.waiting || (reason == StopReason.TIMEOUT && !c.timedOut.contains(t.id))) {
        // It never ran (it waited for a thread: the child's answers, all read before its end is
        // handled, say so), or it is an innocent neighbour of the job that hung.
        again.add(t);
      } else if (lost(c, t, reason, exit, tail)) {
        again.add(t);
      }
    }
    c.inFlight.clear();
    if (reason != StopReason.BOOT_FAILURE) {
      logStop(c, reason, exit, tail);
    }
    return new Ending(reason, again);
  }

  /** Counts a child lost under {@code t}; true when {@code t} is to be tried again. */
  private boolean lost(Child c, Task t, StopReason reason, String exit, String tail) {
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
      WorkerLostException e = new WorkerLostException(reason, exit, tail, t.crashes + t.timeouts);
      lock.callOut(() -> t.future.completeExceptionally(e));
      return false;
    }
    log.warn(
        "{}: {} {} running it ({}); retrying it alone on a fresh child",
        t.label,
        c.id,
        reason.words(),
        exit);
    lock.callOut(() -> listener.jobRetried(t.lane, t.label, reason));
    return true;
  }

  /** What we decided, unless it did not get to finish that way; else crashed or failed to start. */
  private static StopReason whyItStopped(Child c, boolean wasReady, Integer status) {
    StopReason reason = c.stopReason;
    if (reason == null) {
      return wasReady ? StopReason.CRASHED : StopReason.BOOT_FAILURE;
    }
    boolean leaving =
        reason == StopReason.RECYCLED_COUNT
            || reason == StopReason.RECYCLED_MEMORY
            || reason == StopReason.RELOADED;
    if (leaving && (!c.inFlight.isEmpty() || (status != null && status != 0))) {
      return StopReason.CRASHED; // it was leaving, but did not get to finish
    }
    return reason;
  }

  private void logStop(Child c, StopReason reason, String exit, String tail) {
    long upSeconds = (clock.millis() - c.startedAt) / 1000;
    String line =
        String.format(
            "%s (pid %d) stopped: %s (%s); %d jobs, peak RSS %d MB, up %ds",
            c.id, c.process.pid(), reason.words(), exit, c.done, c.peakRss >> 20, upSeconds);
    if (reason == StopReason.CRASHED || reason == StopReason.PROTOCOL_ERROR) {
      log.warn(
          "{}{}",
          line,
          tail.isBlank() ? "" : "; last stderr:\n" + ExitDescription.lastLines(tail, 10));
    } else {
      log.info(line);
    }
  }
}
