package io.hotshrink.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's settings: defaults, validation, passwords that never show, timeouts. */
class ClusterSettingsTest {
  @TempDir Path dir;

  private static final String URL = "jdbc:postgresql://db.example:5433/hotshrink";

  @Test
  void defaultsAreA30SecondLeaseTheHostNameAndSmallBatches() {
    ClusterSettings s = ClusterSettings.of(URL, "hs", Password.of("x"));
    assertEquals(Duration.ofSeconds(30), s.lease());
    assertEquals(ClusterSettings.hostName(), s.node());
    assertEquals(8, s.claimBatch());
    assertEquals(Duration.ofSeconds(10), s.renewEvery());
    assertEquals(Duration.ofSeconds(20), s.abandonAfter());
    assertEquals("db.example:5433/hotshrink", s.server());
    assertEquals(s, s.withNode(s.node()), "equal settings are equal (a reload can compare them)");
  }

  @Test
  void everyWaitOnTheDatabaseIsShorterThanTheLease() {
    for (int seconds : new int[] {2, 3, 5, 30, 300}) {
      Duration lease = Duration.ofSeconds(seconds);
      ClusterSettings.Timeouts t =
          ClusterSettings.of(URL, "hs", Password.none()).withLease(lease).timeouts();
      String at = "lease " + lease + ": " + t;
      assertTrue(t.connectSeconds() >= 1 && t.connectSeconds() < seconds, at);
      assertTrue(t.socketSeconds() >= 1 && t.socketSeconds() < seconds, at);
      assertTrue(t.login().compareTo(lease) < 0, at);
      assertTrue(
          t.statement().toMillis() < t.socketSeconds() * 1000, "server cancels first: " + at);
    }
  }

  @Test
  void aPasswordNeverShowsOnlyWhereItCameFrom() throws IOException {
    Path file = dir.resolve("db-password");
    Files.writeString(file, "s3cret-from-file\n");
    Password fromFile = Password.fromFile(file);
    assertEquals("s3cret-from-file", fromFile.value());
    Password fromEnv = Password.fromEnvironment("HS_DB", Map.of("HS_DB", "s3cret-from-env"));
    assertEquals("s3cret-from-env", fromEnv.value());

    ClusterSettings s =
        new ClusterSettings(
            URL + "?password=s3cret-in-url", "hs", fromFile, Duration.ofSeconds(30), "n", 8);
    String shown = s + " " + fromEnv + " " + Password.of("s3cret-given");
    assertFalse(shown.contains("s3cret"), shown);
    assertTrue(shown.contains("from file " + file), shown);
    assertTrue(shown.contains("from environment variable HS_DB"), shown);
    assertEquals("db.example:5433/hotshrink", s.server());
  }

  @Test
  void aMissingPasswordSourceFailsAtOnceSayingWhich() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Password.fromEnvironment("HS_DB", Map.of()));
    assertTrue(e.getMessage().contains("HS_DB"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Password.fromFile(dir.resolve("none")));
    assertTrue(e.getMessage().contains("none"), e.getMessage());
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    ClusterSettings ok = ClusterSettings.of(URL, "hs", Password.none());
    assertMessage("lease", () -> ok.withLease(Duration.ofSeconds(1)));
    assertMessage("node", () -> ok.withNode(" "));
    assertMessage("claim batch", () -> ok.withClaimBatch(0));
    assertMessage(
        "url",
        () ->
            new ClusterSettings(
                "jdbc:mysql://x/y?password=p", "u", Password.none(), ok.lease(), "n", 8));
  }

  private static void assertMessage(String start, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
    assertFalse(e.getMessage().contains("password=p"), e.getMessage());
  }
}
