package io.hotshrink.metrics;

import io.hotshrink.input.Source;
import io.hotshrink.resize.ResizeResult;

/** Hears how each job ended, for the metrics. Called on the publishing thread: return quickly. */
public interface JobRecorder {
  /**
   * Every rendition of {@code src} is published.
   *
   * @param publishMillis how long the renames into place took
   * @param totalMillis from the job's hand-over to the pool until it was published
   */
  default void published(Source src, ResizeResult result, long publishMillis, long totalMillis) {}

  /** Every output of {@code src} was already there and kept ({@code on-conflict = skip}): done. */
  default void skippedAll(Source src) {}

  /**
   * {@code src} failed for a reason of its own and went to the failed folder (or, in batch, was
   * counted).
   *
   * @param reason one of {@link FailureReason}'s labels
   */
  default void failed(Source src, String reason) {}

  JobRecorder NONE = new JobRecorder() {};
}
