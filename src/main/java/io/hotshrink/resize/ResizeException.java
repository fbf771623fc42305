package io.hotshrink.resize;

/** A job could not be done; {@link #kind()} says whose fault it is, which decides what happens. */
public final class ResizeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a job failed. */
  public enum Kind {
    /** The input is not a usable JPEG: it goes to the failed folder. */
    INPUT,
    /** The input disappeared: nothing to do. */
    MISSING,
    /**
     * The input is there but cannot be read now (permissions, an I/O error on a share): not its
     * content's fault, so it is retried later rather than failed.
     */
    UNREADABLE,
    /** The output could not be written (disk full, permissions): retried later. */
    OUTPUT,
    /** A bug or an unexpected runtime error in hotshrink itself. */
    INTERNAL
  }

  private final Kind kind;

  public ResizeException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ResizeException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
