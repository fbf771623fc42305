package io.hotshrink;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread hotshrink starts is named (the log and a thread dump say which stage it serves) and
 * a daemon (shutdown is ordered by the services themselves, never by waiting for stray threads).
 */
public final class Threads {
  private Threads() {}

  /** Threads all called {@code name} (for a single-thread executor). */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Threads called {@code prefix-1}, {@code prefix-2}, ... */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> named(prefix + "-" + n.incrementAndGet()).newThread(r);
  }
}
