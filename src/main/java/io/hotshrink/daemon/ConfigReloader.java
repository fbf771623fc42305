package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.config.ConfigProblem;
import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsException;
import io.hotshrink.config.SettingsReport;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the configuration file, with the same loader as at start, and applies it to the running
 * daemon. An invalid file changes nothing: each problem is logged as {@code file: line: key:
 * message} and the daemon goes on with the settings it has.
 */
public final class ConfigReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  /** Reads the configuration afresh: the same file, the same environment and working folder. */
  @FunctionalInterface
  public interface Source {
    Settings load() throws SettingsException;
  }

  private final Source source;
  private final HotshrinkDaemon daemon;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(Threads.named("hotshrink-reload"));

  public ConfigReloader(Source source, HotshrinkDaemon daemon) {
    this.source = source;
    this.daemon = daemon;
  }

  /**
   * Reloads on the reload thread and returns at once (for a signal handler). Signals that arrive
   * while a reload waits to run are folded into it.
   */
  public void reloadSoon(String why) {
    if (queued.compareAndSet(false, true)) {
      thread.execute(
          () -> {
            queued.set(false);
            log.info("{}: reloading the configuration", why);
            reload();
          });
    }
  }

  /** Reloads now; true if the new settings are in force. */
  boolean reload() {
    String file = daemon.settings().source().map(Object::toString).orElse("the built-in defaults");
    Settings next;
    try {
      next = source.load();
    } catch (SettingsException e) {
      for (ConfigProblem p : e.problems()) {
        log.error("reload rejected: {}", p);
      }
      log.error(
          "reload rejected: {} has {} problem(s); still running with the previous settings",
          file,
          e.problems().size());
      return false;
    } catch (RuntimeException e) {
      log.error("reload failed; still running with the previous settings", e);
      return false;
    }
    try {
      String what = daemon.reload(next);
      log.info("configuration reloaded from {}: {}\n{}", file, what, SettingsReport.describe(next));
      return true;
    } catch (Exception e) {
      log.error("reload failed: {}; still running with the previous settings", e.toString());
      return false;
    }
  }

  public void close() {
    thread.shutdownNow();
  }
}
