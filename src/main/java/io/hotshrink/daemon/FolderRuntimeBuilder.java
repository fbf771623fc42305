package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.watch.HotFolder;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** The daemon's parts a folder works with, all required. */
final class FolderRuntimeBuilder {
  String name;
  Settings settings;
  Clock clock;
  WorkerPool pool;
  Executor publishing;
  Upkeep upkeep;
  Monitoring monitoring;
  Consumer<Source> gate;
  BiFunction<FolderRuntime, Settings, HotFolder> watchers;
  Consumer<String> fatal;
  boolean clustered;

  FolderRuntimeBuilder() {}

  /** The folder's name in the configuration. */
  FolderRuntimeBuilder name(String name) {
    this.name = name;
    return this;
  }

  /** The settings the folder starts with. */
  FolderRuntimeBuilder settings(Settings settings) {
    this.settings = settings;
    return this;
  }

  FolderRuntimeBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Where its jobs run (shared). */
  FolderRuntimeBuilder pool(WorkerPool pool) {
    this.pool = pool;
    return this;
  }

  /** Where its results are published (shared). */
  FolderRuntimeBuilder publishOn(Executor publishing) {
    this.publishing = publishing;
    return this;
  }

  /** The background thread: the retry timer, reading the journal, the sweeps (shared). */
  FolderRuntimeBuilder upkeep(Upkeep upkeep) {
    this.upkeep = upkeep;
    return this;
  }

  /** Hears of every job; its metrics hear how each ended (shared). */
  FolderRuntimeBuilder monitoring(Monitoring monitoring) {
    this.monitoring = monitoring;
    return this;
  }

  /** Where a job put off goes again: the one-job-per-file gate the watcher feeds too. */
  FolderRuntimeBuilder gate(Consumer<Source> gate) {
    this.gate = gate;
    return this;
  }

  /**
   * Makes a watcher for a folder on given settings, handing settled files to the gate and refused
   * ones to the folder.
   */
  FolderRuntimeBuilder watchers(BiFunction<FolderRuntime, Settings, HotFolder> watchers) {
    this.watchers = watchers;
    return this;
  }

  /** Told when the folder cannot go on (its journal cannot be read). */
  FolderRuntimeBuilder fatal(Consumer<String> fatal) {
    this.fatal = fatal;
    return this;
  }

  /**
   * Whether the daemon runs in cluster mode (the claim database decides who finishes a publish a
   * crash cut short). The daemon's own answer, fixed at its start: not this folder's settings,
   * which a reload may have changed without the daemon leaving the cluster (default: one host).
   */
  FolderRuntimeBuilder clustered(boolean clustered) {
    this.clustered = clustered;
    return this;
  }

  FolderRuntime build() {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(publishing, "publishOn");
    Objects.requireNonNull(upkeep, "upkeep");
    Objects.requireNonNull(monitoring, "monitoring");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(watchers, "watchers");
    Objects.requireNonNull(fatal, "fatal");
    return new FolderRuntime(this);
  }
}
