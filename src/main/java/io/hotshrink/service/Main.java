package io.hotshrink.service;

import io.hotshrink.config.ConfigProblem;
import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsException;
import io.hotshrink.config.SettingsLoader;
import io.hotshrink.config.SettingsReport;
import io.hotshrink.resize.Engines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code run}, {@code batch}, {@code check-config}, {@code status}. Exit status:
 * 0 ok, 1 runtime failure (or, for batch, some images failed; for status, unhealthy), 2 usage or
 * configuration error, 3 the pool's children could not be started (for status: no daemon answers).
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
      StatusCommand.class
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
    System.exit(execute(args));
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

  /** The {@code -c FILE} option shared by every command. */
  static final class ConfigOption {
    @Option(
        names = {"-c", "--config"},
        paramLabel = "FILE",
        description = "configuration file (HOCON)")
    Path file;

    /** Loads the settings, or prints every problem and returns empty. */
    Optional<Settings> load(PrintWriter err, Map<String, String> commandLine) {
      try {
        return Optional.of(source(commandLine).load());
      } catch (SettingsException e) {
        for (ConfigProblem p : e.problems()) {
          err.println(p);
        }
        err.flush();
        return Optional.empty();
      }
    }

    /**
     * How to read the configuration, now and again on a reload: the same file ({@code -c}, else
     * {@code $HOTSHRINK_CONFIG}, else the installation's), the same loader.
     */
    ConfigReloader.Source source(Map<String, String> commandLine) {
      Optional<Path> home = Optional.ofNullable(System.getProperty("hotshrink.home")).map(Path::of);
      Optional<Path> f = SettingsLoader.locate(file, System.getenv(), home);
      SettingsLoader loader = SettingsLoader.forThisProcess();
      Map<String, String> cli = Map.copyOf(commandLine);
      return () -> loader.load(f, cli);
    }
  }

  static String describe(Settings s) {
    // Which engine the children will really use (auto resolves to one), probed here once.
    return SettingsReport.describe(s)
        + String.format("%n  %-12s %s", "engine:", Engines.describe(s.resize().engine()));
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
