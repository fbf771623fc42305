package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.config.ConfigProblem;
import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsException;
import io.hotshrink.journal.ForeignJournalException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.daemon.Daemon;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonController;
import org.apache.commons.daemon.DaemonInitException;
import org.apache.commons.daemon.DaemonUserSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * hotshrink under Apache Commons Daemon: {@code jsvc} on Unix ({@link Daemon}), {@code prunsrv} on
 * Windows ({@link #procrunStart} and {@link #procrunStop}). Takes the same {@code -c FILE} as
 * {@code hotshrink run}.
 *
 * <ul>
 *   <li>{@link #init}: reads and validates the configuration; an invalid one fails with {@link
 *       DaemonInitException} listing every problem as {@code file: line: key: message}.
 *   <li>{@link #start}: starts the children and the watcher.
 *   <li>{@link #signal}: jsvc's SIGUSR2 reloads the configuration in place, as SIGHUP does for
 *       {@code run}. (jsvc keeps SIGHUP for itself: it stops the daemon and starts it again, which
 *       also re-reads the configuration, but an invalid one then stops the service.)
 *   <li>{@link #stop}: drains like SIGTERM does for {@code run}.
 *   <li>{@link #destroy}: lets go of everything.
 * </ul>
 */
public final class HotshrinkService implements Daemon, DaemonUserSignal {
  private static final Logger log = LoggerFactory.getLogger(HotshrinkService.class);

  /** The {@code -c FILE} option, parsed exactly as for {@code run}. */
  @Command(name = "hotshrink-service")
  static final class Arguments {
    @Mixin ConfigOption config = new ConfigOption();
  }

  private final String how;
  private HotshrinkDaemon daemon;
  private ConfigReloader reloader;
  private DaemonController controller;

  /** For jsvc, which makes the instance itself. */
  public HotshrinkService() {
    this("jsvc");
  }

  private HotshrinkService(String how) {
    this.how = how;
  }

  @Override
  public void init(DaemonContext context) throws DaemonInitException {
    Arguments args = new Arguments();
    try {
      new CommandLine(args).parseArgs(context.getArguments());
    } catch (CommandLine.ParameterException e) {
      throw new DaemonInitException(e.getMessage() + " (usage: [-c FILE])");
    }
    ConfigReloader.Source source = args.config.source(Map.of());
    Settings settings;
    try {
      settings = source.load();
    } catch (SettingsException e) {
      for (ConfigProblem p : e.problems()) {
        log.error("{}", p);
      }
      throw new DaemonInitException("invalid configuration:\n" + e.getMessage());
    }
    log.info(StartupSummary.describe(settings, how));
    controller = context.getController();
    try {
      daemon = HotshrinkDaemon.builder().settings(settings).build();
    } catch (ClusterConfigException e) {
      // as `run` exits 2 for it: one clear line, a failed start
      log.error("cannot start: {}", e.getMessage());
      throw new DaemonInitException("invalid configuration: " + e.getMessage());
    }
    reloader = new ConfigReloader(source, daemon);
  }

  @Override
  public void start() throws Exception {
    // If the JVM goes some other way, the children must not outlive it.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(daemon::killChildren, "hotshrink-shutdown-hook"));
    try {
      daemon.start();
    } catch (ForeignJournalException e) {
      // A configuration error (what `run` exits 2 for): one clear line, no stack trace to wade
      // through in jsvc's error file or procrun's log; the service manager sees a failed start.
      log.error("cannot start: {}", e.getMessage());
      daemon.stop();
      throw new DaemonInitException("invalid configuration: " + e.getMessage());
    }
    HotshrinkDaemon d = daemon;
    DaemonController c = controller;
    // The pool cannot start children (exit status 3 for `run`): stop in order, then tell jsvc or
    // procrun that the service failed. On a thread of its own: this may happen inside start().
    d.fatal()
        .thenAcceptAsync(
            why -> {
              log.error("exiting: {}", why);
              d.stop();
              c.fail(why);
            },
            r -> Threads.named("hotshrink-fatal").newThread(r).start());
  }

  @Override
  public void signal() {
    ConfigReloader r = reloader;
    if (r != null) {
      r.reloadSoon("SIGUSR2 from jsvc");
    }
  }

  @Override
  public void stop() {
    log.info("stop requested by {}: shutting down", how);
    daemon.stop();
  }

  @Override
  public void destroy() {
    if (reloader != null) {
      reloader.close();
    }
    reloader = null;
    daemon = null;
    controller = null;
  }

  // ---- procrun (Windows), --StartMode=jvm: static methods, start blocks until stop -------------

  private static final Object PROCRUN_LOCK = new Object();
  private static CompletableFuture<String> procrunStopped;

  /**
   * prunsrv's {@code --StartMethod=procrunStart}: runs the service until {@link #procrunStop}.
   * Throws when the configuration is invalid, so the service fails to start with the reason.
   */
  public static void procrunStart(String[] args) throws Exception {
    CompletableFuture<String> stopped = new CompletableFuture<>();
    synchronized (PROCRUN_LOCK) {
      procrunStopped = stopped;
    }
    HotshrinkService service = new HotshrinkService("procrun");
    service.init(new Context(args, stopped));
    try {
      service.start();
      String why = stopped.join();
      if (why != null) {
        log.error("stopping: {}", why);
      }
    } finally {
      service.stop();
      service.destroy();
    }
  }

  /** prunsrv's {@code --StopMethod=procrunStop}: drains and stops; procrunStart then returns. */
  public static void procrunStop(String[] args) {
    synchronized (PROCRUN_LOCK) {
      if (procrunStopped != null) {
        procrunStopped.complete(null);
      }
    }
  }

  /** What procrun does not provide: arguments, and a controller that ends procrunStart. */
  private record Context(String[] arguments, CompletableFuture<String> stopped)
      implements DaemonContext, DaemonController {
    @Override
    public DaemonController getController() {
      return this;
    }

    @Override
    public String[] getArguments() {
      return arguments.clone();
    }

    @Override
    public void shutdown() {
      stopped.complete(null);
    }

    @Override
    public void reload() {
      // no-op: a reload is a SIGHUP on Unix; on Windows, restart the service
    }

    @Override
    public void fail() {
      stopped.complete("failed");
    }

    @Override
    public void fail(String message) {
      stopped.complete(message);
    }

    @Override
    public void fail(Exception exception) {
      stopped.complete(exception.toString());
    }

    @Override
    public void fail(String message, Exception exception) {
      stopped.complete(message + ": " + exception);
    }
  }
}
