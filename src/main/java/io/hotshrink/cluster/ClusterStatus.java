package io.hotshrink.cluster;

import java.time.Instant;
import java.util.List;

/**
 * The cluster as the database sees it, for {@code hotshrink status} and {@code /metrics} on any
 * host.
 *
 * @param at the database's time of the query
 */
public record ClusterStatus(Instant at, List<Node> nodes, List<Folder> folders) {

  /**
   * One daemon that has joined the cluster.
   *
   * @param alive heard from within its lease and not stopped
   * @param stopped when it left cleanly, or null
   * @param claimsHeld inputs it holds a live lease on
   * @param takeovers claims it took over from nodes whose lease had run out, ever
   * @param fenced claims of its own that it found taken over (its work discarded), ever
   */
  public record Node(
      String name,
      Instant started,
      Instant lastSeen,
      Instant stopped,
      boolean alive,
      long claimsHeld,
      long takeovers,
      long fenced) {}

  /**
   * The inputs of one hot folder by state. {@code claimed} and {@code committed} include those
   * whose lease has run out ({@code expired}: waiting to be taken over).
   *
   * @param committed result committed, source's disposition not yet done
   * @param published done, published
   * @param failed done, failed
   */
  public record Folder(
      String folder,
      long ready,
      long claimed,
      long committed,
      long published,
      long failed,
      long expired) {}

  /** The node of that name, if it has ever joined. */
  public Node node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
  }

  /** The counts of that folder (all zero if nothing was ever offered there). */
  public Folder folder(String name) {
    return folders.stream()
        .filter(f -> f.folder().equals(name))
        .findFirst()
        .orElse(new Folder(name, 0, 0, 0, 0, 0, 0));
  }
}
