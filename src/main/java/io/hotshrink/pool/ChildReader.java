package io.hotshrink.pool;

import io.hotshrink.protocol.Frame;
import io.hotshrink.protocol.ProtocolException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child's stdout, read on a thread of its own ({@code hotshrink-w3-stdout}): each frame goes to
 * {@link ChildAnswers}; a child that writes something else is killed. At the end of its stdout it
 * waits for the child to exit (killing it if it lives on), and a moment for the last lines of its
 * stderr, then reports the exit. Its waits go by the pool's clock.
 */
final class ChildReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  /** How long the last lines of a child's stderr may take to arrive after its exit. */
  private static final long STDERR_LINGER_MILLIS = 1000;

  private final Child c;
  private final ChildAnswers answers;
  private final ChildSupervisor supervisor;
  private final Clock clock;
  private final Duration stopWait;

  /**
   * @param supervisor told when the child has exited
   * @param stopWait how long a child that closed its stdout may take to exit before it is killed
   */
  ChildReader(
      Child c, ChildAnswers answers, ChildSupervisor supervisor, Clock clock, Duration stopWait) {
    this.c = c;
    this.answers = answers;
    this.supervisor = supervisor;
    this.clock = clock;
    this.stopWait = stopWait;
  }

  @Override
  public void run() {
    try {
      Frame f;
      while ((f = c.codec.read()) != null) {
        answers.onFrame(c, f);
      }
    } catch (ProtocolException e) {
      log.error(
          "{} (pid {}) wrote something that is not a frame, killing it: {}",
          c.id,
          c.process.pid(),
          e.getMessage());
      answers.brokeProtocol(c);
      c.process.destroyForcibly();
    } catch (IOException | RuntimeException e) {
      log.debug("{}: stdout ended: {}", c.id, e.toString());
    }
    Integer status = null;
    try {
      status = waitForExit(c.process, clock, clock.millis() + stopWait.toMillis());
      if (status == null) {
        log.warn(
            "{} (pid {}) closed its stdout but did not exit: killing it", c.id, c.process.pid());
        c.process.destroyForcibly();
        status = waitForExit(c.process, clock, clock.millis() + stopWait.toMillis());
      }
      // Let the last lines of stderr arrive before quoting them.
      long deadline = clock.millis() + STDERR_LINGER_MILLIS;
      while (c.stderrThread.isAlive() && clock.millis() < deadline) {
        c.stderrThread.join(PoolLock.LOOK_EVERY_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    supervisor.onExit(c, status);
  }

  /**
   * The exit status of {@code p}, or null if it has not exited when {@code clock} reaches {@code
   * deadline}.
   */
  static Integer waitForExit(ChildProcess p, Clock clock, long deadline)
      throws InterruptedException {
    while (true) {
      long left = deadline - clock.millis();
      long slice = Math.max(0, Math.min(left, PoolLock.LOOK_EVERY_MILLIS));
      Integer status = p.waitFor(slice, TimeUnit.MILLISECONDS);
      if (status != null || left <= 0) {
        return status;
      }
    }
  }
}
