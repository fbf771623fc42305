package io.hotshrink.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadPlanTest {
  @TempDir Path dir;

  private static final String BASE =
      "input = in, output = out, failed = failed, watch.settle = 1s,"
          + " pool { workers = 2, threads = 2, heap = 256m }";

  private Settings settings(String extra) throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("a" + extra.hashCode() + ".conf"),
            "hotshrink { " + BASE + "\n" + extra + " }\n");
    return new SettingsLoader(dir, Map.of(), 4).load(Optional.of(f));
  }

  private ReloadPlan plan(String before, String after) throws Exception {
    return ReloadPlan.between(settings(before), settings(after));
  }

  @Test
  void sameSettingsChangeNothing() throws Exception {
    ReloadPlan p = plan("", "");
    assertTrue(p.nothingChanged());
    assertEquals(ReloadPlan.PoolChange.NONE, p.pool());
    assertFalse(p.restartWatcher());
    assertEquals("nothing changed", p.describe());
  }

  @Test
  void renditionsOnlyNeedANewPipeline() throws Exception {
    ReloadPlan p = plan("", "renditions = [ { name = q, scale = 0.25, quality = 70 } ]");
    assertEquals(List.of("renditions"), p.changed());
    assertEquals(ReloadPlan.PoolChange.NONE, p.pool());
    assertFalse(p.restartWatcher());
  }

  @Test
  void heapThreadsOrJvmOptionsReplaceTheChildren() throws Exception {
    assertEquals(ReloadPlan.PoolChange.REPLACE, plan("", "pool.heap = 300m").pool());
    assertEquals(ReloadPlan.PoolChange.REPLACE, plan("", "pool.threads = 1").pool());
    assertEquals(ReloadPlan.PoolChange.REPLACE, plan("", "pool.jvm-options = [\"-Xss2m\"]").pool());
    assertEquals("changed: pool (children replaced)", plan("", "pool.heap = 300m").describe());
  }

  @Test
  void poolSizeAndLimitsAdjustTheRunningPool() throws Exception {
    assertEquals(ReloadPlan.PoolChange.ADJUST, plan("", "pool.workers = 3").pool());
    assertEquals(ReloadPlan.PoolChange.ADJUST, plan("", "pool.job-timeout = 5m").pool());
    assertEquals(ReloadPlan.PoolChange.ADJUST, plan("", "pool.recycle-after = 10").pool());
    assertFalse(plan("", "pool.workers = 3").restartWatcher());
  }

  @Test
  void inputOutputOrWatchRestartTheWatcher() throws Exception {
    assertTrue(plan("", "input = in2").restartWatcher());
    assertTrue(plan("", "output = out2").restartWatcher());
    assertTrue(plan("", "watch.settle = 3s").restartWatcher());
    assertFalse(plan("", "failed = failed2").restartWatcher());
    assertEquals(
        "changed: input (watcher restarted), pool (pool adjusted)",
        plan("", "input = in2, pool.workers = 1").describe());
  }

  @Test
  void aChangedClusterSectionIsSaidNotToBeAppliedUntilARestart() throws Exception {
    ReloadPlan p = plan("cluster.lease = 30s", "cluster.lease = 60s");
    assertEquals(List.of("cluster"), p.changed());
    assertEquals(ReloadPlan.PoolChange.NONE, p.pool());
    assertEquals("changed: cluster (NOT applied: takes effect at the next restart)", p.describe());
  }
}
