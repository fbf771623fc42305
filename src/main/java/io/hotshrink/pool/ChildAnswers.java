package io.hotshrink.pool;

import io.hotshrink.protocol.Frame;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a child's frames mean, as its reader ({@link ChildReader}) hands them over: READY makes a
 * starting child one that takes jobs; a RESULT or FAILURE completes its job's future, frees the
 * slot (and sends the next job), and may retire the child (memory, or a retiring child now idle).
 * Kept apart from the {@link ChildSupervisor}, which starts, retires and buries children, because
 * this is the traffic of a live child, not its life cycle. Each frame is handled with the pool's
 * lock held, taken here on the reader's thread.
 */
final class ChildAnswers {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final ChildSupervisor children;
  private final PoolLock lock;
  private final Clock clock;
  private final PoolListener listener;
  private final Rss rss;
  private final BootBackoff backoff;
  private final Runnable dispatch;

  /**
   * @param children whose settings (deadlines) apply, and which retires a child over {@code
   *     max-rss}
   * @param backoff told that a child got to start
   * @param dispatch sends queued jobs to children with a free slot (called with the lock held)
   */
  ChildAnswers(
      ChildSupervisor children,
      PoolLock lock,
      Clock clock,
      PoolListener listener,
      Rss rss,
      BootBackoff backoff,
      Runnable dispatch) {
    this.children = children;
    this.lock = lock;
    this.clock = clock;
    this.listener = listener;
    this.rss = rss;
    this.backoff = backoff;
    this.dispatch = dispatch;
  }

  /** {@code c} wrote something that is not a frame: it is being killed for it. */
  void brokeProtocol(Child c) {
    lock.lock();
    try {
      c.stopReason = StopReason.PROTOCOL_ERROR;
    } finally {
      lock.unlock();
    }
  }

  void onFrame(Child c, Frame f) {
    Long rssAfter = null;
    if ((f.type() == Frame.Type.RESULT || f.type() == Frame.Type.FAILURE) && rss.cheap()) {
      rssAfter = rss.sample(List.of(c.process.pid())).get(c.process.pid()); // outside the lock
    }
    lock.lock();
    try {
      switch (f.type()) {
        case READY -> ready(c, f);
        case RESULT, FAILURE -> answered(c, f, rssAfter);
        default -> log.warn("{}: unexpected {} frame", c.id, f.type());
      }
      dispatch.run();
      lock.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ready(Child c, Frame f) {
    if (c.state == Child.State.STARTING) {
      c.state = Child.State.READY;
      backoff.ready();
      log.info(
          "{} started (pid {}, engine {}, {} threads, budget {} jobs{})",
          c.id,
          c.process.pid(),
          f.get("engine", "?"),
          f.get("threads", "?"),
          c.budget,
          c.why.isEmpty() ? "" : "; " + c.why);
      ChildInfo info = c.info();
      lock.callOut(() -> listener.childStarted(info));
    } else if (c.state == Child.State.RETIRING && c.inFlight.isEmpty()) {
      c.sendExit();
    }
  }

  /** A job's answer: its future completes (as a call-out). */
  private void answered(Child c, Frame f, Long rssAfter) {
    Task done = c.inFlight.get(f.id());
    if (done == null) {
      log.debug("{}: answer for unknown job {}", c.id, f.id());
      return;
    }
    c.answered(done, clock.millis() + children.settings().jobTimeout().toMillis());
    c.done++;
    c.timedOut.remove(f.id());
    if (rssAfter != null) {
      c.updateRss(rssAfter);
    }
    Reply reply =
        new Reply(f.type() == Frame.Type.RESULT, f.fields(), c.id, c.process.pid(), done.attempt());
    children.retireIfTooBig(c);
    if (c.state == Child.State.RETIRING && c.inFlight.isEmpty()) {
      c.sendExit();
    }
    lock.callOut(() -> done.future.complete(reply));
  }
}
