package io.hotshrink.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Jobs waiting for a child, in the order they should go out: jobs being retried first, then the
 * largest inputs first (with many queued, starting the long jobs early gives the shortest overall
 * time), ties in arrival order. So that a steady stream of big files cannot starve a small one, a
 * job that has waited longer than the aging limit goes ahead of everything, oldest first.
 *
 * <p>Not thread-safe: guarded by the pool's lock. A task's weight, retry flag and queue time are
 * only changed while it is out of the queue.
 */
final class JobQueue implements Iterable<Task> {
  private static final Comparator<Task> PRIORITY =
      Comparator.comparing((Task t) -> !t.retry)
          .thenComparing(Comparator.comparingLong((Task t) -> t.weight).reversed())
          .thenComparingLong(t -> t.id);
  private static final Comparator<Task> ARRIVAL =
      Comparator.comparingLong((Task t) -> t.queuedAt).thenComparingLong(t -> t.id);

  private final TreeSet<Task> byPriority = new TreeSet<>(PRIORITY);
  private final TreeSet<Task> byArrival = new TreeSet<>(ARRIVAL);
  private final long agingMillis;

  JobQueue(long agingMillis) {
    this.agingMillis = agingMillis;
  }

  void add(Task t, long now) {
    t.queuedAt = now;
    byPriority.add(t);
    byArrival.add(t);
  }

  /** A job coming back after its child died: it goes before new ones. */
  void addRetry(Task t, long now) {
    t.retry = true;
    add(t, now);
  }

  void remove(Task t) {
    byPriority.remove(t);
    byArrival.remove(t);
  }

  /** Jobs that have waited at least the aging limit, oldest first (usually none). */
  List<Task> aged(long now) {
    List<Task> aged = new ArrayList<>();
    for (Task t : byArrival) {
      if (now - t.queuedAt < agingMillis) {
        break;
      }
      aged.add(t);
    }
    return aged;
  }

  /** In priority order; {@code remove()} takes the job out of the queue. */
  @Override
  public Iterator<Task> iterator() {
    Iterator<Task> it = byPriority.iterator();
    return new Iterator<>() {
      private Task last;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Task next() {
        last = it.next();
        return last;
      }

      @Override
      public void remove() {
        it.remove();
        byArrival.remove(last);
      }
    };
  }

  /** True when a suspect job (one whose child died) is waiting for a quarantine child. */
  boolean hasSuspect() {
    for (Task t : byPriority) {
      if (!t.retry) {
        return false; // retries come first; past them there are no suspects
      }
      if (t.suspect()) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return byPriority.size();
  }

  boolean isEmpty() {
    return byPriority.isEmpty();
  }

  /** Takes every job out. */
  List<Task> drain() {
    List<Task> all = new ArrayList<>(byArrival);
    byPriority.clear();
    byArrival.clear();
    return all;
  }
}
