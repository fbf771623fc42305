package io.hotshrink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotshrink.pool.ChildInfo;
import org.junit.jupiter.api.Test;

class HealthTest {
  private final FakeLive live = new FakeLive();

  @Test
  void watchingWithAChildIsHealthyAndSaysSoInJson() {
    live.children.add(new ChildInfo("w1", 42, 500, 3, 1, 100 << 20, 120 << 20, 0));
    live.queued = 4;
    live.inFlight = 1;
    Health h = Health.of(live, 12);
    assertTrue(h.healthy());
    assertEquals(200, h.httpStatus());
    Config json = ConfigFactory.parseString(h.json());
    assertEquals("ok", json.getString("status"));
    assertFalse(json.hasPath("reason"));
    assertEquals(1, json.getInt("children"));
    assertEquals(4, json.getInt("queued"));
    assertEquals(1, json.getInt("in_flight"));
    assertEquals(12, json.getInt("uptime_seconds"));
    assertTrue(json.getBoolean("watching"));
  }

  @Test
  void aHotFolderThatIsNotWatchedIsUnhealthyWithItsName() {
    live.watching = false;
    Health h = Health.of(live, 1);
    assertEquals(503, h.httpStatus());
    Config json = ConfigFactory.parseString(h.json());
    assertEquals("unhealthy", json.getString("status"));
    assertTrue(
        json.getString("reason").startsWith("the hot folder /srv/photos/hotfolder/in is not"),
        json.getString("reason"));
    assertFalse(json.getBoolean("watching"));
  }

  @Test
  void noLiveChildIsUnhealthyAndSaysWhetherOneIsStarting() {
    live.liveChild = false;
    assertEquals(
        "no child JVM is running (they may be failing to start: see the log)",
        Health.of(live, 1).reason());
    live.children.add(new ChildInfo("w1", 42, 500, 0, 0, 0, 0, 0));
    assertEquals("no child JVM is ready yet (starting)", Health.of(live, 1).reason());
  }

  @Test
  void shuttingDownIsUnhealthyWhateverElseIsTrue() {
    live.stopping = true;
    Health h = Health.of(live, 1);
    assertFalse(h.healthy());
    assertEquals("shutting down", h.reason());
  }
}
