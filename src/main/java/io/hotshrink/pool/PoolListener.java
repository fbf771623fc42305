package io.hotshrink.pool;

/** Hears about children coming and going. Called on pool threads: return quickly. */
public interface PoolListener {
  default void childStarted(ChildInfo child) {}

  default void childStopped(ChildInfo child, StopReason reason, String detail) {}

  /**
   * A job was sent again after its child died or hung.
   *
   * @param lane the lane it was submitted to (the daemon's hot folder)
   */
  default void jobRetried(String lane, String label, StopReason reason) {}

  /**
   * The pool cannot go on: children fail to start time after time. The daemon should exit (with
   * status 3) and let its supervisor restart it later.
   */
  default void fatal(String why) {}

  PoolListener NONE = new PoolListener() {};
}
