package io.hotshrink.job;

import io.hotshrink.input.Source;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inputs handed on by the watcher and not yet done (queued, running, or waiting behind an older
 * version of themselves), each with the time since when it has looked as it does now: how long the
 * oldest has been waiting. A job put off for a later retry stays in it, so a file that keeps
 * failing to publish grows old instead of starting afresh. Thread-safe.
 */
public final class Backlog {
  private final Map<Source, Long> waiting = new ConcurrentHashMap<>();

  /** The watcher hands {@code src} on; it has looked as it does since {@code since}. */
  public void add(Source src, long since) {
    waiting.merge(src, since, Math::min);
  }

  /** {@code src} is done with (published, failed, gone, or superseded by a newer version). */
  public void remove(Source src) {
    waiting.remove(src);
  }

  /** The oldest time of those waiting, or -1 when none is. O(n). */
  public long oldestSince() {
    long oldest = -1;
    for (long t : waiting.values()) {
      if (oldest < 0 || t < oldest) {
        oldest = t;
      }
    }
    return oldest;
  }

  int size() {
    return waiting.size();
  }
}
