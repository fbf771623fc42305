package io.hotshrink.watch;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * The {@link Settler}'s files not yet handed on, each with when it is to be looked at next: the
 * settler decides what they mean, this keeps them in order. Rescheduling a file leaves its older
 * entry in the queue, skipped when it comes up, so that a flood of events costs no queue search.
 *
 * <p>Not thread-safe: the settler's thread owns it.
 */
final class Candidates {

  /** One file and what the settler knows of it. */
  static final class Candidate {
    FileProbe.Stat seen;

    /** When {@link #seen} was first observed: the incomplete timeout counts from there. */
    long seenSince;

    /** When the file was first noticed, whatever it looked like then (for the settle wait). */
    long noticedAt;

    long dueAt;

    /** How many times it settled without its end-of-image marker (drives the backoff). */
    int incompleteChecks;

    /**
     * It arrived whole, as far as can be told ({@link Settler#appeared}): looked at once more after
     * the quick look, not after the whole window. Cleared for good by any sign of a writer.
     */
    boolean quick;

    /** An event has come for it: it was not only found by walks of the tree. */
    boolean evented;

    /** It looks different now: its window starts again, and the quick look is off. */
    void changed(FileProbe.Stat now, long at) {
      seen = now;
      seenSince = at;
      incompleteChecks = 0;
      quick = false;
    }
  }

  private record Due(long at, Path path) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(at, o.at);
    }
  }

  private final Map<Path, Candidate> byPath = new HashMap<>();
  private final PriorityQueue<Due> queue = new PriorityQueue<>();

  Candidate get(Path file) {
    return byPath.get(file);
  }

  boolean contains(Path file) {
    return byPath.containsKey(file);
  }

  /** A new candidate, first seen {@code now} looking like {@code seen}, due at {@code dueAt}. */
  Candidate add(Path file, FileProbe.Stat seen, long now, long dueAt) {
    Candidate c = new Candidate();
    c.seen = seen;
    c.seenSince = now;
    c.noticedAt = now;
    byPath.put(file, c);
    schedule(c, file, dueAt);
    return c;
  }

  void remove(Path file) {
    byPath.remove(file);
  }

  /** {@code c} is next looked at {@code at}, and not before (an earlier entry is skipped). */
  void schedule(Candidate c, Path file, long at) {
    c.dueAt = at;
    queue.add(new Due(at, file));
  }

  /** Takes the next file due by {@code now} out of the queue (it stays a candidate); or null. */
  Path nextDue(long now) {
    while (!queue.isEmpty() && queue.peek().at <= now) {
      Due d = queue.poll();
      Candidate c = byPath.get(d.path);
      if (c != null && c.dueAt == d.at) {
        return d.path;
      }
      // else superseded by a later event, or no longer a candidate
    }
    return null;
  }

  /** Milliseconds from {@code now} until the next entry is due, or -1 when there is none. */
  long millisUntilNextDue(long now) {
    Due next = queue.peek();
    return next == null ? -1 : Math.max(0, next.at - now);
  }

  void forEach(BiConsumer<Path, Candidate> action) {
    byPath.forEach(action);
  }

  int size() {
    return byPath.size();
  }

  /** The earliest {@link Candidate#seenSince}, or -1 when there is none. O(candidates). */
  long oldestUnchangedSince() {
    long oldest = -1;
    for (Candidate c : byPath.values()) {
      if (oldest < 0 || c.seenSince < oldest) {
        oldest = c.seenSince;
      }
    }
    return oldest;
  }
}
