package io.hotshrink.daemon;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * When an outage of the claim database is worth a log line. The cluster loop retries every 0.5 to 5
 * s while PostgreSQL is away; one warning per try filled the log with the same line for the whole
 * outage. Now: the first failure, then one line a minute while it lasts, and one when the database
 * answers again, with how long it was away. Not thread-safe: the cluster thread's.
 */
final class OutageLog {
  static final Duration REPEAT = Duration.ofMinutes(1);

  private final LongSupplier nanos;
  private boolean out;
  private long since;
  private long lastLogged;

  /**
   * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  OutageLog(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /**
   * A try failed: the line to log now ("cannot reach ..., again in ..."), or empty while a line
   * about this outage was logged less than {@link #REPEAT} ago.
   */
  Optional<String> failed(String why, long retryMs) {
    long now = nanos.getAsLong();
    if (!out) {
      out = true;
      since = now;
      lastLogged = now;
      return Optional.of(why + " (again in " + retryMs + " ms)");
    }
    if (now - lastLogged < REPEAT.toNanos()) {
      return Optional.empty();
    }
    lastLogged = now;
    return Optional.of(
        "still away after "
            + seconds(now - since)
            + " s: "
            + why
            + " (trying every "
            + retryMs
            + " ms)");
  }

  /** A try succeeded: how long the database was away, if it was. */
  Optional<Duration> answered() {
    if (!out) {
      return Optional.empty();
    }
    out = false;
    return Optional.of(Duration.ofNanos(nanos.getAsLong() - since));
  }

  private static long seconds(long nanos) {
    return Math.round(nanos / 1e9);
  }
}
