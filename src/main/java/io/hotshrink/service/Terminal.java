package io.hotshrink.service;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Whether standard error is a terminal a person watches (for batch's progress bar). */
final class Terminal {
  private Terminal() {}

  private interface C extends Library {
    int isatty(int fd);
  }

  /**
   * True when standard error is a terminal that can redraw a line. {@code System.console()} is not
   * enough: it looks at standard input and output (and on newer JDKs is there even when they are
   * redirected), while the bar is drawn on standard error.
   */
  static boolean stderrIsTerminal(java.util.Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    if (!Platform.isWindows()) {
      try {
        return Native.load(Platform.C_LIBRARY_NAME, C.class).isatty(2) == 1;
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        // fall through
      }
    }
    return System.console() != null;
  }
}
