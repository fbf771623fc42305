package io.hotshrink.watch;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code hotshrink-settle} thread: it owns the {@link Settler}, takes in what the change source
 * and the walks of the tree report (through a queue: every other thread only enqueues), hands on
 * what has settled to the sink, and keeps {@link #waiting()} up to date. Once a turn it also runs
 * the root watch's timers, which only ask for walks and checks of the hot folder.
 */
final class SettleLoop {
  // The watcher's lines keep the logger name they have always had (HotFolder).
  private static final Logger log = LoggerFactory.getLogger(HotFolder.class);

  private static final long MAX_WAIT_MILLIS = 200;

  /**
   * How long a file renamed in whole must stay unchanged ({@link Settler#appeared}): long enough
   * for the events of a writer's last writes to reach this thread on a busy machine, short next to
   * a job. {@code -Dhotshrink.quick-look=false} gives every file the whole window (to measure it).
   */
  static final Duration QUICK_LOOK =
      Boolean.parseBoolean(System.getProperty("hotshrink.quick-look", "true"))
          ? Duration.ofMillis(100)
          : Duration.ZERO;

  /** Files handed on per turn of the loop, so a big batch reaches the pool in pieces. */
  private static final int HANDOFF_BATCH = 256;

  /** How often {@link #waiting()} is brought up to date (an O(files) count). */
  static final long WAITING_REFRESH_MILLIS = 250;

  private static final HotFolder.Waiting NOTHING = new HotFolder.Waiting(0, -1);

  private final Clock clock;
  private final Settings.Watch settings;
  private final FileProbe probe;
  private final Consumer<Source> sink;
  private final BiConsumer<Source, Refusal> rejected;
  private final WatchListener listener;
  private final AtomicBoolean running;

  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final Object wake = new Object();

  // Owned by the settle thread.
  private Settler settler;
  private Consumer<Path> linkIgnored;
  private Runnable eachTurn;
  private long lastWaitingUpdate;

  private volatile HotFolder.Waiting waiting = NOTHING;
  private Thread thread;

  /**
   * @param running cleared when the hot folder closes: the loop ends
   */
  SettleLoop(HotFolder.Builder b, AtomicBoolean running) {
    this.clock = b.clock;
    this.settings = b.settings;
    this.probe = b.probe;
    this.sink = b.sink;
    this.rejected = b.rejected;
    this.listener = b.listener;
    this.running = running;
  }

  /**
   * Starts the thread, with a settler for the hot folder at {@code realRoot}.
   *
   * @param linkIgnored told about each symbolic link the settler meets
   * @param eachTurn run on this thread at every turn (the root watch's timers)
   */
  void start(Path realRoot, Consumer<Path> linkIgnored, Runnable eachTurn) {
    this.linkIgnored = linkIgnored;
    this.eachTurn = eachTurn;
    settler = newSettler(realRoot);
    thread = Threads.named("hotshrink-settle").newThread(this::loop);
    thread.start();
  }

  private Settler newSettler(Path realRoot) {
    return Settler.builder()
        .root(realRoot)
        .clock(clock)
        .settle(settings.settle())
        .incompleteTimeout(settings.incompleteTimeout())
        .quickLook(QUICK_LOOK)
        .probe(probe)
        .linkIgnored(linkIgnored)
        .build();
  }

  /** A file was changed (an event). */
  void offer(Path file) {
    enqueue(() -> settler.offer(file));
  }

  /** A file's name appeared (an event): created, renamed or linked in. */
  void appeared(Path file) {
    enqueue(() -> settler.appeared(file));
  }

  /** Events were lost: none of those taken in so far can vouch that a file arrived whole. */
  void distrustEvents() {
    enqueue(() -> settler.distrustEvents());
  }

  /** A file or folder is gone (an event). */
  void forget(Path path) {
    enqueue(() -> settler.forget(path));
  }

  /** Files a walk of the hot folder at {@code real} found, with the stats it read. */
  void offerScanned(Path real, Path[] files, FileProbe.Stat[] stats) {
    enqueue(
        () -> {
          if (settler.root().equals(real)) {
            for (int i = 0; i < files.length; i++) {
              settler.offer(files[i], stats[i]);
            }
          }
        });
  }

  /**
   * A complete walk of the hot folder at {@code real}, begun at {@code started}, saw only these.
   */
  void retainOnly(Path real, Set<Path> seen, long started) {
    enqueue(
        () -> {
          if (settler.root().equals(real)) {
            settler.retainOnly(seen, started);
          }
        });
  }

  /** The hot folder is another folder now: settle what is found there afresh. */
  void moveTo(Path real) {
    enqueue(
        () -> {
          if (!settler.root().equals(real)) {
            settler = newSettler(real);
          }
        });
  }

  /**
   * Runs {@code done} on this thread once everything enqueued before has been taken in, with {@link
   * #waiting()} up to date.
   */
  void afterTakenIn(Runnable done) {
    enqueue(
        () -> {
          refreshWaiting(true);
          done.run();
        });
  }

  private void enqueue(Runnable r) {
    inbox.add(r);
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void loop() {
    while (running.get()) {
      try {
        Runnable r;
        while ((r = inbox.poll()) != null) {
          r.run();
        }
        boolean more = handOn();
        eachTurn.run();
        refreshWaiting(false);
        long due = settler.millisUntilNextDue();
        long wait = due < 0 ? MAX_WAIT_MILLIS : Math.min(Math.max(due, 1), MAX_WAIT_MILLIS);
        if (!more) {
          synchronized (wake) {
            if (inbox.isEmpty()) {
              wake.wait(wait);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // This loop must never die silently: log and go on.
        log.error("settle loop error (continuing)", e);
      }
    }
  }

  /** Hands on what has settled; true when there may be more due right now. */
  private boolean handOn() {
    var batch = settler.poll(HANDOFF_BATCH);
    if (!batch.isEmpty()) {
      refreshWaiting(true); // before the sink: a file a job has is not also counted as waiting here
    }
    for (Settler.Settled s : batch) {
      Source src = s.source();
      try {
        listener.handedOn(src, s.noticedAt(), s.unchangedSince());
        if (s.complete()) {
          sink.accept(src);
        } else {
          rejected.accept(src, s.failure());
        }
      } catch (RuntimeException e) {
        // Not lost: forgotten, so the next rescan offers it again.
        settler.forget(src.path());
        log.error("handing on {} failed (it will be offered again)", src.relative(), e);
      }
    }
    return batch.size() == HANDOFF_BATCH;
  }

  /**
   * @param changed files were handed on since the last look: the count is brought up to date at
   *     once (O(1)), so it never counts a file as waiting here that a job already has. The oldest
   *     time (O(files): not per batch, or a backlog of n files costs n²/256) waits for the next
   *     refresh; a file just handed on is in the daemon's backlog with that same time, so the
   *     daemon's oldest waiting is right either way.
   */
  private void refreshWaiting(boolean changed) {
    long now = clock.millis();
    if (now - lastWaitingUpdate >= WAITING_REFRESH_MILLIS) {
      lastWaitingUpdate = now;
      waiting = new HotFolder.Waiting(settler.pending(), settler.oldestUnchangedSince());
    } else if (changed) {
      waiting = new HotFolder.Waiting(settler.pending(), waiting.oldestUnchangedSinceMillis());
    }
  }

  /** What the settler holds that is not yet handed on (a snapshot; any thread). */
  HotFolder.Waiting waiting() {
    return running.get() ? waiting : NOTHING;
  }

  /** Asks the thread to stop (it ends at once: {@code running} is already cleared). */
  void interrupt() {
    thread.interrupt();
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }
}
