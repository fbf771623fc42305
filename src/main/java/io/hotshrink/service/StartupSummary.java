package io.hotshrink.service;

import io.hotshrink.config.Settings;

/**
 * The block logged once at start: what runs (version, Java, how it was started), where it logs, and
 * the effective settings (config file, folders, renditions, pool, engine).
 */
final class StartupSummary {
  private StartupSummary() {}

  /**
   * @param how how the daemon was started: "run", "jsvc", "procrun"
   */
  static String describe(Settings settings, String how) {
    String logFile = System.getProperty("HOTSHRINK_LOG_FILE", System.getenv("HOTSHRINK_LOG_FILE"));
    return "hotshrink "
        + Version.get()
        + " starting ("
        + how
        + "), pid "
        + ProcessHandle.current().pid()
        + "\n"
        + String.format(
            "  %-12s %s%n",
            "java:",
            System.getProperty("java.version")
                + " ("
                + System.getProperty("java.vm.name")
                + ", "
                + System.getProperty("java.home")
                + ")")
        + String.format(
            "  %-12s %s%n",
            "log:",
            (LogDestination.toJournal()
                    ? "systemd journal (standard output, with priorities)"
                    : "standard error")
                + (logFile == null || logFile.isBlank() ? "" : " and " + logFile))
        + Main.describe(settings);
  }
}
