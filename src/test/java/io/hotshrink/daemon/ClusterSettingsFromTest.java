package io.hotshrink.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.cluster.ClusterSettings;
import io.hotshrink.cluster.Password;
import io.hotshrink.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's cluster section as the claim store takes it. */
class ClusterSettingsFromTest {
  private static final String URL = "jdbc:postgresql://db:5432/hotshrink";

  @TempDir Path dir;

  private static Settings.Cluster postgres(String password, String env, Path file, String node) {
    return new Settings.Cluster(
        Settings.Cluster.Store.POSTGRES,
        URL,
        "shrinker",
        password,
        env,
        file,
        Duration.ofSeconds(12),
        node,
        16);
  }

  @Test
  void everyValueIsCarriedOver() {
    ClusterSettings s = ClusterSettingsFrom.of(postgres("pw", null, null, "host-a"), Map.of());
    assertEquals(
        new ClusterSettings(
            URL, "shrinker", Password.of("pw"), Duration.ofSeconds(12), "host-a", 16),
        s);
  }

  @Test
  void aNodeOfNullIsTheHostName() {
    assertEquals(
        ClusterSettings.hostName(),
        ClusterSettingsFrom.of(postgres(null, null, null, null), Map.of()).node());
  }

  @Test
  void thePasswordComesFromWhereTheConfigurationSays() throws Exception {
    assertEquals(
        Password.fromEnvironment("DB_PW", Map.of("DB_PW", "from-env")),
        ClusterSettingsFrom.of(postgres(null, "DB_PW", null, "n"), Map.of("DB_PW", "from-env"))
            .password());
    Path file = Files.writeString(dir.resolve("db-password"), "from-file\n");
    assertEquals(
        Password.fromFile(file),
        ClusterSettingsFrom.of(postgres(null, null, file, "n"), Map.of()).password());
    assertEquals(
        Password.none(),
        ClusterSettingsFrom.of(postgres(null, null, null, "n"), Map.of()).password());
  }

  @Test
  void aPasswordThatCannotBeReadIsSaidAtOnce() {
    IllegalArgumentException env =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterSettingsFrom.of(postgres(null, "DB_PW", null, "n"), Map.of()));
    assertTrue(env.getMessage().contains("DB_PW"), env.getMessage());
    Path missing = dir.resolve("no-such-file");
    IllegalArgumentException file =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClusterSettingsFrom.of(postgres(null, null, missing, "n"), Map.of()));
    assertTrue(file.getMessage().contains(missing.toString()), file.getMessage());
  }

  @Test
  void theLocalStoreHasNoDatabase() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClusterSettingsFrom.of(Settings.Cluster.LOCAL, Map.of()));
  }
}
