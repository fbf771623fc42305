package io.hotshrink.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims this node holds and renews, and those it abandoned (to give back once the database
 * answers again). A claim is keyed by its row: a newer claim on the same row (this node took its
 * own expired lease over) replaces an older one, and dropping the older one leaves the newer.
 */
final class HeldClaims {
  private final Map<Long, Claim> held = new LinkedHashMap<>();
  private final List<Claim> abandoned = new ArrayList<>();
  private boolean abandoning;

  /** Holds new claims; while abandoning they are set aside for release instead, and false. */
  synchronized boolean hold(List<Claim> claims) {
    if (abandoning) {
      abandoned.addAll(claims);
      return false;
    }
    claims.forEach(c -> held.put(c.id(), c));
    return true;
  }

  synchronized boolean holds(Claim claim) {
    return claim.equals(held.get(claim.id()));
  }

  synchronized void drop(Claim claim) {
    held.remove(claim.id(), claim);
  }

  synchronized List<Claim> snapshot() {
    return List.copyOf(held.values());
  }

  /** Drops the claims of {@code snapshot} whose rows are in {@code lostIds}; returns them. */
  synchronized List<Claim> dropLost(List<Claim> snapshot, Set<Long> lostIds) {
    List<Claim> gone = new ArrayList<>();
    for (Claim c : snapshot) {
      if (lostIds.contains(c.id()) && held.remove(c.id(), c)) {
        gone.add(c);
      }
    }
    return gone;
  }

  /** Starts abandoning: every held claim is set aside; returns them. */
  synchronized List<Claim> abandonAll() {
    abandoning = true;
    List<Claim> dropped = List.copyOf(held.values());
    held.clear();
    abandoned.addAll(dropped);
    return dropped;
  }

  /** Stops abandoning; returns the claims set aside, now to be released. */
  synchronized List<Claim> resume() {
    abandoning = false;
    List<Claim> release = List.copyOf(abandoned);
    abandoned.clear();
    return release;
  }

  /** Sets claims aside again (their release failed), to be released with the others. */
  synchronized void setAside(Collection<Claim> claims) {
    abandoned.addAll(claims);
  }

  /** Empties both: every claim held or set aside, for release when leaving. */
  synchronized List<Claim> clear() {
    List<Claim> all = new ArrayList<>(held.values());
    all.addAll(abandoned);
    held.clear();
    abandoned.clear();
    return all;
  }
}
