package io.hotshrink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A process's command line. {@code ProcessHandle.Info.arguments()} is empty on Linux when the
 * command line is longer than a page (4 KB), as a child JVM's is with a test class path: read
 * {@code /proc/PID/cmdline} instead, where there is one.
 */
public final class Processes {
  private Processes() {}

  /** The arguments after the command, or an empty list when the process is gone. */
  public static List<String> arguments(ProcessHandle h) {
    return procCmdline(h)
        .map(parts -> parts.isEmpty() ? parts : parts.subList(1, parts.size()))
        .orElseGet(() -> h.info().arguments().map(List::of).orElse(List.of()));
  }

  /** The whole command line, joined with spaces ("" when the process is gone). */
  public static String commandLine(ProcessHandle h) {
    return procCmdline(h)
        .map(parts -> String.join(" ", parts).strip())
        .orElseGet(() -> h.info().commandLine().orElse(""));
  }

  /**
   * The parts of {@code /proc/PID/cmdline} (none for a process that is gone), or empty where there
   * is no /proc. A process that is still there but cannot be read is an error: a check that no
   * process is left must not pass because it could not look.
   */
  private static Optional<List<String>> procCmdline(ProcessHandle h) {
    Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    if (!Files.isDirectory(Path.of("/proc", "self"))) {
      return Optional.empty();
    }
    try {
      String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
      return Optional.of(all.isEmpty() ? List.of() : List.of(all.split("\0")));
    } catch (IOException e) {
      if (!h.isAlive()) {
        return Optional.of(List.of());
      }
      throw new UncheckedIOException("cannot read the command line of " + h.pid(), e);
    }
  }
}
