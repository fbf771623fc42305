package io.hotshrink.metrics;

import java.time.Clock;

/**
 * How many events happened in the last minute or hour: one counter per second of the last hour, in
 * a ring, read from the injected clock. Thread-safe.
 */
final class RecentCounts {
  static final int SECONDS = 3600;

  private final Clock clock;
  private final long[] second = new long[SECONDS];
  private final long[] count = new long[SECONDS];

  RecentCounts(Clock clock) {
    this.clock = clock;
    java.util.Arrays.fill(second, Long.MIN_VALUE);
  }

  synchronized void add(long n) {
    long now = Math.floorDiv(clock.millis(), 1000);
    int i = Math.floorMod(now, SECONDS);
    if (second[i] != now) {
      second[i] = now;
      count[i] = 0;
    }
    count[i] += n;
  }

  /** Events in the last {@code seconds} seconds, this one included (at most an hour). */
  synchronized long last(int seconds) {
    long now = Math.floorDiv(clock.millis(), 1000);
    long total = 0;
    for (int i = 0; i < SECONDS; i++) {
      if (second[i] > now - Math.min(seconds, SECONDS) && second[i] <= now) {
        total += count[i];
      }
    }
    return total;
  }
}
