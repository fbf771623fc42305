package io.hotshrink.cluster;

/** This node's contact with the database, as its lease renewals see it. */
public enum Standing {
  /** not started, or closed */
  IDLE,
  /** the last renewal succeeded */
  HEALTHY,
  /** renewals are failing, but the leases still have more than the margin left: keep working */
  RENEWAL_FAILING,
  /**
   * renewals failed for lease − margin: in-flight work has been abandoned and nothing is claimed
   * until a renewal succeeds again
   */
  ABANDONED
}
