package io.hotshrink.pool;

import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jobs of one lane (or the retries) in the order they go out: largest first, ties in arrival
 * order, except that a job that has waited at least the aging limit goes ahead, oldest first, so a
 * steady stream of big files cannot starve a small one. Guarded by the pool's lock.
 */
final class SubQueue {
  static final Comparator<Task> PRIORITY =
      Comparator.comparingLong((Task t) -> t.weight).reversed().thenComparingLong(t -> t.id);
  static final Comparator<Task> ARRIVAL =
      Comparator.comparingLong((Task t) -> t.queuedAt).thenComparingLong(t -> t.id);

  private final TreeSet<Task> byPriority = new TreeSet<>(PRIORITY);
  private final TreeSet<Task> byArrival = new TreeSet<>(ARRIVAL);

  /** Where the lane stands in the round (see {@link JobQueue}); unused for the retries. */
  long pass;

  void add(Task t) {
    byPriority.add(t);
    byArrival.add(t);
  }

  void remove(Task t) {
    byPriority.remove(t);
    byArrival.remove(t);
  }

  /**
   * The job to go next, passing over {@code skipped} (jobs a dispatch looked at and left, usually
   * none), or null.
   */
  Task head(long now, long agingMillis, Set<Task> skipped) {
    for (Task t : byArrival) {
      if (now - t.queuedAt < agingMillis) {
        break;
      }
      if (!skipped.contains(t)) {
        return t;
      }
    }
    for (Task t : byPriority) {
      if (!skipped.contains(t)) {
        return t;
      }
    }
    return null;
  }

  Iterable<Task> inArrivalOrder() {
    return byArrival;
  }

  int size() {
    return byPriority.size();
  }

  boolean isEmpty() {
    return byPriority.isEmpty();
  }

  void clear() {
    byPriority.clear();
    byArrival.clear();
  }
}
