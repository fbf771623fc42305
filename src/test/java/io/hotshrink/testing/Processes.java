package io.hotshrink.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process's command line. {@code ProcessHandle.Info.arguments()} is empty on Linux when the
 * command line is longer than a page (4 KB), as a child JVM's is with a test class path: read
 * {@code /proc/PID/cmdline} instead, where there is one.
 */
public final class Processes {
  private Processes() {}

  /** The arguments after the command, or an empty list when they cannot be read (it is gone). */
  public static List<String> arguments(ProcessHandle h) {
    Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    if (Files.isDirectory(cmdline.getParent())) {
      try {
        String all = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
        List<String> parts = List.of(all.split("\0"));
        return parts.isEmpty() || all.isEmpty() ? List.of() : parts.subList(1, parts.size());
      } catch (IOException e) {
        return List.of();
      }
    }
    return h.info().arguments().map(List::of).orElse(List.of());
  }

  /** The whole command line, joined with spaces ("" when it cannot be read). */
  public static String commandLine(ProcessHandle h) {
    Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    if (Files.isDirectory(cmdline.getParent())) {
      try {
        return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
            .replace('\0', ' ')
            .strip();
      } catch (IOException e) {
        return "";
      }
    }
    return h.info().commandLine().orElse("");
  }
}
