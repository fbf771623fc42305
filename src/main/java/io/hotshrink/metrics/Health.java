package io.hotshrink.metrics;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Is the daemon doing its job: the hot folder is watched and at least one child JVM can run jobs.
 *
 * @param reason why not, in words; empty when healthy
 * @param facts what the verdict was made from (watching, children, queued, ...), and {@code
 *     folders}: each hot folder's name, input, waiting, in flight, oldest waiting, done and failed
 */
public record Health(String reason, Map<String, Object> facts) {

  public Health {
    facts = Map.copyOf(facts);
  }

  /** The verdict on {@code live} now, without the folders' counts of done and failed. */
  public static Health of(Live live, long uptimeSeconds) {
    return of(live, uptimeSeconds, System.currentTimeMillis(), name -> 0, name -> 0);
  }

  /**
   * The verdict on {@code live} now.
   *
   * @param nowMillis the time now, on the clock of the live daemon's times
   * @param done a folder's inputs published since start, by its name
   * @param failed a folder's inputs failed since start, by its name
   */
  public static Health of(
      Live live,
      long uptimeSeconds,
      long nowMillis,
      ToLongFunction<String> done,
      ToLongFunction<String> failed) {
    int children = live.children().size(); // a copy made under the pool's lock: once
    List<Live.Folder> folders = live.folders();
    boolean watching = live.watching();
    String reason = "";
    if (live.stopping()) {
      reason = "shutting down";
    } else if (!watching) {
      String input =
          folders.stream()
              .filter(f -> !f.watching())
              .map(f -> f.input().toString())
              .findFirst()
              .orElse(live.settings().input().toString());
      reason =
          "the hot folder "
              + input
              + " is not being watched (gone, unmounted, or the watcher is restarting)";
    } else if (!live.hasLiveChild()) {
      reason =
          children == 0
              ? "no child JVM is running (they may be failing to start: see the log)"
              : "no child JVM is ready yet (starting)";
    } else if (live.cluster() != null && "abandoned".equals(live.cluster().contact())) {
      reason =
          "no contact with the claim database for too long: this host's work is given up until"
              + " it returns";
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("watching", watching);
    facts.put("children", children);
    facts.put("queued", live.queued());
    facts.put("in_flight", live.inFlight());
    facts.put("uptime_seconds", uptimeSeconds);
    List<Map<String, Object>> each = new ArrayList<>();
    for (Live.Folder f : folders) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("input", f.input().toString());
      m.put("watching", f.watching());
      m.put("waiting", f.settling() + f.queued());
      m.put("in_flight", f.inFlight());
      long since = f.oldestWaitingSinceMillis();
      m.put("oldest_waiting_seconds", since < 0 ? 0 : Math.max(0, nowMillis - since) / 1000);
      m.put("done", done.applyAsLong(f.name()));
      m.put("failed", failed.applyAsLong(f.name()));
      each.add(m);
    }
    facts.put("folders", each);
    ClusterView cluster = live.cluster();
    if (cluster != null) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("node", cluster.node());
      c.put("contact", cluster.contact());
      c.put("working", cluster.working());
      c.put("nodes_alive", cluster.nodes().stream().filter(ClusterView.Node::alive).count());
      ClusterView.Node self = cluster.self();
      c.put("takeovers", self == null ? 0 : self.takeovers());
      c.put("fenced", self == null ? 0 : self.fenced());
      List<Map<String, Object>> nodes = new ArrayList<>();
      for (ClusterView.Node n : cluster.nodes()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("alive", n.alive());
        m.put("claims_held", n.claimsHeld());
        m.put("takeovers", n.takeovers());
        m.put("fenced", n.fenced());
        nodes.add(m);
      }
      c.put("nodes", nodes);
      facts.put("cluster", c);
    }
    return new Health(reason, facts);
  }

  public boolean healthy() {
    return reason.isEmpty();
  }

  /** The HTTP status: 200 or 503. */
  public int httpStatus() {
    return healthy() ? 200 : 503;
  }

  /**
   * A small JSON object: {@code {"status":"ok",...}} or {@code {"status":"unhealthy","reason":
   * "...",...}}.
   */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", healthy() ? "ok" : "unhealthy");
    if (!healthy()) {
      m.put("reason", reason);
    }
    m.putAll(facts);
    return ConfigValueFactory.fromMap(m).render(ConfigRenderOptions.concise().setJson(true));
  }
}
