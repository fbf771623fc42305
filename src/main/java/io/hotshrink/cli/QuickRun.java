package io.hotshrink.cli;

import io.hotshrink.daemon.ConfigOption;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code hotshrink run} read without picocli, when its command line is plainly one of the few it
 * can be ({@code run}, {@code run -c FILE}, {@code run --config FILE}, {@code run --config=FILE}):
 * picocli builds the model of every command before it parses one, 0.15 s of the daemon's start on
 * its critical path (its classes, compiled for Java 5, stay out of the CDS archive), and a photo
 * renamed into a just-started daemon waits for it (issue 18d, docs/performance.md). Anything else
 * ({@code --help}, a second {@code -c}, an option {@code run} does not have, a typo) goes to
 * picocli as before, which answers or refuses it. {@code QuickRunTest} fails when {@code run} gains
 * an option this reader does not know.
 */
final class QuickRun {
  private QuickRun() {}

  /** {@code -Dhotshrink.quick-run=false} (in JAVA_OPTS) leaves every command line to picocli. */
  static final String PROPERTY = "hotshrink.quick-run";

  /** Runs the daemon if {@code args} is one of the plain {@code run} command lines; else empty. */
  static OptionalInt run(String[] args) {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return OptionalInt.empty();
    }
    Optional<ConfigOption> config = parse(args);
    if (config.isEmpty()) {
      return OptionalInt.empty();
    }
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
    try {
      return OptionalInt.of(new RunCommand(config.get()).run(err));
    } catch (RuntimeException e) {
      // As picocli's execute does with an exception from a command: its trace, exit status 1.
      e.printStackTrace(err);
      return OptionalInt.of(Main.FAILURE);
    }
  }

  /** The {@code -c} option of a plain {@code run} command line; empty for any other. */
  static Optional<ConfigOption> parse(String[] args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return Optional.empty();
    }
    if (args.length == 1) {
      return Optional.of(ConfigOption.of(null));
    }
    if (args.length == 2 && args[1].startsWith("--config=") && args[1].length() > 9) {
      return file(args[1].substring(9));
    }
    if (args.length == 3
        && (args[1].equals("-c") || args[1].equals("--config"))
        && !args[2].startsWith("-")) {
      return file(args[2]);
    }
    return Optional.empty();
  }

  private static Optional<ConfigOption> file(String name) {
    try {
      return Optional.of(ConfigOption.of(Path.of(name)));
    } catch (InvalidPathException e) {
      return Optional.empty(); // picocli says what is wrong with it
    }
  }
}
