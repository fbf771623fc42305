package io.hotshrink.cluster;

/**
 * PostgreSQL could not be reached or did not answer in time (a restart, a network cut, a timeout),
 * or this node is not claiming because it lost contact for too long. Transient: the same call works
 * again once the server answers (connections are reopened on their own).
 */
public final class ClusterUnavailableException extends ClusterException {
  private static final long serialVersionUID = 1L;

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClusterUnavailableException(String message) {
    super(message);
  }
}
