package io.hotshrink.pool;

/** The pool stopped before the job ran (or finished): it is picked up again at the next start. */
public final class PoolClosedException extends Exception {
  private static final long serialVersionUID = 1L;

  public PoolClosedException(String message) {
    super(message);
  }
}
