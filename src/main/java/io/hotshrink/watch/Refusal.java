package io.hotshrink.watch;

/**
 * Why the watcher turned a file down without a job: what kind of trouble (which the metrics count
 * under a name) and the words for the log and the failed folder's sidecar. The kind travels with
 * the words so that nobody has to read it back out of them.
 */
public record Refusal(Kind kind, String words) {
  public enum Kind {
    /** Nothing was ever written to it. */
    EMPTY,
    /** Its end-of-image marker never came. */
    TRUNCATED,
    /** Named like a JPEG, but something else. */
    NOT_JPEG,
    /** Could not be read to tell (batch only: the daemon looks again later). */
    UNREADABLE
  }

  public static final Refusal EMPTY = new Refusal(Kind.EMPTY, "empty: nothing was written to it");
  public static final Refusal TRUNCATED =
      new Refusal(Kind.TRUNCATED, "truncated: no end-of-image marker");

  static Refusal notJpeg(String what) {
    return new Refusal(Kind.NOT_JPEG, "not a JPEG: " + what);
  }

  /** The words before the first colon, "truncated" say: the short reason. */
  public String summary() {
    int colon = words.indexOf(':');
    return colon > 0 ? words.substring(0, colon) : words;
  }
}
