package io.hotshrink.config;

import java.time.Duration;

/**
 * Builds a {@link Settings.Watch}, starting from reference.conf's defaults: four durations in a row
 * are easy to get out of order by position.
 */
public final class WatchBuilder {
  private Duration settle = Duration.ofSeconds(1);
  private Duration rescanInterval = Duration.ofMinutes(1);
  private Settings.Watch.Mode mode = Settings.Watch.Mode.AUTO;
  private Duration pollInterval = Duration.ofSeconds(2);
  private Duration incompleteTimeout = Duration.ofMinutes(10);

  WatchBuilder() {}

  public WatchBuilder settle(Duration settle) {
    this.settle = settle;
    return this;
  }

  public WatchBuilder rescanInterval(Duration rescanInterval) {
    this.rescanInterval = rescanInterval;
    return this;
  }

  public WatchBuilder mode(Settings.Watch.Mode mode) {
    this.mode = mode;
    return this;
  }

  public WatchBuilder pollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
    return this;
  }

  public WatchBuilder incompleteTimeout(Duration incompleteTimeout) {
    this.incompleteTimeout = incompleteTimeout;
    return this;
  }

  public Settings.Watch build() {
    return new Settings.Watch(settle, rescanInterval, mode, pollInterval, incompleteTimeout);
  }
}
