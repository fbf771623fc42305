package io.hotshrink.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership, on a connection of its own: it joins (registers), then renews the leases
 * of every claim it holds in one statement every third of the lease (which is its heartbeat too),
 * and runs the {@link Watchdog} on a second thread, which a renewal stuck in a dead socket cannot
 * hold up. When the watchdog gives up, the held claims are dropped and the daemon told to abandon
 * them; when a renewal succeeds again they are given back to the cluster (released) and claiming
 * resumes. Leaving releases what is still held and marks the node stopped.
 */
final class Renewer {
  private static final Logger log = LoggerFactory.getLogger(Renewer.class);

  private final ClusterSettings settings;
  private final Db control;
  private final ClusterListener listener;
  private final Watchdog watchdog;
  private final LongSupplier ticker;
  private final HeldClaims claims = new HeldClaims();
  private final ScheduledThreadPoolExecutor renewals;
  private final ScheduledThreadPoolExecutor checks;

  Renewer(ClusterSettings settings, Db control, ClusterListener listener, LongSupplier ticker) {
    this.settings = settings;
    this.control = control;
    this.listener = listener;
    this.watchdog = new Watchdog(settings.abandonAfter(), ticker);
    this.ticker = ticker;
    this.renewals = scheduler("renew");
    this.checks = scheduler("watchdog");
  }

  private ScheduledThreadPoolExecutor scheduler(String what) {
    String name = "cluster-" + what + "-" + settings.node();
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    // stopping cancels what is scheduled; only a renewal already under way is finished
    e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    e.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    return e;
  }

  /**
   * Registers the node and starts renewing. If a daemon that is still alive uses this node's name
   * (a restart right after a crash: the old run's heartbeat is still fresh), waits until it has
   * been silent for its lease; fails if it is not silent after two leases.
   */
  void join(String run) {
    String node = settings.node();
    long leaseMs = settings.lease().toMillis();
    long deadline = System.nanoTime() + 2 * settings.lease().toNanos();
    long sent = ticker.getAsLong();
    for (int attempt = 1;
        !control.call("joining the cluster", c -> Queries.register(c, node, run, leaseMs));
        attempt++) {
      if (System.nanoTime() - deadline > 0) {
        throw new ClusterException(
            "another daemon calls itself '"
                + node
                + "' and is alive: give every host its own node name");
      }
      if (attempt == 1) {
        log.info(
            "node '{}' was alive moments ago (a previous run?): waiting for its silence", node);
      }
      try {
        Thread.sleep(settings.lease().dividedBy(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted while joining the cluster", e);
      }
      sent = ticker.getAsLong();
    }
    // the watchdog counts from the registration, which proved the database reachable
    watchdog.succeeded(sent);
    renewals.schedule(this::renew, settings.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
    long every = Math.max(20, settings.lease().toMillis() / 20);
    checks.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  Standing standing() {
    return watchdog.standing();
  }

  HeldClaims claims() {
    return claims;
  }

  private void renew() {
    Duration next = retryEvery();
    try {
      next = renewOnce();
    } catch (RuntimeException e) { // never let the loop die silently
      log.error("lease renewal failed unexpectedly", e);
    } finally {
      if (!renewals.isShutdown()) {
        renewals.schedule(this::renew, next.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** One renewal; returns when the next is due. */
  private Duration renewOnce() {
    long sent = ticker.getAsLong();
    List<Claim> snapshot = claims.snapshot();
    String node = settings.node();
    long leaseMs = settings.lease().toMillis();
    Set<Long> lost;
    try {
      lost = control.call("renewing leases", c -> Queries.renew(c, snapshot, node, leaseMs));
    } catch (ClusterException e) {
      if (watchdog.failed() && !renewals.isShutdown()) {
        log.warn(
            "cannot renew the leases of {} claim(s): {} (in-flight work is abandoned {} ms after"
                + " the last renewal)",
            snapshot.size(),
            e.getMessage(),
            settings.abandonAfter().toMillis());
      }
      return retryEvery();
    }
    if (watchdog.standing() == Standing.RENEWAL_FAILING) {
      log.info(
          "leases renewed again, {} ms after the last success", watchdog.silentFor().toMillis());
    }
    boolean resumed = watchdog.succeeded(sent);
    List<Claim> gone = claims.dropLost(snapshot, lost);
    if (!gone.isEmpty()) {
      log.warn("{} claim(s) were taken over by other nodes while this one was silent", gone.size());
      listener.lost(gone);
    }
    if (resumed) {
      giveBack(claims.resume());
      log.info("PostgreSQL answers again: claiming resumes");
      listener.resumed();
    }
    return settings.renewEvery();
  }

  private Duration retryEvery() {
    return settings.lease().dividedBy(10);
  }

  /** Releases abandoned claims so that any node may take them at once, not after their lease. */
  private void giveBack(List<Claim> abandoned) {
    if (abandoned.isEmpty()) {
      return;
    }
    try {
      control.call(
          "releasing abandoned claims", c -> Queries.release(c, abandoned, settings.node()));
    } catch (ClusterException e) {
      claims.setAside(abandoned);
      log.info("abandoned claims not released yet ({}): next time", e.getMessage());
    }
  }

  private void check() {
    try {
      if (!watchdog.check()) {
        return;
      }
      List<Claim> dropped = claims.abandonAll();
      Duration silent = watchdog.silentFor();
      log.error(
          "no lease renewal for {} ms (lease {} ms): abandoning {} in-flight claim(s) and claiming"
              + " nothing until PostgreSQL answers",
          silent.toMillis(),
          settings.lease().toMillis(),
          dropped.size());
      listener.abandon(dropped, silent);
    } catch (RuntimeException e) {
      log.error("lease watchdog failed unexpectedly", e);
    }
  }

  /** Stops both threads, as a paused or killed node would: nothing is said to the database. */
  void halt() {
    // not interrupted: a renewal under way ends within its timeouts, and an interrupt in the middle
    // of a JDBC call would leave the driver in an undefined state
    renewals.shutdown();
    checks.shutdownNow();
    try {
      renewals.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Leaves the cluster: stops renewing, releases every claim still held or set aside (other nodes
   * take them at once instead of after their leases) and marks the node stopped. Best effort: with
   * the database away, the leases simply run out.
   */
  void leave(String run) {
    halt();
    List<Claim> left = claims.clear();
    try {
      control.call(
          "leaving the cluster",
          c -> {
            if (!left.isEmpty()) {
              Queries.release(c, left, settings.node());
            }
            Queries.stopped(c, settings.node(), run);
            return null;
          });
    } catch (ClusterException e) {
      log.warn("left the cluster without telling PostgreSQL: {}", e.getMessage());
    }
  }
}
