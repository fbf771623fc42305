package io.hotshrink.cli;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsException;
import io.hotshrink.daemon.ConfigOption;
import io.hotshrink.pool.JvmLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the first child JVM before the pool asks for it ({@link JvmLauncher#startEarly}), so that
 * it boots while this JVM goes on with its own start; the pool takes it if it asks for the very
 * same command. {@code batch}: from a quick read of the command line and the configuration, before
 * anything else (logback and picocli set up meanwhile, 0.3-0.5 s): a batch of one photo 0.95 ->
 * 0.87 s. {@code run}: once its settings are read ({@link #startFor}), before the summary, the
 * metrics, the journal and the watch: the first output of a just-started daemon 1.07 -> 0.98 s
 * (issue 18d, docs/performance.md). Started earlier still, at {@code run}'s first line, its boot
 * took the CPU of the parent's own start on two cores and the watch began 0.18 s later: nothing
 * gained. Anything unusual (help, a bad option, a configuration that does not load) and it does
 * nothing: the command then runs as it would have, and says what is wrong.
 */
final class EarlyChild {
  private EarlyChild() {}

  /** {@code -Dhotshrink.early-child=false} (in JAVA_OPTS) turns it off (to measure it). */
  static final String PROPERTY = "hotshrink.early-child";

  static void start(String[] args) {
    if (!enabled()) {
      return;
    }
    try {
      settings(args).ifPresent(EarlyChild::startFor);
    } catch (RuntimeException e) {
      // Only a head start: the pool starts its child as usual.
    }
  }

  /** {@code run}'s first child, started as soon as its settings are read. */
  static void startFor(Settings s) {
    if (enabled()) {
      JvmLauncher.startEarly(s.pool(), s.resize().engine());
    }
  }

  private static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
  }

  /** The settings {@code batch} will run with, when the command line is plainly one of ours. */
  static Optional<Settings> settings(String[] args) {
    if (args.length == 0 || !args[0].equals("batch")) {
      return Optional.empty();
    }
    Path file = null;
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-c") || a.equals("--config")) {
        if (++i == args.length) {
          return Optional.empty();
        }
        file = Path.of(args[i]);
      } else if (a.startsWith("--config=") || a.startsWith("-c=")) {
        file = Path.of(a.substring(a.indexOf('=') + 1));
      } else if (a.equals("--progress-every")) {
        i++;
      } else if (a.startsWith("--progress-every=")) {
        continue;
      } else if (a.startsWith("-")) {
        return Optional.empty(); // --help, --version, or something picocli will refuse
      } else {
        positional.add(a);
      }
    }
    if (positional.size() != 2) {
      return Optional.empty();
    }
    Map<String, String> cli = new HashMap<>();
    cli.put("input", positional.get(0));
    cli.put("output", positional.get(1));
    try {
      // where the command itself will look: -c, else $HOTSHRINK_CONFIG, else the installation's
      return Optional.of(ConfigOption.of(file).source(cli).load());
    } catch (SettingsException e) {
      return Optional.empty();
    }
  }
}
