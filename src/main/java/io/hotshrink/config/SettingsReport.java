package io.hotshrink.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

/** The effective settings in words: printed by {@code check-config} and logged at start-up. */
public final class SettingsReport {
  private SettingsReport() {}

  /**
   * Every folder (with several, each under a {@code folder:} row with its name and priority) with
   * its effective paths, failed, archive and state marked {@code (beside input)} when they were
   * left out; then what the folders share: pool, resize engine, http, cluster.
   */
  public static String describe(Settings s) {
    StringJoiner j = new StringJoiner("\n");
    j.add(row("config file", s.source().map(Object::toString).orElse("none (built-in defaults)")));
    if (s.declaredFolders().isEmpty()) {
      folder(j, s);
    } else {
      for (Settings.Folder f : s.declaredFolders()) {
        j.add(row("folder", f.name() + ", priority " + f.priority()));
        folder(j, f.settings());
      }
    }
    shared(j, s);
    return j.toString();
  }

  /** {@code path}, or {@code path (beside input)} when it is where a left-out one would be. */
  private static String derived(Settings s, Path p, String leaf) {
    return p + (p.equals(FolderRules.beside(s.input(), leaf)) ? " (beside input)" : "");
  }

  private static void folder(StringJoiner j, Settings s) {
    j.add(row("input", s.input().toString()));
    j.add(row("output", s.output().toString()));
    j.add(row("failed", derived(s, s.failed(), FolderRules.FAILED_BESIDE)));
    Settings.Lifecycle lc = s.lifecycle();
    j.add(row("archive", derived(s, lc.archive(), FolderRules.ARCHIVE_BESIDE)));
    j.add(row("state", derived(s, lc.state(), FolderRules.STATE_BESIDE)));
    j.add(
        row(
            "on success",
            switch (lc.afterSuccess()) {
                  case KEEP -> "keep the input";
                  case ARCHIVE -> "move the input to the archive";
                  case DELETE -> "delete the input";
                }
                + "; outputs in the way: "
                + lc.onConflict().name().toLowerCase(java.util.Locale.ROOT)
                + "; retries at most "
                + lc.retryMaxDelay().toSeconds()
                + " s apart"));
    for (Settings.Rendition r : s.renditions()) {
      j.add(
          row(
              "rendition",
              r.name()
                  + ": "
                  + r.sizing()
                  + ", quality "
                  + r.quality()
                  + " -> "
                  + r.pathTemplate()));
    }
    Settings.Watch w = s.watch();
    j.add(
        row(
            "watch",
            "mode "
                + w.mode().name().toLowerCase(java.util.Locale.ROOT)
                + ", settle "
                + w.settle().toMillis()
                + " ms, rescan every "
                + w.rescanInterval().toSeconds()
                + " s, poll every "
                + w.pollInterval().toMillis()
                + " ms, incomplete JPEGs failed after "
                + w.incompleteTimeout().toSeconds()
                + " s"));
    Settings.Resize r = s.resize();
    j.add(
        row(
            "resize",
            "mode "
                + r.mode()
                + ", filter "
                + r.filter()
                + ", color "
                + r.color()
                + ", metadata "
                + r.metadata()
                + ", subsampling "
                + r.subsampling()
                + (r.progressive() ? ", progressive" : ", baseline")
                + (r.enlarge() ? ", may enlarge" : ", never enlarges")));
    Settings.Limits l = r.limits();
    j.add(
        row(
            "limits",
            "max pixels "
                + (l.maxPixels() == 0 ? "off" : String.format("%.0f MP", l.maxPixels() / 1e6))
                + ", max file size "
                + (l.maxFileSize() == 0 ? "off" : (l.maxFileSize() >> 20) + " MB")));
  }

  /** What every folder shares: the pool, the engine, the endpoint, the cluster. */
  private static void shared(StringJoiner j, Settings s) {
    Settings.Pool p = s.pool();
    j.add(
        row(
            "pool",
            p.workers()
                + " workers x "
                + p.threads()
                + " threads, heap "
                + p.heap()
                + ", recycle after "
                + p.recycleAfter()
                + " (+0.."
                + p.recycleJitter()
                + ") images or "
                + (p.maxRssBytes() >> 20)
                + " MB RSS"));
    j.add(
        row(
            "",
            "job timeout "
                + p.jobTimeout().toSeconds()
                + " s, shutdown grace "
                + p.shutdownGrace().toSeconds()
                + " s, max boot failures "
                + p.maxBootFailures()
                + ", jvm options "
                + p.jvmOptions()));
    j.add(row("resize", "engine " + s.resize().engine() + " (every folder's)"));
    Settings.Http h = s.http();
    j.add(
        row(
            "http",
            h.enabled()
                ? "GET /health and /metrics on " + hostPort(h.bind(), h.port())
                : "off (http.enabled = false)"));
    cluster(j, s.cluster());
  }

  /** Where claims are kept; the password only by where it comes from. */
  private static void cluster(StringJoiner j, Settings.Cluster c) {
    if (!c.isShared()) {
      j.add(row("cluster", "local (this host alone)"));
      return;
    }
    j.add(row("cluster", "postgres at " + c.server() + ", user " + c.user() + ", " + password(c)));
    j.add(
        row(
            "",
            "node "
                // not looked up here (a DNS query at every start and reload): the daemon's
                // "joined the cluster as ..." line gives the name it resolved
                + (c.node() == null ? "(the host name)" : c.node())
                + ", lease "
                + (c.lease().toMillisPart() == 0
                    ? c.lease().toSeconds() + " s"
                    : c.lease().toMillis() + " ms")
                + ", claims of up to "
                + c.claimBatch()
                + " inputs"));
  }

  private static String password(Settings.Cluster c) {
    if (c.password() != null) {
      return "password given in the configuration";
    }
    if (c.passwordEnv() != null) {
      return "password from environment variable " + c.passwordEnv();
    }
    if (c.passwordFile() != null) {
      return "password from file " + c.passwordFile();
    }
    return "no password";
  }

  /** {@code 127.0.0.1:9464}, {@code [::1]:9464}. */
  public static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** One row of a report: {@code " key: value"} (an empty key continues the row above). */
  public static String row(String key, String value) {
    return String.format(Locale.ROOT, "  %-12s %s", key.isEmpty() ? "" : key + ":", value);
  }
}
