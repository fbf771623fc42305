package io.hotshrink.daemon;

import io.hotshrink.cluster.ClusterSettings;
import io.hotshrink.cluster.Password;
import io.hotshrink.config.Settings;
import java.util.Map;

/**
 * The configuration's {@code hotshrink.cluster} as the claim store takes it: the password read from
 * where the configuration says (now, so that an unset variable or a missing file fails at start,
 * not at the first claim), and a node of null replaced by the host name. One place, for the daemon
 * and for {@code hotshrink db init}.
 */
public final class ClusterSettingsFrom {
  private ClusterSettingsFrom() {}

  /**
   * @throws ClusterConfigException when the store is local (there is no database), or the password
   *     cannot be read (the variable is not set, the file is missing or empty); the message says
   *     which
   */
  public static ClusterSettings of(Settings.Cluster c) {
    return of(c, System.getenv());
  }

  /** As {@link #of(Settings.Cluster)}, with the environment to read the password from (tests). */
  public static ClusterSettings of(Settings.Cluster c, Map<String, String> environment) {
    if (!c.isShared()) {
      throw new ClusterConfigException(
          "cluster.store is "
              + c.store().name().toLowerCase(java.util.Locale.ROOT)
              + ": no database");
    }
    return new ClusterSettings(
        c.url(),
        c.user(),
        password(c, environment),
        c.lease(),
        c.node() == null ? ClusterSettings.hostName() : c.node(),
        c.claimBatch());
  }

  private static Password password(Settings.Cluster c, Map<String, String> environment) {
    try {
      return readPassword(c, environment);
    } catch (IllegalArgumentException e) {
      throw new ClusterConfigException(e.getMessage());
    }
  }

  private static Password readPassword(Settings.Cluster c, Map<String, String> environment) {
    if (c.password() != null) {
      return Password.of(c.password());
    }
    if (c.passwordEnv() != null) {
      return Password.fromEnvironment(c.passwordEnv(), environment);
    }
    if (c.passwordFile() != null) {
      return Password.fromFile(c.passwordFile());
    }
    return Password.none();
  }
}
