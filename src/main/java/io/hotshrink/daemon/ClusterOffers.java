package io.hotshrink.daemon;

import io.hotshrink.cluster.ClaimStore;
import io.hotshrink.cluster.InputVersion;
import io.hotshrink.input.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cluster thread has to tell the claim database in bulk: settled input versions to offer
 * (a start-up scan may find thousands: one statement per folder and round), and finished inputs
 * that have left the hot folder, to forget. What cannot be sent stays for the next round.
 */
final class ClusterOffers {
  private final Pending<InputVersion> offers = new Pending<>();
  private final Pending<String> forgets = new Pending<>();

  void add(String folder, Source src) {
    offers.add(folder, new InputVersion(slashes(src), src.size(), src.mtimeMillis()));
  }

  /** A finished input that has left the hot folder: its rows go at the next round. */
  void forgetLater(String folder, Source src) {
    forgets.add(folder, slashes(src));
  }

  /** Offers what settled since the last round; kept for the next one if the database fails. */
  void send(ClaimStore store) {
    offers.send(store::offer);
  }

  /** Forgets the finished inputs that left their hot folder since the last round. */
  void sendForgets(ClaimStore store) {
    forgets.send(store::forget);
  }

  /** True when no offer waits to be sent. */
  boolean isEmpty() {
    return offers.isEmpty();
  }

  /** The input's path relative to its hot folder, with / on every system (as every host has it). */
  private static String slashes(Source src) {
    return src.relative().toString().replace('\\', '/');
  }

  /** Items by folder, waiting for the next round. */
  private static final class Pending<T> {
    private Map<String, List<T>> items = new LinkedHashMap<>();

    synchronized boolean isEmpty() {
      return items.isEmpty();
    }

    synchronized void add(String folder, T item) {
      items.computeIfAbsent(folder, k -> new ArrayList<>()).add(item);
    }

    /** Sends each folder's items; those not sent when {@code call} throws are kept. */
    void send(Call<T> call) {
      Map<String, List<T>> now;
      synchronized (this) {
        now = items;
        items = new LinkedHashMap<>();
      }
      try {
        while (!now.isEmpty()) {
          Map.Entry<String, List<T>> e = now.entrySet().iterator().next();
          call.send(e.getKey(), e.getValue());
          now.remove(e.getKey());
        }
      } finally {
        synchronized (this) {
          now.forEach((f, list) -> items.computeIfAbsent(f, k -> new ArrayList<>()).addAll(list));
        }
      }
    }
  }

  private interface Call<T> {
    int send(String folder, List<T> items);
  }
}
