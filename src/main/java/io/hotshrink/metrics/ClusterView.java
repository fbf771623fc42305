package io.hotshrink.metrics;

import java.util.List;

/**
 * Cluster mode as the claim database last showed it (read every few seconds by the daemon, never at
 * a scrape: a scrape must not wait for the database), for {@code /metrics} and {@code /health}.
 *
 * @param node this host's name in the cluster
 * @param contact this host's contact with the database: {@code healthy}, {@code renewal_failing},
 *     {@code abandoned} (its work given up until contact returns)
 * @param working claims this host works on now
 */
public record ClusterView(
    String node, String contact, int working, List<Node> nodes, List<Folder> folders) {
  public ClusterView {
    nodes = List.copyOf(nodes);
    folders = List.copyOf(folders);
  }

  /** One daemon that has joined the cluster; counts since the database was made. */
  public record Node(String name, boolean alive, long claimsHeld, long takeovers, long fenced) {}

  /** The inputs of one hot folder by state in the database. */
  public record Folder(
      String name,
      long ready,
      long claimed,
      long committed,
      long published,
      long failed,
      long expired) {}

  /** This host's own line, if it has joined. */
  public Node self() {
    return nodes.stream().filter(n -> n.name().equals(node)).findFirst().orElse(null);
  }
}
