package io.hotshrink.cluster;

/**
 * PostgreSQL refused a call: a wrong password, a missing database, missing privileges, a schema
 * newer than this hotshrink. The message names the server (never the password) and what was being
 * done. Waiting does not help; see {@link ClusterUnavailableException} for what does.
 */
public class ClusterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClusterException(String message) {
    super(message);
  }
}
