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

  Child(String id, ChildProcess process, int budget, long startedAt, boolean quarantine) {
    this.id = id;
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

  void updateRss(long bytes) {
    rss = bytes;
    peakRss = Math.max(peakRss, bytes);
  }

  ChildInfo info() {
    return new ChildInfo(id, process.pid(), budget, done, inFlight.size(), rss, peakRss, startedAt);
  }
}
