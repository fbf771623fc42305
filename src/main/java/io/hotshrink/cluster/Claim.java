package io.hotshrink.cluster;

/**
 * This node's exclusive right to one input version, until its lease runs out (it is renewed in the
 * background while held). Immutable: the {@code epoch} is the fencing number every later call on
 * the claim is checked against, so a claim that another node has since taken over can change
 * nothing.
 *
 * @param id the input's row
 * @param epoch how many claims the row has seen, this one included
 * @param task what is left to do: the whole job, or only the source's disposition
 * @param reason for {@link Task#DISPOSE_FAILED}: why it failed (for the failed folder's note)
 * @param takenOverFrom the node whose lease on the row had run out, or null when nobody held it
 */
public record Claim(
    long id,
    long epoch,
    String folder,
    InputVersion input,
    Task task,
    String reason,
    String takenOverFrom) {

  /** What a claim asks of its holder. */
  public enum Task {
    /** Resize and publish (or fail), {@link ClaimStore#commit}, dispose of the source, done. */
    PROCESS,
    /**
     * The outputs were published and committed by a holder that did not get to the source: only
     * archive, delete or keep it (as configured), then {@link ClaimStore#done}.
     */
    DISPOSE_PUBLISHED,
    /**
     * The input's failure was committed by a holder that did not get to the source: only move it to
     * the failed folder with {@link Claim#reason}, then {@link ClaimStore#done}.
     */
    DISPOSE_FAILED
  }

  /** True when this claim took the row over from a node whose lease had run out. */
  public boolean isTakeover() {
    return takenOverFrom != null;
  }
}
