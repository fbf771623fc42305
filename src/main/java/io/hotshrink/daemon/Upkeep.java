package io.hotshrink.daemon;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.job.RetryScheduler;
import io.hotshrink.journal.Journal;
import io.hotshrink.publish.StrayTemps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's background chores, on one thread ({@code hotshrink-upkeep}), none of which holds up
 * the start or a job: the retry timer, removing temp files an earlier run left, and dropping
 * journal entries of inputs that left the hot folder.
 */
final class Upkeep implements RetryScheduler.Timer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Upkeep.class);

  /**
   * Children of a daemon killed with -9 stop within a second (their watchdog sees the parent go),
   * but one may still be finishing a temp file when the next daemon starts: look again later.
   */
  static final long SECOND_SWEEP_MILLIS = 10_000;

  static final long JOURNAL_SWEEP_HOURS = 24;

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(Threads.named("hotshrink-upkeep"));

  @Override
  public void schedule(Runnable task, long delayMillis) {
    try {
      thread.schedule(safely(task), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down: what waited is picked up at the next start
    }
  }

  /** Runs {@code task} on the upkeep thread, now. */
  void execute(Runnable task) {
    schedule(task, 0);
  }

  // Cluster mode: the runs of the daemons alive on every host (null on one host).
  private final Supplier<Set<String>> liveRuns;

  /**
   * @param liveRuns cluster mode: whose temp files in the shared folders to spare (the runs alive
   *     now); null on one host
   */
  Upkeep(Supplier<Set<String>> liveRuns) {
    this.liveRuns = liveRuns;
  }

  /** After the start: temp files left by an earlier run, now and a little later. */
  void removeStrayTemps(Settings s) {
    List<Path> roots = new ArrayList<>(List.of(s.output(), s.failed()));
    if (s.lifecycle().afterSuccess() == Settings.Lifecycle.AfterSuccess.ARCHIVE) {
      roots.add(s.lifecycle().archive());
    }
    schedule(() -> sweep(roots), 0);
    schedule(() -> sweep(roots), SECOND_SWEEP_MILLIS);
  }

  private void sweep(List<Path> roots) {
    Supplier<Set<String>> shared = liveRuns;
    if (shared == null) {
      StrayTemps.remove(roots);
      return;
    }
    // Cluster mode: the drop folder is shared, and the live daemons of the other hosts have temp
    // files in it now; without the database's word on who is alive, nothing is removed.
    Set<String> live;
    try {
      live = shared.get();
    } catch (RuntimeException e) {
      log.info("temp files left by earlier runs are not looked for now: {}", e.getMessage());
      return;
    }
    StrayTemps.remove(roots, live::contains);
  }

  /** Now and once a day: forget finished inputs that are no longer in the hot folder. */
  void sweepJournal(
      java.util.function.Supplier<Journal> journal, java.util.function.Supplier<Path> input) {
    try {
      thread.scheduleWithFixedDelay(
          safely(
              () -> {
                Journal j = journal.get();
                if (j == null) {
                  return; // closed: its folder was removed by a reload, or the daemon stops
                }
                try {
                  int dropped =
                      j.sweep(
                          rel -> Files.exists(input.get().resolve(rel), LinkOption.NOFOLLOW_LINKS));
                  if (dropped > 0) {
                    log.info(
                        "the journal forgot {} inputs that are no longer in the hot folder",
                        dropped);
                  }
                } catch (IOException e) {
                  log.warn("cannot tidy the journal: {}", e.toString());
                }
              }),
          0,
          JOURNAL_SWEEP_HOURS,
          TimeUnit.HOURS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  private static Runnable safely(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        // A background chore must never die silently, nor take the thread with it.
        log.error("background task failed (continuing)", e);
      }
    };
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
