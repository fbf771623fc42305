package io.hotshrink.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The renewal watchdog on a fake monotonic clock: when a node that cannot renew gives up. */
class WatchdogTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Duration budget = Duration.ofSeconds(20); // lease 30 s − margin 10 s
  private final Watchdog watchdog = new Watchdog(budget, now::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void failingRenewalsAreToleratedUntilTheBudgetRunsOutThenAbandonOnce() {
    assertEquals(Standing.HEALTHY, watchdog.standing());
    advance(Duration.ofSeconds(10));
    assertTrue(watchdog.failed(), "the first failure of a run");
    assertFalse(watchdog.failed());
    assertEquals(Standing.RENEWAL_FAILING, watchdog.standing());
    advance(Duration.ofSeconds(10));
    assertFalse(watchdog.check(), "exactly the budget: not yet");

    advance(Duration.ofMillis(1));
    assertTrue(watchdog.check());
    assertEquals(Standing.ABANDONED, watchdog.standing());
    assertFalse(watchdog.check(), "signalled once per outage");
  }

  @Test
  void aRenewalThatHangsCountsAsFailing() {
    advance(budget.plusMillis(1)); // no failure reported: the call is stuck in a dead socket
    assertTrue(watchdog.check());
  }

  @Test
  void theBudgetCountsFromWhenTheLastGoodRenewalWasSentNotFromItsAnswer() {
    long sent = now.get();
    advance(Duration.ofSeconds(5)); // a slow answer
    watchdog.succeeded(sent);
    advance(Duration.ofSeconds(15).plusMillis(1));
    assertTrue(watchdog.check(), "20 s after sending, though only 15 s after the answer");
  }

  @Test
  void aGoodRenewalEndsAnAbandonmentUnlessItWasSentTooLongAgo() {
    long stale = now.get();
    advance(budget.plusSeconds(1));
    assertTrue(watchdog.check());

    advance(Duration.ofSeconds(1));
    assertFalse(watchdog.succeeded(stale), "sent before the outage: its leases are too old");
    assertEquals(Standing.ABANDONED, watchdog.standing());

    assertTrue(watchdog.succeeded(now.get()));
    assertEquals(Standing.HEALTHY, watchdog.standing());
    assertFalse(watchdog.check());
    advance(budget.plusMillis(1));
    assertTrue(watchdog.check(), "the next outage is signalled again");
  }
}
