package io.hotshrink.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.input.Source;
import io.hotshrink.testing.FakeClock;
import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.Sources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Backoff and the once-per-episode log, on a fake clock and a fake timer: nothing sleeps. */
class RetrySchedulerTest {
  private final FakeClock clock = new FakeClock();
  private final List<Long> delays = new ArrayList<>();
  private final List<Runnable> due = new ArrayList<>();
  private final List<String> resubmitted = new ArrayList<>();
  private final Set<String> changed = new HashSet<>();

  private final RetryScheduler retries =
      RetryScheduler.builder()
          .maxDelay(Duration.ofSeconds(30))
          .clock(clock)
          .timer(
              (task, delay) -> {
                delays.add(delay);
                due.add(task);
              })
          .resubmit(src -> resubmitted.add(src.relative().toString()))
          .sameVersionThere(src -> !changed.contains(src.relative().toString()))
          .build();

  private static Source src(String name) {
    return Sources.of(name, 100, 5);
  }

  /** Runs what the timer holds, as if its time had come. */
  private void fire() {
    List<Runnable> now = new ArrayList<>(due);
    due.clear();
    now.forEach(Runnable::run);
  }

  @Test
  void thePauseDoublesFromOneSecondUpToMaxDelay() {
    Source a = src("a.jpg");
    for (int i = 0; i < 8; i++) {
      retries.later(a, "disk full");
      fire();
    }
    assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), delays);
    assertEquals(8, resubmitted.size(), "tried again each time, for as long as it takes");
    assertEquals(8, retries.attempts(a));
    retries.done(a);
    assertEquals(0, retries.attempts(a));
  }

  @Test
  void aReloadedMaxDelayAppliesFromTheNextAttempt() {
    retries.maxDelay(Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      retries.later(src("a.jpg"), "disk full");
    }
    assertEquals(List.of(1000L, 2000L, 2000L), delays);
  }

  @Test
  void aFloodOfJobsHittingAFullDiskIsLoggedOnceNotPerJobOrAttempt() {
    try (LogCapture log = LogCapture.of(RetryScheduler.class)) {
      for (int attempt = 0; attempt < 5; attempt++) {
        for (int i = 0; i < 300; i++) {
          retries.later(src("p" + i + ".jpg"), "cannot write: No space left on device");
        }
        clock.advance(Duration.ofSeconds(30));
        fire();
      }
      assertEquals(1500, resubmitted.size());
      assertEquals(300, retries.waiting());
      List<String> lines = log.messages();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("No space left on device"), lines.get(0));
      assertTrue(lines.get(0).contains("the source stays where it is"), lines.get(0));

      clock.advance(Duration.ofMinutes(10));
      retries.later(src("p1.jpg"), "still full");
      assertEquals(2, log.messages().size(), "a reminder every 10 minutes");
      assertTrue(log.messages().get(1).startsWith("still trying again: 300 inputs waiting"));

      for (int i = 0; i < 300; i++) {
        retries.done(src("p" + i + ".jpg"));
      }
      assertEquals(3, log.messages().size());
      assertTrue(log.messages().get(2).contains("through (300 inputs"), log.messages().toString());

      retries.later(src("q.jpg"), "full again");
      assertEquals(4, log.messages().size(), "a new episode is told again");
    }
  }

  @Test
  void anInputThatChangedOrWentWhileItWaitedIsNotTriedAgain() {
    retries.later(src("a.jpg"), "disk full");
    retries.later(src("b.jpg"), "disk full");
    changed.add("a.jpg");
    fire();
    assertEquals(List.of("b.jpg"), resubmitted);
    assertEquals(1, retries.waiting(), "a.jpg's new version is the watcher's to hand on");
  }

  @Test
  void nothingIsTriedAfterShutdown() {
    retries.later(src("a.jpg"), "disk full");
    retries.close();
    fire();
    retries.later(src("b.jpg"), "disk full");
    fire();
    assertEquals(List.of(), resubmitted);
  }

  @Test
  void aRetryWithItsOwnActionRunsThatAction() {
    List<String> ran = new ArrayList<>();
    retries.later(src("t.jpg"), "cannot move it", s -> ran.add(s.relative().toString()));
    fire();
    assertEquals(List.of("t.jpg"), ran);
    assertEquals(List.of(), resubmitted);
  }
}
