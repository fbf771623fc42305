package io.hotshrink.pool;

import io.hotshrink.protocol.Codec;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One child JVM and what the pool knows about it. Mutable state is guarded by the pool's lock. */
final class Child {
  private static final org.slf4j.Logger STRAY =
      org.slf4j.LoggerFactory.getLogger("io.hotshrink.child");

  enum State {
    /** Launched, not yet READY. */
    STARTING,
    /** Taking jobs. */
    READY,
    /** Takes no new jobs; stops once those in flight are done. */
    RETIRING,
    /** Exited. */
    GONE
  }

  final String id;
  final ChildProcess process;
  final int budget;

  /** Its job threads: it runs that many jobs at once, the others it has wait for one. */
  final int threads;

  final long startedAt;
  final Codec codec;
  final StderrTail tail = new StderrTail(4096);

  State state = State.STARTING;

  /** Why we decided to stop it, or null while we have not. */
  StopReason stopReason;

  final Map<Long, Task> inFlight = new LinkedHashMap<>();
  final Set<Long> timedOut = new HashSet<>();
  int sent;
  int done;
  long rss;
  long peakRss;
  boolean exitSent;
  Thread stderrThread;

  /** Runs one job that may have killed its previous child, and nothing else. */
  final boolean quarantine;

  /** What it was started for, for its start line ("replaces w3, crashed"). */
  String why = "";

  Child(
      String id,
      ChildProcess process,
      int threads,
      int budget,
      long startedAt,
      boolean quarantine) {
    this.id = id;
    this.threads = threads;
    this.quarantine = quarantine;
    this.process = process;
    this.budget = budget;
    this.startedAt = startedAt;
    this.codec =
        new Codec(
            process.stdout(),
            process.stdin(),
            line -> {
              // The JVM's own output (a user's -Xlog:gc, JFR's start-up line) lands on stdout.
              tail.add("stdout: " + line);
              STRAY.warn("[{}] stdout: {}", id, line);
            });
  }

  /** Counts toward the pool's size: it is, or is about to be, taking jobs. */
  boolean active() {
    return state == State.STARTING || state == State.READY;
  }

  /**
   * Tells the child to finish and exit; closing stdin alone would do, the frame says it plainly.
   */
  void sendExit() {
    if (exitSent) {
      return;
    }
    exitSent = true;
    try {
      codec.write(
          io.hotshrink.protocol.Frame.of(io.hotshrink.protocol.Frame.Type.EXIT, 0, Map.of()));
      process.stdin().close();
    } catch (IOException e) {
      // Already gone: its exit is handled by its reader thread.
    }
  }

  /**
   * A job was sent: it runs at once when a thread is free, else it waits for one. The child takes
   * its jobs in the order they were sent, each on the first free thread (the worker loop's job
   * queue), so the first {@link #threads} jobs in flight are running.
   *
   * @param deadline when it is to be done by, if it runs now
   */
  void sent(Task t, long deadline) {
    inFlight.put(t.id, t);
    t.waiting = inFlight.size() > threads;
    t.deadline = deadline;
  }

  /**
   * A job was answered, after which the thread that ran it takes the next job waiting: the jobs now
   * among the first {@link #threads} have a thread, and their time counts from now.
   *
   * @param deadline when such a job is to be done by
   */
  void answered(Task done, long deadline) {
    inFlight.remove(done.id);
    int i = 0;
    for (Task t : inFlight.values()) {
      if (i++ == threads) {
        break;
      }
      if (t.waiting) {
        t.waiting = false;
        t.deadline = deadline;
      }
    }
  }

  /** Jobs a thread has taken. */
  int running() {
    return (int) inFlight.values().stream().filter(t -> !t.waiting).count();
  }

  void updateRss(long bytes) {
    rss = bytes;
    peakRss = Math.max(peakRss, bytes);
  }

  ChildInfo info() {
    return new ChildInfo(id, process.pid(), budget, done, running(), rss, peakRss, startedAt);
  }
}
