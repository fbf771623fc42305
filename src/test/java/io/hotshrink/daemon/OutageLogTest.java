package io.hotshrink.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One line when the claim database goes away, one a minute while it stays away, one when back. */
class OutageLogTest {
  private long now = 1_000;
  private final OutageLog log = new OutageLog(() -> now);

  private void after(long seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
  }

  @Test
  void anOutageIsToldOnceAMinuteAndItsEndWithItsLength() {
    assertEquals(Optional.empty(), log.answered(), "no outage, nothing to tell");
    assertEquals(Optional.of("refused (again in 500 ms)"), log.failed("refused", 500));
    int told = 0;
    for (int i = 0; i < 24; i++) { // two minutes of tries 5 s apart
      after(5);
      if (log.failed("refused", 5_000).isPresent()) {
        told++;
      }
    }
    assertEquals(2, told, "one line per minute of the outage, not one per try");
    after(5);
    Optional<String> line = Optional.empty();
    for (int i = 0; i < 12 && line.isEmpty(); i++) {
      after(5);
      line = log.failed("refused", 5_000);
    }
    // the last line was at 120 s: the next a minute later, with how long it has lasted
    assertEquals(Optional.of("still away after 180 s: refused (trying every 5000 ms)"), line);
    after(3);
    assertEquals(Optional.of(Duration.ofSeconds(183)), log.answered(), "the outage's length");
    assertEquals(Optional.empty(), log.answered(), "told once");
    assertEquals(
        Optional.of("timed out (again in 500 ms)"),
        log.failed("timed out", 500),
        "the next outage starts afresh");
  }
}
