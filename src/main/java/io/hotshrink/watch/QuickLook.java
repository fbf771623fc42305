package io.hotshrink.watch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The quick look for a file renamed in whole ({@code mv}, rsync's last step): the {@link Settler}
 * looks at it again after {@code watch.quick-look} instead of the whole settle window. A file's
 * name appeared (an event: created, renamed or linked in), with content already, and no earlier
 * event for it (a walk may have found it first: the start-up scan races the first drop): it may
 * have arrived whole. It is handed on at the quick look if no event has come for it since, its size
 * and mtime are those read when its name appeared, and its JPEG structure is {@link
 * JpegEnd.Verdict#COMPLETE}. Else the normal rule.
 *
 * <p>Why a file still being written is not taken: each {@code write}, {@code truncate}, {@code
 * copy_file_range} or clone makes the kernel report the file modified (IN_MODIFY, the JDK's
 * ENTRY_MODIFY) after its creation event. So a file written in place ({@code cp}, Samba) has such
 * an event behind its creation, and the stat read here is no older than that creation: a write
 * after it either comes in as an event before the quick look (events are taken in before files due
 * are looked at) or changes size or mtime by then. A file renamed in was written under another
 * name, and {@code mv} and rsync rename a closed file. Left: a writer that renames a file in while
 * still writing it, pauses longer than the quick look, and has its end marker there meanwhile (out
 * of order, or data appended after the image) — the whole window only needs a longer pause. After
 * lost events ({@link #distrustEvents}) nothing gets the quick look until it is offered again.
 *
 * <p>Separate from the settler because it is an exception to its rule, with reasons of its own; the
 * mark it sets ({@link Candidates.Candidate#quick}) is cleared by the settler at any sign of a
 * writer. Not thread-safe: the settler's thread owns it.
 */
final class QuickLook {
  private final Candidates candidates;
  private final Clock clock;
  private final long settleMillis;
  private final long quickMillis;

  /**
   * @param quickLook how long a file that arrived whole must stay unchanged; {@link Duration#ZERO}
   *     (or not shorter than the settle window: no use) for never less than the window
   */
  QuickLook(Candidates candidates, Clock clock, Duration settle, Duration quickLook) {
    this.candidates = candidates;
    this.clock = clock;
    this.settleMillis = settle.toMillis();
    long quick = quickLook.toMillis();
    this.quickMillis = quick > 0 && quick < settleMillis ? quick : 0; // else no use
  }

  /** Asked before the appearance of {@code file} is offered: has no event come for it yet? */
  boolean firstEvent(Path file) {
    Candidates.Candidate before = candidates.get(file);
    return before == null || !before.evented;
  }

  /**
   * After the appearance of {@code file} was offered: it gets the quick look if it was its first
   * event and it has content.
   */
  void appeared(Path file, boolean first) {
    Candidates.Candidate c = candidates.get(file);
    if (quickMillis > 0 && first && c != null && c.seen.size() > 0) {
      c.quick = true;
      candidates.schedule(c, file, clock.millis() + quickMillis);
    }
  }

  /**
   * Events may have been lost (an overflow): an event that said a file is being written may be
   * among them. Every candidate waits out the whole window.
   */
  void distrustEvents() {
    candidates.forEach(
        (file, c) -> {
          if (c.quick) {
            c.quick = false;
            candidates.schedule(c, file, Math.max(c.dueAt, c.seenSince + settleMillis));
          }
        });
  }

  /**
   * At the look at {@code c}, unchanged: when it was the quick look and the file is not plainly
   * whole, the normal rule decides, from the same observation, and it is put back until its window
   * ends. True when it was put back.
   */
  boolean putBack(Path file, Candidates.Candidate c, JpegEnd.Verdict verdict) {
    if (!c.quick) {
      return false;
    }
    c.quick = false;
    if (verdict == JpegEnd.Verdict.COMPLETE) {
      return false;
    }
    candidates.schedule(c, file, c.seenSince + settleMillis);
    return true;
  }
}
