package io.hotshrink.cluster;

import java.time.Duration;
import java.util.List;

/**
 * What the daemon hears from the store's background renewals. Called on the store's own threads:
 * return quickly (hand the work to another thread).
 */
public interface ClusterListener {
  /**
   * The database has not been reachable for lease − margin: stop the in-flight work of {@code
   * claims} now (kill their children, skip their renames and dispositions) before the leases run
   * out and another node takes them. No new claims are given until {@link #resumed}. The store has
   * already forgotten these claims; it gives them back to the cluster when contact returns.
   */
  default void abandon(List<Claim> claims, Duration silentFor) {}

  /** A renewal succeeded after {@link #abandon}: claiming may go on. */
  default void resumed() {}

  /**
   * Another node has taken these claims over (this node was silent past their leases: a pause, a
   * network cut): their work will be fenced off; stop it. Counted as fenced.
   */
  default void lost(List<Claim> claims) {}

  ClusterListener NONE = new ClusterListener() {};
}
