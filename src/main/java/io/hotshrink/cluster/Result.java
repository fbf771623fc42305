package io.hotshrink.cluster;

/** How an input ended, as committed by {@link ClaimStore#commit}. */
public enum Result {
  /** every rendition is in place in the drop folder */
  PUBLISHED,
  /** the input cannot be processed; it belongs in the failed folder */
  FAILED
}
