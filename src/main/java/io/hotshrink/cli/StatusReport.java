package io.hotshrink.cli;

import io.hotshrink.config.SettingsReport;
import io.hotshrink.metrics.Exposition;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What {@code hotshrink status} prints, from what the daemon's /health and /metrics said. */
final class StatusReport {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

  private StatusReport() {}

  /**
   * @param where the endpoint asked, e.g. {@code http://127.0.0.1:9464}
   * @param reason why it is unhealthy; null when healthy
   * @param m the /metrics scrape
   * @param now the time of the report
   */
  static String render(String where, String reason, Exposition m, Instant now, ZoneId zone) {
    return render(where, reason, m, Map.of(), now, zone);
  }

  /**
   * As above, with each hot folder's input as /health lists them (name to input, in the
   * configuration's order; empty if unknown): the order of the folder rows, and their inputs when
   * there are several folders.
   */
  static String render(
      String where,
      String reason,
      Exposition m,
      Map<String, String> inputs,
      Instant now,
      ZoneId zone) {
    StringBuilder b = new StringBuilder();
    Optional<Exposition.Sample> info = m.find("hotshrink_info");
    String version = info.map(s -> s.label("version")).orElse("?");
    b.append("hotshrink ")
        .append(version)
        .append(" at ")
        .append(where)
        .append(": ")
        .append(reason == null ? "healthy" : "UNHEALTHY: " + reason)
        .append('\n');
    double start = m.value("hotshrink_start_time_seconds", Double.NaN);
    if (!Double.isNaN(start)) {
      Instant started = Instant.ofEpochMilli((long) (start * 1000));
      row(
          b,
          "up since",
          WHEN.format(started.atZone(zone)) + " (" + age(Duration.between(started, now)) + ")");
    }
    List<String> folders = folderNames(m, inputs);
    info.ifPresent(i -> row(b, "engine", i.label("engine")));
    if (folders.size() <= 1) {
      // One hot folder: its paths are those of the daemon's info.
      info.ifPresent(
          i ->
              row(
                  b,
                  "folders",
                  i.label("input")
                      + " -> "
                      + i.label("output")
                      + " (failed: "
                      + i.label("failed")
                      + ")"));
    }
    folderRows(b, m, folders, inputs, info.isPresent() && folders.size() <= 1);
    row(
        b,
        "watching",
        m.value("hotshrink_watching", 0) == 1 ? "yes" : "NO: the hot folder is not watched");
    row(
        b,
        "queue",
        count(m.sum("hotshrink_queue_depth"))
            + " waiting for a child, "
            + count(m.sum("hotshrink_settling_files"))
            + " files settling; oldest waiting "
            + age(seconds(m.max("hotshrink_oldest_waiting_seconds", 0))));
    row(b, "in flight", count(m.sum("hotshrink_jobs_in_flight")));
    row(
        b,
        "last hour",
        count(m.value("hotshrink_jobs_done_last_hour", 0))
            + " done, "
            + count(m.value("hotshrink_jobs_failed_last_hour", 0))
            + " failed (since start: "
            + count(m.sum("hotshrink_jobs_done_total"))
            + " done, "
            + count(m.sum("hotshrink_jobs_failed_total"))
            + " failed)");
    row(
        b,
        "throughput",
        String.format(Locale.ROOT, "%.2f", m.value("hotshrink_throughput_images_per_second", 0))
            + " images/s over the last minute");
    clusterRows(b, m);
    List<Exposition.Sample> children =
        m.all("hotshrink_child_start_time_seconds").stream()
            .sorted(Comparator.comparingDouble(Exposition.Sample::value))
            .toList();
    if (children.isEmpty()) {
      row(b, "children", "none");
    }
    boolean first = true;
    for (Exposition.Sample c : children) {
      String w = c.label("worker");
      String pid = c.label("pid");
      double jobs = m.value("hotshrink_child_jobs_done", 0, "worker", w);
      double rss = m.value("hotshrink_child_rss_bytes", 0, "worker", w);
      Instant started = Instant.ofEpochMilli((long) (c.value() * 1000));
      row(
          b,
          first ? "children" : "",
          String.format(
              Locale.ROOT,
              "%-4s pid %-8s %6s jobs  RSS %5d MB  up %s",
              w,
              pid,
              count(jobs),
              (long) rss >> 20,
              age(Duration.between(started, now))));
      first = false;
    }
    return b.toString();
  }

  /**
   * Cluster mode (the daemon shows {@code hotshrink_cluster_*}): this host's contact with the claim
   * database, then one row per node (alive, claims held, takeovers, fenced results) and the inputs
   * in the database by state. Nothing on one host.
   */
  private static void clusterRows(StringBuilder b, Exposition m) {
    Optional<Exposition.Sample> contact = m.find("hotshrink_cluster_contact");
    if (contact.isEmpty()) {
      return;
    }
    String self = contact.get().label("node");
    row(
        b,
        "cluster",
        "this host is node "
            + self
            + ", contact with the claim database: "
            + contact.get().label("contact").replace('_', ' '));
    List<Exposition.Sample> nodes = m.all("hotshrink_cluster_node_alive");
    int width = Math.max(4, nodes.stream().mapToInt(n -> n.label("node").length()).max().orElse(0));
    String format = "%-" + width + "s %-6s %6s %9s %6s";
    row(
        b,
        "",
        String.format(Locale.ROOT, format, "node", "alive", "claims", "takeovers", "fenced"));
    for (Exposition.Sample n : nodes) {
      String name = n.label("node");
      row(
          b,
          "",
          String.format(
              Locale.ROOT,
              format,
              name,
              n.value() == 1 ? "yes" : "no",
              count(m.value("hotshrink_cluster_claims_held", 0, "node", name)),
              count(m.value("hotshrink_cluster_takeovers_total", 0, "node", name)),
              count(m.value("hotshrink_cluster_fenced_total", 0, "node", name))));
    }
    StringBuilder inputs = new StringBuilder();
    for (String state :
        List.of("ready", "claimed", "committed", "published", "failed", "expired")) {
      inputs
          .append(inputs.length() == 0 ? "" : ", ")
          .append(count(m.sum("hotshrink_cluster_inputs", "state", state)))
          .append(' ')
          .append(state);
    }
    row(b, "", "inputs in the database: " + inputs);
  }

  /**
   * The hot folders in force: those /health listed, in its order, then any other the per-folder
   * gauges name (a daemon's folders are the series of its queue gauge; removed folders keep only
   * their counters, which count in the totals).
   */
  private static List<String> folderNames(Exposition m, Map<String, String> inputs) {
    Set<String> names = new LinkedHashSet<>(inputs.keySet());
    for (Exposition.Sample s : m.all("hotshrink_queue_depth")) {
      if (!s.label("folder").isEmpty()) {
        names.add(s.label("folder"));
      }
    }
    return List.copyOf(names);
  }

  /**
   * One row per hot folder under a heading: waiting (settling or queued), in flight, oldest
   * waiting, done and failed since start; with several folders, each one's input too.
   */
  private static void folderRows(
      StringBuilder b,
      Exposition m,
      List<String> folders,
      Map<String, String> inputs,
      boolean underThePaths) {
    if (folders.isEmpty()) {
      return;
    }
    int width = Math.max(6, folders.stream().mapToInt(String::length).max().orElse(0));
    String format = "%-" + width + "s %8s %10s  %-8s %7s %7s";
    String heading =
        String.format(
            Locale.ROOT, format, "name", "waiting", "in flight", "oldest", "done", "failed");
    boolean several = folders.size() > 1;
    row(b, underThePaths ? "" : "folders", several ? heading + "  input" : heading);
    for (String f : folders) {
      String line =
          String.format(
              Locale.ROOT,
              format,
              f,
              count(
                  m.sum("hotshrink_queue_depth", "folder", f)
                      + m.sum("hotshrink_settling_files", "folder", f)),
              count(m.sum("hotshrink_jobs_in_flight", "folder", f)),
              age(seconds(m.value("hotshrink_oldest_waiting_seconds", 0, "folder", f))),
              count(m.sum("hotshrink_jobs_done_total", "folder", f)),
              count(m.sum("hotshrink_jobs_failed_total", "folder", f)));
      row(b, "", several ? line + "  " + inputs.getOrDefault(f, "?") : line);
    }
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis((long) (s * 1000));
  }

  private static void row(StringBuilder b, String key, String value) {
    b.append(SettingsReport.row(key, value)).append(System.lineSeparator());
  }

  private static String count(double v) {
    return Long.toString(Math.round(v));
  }

  /** {@code 4s}, {@code 3m 12s}, {@code 2h 14m}, {@code 3d 2h}. */
  static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    if (s < 86400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86400 + "d " + s % 86400 / 3600 + "h";
  }
}
