package io.hotshrink.pool;

/**
 * How a child ended, in words for the log and a failed file's sidecar ("exit status 1", "killed by
 * signal 9 (SIGKILL)"), and the end of its stderr as quoted beside them.
 */
final class ExitDescription {
  private ExitDescription() {}

  /**
   * @param status the exit status, or null when the child did not exit
   */
  static String of(Integer status) {
    if (status == null) {
      return "did not exit";
    }
    // A process killed by signal N reports 128 + N.
    if (status > 128 && status < 160) {
      int sig = status - 128;
      return "killed by signal " + sig + signalName(sig);
    }
    return "exit status " + status;
  }

  private static String signalName(int sig) {
    return switch (sig) {
      case 6 -> " (SIGABRT)";
      case 9 -> " (SIGKILL)";
      case 11 -> " (SIGSEGV)";
      case 15 -> " (SIGTERM)";
      default -> "";
    };
  }

  /** The last {@code n} lines of {@code text}, indented, for a quote in the log. */
  static String lastLines(String text, int n) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - n);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < lines.length; i++) {
      sb.append("    ").append(lines[i]).append('\n');
    }
    return sb.toString().stripTrailing();
  }
}
