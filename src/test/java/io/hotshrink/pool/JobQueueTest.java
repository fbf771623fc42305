package io.hotshrink.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order jobs leave the queue in: lanes in turn by priority, retries first, aging per lane. */
class JobQueueTest {
  private static final long AGING = 30_000;

  private final JobQueue queue = new JobQueue(AGING);
  private long now = 1_000_000;
  private long ids;

  private Task add(String lane, String label, long weight) {
    Task t = new Task(++ids, lane, label, Map.of(), weight);
    queue.add(t, now);
    return t;
  }

  private void fill(String lane, int n) {
    for (int i = 0; i < n; i++) {
      add(lane, lane + i, 0);
    }
  }

  /** Takes {@code n} jobs (or all there are) and returns their lanes. */
  private List<String> take(int n) {
    List<String> lanes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Task t = queue.poll(now);
      if (t == null) {
        break;
      }
      lanes.add(t.lane);
    }
    return lanes;
  }

  private static long count(List<String> lanes, String lane) {
    return lanes.stream().filter(lane::equals).count();
  }

  @Test
  void aFloodIntoOneLaneDoesNotHoldBackTheJobsOfAnother() {
    fill("A", 2000);
    fill("B", 10);
    List<String> first = take(20);
    assertEquals(10, count(first, "B"), first.toString());
    assertEquals(1990, count(take(5000), "A"), "the rest of A's backlog goes out afterwards");
    assertTrue(queue.isEmpty());
  }

  @Test
  void aLaneThatComesWhileAFloodIsGoingOutSendsItsFirstJobAtOnce() {
    fill("A", 2000);
    take(500);
    fill("B", 10);
    assertEquals("B", take(1).get(0));
    assertEquals(10, count(take(19), "B") + 1);
  }

  @Test
  void aLaneOfPriorityThreeSendsThreeJobsForEachOfALaneOfPriorityOne() {
    queue.priorities(Map.of("A", 3));
    fill("A", 5000);
    fill("B", 5000);
    List<String> out = take(4000);
    assertEquals(3000, count(out, "A"), 1.0);
    assertEquals(1000, count(out, "B"), 1.0);
    // Evenly spread, not in bursts: every window of 4 holds 3 of A's (give or take one).
    for (int i = 0; i + 4 <= out.size(); i += 4) {
      long a = count(out.subList(i, i + 4), "A");
      assertTrue(a >= 2 && a <= 4, "window at " + i + ": " + out.subList(i, i + 4));
    }
  }

  @Test
  void prioritiesMayChangeWhileJobsWait() {
    fill("A", 1000);
    fill("B", 1000);
    List<String> even = take(200);
    assertEquals(100, count(even, "A"), 1.0);
    queue.priorities(Map.of("B", 4));
    List<String> after = take(500);
    assertEquals(400, count(after, "B"), 2.0);
    queue.priorities(Map.of());
    assertEquals(50, count(take(100), "B"), 1.0);
  }

  @Test
  void aPriorityBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> queue.priorities(Map.of("A", 0)));
  }

  @Test
  void aLaneLeftEmptyGetsNoBurstWhenItsJobsComeBack() {
    fill("A", 2000);
    fill("B", 1);
    assertEquals(1, count(take(2), "B"));
    assertEquals(300, count(take(300), "A"), "B is empty: A has the children to itself");
    fill("B", 100);
    List<String> next = take(40);
    assertEquals(20, count(next, "B"), 1.0, "no more than its share: " + next);
    for (int i = 0; i + 2 <= next.size(); i += 2) {
      assertEquals(1, count(next.subList(i, i + 2), "B"), "turn by turn: " + next);
    }
  }

  @Test
  void aHighPriorityLaneLeftEmptyGetsNoBurstEither() {
    queue.priorities(Map.of("B", 3));
    fill("A", 2000);
    fill("B", 3);
    take(4);
    take(400); // A alone
    fill("B", 100);
    List<String> next = take(40);
    assertEquals(30, count(next, "B"), 1.0, next.toString());
  }

  @Test
  void retriesGoBeforeEveryLanesJobs() {
    fill("A", 50);
    fill("B", 50);
    Task big = add("B", "big", 9_000);
    take(10);
    Task retried = new Task(++ids, "A", "retried", Map.of(), 1);
    queue.addRetry(retried, now);
    assertSame(retried, queue.poll(now));
    assertTrue(queue.size() > 0);
    assertFalse(queue.hasSuspect(), "a retry after a timeout of its neighbour is no suspect");
    Task suspect = new Task(++ids, "B", "suspect", Map.of(), 1);
    suspect.crashes = 1;
    queue.addRetry(suspect, now);
    assertTrue(queue.hasSuspect());
    assertSame(suspect, queue.poll(now));
    assertFalse(queue.hasSuspect());
    assertFalse(big.retry);
  }

  @Test
  void withinALaneTheLargestGoFirst() {
    add("A", "small", 10);
    add("A", "big", 9_000);
    add("A", "mid", 500);
    add("A", "mid2", 500);
    List<String> labels = new ArrayList<>();
    for (Task t; (t = queue.poll(now)) != null; ) {
      labels.add(t.label);
    }
    assertEquals(List.of("big", "mid", "mid2", "small"), labels);
  }

  @Test
  void withinALaneAJobThatHasWaitedLongGoesAheadOfLargerOnes() {
    add("A", "small", 10);
    now += AGING + 1_000;
    add("A", "big", 9_000);
    assertEquals("small", queue.poll(now).label);
    assertEquals("big", queue.poll(now).label);
  }

  @Test
  void aFloodThatHasAgedDoesNotGoAheadOfOtherLanes() {
    fill("A", 100);
    now += AGING + 1_000;
    fill("B", 5);
    assertEquals(5, count(take(10), "B"));
  }

  @Test
  void aJobPassedOverStaysAndTheRestComeAsThoughItHadGone() {
    Task suspect = new Task(++ids, "A", "suspect", Map.of(), 0);
    suspect.crashes = 1;
    queue.addRetry(suspect, now);
    fill("A", 3);
    fill("B", 3);
    Iterator<Task> it = queue.inDispatchOrder(now);
    assertSame(suspect, it.next()); // no quarantine child for it: passed over
    List<String> sent = new ArrayList<>();
    while (it.hasNext()) {
      Task t = it.next();
      it.remove();
      sent.add(t.label);
    }
    assertEquals(List.of("A0", "B0", "A1", "B1", "A2", "B2"), sent);
    assertEquals(1, queue.size());
    assertTrue(queue.hasSuspect());

    // A job left without remove() (no free child) is the one that goes first next time.
    fill("A", 2);
    fill("B", 2);
    it = queue.inDispatchOrder(now);
    it.next();
    it.remove(); // the suspect
    Task first = it.next();
    assertSame(first, queue.poll(now));
  }

  @Test
  void sizesAreCountedPerLaneRetriesIncluded() {
    fill("A", 3);
    fill("B", 2);
    queue.addRetry(new Task(++ids, "C", "c", Map.of(), 0), now);
    assertEquals(Map.of("A", 3, "B", 2, "C", 1), queue.sizeByLane());
    assertEquals(6, queue.size());
    take(6);
    assertEquals(Map.of(), queue.sizeByLane());
    assertNull(queue.poll(now));
  }

  @Test
  void drainTakesEveryJobInArrivalOrder() {
    add("A", "a1", 5);
    now += 1;
    add("B", "b1", 9);
    now += 1;
    queue.addRetry(new Task(++ids, "A", "r", Map.of(), 0), now);
    now += 1;
    add("A", "a2", 7);
    assertEquals(List.of("a1", "b1", "r", "a2"), queue.drain().stream().map(t -> t.label).toList());
    assertTrue(queue.isEmpty());
  }
}
