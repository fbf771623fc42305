package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.pool.ChildLauncher;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.WorkerPool;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a daemon is made of. The production defaults are here, in one place: the system clock, real
 * child JVMs ({@link HotshrinkDaemon#jvmLauncher}), no listener but the metrics, the pool's own
 * timing. Tests swap them.
 */
public final class DaemonBuilder {
  Settings settings;
  Clock clock = Clock.systemUTC();
  Function<Settings, ChildLauncher> launchers = HotshrinkDaemon::jvmLauncher;
  PoolListener listener = PoolListener.NONE;
  WorkerPool.Timing timing = WorkerPool.Timing.DEFAULT;

  DaemonBuilder() {}

  /** The settings to start with (required). */
  public DaemonBuilder settings(Settings settings) {
    this.settings = settings;
    return this;
  }

  public DaemonBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** One launcher whatever the settings (a reload cannot change how children start). */
  public DaemonBuilder launcher(ChildLauncher launcher) {
    Objects.requireNonNull(launcher, "launcher");
    this.launchers = s -> launcher;
    return this;
  }

  /**
   * Makes the launcher for children started with given settings (again on a reload that changes how
   * children are started).
   */
  public DaemonBuilder launchers(Function<Settings, ChildLauncher> launchers) {
    this.launchers = launchers;
    return this;
  }

  /** Also hears about the pool's children (tests), after the metrics. */
  public DaemonBuilder listener(PoolListener listener) {
    this.listener = listener;
    return this;
  }

  /** The pool's ticks, deadlines and back-offs. */
  public DaemonBuilder timing(WorkerPool.Timing timing) {
    this.timing = timing;
    return this;
  }

  public HotshrinkDaemon build() {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(launchers, "launchers");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(timing, "timing");
    return new HotshrinkDaemon(this);
  }
}
