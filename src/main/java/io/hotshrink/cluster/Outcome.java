package io.hotshrink.cluster;

/** What the database made of a call on a claim. */
public enum Outcome {
  /** recorded: the claim still held */
  COMMITTED,
  /**
   * refused: another node has taken the input over since (or the lease ran out): discard the work,
   * do not touch the source. Counted for this node in {@link ClusterStatus}.
   */
  FENCED
}
