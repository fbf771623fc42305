package io.hotshrink.daemon;

import io.hotshrink.config.ConfigProblem;
import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsException;
import io.hotshrink.config.SettingsLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code -c FILE} option, shared by every command of the command line and by the commons-daemon
 * adapter ({@link HotshrinkService}), so the two parse it alike and read the configuration from the
 * same place: {@code -c FILE}, else {@code $HOTSHRINK_CONFIG}, else the installation's. A picocli
 * mixin.
 */
public final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "configuration file (HOCON)")
  Path file;

  /** {@code -c FILE} as given (null: not given), for a command line read without picocli. */
  public static ConfigOption of(Path file) {
    ConfigOption o = new ConfigOption();
    o.file = file;
    return o;
  }

  /** The file given with {@code -c}, if one was. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Loads the settings, or prints every problem and returns empty. */
  public Optional<Settings> load(PrintWriter err, Map<String, String> commandLine) {
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
  public ConfigReloader.Source source(Map<String, String> commandLine) {
    Optional<Path> home = Optional.ofNullable(System.getProperty("hotshrink.home")).map(Path::of);
    Optional<Path> f = SettingsLoader.locate(file, System.getenv(), home);
    SettingsLoader loader = SettingsLoader.forThisProcess();
    Map<String, String> cli = Map.copyOf(commandLine);
    return () -> loader.load(f, cli);
  }
}
