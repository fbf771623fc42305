package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.journal.Journal;
import io.hotshrink.publish.Commit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of one hot folder, through its life in the daemon: locked at the start (a second
 * daemon on the same state folder is refused there), read in the background with the publishes a
 * crash cut short finished before any job runs, moved by a reload that changes the state folder or
 * the hot folder, closed at the stop.
 */
final class FolderJournal {
  // Its lines are the daemon's ("HotshrinkDaemon - cannot read the journal in ...").
  private static final Logger log = LoggerFactory.getLogger(HotshrinkDaemon.class);

  private final Upkeep upkeep;

  // Taken by lock(); replaced by a reload that moves the state folder or the hot folder.
  private volatile Journal journal;

  // Done once the journal is read and the publishes a crash cut short are finished: jobs wait for
  // it, the watcher does not (its start-up scan runs meanwhile).
  private final CompletableFuture<Void> recovered = new CompletableFuture<>();

  /**
   * @param upkeep where the journal is read, and later swept
   */
  FolderJournal(Upkeep upkeep) {
    this.upkeep = upkeep;
  }

  /**
   * Takes the state folder's lock; the journal is read later, by {@link #recover}.
   *
   * @throws IOException when the folder cannot be written, or another daemon uses it
   */
  void lock(String folder, Settings s) throws IOException {
    journal = Journal.lock(s.lifecycle().state(), folder, s.input());
  }

  /** The journal in force (null before {@link #lock} and after {@link #close}). */
  Journal current() {
    return journal;
  }

  /**
   * In the background: reads the journal and finishes every publish the previous run's end cut
   * short, then completes {@link #recovered()}; then removes the temp files an earlier run left,
   * and from then on forgets, once a day, finished inputs that left the hot folder.
   *
   * @param settings the folder's settings, as they are when each of these runs
   * @param commit the end of jobs under the first settings, to finish the publishes with
   * @param clustered cluster mode: such publishes are given up, the claim database decides who does
   *     the input again
   * @param fatal told why, when the journal cannot be read (the daemon cannot go on)
   */
  void recover(
      Supplier<Settings> settings, Commit commit, boolean clustered, Consumer<String> fatal) {
    Journal j = journal;
    upkeep.execute(
        () -> {
          try {
            j.load();
            // Before any job and before temp files are cleared: these publishes need theirs.
            if (clustered) {
              commit.abandonInterrupted(); // the claim database decides who finishes it
            } else {
              commit.finishInterrupted(settings.get().input());
            }
            recovered.complete(null);
          } catch (IOException | RuntimeException e) {
            Path state = settings.get().lifecycle().state();
            log.error("cannot read the journal in {}: {}", state, e.toString());
            recovered.completeExceptionally(e);
            fatal.accept("cannot read the journal in " + state + ": " + e);
            return;
          }
          upkeep.removeStrayTemps(settings.get());
          upkeep.sweepJournal(() -> journal, () -> settings.get().input());
        });
  }

  /** Done once the journal is read; failed if it cannot be. */
  CompletableFuture<Void> recovered() {
    return recovered;
  }

  /**
   * Opens the journal for {@code to} in place of the one for {@code from} (a reload moved the state
   * folder or the hot folder). Nothing changes when it cannot be opened.
   */
  void move(String folder, Settings from, Settings to) throws IOException {
    Path a = from.lifecycle().state();
    Path b = to.lifecycle().state();
    if (a.equals(b) && from.input().equals(to.input())) {
      return;
    }
    Journal old = journal;
    if (a.equals(b)) {
      old.close(); // its lock must be free for the new one
      try {
        journal = Journal.open(b, folder, to.input());
      } catch (IOException e) {
        journal = Journal.open(a, folder, from.input());
        throw e;
      }
    } else {
      journal = Journal.open(b, folder, to.input());
      old.close();
    }
  }

  /** Frees the state folder. */
  void close() {
    Journal j = journal;
    journal = null;
    if (j != null) {
      j.close();
    }
  }
}
