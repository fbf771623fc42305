package io.hotshrink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentCountsTest {
  private final FakeClock clock = new FakeClock(1_700_000_000_000L);
  private final RecentCounts counts = new RecentCounts(clock);

  @Test
  void countsWhatHappenedWithinTheWindowOnly() {
    counts.add(3);
    clock.advance(Duration.ofSeconds(30));
    counts.add(2);
    assertEquals(5, counts.last(60));
    assertEquals(2, counts.last(10));
    clock.advance(Duration.ofSeconds(31)); // the first 3 are 61 s old now
    assertEquals(2, counts.last(60));
    assertEquals(5, counts.last(3600));
  }

  @Test
  void anHourLaterTheRingHasForgottenEverything() {
    counts.add(7);
    clock.advance(Duration.ofMinutes(59));
    assertEquals(7, counts.last(3600));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(0, counts.last(3600));
    // The same slot of the ring, an hour on: counted afresh, not added to the old count.
    counts.add(1);
    assertEquals(1, counts.last(3600));
    assertEquals(1, counts.last(1));
  }

  @Test
  void nothingCountedIsZero() {
    assertEquals(0, counts.last(60));
    assertEquals(0, counts.last(3600));
  }
}
