package io.hotshrink.watch;

import io.hotshrink.input.Source;

/**
 * Hears what the watcher does, for monitoring. Called on the watcher's own threads: return quickly
 * and never throw.
 */
public interface WatchListener {
  /**
   * A file was handed on: complete, or given up on (then the sink for rejected files has it too).
   * Called just before the file reaches its sink.
   *
   * @param noticedAtMillis when the watcher first noticed the file (injected clock)
   * @param unchangedSinceMillis since when it has looked as it does now (injected clock)
   */
  default void handedOn(Source src, long noticedAtMillis, long unchangedSinceMillis) {}

  /**
   * A walk of the whole tree has finished.
   *
   * @param startUp true for the walk made when watching starts
   * @param files the regular files it found (JPEG or not, settled or not)
   */
  default void walked(boolean startUp, long files, long millis) {}

  WatchListener NONE = new WatchListener() {};
}
