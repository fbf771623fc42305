package io.hotshrink.metrics;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Is the daemon doing its job: the hot folder is watched and at least one child JVM can run jobs.
 *
 * @param reason why not, in words; empty when healthy
 * @param facts what the verdict was made from (watching, children, queued, ...)
 */
public record Health(String reason, Map<String, Object> facts) {

  public Health {
    facts = Map.copyOf(facts);
  }

  /** The verdict on {@code live} now. */
  public static Health of(Live live, long uptimeSeconds) {
    int children = live.children().size(); // a copy made under the pool's lock: once
    boolean watching = live.watching();
    String reason = "";
    if (live.stopping()) {
      reason = "shutting down";
    } else if (!watching) {
      reason =
          "the hot folder "
              + live.settings().input()
              + " is not being watched (gone, unmounted, or the watcher is restarting)";
    } else if (!live.hasLiveChild()) {
      reason =
          children == 0
              ? "no child JVM is running (they may be failing to start: see the log)"
              : "no child JVM is ready yet (starting)";
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("watching", watching);
    facts.put("children", children);
    facts.put("queued", live.queued());
    facts.put("in_flight", live.inFlight());
    facts.put("uptime_seconds", uptimeSeconds);
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
