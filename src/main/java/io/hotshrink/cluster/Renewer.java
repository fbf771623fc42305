package io.hotshrink.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's claims alive: the claims it holds, one renewal statement for all of them (the
 * node's heartbeat too) every third of the lease on a connection of its own, and the {@link
 * Watchdog} on a second thread, which a renewal stuck in a dead socket cannot hold up. When the
 * watchdog gives up, the held claims are dropped and the daemon told to abandon them; when a
 * renewal succeeds again they are given back to the cluster (released) and claiming resumes.
 */
final class Renewer {
  private static final Logger log = LoggerFactory.getLogger(Renewer.class);

  private final ClusterSettings settings;
  private final Db control;
  private final ClusterListener listener;
  private final Watchdog watchdog;
  private final LongSupplier ticker;
  private final Object lock = new Object();
  private final Map<Long, Claim> held = new LinkedHashMap<>(); // guarded by lock
  private final List<Claim> abandoned = new ArrayList<>(); // guarded by lock; to release
  private final ScheduledExecutorService renewals;
  private final ScheduledExecutorService checks;

  Renewer(ClusterSettings settings, Db control, ClusterListener listener, LongSupplier ticker) {
    this.settings = settings;
    this.control = control;
    this.listener = listener;
    this.watchdog = new Watchdog(settings.abandonAfter(), ticker);
    this.ticker = ticker;
    this.renewals = Executors.newSingleThreadScheduledExecutor(named("renew"));
    this.checks = Executors.newSingleThreadScheduledExecutor(named("watchdog"));
  }

  private ThreadFactory named(String what) {
    String name = "cluster-" + what + "-" + settings.node();
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Starts renewing. {@code joinedAt}: when the statement that registered the node (and so proved
   * the database reachable) was sent; the watchdog counts from there, not from construction.
   */
  void start(long joinedAt) {
    watchdog.succeeded(joinedAt);
    renewals.schedule(this::renew, settings.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
    long every = Math.max(20, settings.lease().toMillis() / 20);
    checks.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  Standing standing() {
    return watchdog.standing();
  }

  /**
   * Holds new claims, unless the node has abandoned its work meanwhile: then they are kept aside to
   * be released when contact returns, and false is returned.
   */
  boolean hold(List<Claim> claims) {
    synchronized (lock) {
      if (watchdog.standing() == Standing.ABANDONED) {
        abandoned.addAll(claims);
        return false;
      }
      claims.forEach(c -> held.put(c.id(), c));
      return true;
    }
  }

  /** Stops renewing a claim (finished, released or fenced); a newer claim on the row stays. */
  void drop(Claim claim) {
    synchronized (lock) {
      held.remove(claim.id(), claim);
    }
  }

  List<Claim> held() {
    synchronized (lock) {
      return List.copyOf(held.values());
    }
  }

  private void renew() {
    Duration next = settings.renewEvery();
    try {
      next = renewOnce();
    } catch (RuntimeException e) { // never let the loop die silently
      log.error("lease renewal failed unexpectedly", e);
      next = retryEvery();
    } finally {
      if (!renewals.isShutdown()) {
        renewals.schedule(this::renew, next.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** One renewal; returns when the next is due. */
  private Duration renewOnce() {
    long sent = ticker.getAsLong();
    List<Claim> snapshot = held();
    String node = settings.node();
    long leaseMs = settings.lease().toMillis();
    Set<Long> lost;
    try {
      lost = control.call("renewing leases", c -> Queries.renew(c, snapshot, node, leaseMs));
    } catch (ClusterException e) {
      if (watchdog.failed()) {
        log.warn(
            "cannot renew the leases of {} claim(s): {} (in-flight work is abandoned {} ms after"
                + " the last renewal)",
            snapshot.size(),
            e.getMessage(),
            settings.abandonAfter().toMillis());
      }
      return retryEvery();
    }
    List<Claim> gone = new ArrayList<>();
    List<Claim> release;
    boolean resumed;
    synchronized (lock) {
      if (watchdog.standing() == Standing.RENEWAL_FAILING) {
        log.info(
            "leases renewed again, {} ms after the last success", watchdog.silentFor().toMillis());
      }
      resumed = watchdog.succeeded(sent);
      for (Claim c : snapshot) {
        if (lost.contains(c.id()) && held.remove(c.id(), c)) {
          gone.add(c);
        }
      }
      release = resumed ? new ArrayList<>(abandoned) : List.of();
      abandoned.removeAll(release);
    }
    if (!gone.isEmpty()) {
      log.warn("{} claim(s) were taken over by other nodes while this one was silent", gone.size());
      listener.lost(List.copyOf(gone));
    }
    if (resumed) {
      giveBack(release);
      log.info("PostgreSQL answers again: claiming resumes");
      listener.resumed();
    }
    return settings.renewEvery();
  }

  private Duration retryEvery() {
    return settings.lease().dividedBy(10);
  }

  /** Releases abandoned claims so that any node may take them at once, not after their lease. */
  private void giveBack(List<Claim> claims) {
    if (claims.isEmpty()) {
      return;
    }
    try {
      control.call("releasing abandoned claims", c -> Queries.release(c, claims, settings.node()));
    } catch (ClusterException e) {
      log.info("abandoned claims not released ({}): their leases will run out", e.getMessage());
    }
  }

  private void check() {
    try {
      List<Claim> dropped;
      synchronized (lock) {
        if (!watchdog.check()) {
          return;
        }
        dropped = List.copyOf(held.values());
        held.clear();
        abandoned.addAll(dropped);
      }
      Duration silent = watchdog.silentFor();
      log.error(
          "no lease renewal for {} ms (lease {} s): abandoning {} in-flight claim(s) and claiming"
              + " nothing until PostgreSQL answers",
          silent.toMillis(),
          settings.lease().toSeconds(),
          dropped.size());
      listener.abandon(dropped, silent);
    } catch (RuntimeException e) {
      log.error("lease watchdog failed unexpectedly", e);
    }
  }

  /** Stops both threads; returns every claim still held or abandoned, for release. */
  Collection<Claim> stop() {
    // not interrupted: a renewal under way ends within its timeouts, and an interrupt in the middle
    // of a JDBC call would leave the driver in an undefined state
    renewals.shutdown();
    checks.shutdownNow();
    try {
      renewals.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      List<Claim> all = new ArrayList<>(held.values());
      all.addAll(abandoned);
      held.clear();
      abandoned.clear();
      return all;
    }
  }
}
