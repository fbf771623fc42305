package io.hotshrink.watch;

import io.hotshrink.job.Source;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a file is complete: its size and modification time, as <em>we</em> observed them,
 * have not changed for the settle window. The file's own mtime is never compared with the clock:
 * copies ({@code cp -p}, rsync, Finder) keep old mtimes while still being written.
 *
 * <p>Each candidate is looked at when its window expires, not on every tick, so a flood of
 * thousands of files costs about two stats per file. A file-system event for a candidate just
 * restarts its window. Once a file has been handed on, the same (size, mtime) is not handed on
 * again, however many events and rescans report it.
 *
 * <p>Not thread-safe: one thread (the watcher's settle loop) owns it.
 */
final class Settler {
  private static final Logger log = LoggerFactory.getLogger(Settler.class);

  private final Path root;
  private final Clock clock;
  private final long settleMillis;
  private final FileProbe probe;

  private final Map<Path, Candidate> candidates = new HashMap<>();
  private final PriorityQueue<Due> queue = new PriorityQueue<>();
  private final Map<Path, Handed> handed = new HashMap<>();

  private static final class Candidate {
    FileProbe.Stat seen;
    long dueAt;
  }

  private record Due(long at, Path path) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(at, o.at);
    }
  }

  /** A file already handed on, with what it looked like and when. */
  private record Handed(FileProbe.Stat stat, long at) {}

  Settler(Path root, Clock clock, Duration settle, FileProbe probe) {
    this.root = root;
    this.clock = clock;
    this.settleMillis = settle.toMillis();
    this.probe = probe;
  }

  /** A file was created or changed (an event) or seen (a scan): watch it until it settles. */
  void offer(Path file) {
    offer(file, null);
  }

  /**
   * As {@link #offer(Path)}, with the stat a scan already read, which lets a rescan of a large tree
   * skip every file that was handed on before without touching it again.
   */
  void offer(Path file, FileProbe.Stat known) {
    if (NameFilter.ignored(root.relativize(file))) {
      return;
    }
    long now = clock.millis();
    Candidate c = candidates.get(file);
    if (c != null) {
      // Still being written, or reported twice: either way its window starts again.
      c.dueAt = now + settleMillis;
      queue.add(new Due(c.dueAt, file));
      return;
    }
    Handed h = handed.get(file);
    if (known != null && h != null && h.stat.equals(known)) {
      return;
    }
    Optional<FileProbe.Stat> stat = known != null ? Optional.of(known) : probe.stat(file);
    if (stat.isEmpty() || (h != null && h.stat.equals(stat.get()))) {
      return;
    }
    c = new Candidate();
    c.seen = stat.get();
    c.dueAt = now + settleMillis;
    candidates.put(file, c);
    queue.add(new Due(c.dueAt, file));
  }

  /** The file is gone: stop watching it, and forget it was handed on. */
  void forget(Path file) {
    candidates.remove(file);
    handed.remove(file);
  }

  /** Files handed on before {@code before} and not seen by a complete scan since are forgotten. */
  void retainOnly(java.util.Set<Path> seen, long before) {
    handed.entrySet().removeIf(e -> e.getValue().at < before && !seen.contains(e.getKey()));
  }

  /** Every candidate whose window has expired, re-examined now; returns those that settled. */
  List<Source> poll() {
    long now = clock.millis();
    List<Source> settled = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at <= now) {
      Due d = queue.poll();
      Candidate c = candidates.get(d.path);
      if (c == null || c.dueAt != d.at) {
        continue; // superseded by a later event
      }
      Optional<FileProbe.Stat> stat = probe.stat(d.path);
      if (stat.isEmpty()) {
        candidates.remove(d.path);
        log.debug("{} disappeared before it settled", d.path);
        continue;
      }
      if (!stat.get().equals(c.seen)) {
        c.seen = stat.get();
        c.dueAt = now + settleMillis;
        queue.add(new Due(c.dueAt, d.path));
        continue;
      }
      candidates.remove(d.path);
      handed.put(d.path, new Handed(c.seen, now));
      if (isJpeg(d.path)) {
        settled.add(
            new Source(d.path, root.relativize(d.path), c.seen.size(), c.seen.mtimeMillis()));
      }
    }
    return settled;
  }

  private boolean isJpeg(Path file) {
    try {
      if (probe.startsLikeJpeg(file)) {
        return true;
      }
      log.info("ignored {}: not a JPEG (it does not start with FF D8 FF)", root.relativize(file));
    } catch (NoSuchFileException e) {
      log.debug("{} disappeared before it could be read", file);
    } catch (IOException e) {
      // Unreadable now (permissions, a share going away): forget it so the next rescan retries.
      handed.remove(file);
      log.warn("cannot read {} yet: {}", root.relativize(file), e.toString());
    }
    return false;
  }

  /** Milliseconds until the next candidate is due, or -1 when there is none. */
  long millisUntilNextDue() {
    Iterator<Due> it = queue.iterator();
    if (!it.hasNext()) {
      return -1;
    }
    return Math.max(0, queue.peek().at - clock.millis());
  }

  int pending() {
    return candidates.size();
  }
}
