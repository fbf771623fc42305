package io.hotshrink.pool;

import io.hotshrink.protocol.Frame;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued jobs to children with a free slot: which job goes next (the queue's order), which
 * child takes it (the least busy that may), and how many a child may have beyond its threads
 * ({@link #AHEAD}). Kept apart from {@link WorkerPool}, which takes jobs and answers questions
 * about them, because this is the one rule that decides where a job runs; the pool, the supervisor
 * and the housekeeper all call it whenever a slot may have come free. Guarded by the pool's lock:
 * every method is called with it held.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /**
   * Jobs a child is sent beyond its threads: one, so that a thread that answers finds its next job
   * there and does not wait for the parent's round trip (reading the answer, dispatch, writing the
   * next request) between two jobs. That job waits in the child for a thread, and its deadline
   * counts from when it gets one ({@link Child#answered}); a child that dies before it got one
   * sends it back unharmed. The price: it is chosen from the queue one job earlier, and a child
   * retired (over {@code max-rss}, say) still runs it, as it runs all it has. {@code
   * -Dhotshrink.send-ahead=false} sends none (to measure it).
   */
  static final int AHEAD =
      Boolean.parseBoolean(System.getProperty("hotshrink.send-ahead", "true")) ? 1 : 0;

  private final Clock clock;
  private final JobQueue queue;
  private final ChildSupervisor children;

  Dispatcher(Clock clock, JobQueue queue, ChildSupervisor children) {
    this.clock = clock;
    this.queue = queue;
    this.children = children;
  }

  /**
   * Sends queued jobs to children with a free slot, in the queue's order (retries, then the lanes
   * in turn, in each lane those waiting too long first). Lock held.
   */
  void dispatch() {
    Iterator<Task> it = queue.inDispatchOrder(clock.millis());
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

  /** The least busy child that may take {@code t}, or null. */
  private Child pick(Task t) {
    Child best = null;
    for (Child c : children.all()) {
      // A suspect runs alone on a fresh quarantine child; everything else on the regular ones.
      boolean free =
          c.state == Child.State.READY
              && c.quarantine == t.suspect()
              && c.sent < c.budget
              && c.inFlight.size() < c.threads + AHEAD
              && (!t.suspect() || c.inFlight.isEmpty());
      if (free && (best == null || c.inFlight.size() < best.inFlight.size())) {
        best = c;
      }
    }
    return best;
  }

  private void send(Child c, Task t) {
    c.sent(t, clock.millis() + children.settings().jobTimeout().toMillis());
    c.sent++;
    try {
      c.codec.write(Frame.of(Frame.Type.REQUEST, t.id, t.request));
    } catch (IOException e) {
      // The child is dying; its reader sees the end and sends the job elsewhere.
      log.debug("{}: cannot send job {}: {}", c.id, t.id, e.toString());
    }
    if (c.sent >= c.budget) {
      children.retire(c, StopReason.RECYCLED_COUNT);
    }
  }
}
