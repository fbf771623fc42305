package io.hotshrink.pool;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One submitted job as the pool tracks it. Guarded by the pool's lock. */
final class Task {
  final long id;

  /** The queue it waits in (a hot folder's name): see {@link JobQueue}. */
  final String lane;

  final String label;
  final Map<String, String> request;
  final CompletableFuture<Reply> future = new CompletableFuture<>();

  /** Larger goes first (the input's size in bytes). */
  final long weight;

  /** Set while queued: see {@link JobQueue}. */
  long queuedAt;

  boolean retry;

  /** How often a child died (or was killed for a timeout) while running this task. */
  int crashes;

  int timeouts;

  /** When it is to be done by; set when a thread of its child takes it. */
  long deadline;

  /**
   * Sent to a child whose threads were all busy (see {@link Dispatcher#AHEAD}): it waits there for
   * one and has no deadline yet. It cannot have harmed its child, which never ran it.
   */
  boolean waiting;

  String lastExit = "";
  String lastTail = "";
  StopReason lastReason;

  Task(long id, String lane, String label, Map<String, String> request, long weight) {
    this.id = id;
    this.lane = lane;
    this.label = label;
    this.request = request;
    this.weight = weight;
  }

  int attempt() {
    return 1 + crashes + timeouts;
  }

  /**
   * A task that was on a child when it died may be what killed it: it runs alone on its next child,
   * so that a second death can be pinned on it and not on its neighbours.
   */
  boolean suspect() {
    return crashes + timeouts > 0;
  }
}
