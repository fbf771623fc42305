package io.hotshrink.daemon;

/**
 * The cluster section cannot be turned into a connection to the claim database: the store is local,
 * or the password cannot be read (its variable is not set, its file is missing or empty). A
 * configuration error (exit status 2, a failed service start), told apart from bugs that throw an
 * {@link IllegalArgumentException} of their own.
 */
public final class ClusterConfigException extends IllegalArgumentException {
  public ClusterConfigException(String message) {
    super(message);
  }
}
