package io.hotshrink.daemon;

import java.util.concurrent.CompletableFuture;

/**
 * A folder's jobs between their start and their end, so that a folder a reload removed can tell
 * when its last job has ended (then its journal may close). Thread-safe.
 */
final class Drain {
  private int running;
  // Made by the first whenEmpty(); completed when running reaches 0 after that.
  private CompletableFuture<Void> empty;

  synchronized void started() {
    running++;
  }

  void ended() {
    CompletableFuture<Void> done = null;
    synchronized (this) {
      running--;
      if (running == 0 && empty != null) {
        done = empty;
      }
    }
    if (done != null) {
      done.complete(null); // outside the lock: callbacks run here
    }
  }

  /** Completes once no job is running (at once if none is). */
  CompletableFuture<Void> whenEmpty() {
    CompletableFuture<Void> done;
    synchronized (this) {
      if (empty == null) {
        empty = new CompletableFuture<>();
      }
      done = empty;
      if (running > 0) {
        return done;
      }
    }
    done.complete(null);
    return done;
  }
}
