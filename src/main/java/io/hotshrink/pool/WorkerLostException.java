package io.hotshrink.pool;

/**
 * A job whose child died (or hung and was killed) on every attempt. Not the same as a failure the
 * child reported: here nobody could say what was wrong, only how the child ended.
 */
public final class WorkerLostException extends Exception {
  private static final long serialVersionUID = 1L;

  private final StopReason reason;
  private final String exitStatus;
  private final String stderrTail;
  private final int attempts;

  public WorkerLostException(
      StopReason reason, String exitStatus, String stderrTail, int attempts) {
    super(reason.words() + " (" + exitStatus + ") on each of " + attempts + " attempts");
    this.reason = reason;
    this.exitStatus = exitStatus;
    this.stderrTail = stderrTail;
    this.attempts = attempts;
  }

  public StopReason reason() {
    return reason;
  }

  /** E.g. "exit status 1" or "killed by signal 9 (SIGKILL)". */
  public String exitStatus() {
    return exitStatus;
  }

  /** The last few KB of the child's stderr. */
  public String stderrTail() {
    return stderrTail;
  }

  public int attempts() {
    return attempts;
  }
}
