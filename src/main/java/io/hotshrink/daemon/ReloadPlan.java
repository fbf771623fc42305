package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.pool.ChildSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a configuration reload has to do, worked out from the old and the new settings.
 *
 * <ul>
 *   <li>Every reload builds a new pipeline: renditions, quality, the failed folder and any per-job
 *       limits apply to jobs that start from then on (jobs already running finish as they began).
 *   <li>A changed heap, JVM options, threads per child or resize engine (the children's {@link
 *       ChildSpec}) replaces the children gracefully (each finishes its jobs while its replacement
 *       starts); any other pool change (number of children, recycling, timeouts, memory limit) is
 *       applied to the running pool. The rest of the resize section travels with each job, like the
 *       renditions.
 *   <li>A changed input, output or watch section restarts the watcher on the new settings. Its
 *       start-up scan offers again what is in the hot folder.
 *   <li>A changed cluster section is not applied (the log says so): it is the node's identity among
 *       the other hosts, and takes effect at the next restart.
 * </ul>
 *
 * @param changed the top-level settings that differ ({@code renditions}, {@code pool}, ...)
 */
record ReloadPlan(List<String> changed, PoolChange pool, boolean restartWatcher) {
  enum PoolChange {
    NONE,
    /** Size or limits: applied to the running children. */
    ADJUST,
    /** Children are started with other options: replace them all. */
    REPLACE
  }

  ReloadPlan {
    changed = List.copyOf(changed);
  }

  static ReloadPlan between(Settings old, Settings next) {
    List<String> changed = new ArrayList<>();
    // Generic over the record, so a section added to Settings later is noticed here too.
    for (RecordComponent c : Settings.class.getRecordComponents()) {
      // The folders are the daemon's to add, remove and reload one by one (each with a plan).
      if (c.getName().equals("source") || c.getName().equals("folders")) {
        continue;
      }
      if (!Objects.equals(value(c, old), value(c, next))) {
        changed.add(c.getName());
      }
    }
    PoolChange pool;
    // The pool makes the same comparison to decide whether to replace its children.
    if (!ChildSpec.of(old).equals(ChildSpec.of(next))) {
      pool = PoolChange.REPLACE;
    } else if (!old.pool().equals(next.pool())) {
      pool = PoolChange.ADJUST;
    } else {
      pool = PoolChange.NONE;
    }
    boolean restartWatcher =
        changed.contains("input") || changed.contains("output") || changed.contains("watch");
    return new ReloadPlan(changed, pool, restartWatcher);
  }

  boolean nothingChanged() {
    return changed.isEmpty();
  }

  /** For the log: "pool (children replaced), input (watcher restarted), renditions". */
  String describe() {
    if (changed.isEmpty()) {
      return "nothing changed";
    }
    List<String> parts = new ArrayList<>();
    for (String c : changed) {
      if (c.equals("pool") || (c.equals("resize") && pool == PoolChange.REPLACE)) {
        parts.add(c + (pool == PoolChange.REPLACE ? " (children replaced)" : " (pool adjusted)"));
      } else if (restartWatcher && (c.equals("input") || c.equals("output") || c.equals("watch"))) {
        parts.add(c + " (watcher restarted)");
      } else if (c.equals("http")) {
        parts.add(c + " (endpoint moved)");
      } else if (c.equals("cluster")) {
        // the claim database, the node's name and its lease are the node's identity among the
        // others: changed while it holds claims, they would orphan those claims
        parts.add(c + " (NOT applied: takes effect at the next restart)");
      } else {
        parts.add(c);
      }
    }
    return "changed: " + String.join(", ", parts);
  }

  private static Object value(RecordComponent c, Settings s) {
    try {
      return c.getAccessor().invoke(s);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }
}
