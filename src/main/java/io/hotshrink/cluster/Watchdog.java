package io.hotshrink.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides, on this host's monotonic clock, when a node that cannot renew its leases must give up
 * its work. The deadline counts from when the last successful renewal was <em>sent</em>: the
 * database set that lease at some moment after, so the lease runs out no earlier than {@code sent +
 * lease} (host and database clocks only need to tick at about the same rate, never to agree). A
 * renewal that hangs counts as failing: the check does not wait for it.
 */
final class Watchdog {
  private final long budgetNanos;
  private final LongSupplier ticker;
  private long lastGood; // when the last successful renewal was sent
  private boolean failing;
  private boolean abandoned;

  /** Starts counting now, as if a renewal had just succeeded. */
  Watchdog(Duration budget, LongSupplier ticker) {
    this.budgetNanos = budget.toNanos();
    this.ticker = ticker;
    this.lastGood = ticker.getAsLong();
  }

  /**
   * A renewal sent at {@code sentAt} succeeded. Returns true when this ends an abandonment; a
   * renewal that was sent so long ago that its own leases are already past the budget does not.
   */
  synchronized boolean succeeded(long sentAt) {
    if (sentAt - lastGood > 0) {
      lastGood = sentAt;
    }
    failing = false;
    if (abandoned && ticker.getAsLong() - lastGood <= budgetNanos) {
      abandoned = false;
      return true;
    }
    return false;
  }

  /** A renewal failed; returns true when it is the first of a run of failures. */
  synchronized boolean failed() {
    boolean first = !failing;
    failing = true;
    return first;
  }

  /** Returns true exactly once per outage: when the budget has just run out. */
  synchronized boolean check() {
    if (!abandoned && silentNanos() > budgetNanos) {
      abandoned = true;
      return true;
    }
    return false;
  }

  synchronized Standing standing() {
    if (abandoned) {
      return Standing.ABANDONED;
    }
    return failing ? Standing.RENEWAL_FAILING : Standing.HEALTHY;
  }

  /** Time since the last successful renewal was sent. */
  synchronized Duration silentFor() {
    return Duration.ofNanos(silentNanos());
  }

  private long silentNanos() {
    return ticker.getAsLong() - lastGood;
  }
}
