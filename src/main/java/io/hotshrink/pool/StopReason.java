package io.hotshrink.pool;

/** Why a child stopped: recorded, logged, and counted. */
public enum StopReason {
  /** Did its budget of images (recycle-after + jitter). */
  RECYCLED_COUNT("recycled after its image budget"),
  /** Its resident memory went over pool.max-rss. */
  RECYCLED_MEMORY("recycled: memory over pool.max-rss"),
  /** Replaced after a configuration reload changed how children are started. */
  RELOADED("replaced after a configuration reload"),
  /** A job ran past pool.job-timeout, so it was killed. */
  TIMEOUT("killed: a job ran past pool.job-timeout"),
  /** It exited without being asked. */
  CRASHED("crashed"),
  /** It exited or stalled before it was ready. */
  BOOT_FAILURE("failed to start"),
  /** The pool is shutting down. */
  SHUTDOWN("stopped for shutdown"),
  /** Its stdout carried something that is not a frame. */
  PROTOCOL_ERROR("killed: broke the protocol");

  private final String words;

  StopReason(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }
}
