package io.hotshrink.cli;

import io.hotshrink.daemon.Version;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code run}, {@code batch}, {@code check-config}, {@code status}, {@code db
 * init}. Exit status: 0 ok, 1 runtime failure (or, for batch, some images failed; for status,
 * unhealthy), 2 usage or configuration error, 3 the pool's children could not be started (for
 * status: no daemon answers).
 */
@Command(
    name = "hotshrink",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Watches a hot folder and writes resized copies of every JPEG to a drop folder.",
    subcommands = {
      RunCommand.class,
      BatchCommand.class,
      CheckConfigCommand.class,
      StatusCommand.class,
      DbCommand.class
    },
    footer = {
      "",
      "Configuration: -c FILE, else $HOTSHRINK_CONFIG, else conf/application.conf of the"
          + " installation. Exit status: 0 ok, 1 failure, 2 usage or configuration error,"
          + " 3 child JVMs cannot start (status: no daemon answers)."
    })
public final class Main implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int CONFIG_ERROR = 2;
  static final int POOL_FATAL = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // First of all (batch only), before the logging and picocli: 0.3-0.5 s of start-up.
    EarlyChild.start(args);
    OptionalInt ran = QuickRun.run(args);
    System.exit(ran.isPresent() ? ran.getAsInt() : execute(args));
  }

  /** Runs the command line; returns the exit status (tests call this). */
  static int execute(String... args) {
    // picocli's defaults already match ours: 2 for invalid input, 1 for an exception.
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CONFIG_ERROR;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "hotshrink " + Version.get(),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
