package io.hotshrink.metrics;

import io.hotshrink.pool.StopReason;
import io.hotshrink.resize.Options;
import io.hotshrink.watch.Refusal;
import java.util.List;

/**
 * The few words a failed job's reason is counted under ({@code
 * hotshrink_jobs_failed_total{reason}}): a bounded set, unlike the message in the failed file's
 * sidecar, so each is one time series.
 */
public final class FailureReason {
  /** Not a JPEG that can be decoded (corrupt data, cannot be read). */
  public static final String UNDECODABLE = "undecodable";

  /** Over {@code limits.max-pixels} or {@code limits.max-file-size}. */
  public static final String TOO_LARGE = "too_large";

  /** A JPEG of a kind hotshrink does not handle (12-bit, lossless, ...). */
  public static final String UNSUPPORTED = "unsupported";

  /** The watcher gave up waiting for its end-of-image marker. */
  public static final String TRUNCATED = "truncated";

  /** Empty: nothing was ever written to it. */
  public static final String EMPTY = "empty";

  /** Named like a JPEG, but something else (a PNG, a PDF, ...). */
  public static final String NOT_JPEG = "not_jpeg";

  /** The child failed with an error that is not the input's on each of its attempts. */
  public static final String INTERNAL = "internal";

  /** How a child can be lost under a job: each a reason to fail it, and to send it again. */
  public static final List<String> LOST_CHILD =
      List.of(
          ofLostChild(StopReason.CRASHED),
          ofLostChild(StopReason.TIMEOUT),
          ofLostChild(StopReason.PROTOCOL_ERROR));

  /** Every reason, for the series that exist from the start. */
  public static final List<String> ALL =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(
                  UNDECODABLE, TOO_LARGE, UNSUPPORTED, TRUNCATED, EMPTY, NOT_JPEG, INTERNAL),
              LOST_CHILD.stream())
          .toList();

  private FailureReason() {}

  /** The reason for an input the child refused, from the child's message. */
  public static String ofInputError(String message) {
    String m = message == null ? "" : message;
    if (m.contains("over limits.")) {
      return TOO_LARGE;
    }
    if (m.contains("not supported")) {
      return UNSUPPORTED;
    }
    return UNDECODABLE;
  }

  /** The reason for a file the watcher refused. */
  public static String of(Refusal.Kind kind) {
    return switch (kind) {
      case EMPTY -> EMPTY;
      case TRUNCATED -> TRUNCATED;
      case NOT_JPEG -> NOT_JPEG;
      case UNREADABLE -> UNDECODABLE;
    };
  }

  /** The reason for a job whose children died under it: {@code crashed}, {@code timeout}, ... */
  public static String ofLostChild(StopReason reason) {
    return Options.name(reason);
  }
}
