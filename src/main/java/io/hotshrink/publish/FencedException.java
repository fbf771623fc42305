package io.hotshrink.publish;

/**
 * The {@link Fence} said no before the renames: another host holds the input now. Nothing was
 * renamed, the temp files are gone, the source is untouched.
 */
public final class FencedException extends RuntimeException {
  public FencedException(String relative) {
    super(relative + ": another host holds this input now; this host's work on it is discarded");
  }
}
