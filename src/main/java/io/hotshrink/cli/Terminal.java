package io.hotshrink.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Whether standard error is a terminal a person watches (for batch's progress bar). */
final class Terminal {
  private Terminal() {}

  /**
   * True when standard error is a terminal that can redraw a line. {@code System.console()} is not
   * enough where there is better: it looks at standard input and output (and on newer JDKs is there
   * even when they are redirected), while the bar is drawn on standard error. On Linux, file
   * descriptor 2 names its device in /proc; elsewhere the console is the best guess.
   */
  static boolean stderrIsTerminal(Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd2)) {
      try {
        return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
      } catch (IOException | UnsupportedOperationException e) {
        // fall through
      }
    }
    return System.console() != null;
  }

  /** {@code /dev/pts/3} (a terminal window, ssh, tmux), {@code /dev/tty2} (a text console). */
  static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
  }
}
