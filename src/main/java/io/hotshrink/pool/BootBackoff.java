package io.hotshrink.pool;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Children that cannot start (a bad {@code pool.jvm-options} value, say): after each failure in a
 * row the next start waits twice as long as the last (the base, then 2, 4, ... times it, capped),
 * so a child that cannot start never becomes a tight respawn loop; after {@code
 * pool.max-boot-failures} in a row the pool gives up, once. A child that becomes ready starts the
 * count again. Times are the pool's clock's milliseconds. Guarded by the pool's lock.
 */
final class BootBackoff {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final Duration base;
  private final Duration max;
  private int failures;
  private long nextStartAt;
  private boolean everReady;
  private boolean gaveUp;

  BootBackoff(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  /** True when a child may be started at {@code now}: no pause is running. */
  boolean mayStart(long now) {
    return now >= nextStartAt;
  }

  /** A child became ready. */
  void ready() {
    failures = 0;
    everReady = true;
  }

  /** True when some child has become ready since the pool started. */
  boolean everReady() {
    return everReady;
  }

  /** True when the last child to start or fail to start failed. */
  boolean failing() {
    return failures > 0;
  }

  /**
   * Counts a child that failed to start, logs it (with the end of its stderr) and pauses starts.
   *
   * @param exit how it ended, in words
   * @param tail the end of its stderr
   * @return why the pool gives up, when this failure is the {@code maxFailures}th in a row (only
   *     the first time)
   */
  Optional<String> failed(String id, String exit, String tail, long now, int maxFailures) {
    failures++;
    long delay = Math.min(max.toMillis(), base.toMillis() << Math.min(20, failures - 1));
    nextStartAt = now + delay;
    log.error(
        "{} failed to start ({}), {} in a row{}{}",
        id,
        exit,
        failures,
        failures < maxFailures ? "; next try in " + delay + " ms" : "",
        tail.isBlank() ? "" : "; its stderr:\n" + ExitDescription.lastLines(tail, 20));
    if (failures < maxFailures || gaveUp) {
      return Optional.empty();
    }
    gaveUp = true;
    return Optional.of(
        "child JVMs failed to start "
            + failures
            + " times in a row (see pool.jvm-options and pool.heap); last: "
            + exit);
  }
}
