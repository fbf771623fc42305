package io.hotshrink.cli;

import io.hotshrink.config.Settings;
import io.hotshrink.daemon.ClusterConfigException;
import io.hotshrink.daemon.ConfigOption;
import io.hotshrink.daemon.ConfigReloader;
import io.hotshrink.daemon.HotshrinkDaemon;
import io.hotshrink.daemon.Signals;
import io.hotshrink.daemon.StartupSummary;
import io.hotshrink.journal.ForeignJournalException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hotshrink run}: the daemon, in the foreground, until SIGTERM or SIGINT; SIGHUP reloads the
 * configuration.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the daemon in the foreground until SIGTERM or SIGINT.",
      "SIGHUP re-reads the configuration file; an invalid one is refused and logged."
    })
final class RunCommand implements java.util.concurrent.Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Mixin ConfigOption config = new ConfigOption();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  RunCommand() {}

  /** {@code run} with its configuration option given, read without picocli ({@link QuickRun}). */
  RunCommand(ConfigOption config) {
    this.config = config;
  }

  @Override
  public Integer call() {
    return run(spec.commandLine().getErr());
  }

  /** Runs the daemon until it is stopped; returns the exit status. */
  int run(PrintWriter err) {
    Optional<Settings> loaded = config.load(err, Map.of());
    if (loaded.isEmpty()) {
      return Main.CONFIG_ERROR;
    }
    Settings settings = loaded.get();
    EarlyChild.startFor(settings);
    log.info(StartupSummary.describe(settings, "run"));

    HotshrinkDaemon daemon;
    try {
      daemon = HotshrinkDaemon.builder().settings(settings).build();
    } catch (ClusterConfigException e) {
      // cluster mode's password cannot be read (its variable unset, its file missing)
      log.error("cannot start: {}", e.getMessage());
      return Main.CONFIG_ERROR;
    }
    ConfigReloader reloader = new ConfigReloader(config.source(Map.of()), daemon);
    CompletableFuture<String> stop = new CompletableFuture<>();
    AtomicInteger interrupts = new AtomicInteger();
    Signals.handle("TERM", sig -> stop.complete("SIGTERM"));
    Signals.handle(
        "INT",
        sig -> {
          if (interrupts.incrementAndGet() > 1) {
            // A second Ctrl-C: the user does not want to wait for running jobs.
            daemon.killChildren();
            Runtime.getRuntime().halt(130);
          }
          stop.complete("SIGINT");
        });
    // Re-read the configuration (systemctl reload); before the daemon runs, it is refused.
    Signals.handle("HUP", sig -> reloader.reloadSoon("SIGHUP"));
    // If the JVM exits some other way, the children must not outlive it.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(daemon::killChildren, "hotshrink-shutdown-hook"));

    try {
      daemon.start();
    } catch (ForeignJournalException e) {
      // A state folder given to two hot folders is a configuration error: fix the file (exit 2).
      log.error("cannot start: {}", e.getMessage());
      daemon.stop();
      return Main.CONFIG_ERROR;
    } catch (Exception e) {
      // An IOException's message says what to change (a folder, http.port); others are bugs.
      log.error(
          "cannot start: {}",
          e instanceof java.io.IOException && e.getMessage() != null
              ? e.getMessage()
              : e.toString());
      daemon.stop();
      return Main.FAILURE;
    }
    Object why = CompletableFuture.anyOf(stop, daemon.fatal()).join();
    boolean fatal = daemon.fatal().isDone();
    if (fatal) {
      log.error("exiting: {}", why);
    } else {
      log.info("{} received: shutting down", why);
    }
    reloader.close();
    daemon.stop();
    return fatal ? Main.POOL_FATAL : Main.OK;
  }
}
