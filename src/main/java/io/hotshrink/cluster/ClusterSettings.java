package io.hotshrink.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the claim database and how long a claim lasts. The configuration's {@code
 * hotshrink.cluster} section ({@code url, user, password, lease, node}) maps onto it; {@link #of}
 * fills the defaults. The timing of renewals and timeouts follows from the lease alone (see {@link
 * #renewEvery()}, {@link #abandonAfter()}, {@link #timeouts()}).
 *
 * @param url a {@code jdbc:postgresql://host[:port]/database} URL
 * @param lease how long a claim lasts without renewal, by the database's clock; at least 2 s
 * @param node this host's name in the cluster, unique among the hosts (the host name by default)
 * @param claimBatch how many inputs one claim takes at most
 */
public record ClusterSettings(
    String url, String user, Password password, Duration lease, String node, int claimBatch) {
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  public static final Duration MIN_LEASE = Duration.ofSeconds(2);
  public static final int DEFAULT_CLAIM_BATCH = 8;

  public ClusterSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(node, "node");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "url: expected jdbc:postgresql://host[:port]/database, got " + redact(url));
    }
    if (lease.compareTo(MIN_LEASE) < 0) {
      throw new IllegalArgumentException("lease: at least " + MIN_LEASE.toSeconds() + " s");
    }
    if (node.isBlank() || node.length() > 200) {
      throw new IllegalArgumentException("node: a name of 1 to 200 characters, got '" + node + "'");
    }
    if (claimBatch < 1 || claimBatch > 1000) {
      throw new IllegalArgumentException("claim batch: 1 to 1000, got " + claimBatch);
    }
  }

  /** The defaults: a 30 s lease, the host name as the node, claims of up to 8 inputs. */
  public static ClusterSettings of(String url, String user, Password password) {
    return new ClusterSettings(url, user, password, DEFAULT_LEASE, hostName(), DEFAULT_CLAIM_BATCH);
  }

  public ClusterSettings withLease(Duration lease) {
    return new ClusterSettings(url, user, password, lease, node, claimBatch);
  }

  public ClusterSettings withNode(String node) {
    return new ClusterSettings(url, user, password, lease, node, claimBatch);
  }

  public ClusterSettings withClaimBatch(int claimBatch) {
    return new ClusterSettings(url, user, password, lease, node, claimBatch);
  }

  /** This host's name, the default node name. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String env = System.getenv("HOSTNAME");
      return env != null && !env.isBlank() ? env : "localhost";
    }
  }

  /** Leases are renewed this often: a third of the lease, so one failed renewal is survived. */
  public Duration renewEvery() {
    return lease.dividedBy(3);
  }

  /**
   * The margin kept between giving up and the lease running out: a third of the lease, the time the
   * daemon has to stop its in-flight work (kill a child, skip a rename) before another node may
   * take it over.
   */
  public Duration margin() {
    return lease.dividedBy(3);
  }

  /**
   * A node that has not renewed its leases for this long (lease − margin, on its own monotonic
   * clock, counted from when the last successful renewal was sent) abandons its in-flight work.
   */
  public Duration abandonAfter() {
    return lease.minus(margin());
  }

  /** How long each wait on the database may last; all shorter than the lease. */
  record Timeouts(long connectSeconds, Duration login, long socketSeconds, Duration statement) {}

  Timeouts timeouts() {
    Duration third = lease.dividedBy(3);
    // the driver counts whole seconds (0 would mean "forever"); the server's statement timeout
    // is shorter than the socket's, so a slow statement is cancelled on the server (freeing its
    // locks) before this side gives up on the connection
    long connect = Math.max(1, third.toSeconds());
    long socket = third.toSeconds() + 1;
    // connecting, authentication included, may take the watchdog's whole budget
    return new Timeouts(connect, abandonAfter(), socket, third);
  }

  /** The URL without its query (which may carry a password): for messages and the log. */
  public String server() {
    return redact(url).substring("jdbc:postgresql:".length()).replaceFirst("^//", "");
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public String toString() {
    return "ClusterSettings[url="
        + redact(url)
        + ", user="
        + user
        + ", password="
        + password
        + ", lease="
        + lease
        + ", node="
        + node
        + ", claimBatch="
        + claimBatch
        + "]";
  }
}
