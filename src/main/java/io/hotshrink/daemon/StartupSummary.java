package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsReport;
import io.hotshrink.logging.LogDestination;
import io.hotshrink.resize.Engines;

/**
 * The block logged once at start: what runs (version, Java, how it was started), where it logs, and
 * the effective settings (config file, folders, renditions, pool, engine).
 */
public final class StartupSummary {
  private StartupSummary() {}

  /**
   * @param how how the daemon was started: "run", "jsvc", "procrun"
   */
  public static String describe(Settings settings, String how) {
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
        + withEngine(settings, daemonEngine(settings.resize().engine()));
  }

  /**
   * {@code -Dhotshrink.probe-engine=true}: the daemon's summary probes the engine as check-config
   * does (to measure what leaving it to the children saves).
   */
  static final String PROBE_PROPERTY = "hotshrink.probe-engine";

  /**
   * The engine line of the daemon's summary, without loading the library into the daemon (JNA and
   * libturbojpeg: ~0.06 s of its start, before it watches): each child loads it as it starts, its
   * "started" line names the engine it uses, and it logs what check-config would have said when the
   * library is missing ({@code Engines.create}).
   */
  static String daemonEngine(String configured) {
    if (Boolean.getBoolean(PROBE_PROPERTY)) {
      return Engines.describe(configured);
    }
    return switch (configured) {
      case "java" -> "java";
      case "turbojpeg" -> "turbojpeg (each child loads libjpeg-turbo as it starts, and says so)";
      default ->
          configured
              + " (turbojpeg where libturbojpeg loads, else java: each child's start line says"
              + " which)";
    };
  }

  /** The effective settings, and the engine the children will really use (also check-config's). */
  public static String effectiveSettings(Settings s) {
    // Which engine the children will really use (auto resolves to one), probed here once.
    return withEngine(s, Engines.describe(s.resize().engine()));
  }

  private static String withEngine(Settings s, String engine) {
    return SettingsReport.describe(s) + String.format("%n  %-12s %s", "engine:", engine);
  }
}
