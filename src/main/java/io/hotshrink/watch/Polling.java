package io.hotshrink.watch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Poll mode: no events at all, the tree is walked every {@code watch.poll-interval}. For network
 * and FUSE file systems, where changes made by other machines raise no events here. A walk reads
 * names and stats, never contents, and the settler skips whatever it has already handed on.
 */
final class Polling implements ChangeSource {
  private final Duration interval;
  private volatile boolean receiving;

  Polling(Duration interval) {
    this.interval = interval;
  }

  @Override
  public Duration walkEvery() {
    return interval;
  }

  @Override
  public void start(Path root, Changes changes) {
    receiving = true;
  }

  @Override
  public boolean isReceiving() {
    return receiving;
  }

  @Override
  public void close() {
    receiving = false;
  }
}
