package io.hotshrink.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;

/**
 * Jobs waiting for a child, in the order they should go out.
 *
 * <ul>
 *   <li>Jobs being retried (their child died) go before all others, whatever their lane.
 *   <li>The other jobs wait in one {@link SubQueue} per lane (a hot folder): largest first, but a
 *       job that has waited past the aging limit goes ahead of its lane, oldest first.
 *   <li>The lanes take turns by weighted fair queueing (stride scheduling): each lane has a pass,
 *       the lane with the lowest pass sends the next job and moves its pass on by {@code STRIDE /
 *       priority}, so a lane of priority 3 sends three jobs for each one of a lane of priority 1,
 *       and a lane with 10 jobs waiting behind one with 2,000 sends its first at once.
 * </ul>
 *
 * <p>Aging is per lane on purpose: once a flood has waited past the limit, a global "aged first"
 * would put all of it ahead of every other lane, the very starvation the lanes are for. Within a
 * lane it keeps its old meaning (a small file is not starved by a stream of big ones).
 *
 * <p>A lane left empty is forgotten, pass and all: when jobs come again it starts at the pass of
 * the last job sent ({@link #round}), level with the lanes that kept working, so time spent idle is
 * not saved up into a burst later.
 *
 * <p>Not thread-safe: guarded by the pool's lock. A task's weight, lane, retry flag and queue time
 * are only changed while it is out of the queue.
 */
final class JobQueue {
  /**
   * A priority-1 lane's step; large so that {@code STRIDE / priority} rounds off next to nothing.
   */
  private static final long STRIDE = 1L << 20;

  private final SubQueue retries = new SubQueue();

  /** Lanes with jobs waiting, in the order they (last) came in: that order breaks ties. */
  private final Map<String, SubQueue> lanes = new LinkedHashMap<>();

  private final long agingMillis;
  private Map<String, Integer> priorities = Map.of();

  /** The pass of the lane that sent the last job: where a lane that comes (back) starts. */
  private long round;

  JobQueue(long agingMillis) {
    this.agingMillis = agingMillis;
  }

  void add(Task t, long now) {
    t.queuedAt = now;
    if (t.retry) {
      retries.add(t);
      return;
    }
    lanes
        .computeIfAbsent(
            t.lane,
            l -> {
              SubQueue q = new SubQueue();
              q.pass = round;
              return q;
            })
        .add(t);
  }

  /** A job coming back after its child died: it goes before new ones. */
  void addRetry(Task t, long now) {
    t.retry = true;
    add(t, now);
  }

  /**
   * Each lane's share while several have jobs waiting (a lane not named: 1). Applies from the next
   * job sent.
   */
  void priorities(Map<String, Integer> newPriorities) {
    newPriorities.forEach(
        (lane, p) -> {
          if (p == null || p < 1) {
            throw new IllegalArgumentException(
                "the priority of lane '" + lane + "' must be 1 or more, not " + p);
          }
        });
    priorities = Map.copyOf(newPriorities);
  }

  private long stride(String lane) {
    return Math.max(1, STRIDE / priorities.getOrDefault(lane, 1));
  }

  /**
   * The jobs in the order they are to be sent: the retries, then the lanes in turn. {@code
   * remove()} takes the job just returned out of the queue and uses its lane's turn; a job passed
   * over without {@code remove()} stays where it is, and the jobs after it come as though it had
   * been sent (so a dispatch that passes over a job waiting for a quarantine child goes on in the
   * same order).
   */
  Iterator<Task> inDispatchOrder(long now) {
    return new DispatchOrder(now);
  }

  /** Takes out the job that is to go next, or returns null. */
  Task poll(long now) {
    Iterator<Task> it = inDispatchOrder(now);
    if (!it.hasNext()) {
      return null;
    }
    Task t = it.next();
    it.remove();
    return t;
  }

  /** Takes {@code t} out; if it came from a lane, that lane's turn is used. */
  private void take(Task t) {
    if (t.retry) {
      retries.remove(t);
      return;
    }
    SubQueue q = lanes.get(t.lane);
    q.remove(t);
    round = Math.max(round, q.pass);
    q.pass += stride(t.lane);
    if (q.isEmpty()) {
      lanes.remove(t.lane);
      if (lanes.isEmpty()) {
        round = 0;
      }
    }
  }

  /** True when a suspect job (one whose child died) is waiting for a quarantine child. */
  boolean hasSuspect() {
    for (Task t : retries.inArrivalOrder()) {
      if (t.suspect()) {
        return true;
      }
    }
    return false;
  }

  int size() {
    int n = retries.size();
    for (SubQueue q : lanes.values()) {
      n += q.size();
    }
    return n;
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** Jobs waiting per lane, retries included; lanes with none are left out. */
  Map<String, Integer> sizeByLane() {
    Map<String, Integer> n = new TreeMap<>();
    lanes.forEach((lane, q) -> n.put(lane, q.size()));
    for (Task t : retries.inArrivalOrder()) {
      n.merge(t.lane, 1, Integer::sum);
    }
    return n;
  }

  /** Takes every job out, in arrival order. */
  List<Task> drain() {
    List<Task> all = new ArrayList<>();
    retries.inArrivalOrder().forEach(all::add);
    lanes.values().forEach(q -> q.inArrivalOrder().forEach(all::add));
    all.sort(SubQueue.ARRIVAL);
    retries.clear();
    lanes.clear();
    round = 0;
    return all;
  }

  private final class DispatchOrder implements Iterator<Task> {
    private final long now;

    /** Returned and not removed: the jobs after them come as though they had been sent. */
    private final Set<Task> passedOver = new HashSet<>();

    /** The lanes' passes as they would be had the jobs passed over been sent. */
    private final Map<String, Long> passes = new HashMap<>();

    private Task next;
    private Task last;

    DispatchOrder(long now) {
      this.now = now;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = find();
      }
      return next != null;
    }

    @Override
    public Task next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = next;
      next = null;
      passedOver.add(last);
      return last;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException();
      }
      passedOver.remove(last);
      take(last);
      last = null;
    }

    private Task find() {
      Task retry = retries.head(now, agingMillis, passedOver);
      if (retry != null) {
        return retry;
      }
      String lane = null;
      Task head = null;
      long lowest = Long.MAX_VALUE;
      for (Map.Entry<String, SubQueue> e : lanes.entrySet()) {
        long pass = passes.getOrDefault(e.getKey(), e.getValue().pass);
        if (pass >= lowest) {
          continue; // on a tie, the lane that came first
        }
        Task h = e.getValue().head(now, agingMillis, passedOver);
        if (h != null) {
          lane = e.getKey();
          head = h;
          lowest = pass;
        }
      }
      if (head != null) {
        passes.put(lane, lowest + stride(lane));
      }
      return head;
    }
  }
}
