package io.hotshrink.watch;

import io.hotshrink.input.Source;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a file is complete: its size and modification time, as <em>we</em> observed them,
 * have not changed for the settle window, and, being a JPEG, its image data is all there (see
 * {@link JpegEnd}). The file's own mtime is never compared with the clock: copies ({@code cp -p},
 * rsync, Finder) keep old mtimes while still being written.
 *
 * <p>Each candidate is looked at when its window expires, not on every tick, so a flood of
 * thousands of files costs a few stats per file. A file-system event for a candidate restarts its
 * window, from a fresh stat. Once a file has been handed on, the same (size, mtime) is not handed
 * on again, however many events and rescans report it.
 *
 * <p>A file that has settled but lacks its end-of-image marker stays a candidate and is checked
 * again with growing pauses: its writer may only have paused. Once it has not changed for {@code
 * incompleteTimeout}, it is handed on as failed.
 *
 * <p>A file renamed in whole ({@code mv}, rsync's last step) gets a quick look: {@link QuickLook}.
 * What is remembered of files handed on is {@link HandedOn}'s.
 *
 * <p>Not thread-safe: one thread (the watcher's settle loop) owns it.
 */
final class Settler {
  private static final Logger log = LoggerFactory.getLogger(Settler.class);

  /** Why a file that never completes is given up on. */
  static final Refusal TRUNCATED = Refusal.TRUNCATED;

  /** Why a file named like a JPEG that stayed empty is given up on. */
  static final Refusal EMPTY = Refusal.EMPTY;

  /** The longest pause between two looks at an incomplete file. */
  static final long MAX_BACKOFF_MILLIS = 60_000;

  private final Path root;
  private final Clock clock;
  private final long settleMillis;
  private final long incompleteMillis;
  private final FileProbe probe;
  private final Consumer<Path> linkIgnored;

  private final Candidates candidates = new Candidates();
  private final HandedOn handed = new HandedOn();
  private final QuickLook quickLook;

  /**
   * A file handed on: complete, or given up on.
   *
   * @param failure null when the file is complete; else why it will never be
   * @param noticedAt when the file was first noticed (clock millis)
   * @param unchangedSince since when it has looked as it does now (clock millis)
   */
  record Settled(Source source, Refusal failure, long noticedAt, long unchangedSince) {
    boolean complete() {
      return failure == null;
    }
  }

  private Settler(Builder b) {
    this.root = required(b.root, "root");
    this.clock = required(b.clock, "clock");
    this.settleMillis = required(b.settle, "settle").toMillis();
    this.incompleteMillis = required(b.incompleteTimeout, "incompleteTimeout").toMillis();
    this.quickLook = new QuickLook(candidates, clock, b.settle, required(b.quickLook, "quickLook"));
    this.probe = required(b.probe, "probe");
    this.linkIgnored = required(b.linkIgnored, "linkIgnored");
  }

  private static <T> T required(T value, String name) {
    return Objects.requireNonNull(value, () -> "Settler.builder(): " + name + " is required");
  }

  /** A builder: everything must be given (the production choices are {@link HotFolder}'s). */
  static Builder builder() {
    return new Builder();
  }

  /** What a {@link Settler} is made of, by name: two durations side by side are easy to swap. */
  static final class Builder {
    private Path root;
    private Clock clock;
    private Duration settle;
    private Duration incompleteTimeout;
    private Duration quickLook;
    private FileProbe probe;
    private Consumer<Path> linkIgnored;

    private Builder() {}

    /** The hot folder's real path: files are named relative to it. */
    Builder root(Path root) {
      this.root = root;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How long size and mtime must stay unchanged. */
    Builder settle(Duration settle) {
      this.settle = settle;
      return this;
    }

    /** How long a settled JPEG without its end is waited for. */
    Builder incompleteTimeout(Duration incompleteTimeout) {
      this.incompleteTimeout = incompleteTimeout;
      return this;
    }

    /**
     * How long a file that arrived whole must stay unchanged ({@link #appeared}); {@link
     * Duration#ZERO} for never less than the settle window.
     */
    Builder quickLook(Duration quickLook) {
      this.quickLook = quickLook;
      return this;
    }

    Builder probe(FileProbe probe) {
      this.probe = probe;
      return this;
    }

    /** Told about each symbolic link met (it is not followed). */
    Builder linkIgnored(Consumer<Path> linkIgnored) {
      this.linkIgnored = linkIgnored;
      return this;
    }

    Settler build() {
      return new Settler(this);
    }
  }

  Path root() {
    return root;
  }

  /** A file was created or changed (an event): watch it until it settles. */
  void offer(Path file) {
    offer(file, null);
  }

  /**
   * A file's name appeared (an event: created, renamed or linked in): as {@link #offer(Path)}, and
   * if it has arrived whole, it may be handed on after the quick look ({@link QuickLook}).
   */
  void appeared(Path file) {
    boolean first = quickLook.firstEvent(file);
    offer(file, null);
    quickLook.appeared(file, first);
  }

  /** Events may have been lost (an overflow): see {@link QuickLook#distrustEvents}. */
  void distrustEvents() {
    quickLook.distrustEvents();
  }

  /**
   * A file was seen by a scan, with the stat the scan already read. That lets a rescan of a large
   * tree skip every file that was handed on before without touching it again, and a scan that finds
   * a candidate unchanged does not restart its window (in poll mode, scans may come more often than
   * the window is long).
   */
  void offer(Path file, FileProbe.Stat known) {
    if (NameFilter.ignored(root.relativize(file))) {
      return;
    }
    long now = clock.millis();
    Candidates.Candidate c = candidates.get(file);
    if (c != null) {
      if (known == null) {
        c.quick = false; // an event after its creation: somebody writes to it
        c.evented = true;
        // Written again (or reported twice): its window starts again, from what it looks like
        // now. Looking now (one stat) matters: the stat taken on its creation event usually
        // predates its first write, and comparing with that would cost a second whole window.
        Optional<FileProbe.Stat> now0 = probe.stat(file);
        if (now0.isPresent() && !now0.get().equals(c.seen)) {
          c.changed(now0.get(), now);
        }
        candidates.schedule(c, file, now + settleMillis);
      } else if (!known.equals(c.seen)) {
        c.changed(known, now);
        candidates.schedule(c, file, now + settleMillis);
      }
      return;
    }
    if (known != null && handed.already(file, known)) {
      return;
    }
    Optional<FileProbe.Stat> stat = known != null ? Optional.of(known) : probe.stat(file);
    if (stat.isEmpty()) {
      if (probe.isSymbolicLink(file)) {
        linkIgnored.accept(file);
      }
      return;
    }
    if (handed.already(file, stat.get())) {
      return;
    }
    candidates.add(file, stat.get(), now, now + settleMillis).evented = known == null;
  }

  /** The file is gone: stop watching it, and forget it was handed on. */
  void forget(Path file) {
    candidates.remove(file);
    handed.forget(file);
  }

  /** Files handed on before {@code before} and not seen by a complete scan since are forgotten. */
  void retainOnly(Set<Path> seen, long before) {
    handed.retainOnly(seen, before);
  }

  /** Every candidate whose window has expired, re-examined now; returns those handed on. */
  List<Settled> poll() {
    return poll(Integer.MAX_VALUE);
  }

  /**
   * As {@link #poll()}, handing on at most {@code max} files, so that a large batch reaches the
   * pool in pieces (the first jobs start while the rest are still being examined).
   */
  List<Settled> poll(int max) {
    long now = clock.millis();
    List<Settled> settled = new ArrayList<>();
    Path file;
    while (settled.size() < max && (file = candidates.nextDue(now)) != null) {
      Candidates.Candidate c = candidates.get(file);
      Optional<FileProbe.Stat> stat = probe.stat(file);
      if (stat.isEmpty()) {
        candidates.remove(file);
        log.debug("{} disappeared before it settled", file);
        continue;
      }
      if (!stat.get().equals(c.seen)) {
        c.changed(stat.get(), now);
        candidates.schedule(c, file, now + settleMillis);
        continue;
      }
      Settled s = examine(file, c, now);
      if (s != null) {
        settled.add(s);
      }
    }
    return settled;
  }

  /** A candidate that has settled: is it an input, is it whole? Null when it is not handed on. */
  private Settled examine(Path file, Candidates.Candidate c, long now) {
    Path rel = root.relativize(file);
    JpegEnd.Verdict verdict;
    try {
      verdict = probe.inspect(file);
    } catch (NoSuchFileException e) {
      candidates.remove(file);
      log.debug("{} disappeared before it could be read", file);
      return null;
    } catch (IOException e) {
      // Unreadable now (permissions, a share going away): drop it so the next rescan retries.
      candidates.remove(file);
      if (handed.unreadable(file)) {
        log.warn("cannot read {}: {}; trying again at each rescan (said once)", rel, e.toString());
      } else {
        log.debug("still cannot read {}: {}", rel, e.toString());
      }
      return null;
    }
    if (handed.readableAgain(file)) {
      log.info("{} can be read now", rel);
    }
    if (quickLook.putBack(file, c, verdict)) {
      return null; // not plainly whole: the normal rule decides, from the same observation
    }
    boolean jpegName = NameFilter.jpegName(file.getFileName().toString());
    if (verdict == JpegEnd.Verdict.NO_END && c.seen.size() < 3 && !jpegName) {
      // An empty file (or one or two bytes) under another name: not an input, unless it grows
      // into one, and then it is offered again.
      verdict = JpegEnd.Verdict.NOT_JPEG;
    }
    if (verdict == JpegEnd.Verdict.NO_END) {
      long deadline = c.seenSince + incompleteMillis;
      if (now < deadline) {
        c.incompleteChecks++;
        if (c.incompleteChecks == 1) {
          log.info(
              "{}: {} yet, waiting for the rest (at most {} s after its last change)",
              rel,
              c.seen.size() == 0 ? "empty" : "no end-of-image marker",
              incompleteMillis / 1000);
        }
        candidates.schedule(c, file, Math.min(deadline, now + backoff(c.incompleteChecks)));
        return null;
      }
    }
    candidates.remove(file);
    handed.add(file, c.seen, now);
    Source source = new Source(file, rel, c.seen.size(), c.seen.mtimeMillis());
    switch (verdict) {
      case NOT_JPEG -> {
        if (jpegName) {
          return new Settled(source, notJpeg(file), c.noticedAt, c.seenSince);
        }
        log.info("ignored {}: not a JPEG (it does not start with FF D8)", rel);
        return null;
      }
      case NO_END -> {
        return new Settled(
            source, c.seen.size() == 0 ? EMPTY : TRUNCATED, c.noticedAt, c.seenSince);
      }
      default -> {
        if (probe.outsideRoot(root, file)) {
          linkIgnored.accept(file);
          return null;
        }
        // COMPLETE, or MALFORMED: not ours to judge; the decoder will say what is wrong.
        return new Settled(source, null, c.noticedAt, c.seenSince);
      }
    }
  }

  /** Why a file named like a JPEG is not one, in words: "not a JPEG: it is a PNG image (...)". */
  private Refusal notJpeg(Path file) {
    try {
      return ContentKind.notJpeg(probe, file);
    } catch (IOException e) {
      return Refusal.notJpeg("it does not start with FF D8");
    }
  }

  /** The pause before the n-th look at an incomplete file: the window, doubling, at most 1 min. */
  private long backoff(int n) {
    long base = Math.max(settleMillis, 1000);
    return Math.min(MAX_BACKOFF_MILLIS, base << Math.min(n - 1, 16));
  }

  /** Milliseconds until the next candidate is due, or -1 when there is none. */
  long millisUntilNextDue() {
    return candidates.millisUntilNextDue(clock.millis());
  }

  int pending() {
    return candidates.size();
  }

  /**
   * Since when the oldest candidate has looked as it does now (clock millis), or -1 when there is
   * none: how long the longest-waiting file, no longer being written, has waited. O(candidates).
   */
  long oldestUnchangedSince() {
    return candidates.oldestUnchangedSince();
  }
}
