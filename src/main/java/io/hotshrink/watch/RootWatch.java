package io.hotshrink.watch;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot folder itself and the news of changes below it, on the {@code hotshrink-scan} thread:
 * starts the {@link ChangeSource} on the folder (how: {@link SourceStarter}), starts it afresh
 * after lost events, looks at the folder every {@value #ROOT_CHECK_MILLIS} ms (gone, back,
 * replaced: {@link Root}), and walks the whole tree, streaming what it finds to the {@link
 * SettleLoop}.
 *
 * <p>Threads: the change source's own only enqueues (its {@link Changes}); {@code hotshrink-scan}
 * owns the change source and the root's state, and runs every walk and check, one at a time; {@link
 * #timers()} runs on the settle thread and only asks for them.
 */
final class RootWatch {
  // The watcher's lines keep the logger name they have always had (HotFolder).
  private static final Logger log = LoggerFactory.getLogger(HotFolder.class);

  /** How often the hot folder itself is checked (gone, back, replaced). */
  static final long ROOT_CHECK_MILLIS = 2000;

  /** Files a walk passes to the settle thread at once. */
  private static final int SCAN_BATCH = 256;

  /** How the last complete walk of the tree went (for the log, benchmarks and tests). */
  record ScanStats(String why, long files, long millis) {}

  private final Path configuredRoot;
  private final Settings.Watch settings;
  private final Clock clock;
  private final WatchListener listener;
  private final SourceStarter starter;
  private final AtomicBoolean running;
  private final SettleLoop settle;

  private final AtomicBoolean rescanQueued = new AtomicBoolean();
  private final AtomicBoolean restartQueued = new AtomicBoolean();
  private final AtomicBoolean rootCheckQueued = new AtomicBoolean();
  private final Set<Path> reportedLinks = ConcurrentHashMap.newKeySet();

  // Owned by the scan thread (volatile: read by others).
  private volatile Root watched; // null while the hot folder is lost
  private volatile ChangeSource source;
  private boolean mountPointExpected;
  private ExecutorService scanner;

  // Owned by the settle thread (the timers).
  private long lastWalk;
  private long lastRootCheck;

  private volatile ScanStats lastScan;

  /**
   * @param running cleared when the hot folder closes: walks stop, requests are dropped
   * @param settle where what is found goes
   */
  RootWatch(HotFolder.Builder b, AtomicBoolean running, SettleLoop settle) {
    this.configuredRoot = b.root;
    this.settings = b.settings;
    this.clock = b.clock;
    this.listener = b.listener;
    this.starter = new SourceStarter(b.settings, b.fileSystemType, b.changeSources());
    this.running = running;
    this.settle = settle;
  }

  /**
   * Starts the change source on {@code r}, as the hot folder was found at start. Call before the
   * settle thread starts: its timers count from here.
   */
  void start(Root r) {
    mountPointExpected = r.mountPoint();
    scanner = Executors.newSingleThreadExecutor(Threads.named("hotshrink-scan"));
    startSource(r);
    lastWalk = clock.millis();
    lastRootCheck = lastWalk;
  }

  /** Starts a change source on {@code r} ({@link SourceStarter}) and watches {@code r} with it. */
  private void startSource(Root r) {
    starter.start(
        r,
        Changes::new,
        s -> {
          source = s;
          watched = r;
        });
  }

  /** True while the hot folder is there and changes in it are being noticed. */
  boolean isWatching() {
    ChangeSource s = source;
    return running.get() && watched != null && s != null && s.isReceiving();
  }

  /** Walks the whole tree again (coalesced: at most one rescan waits behind a running one). */
  void requestRescan(String why) {
    coalesced(rescanQueued, () -> rescan(why));
  }

  /** See {@link HotFolder#rescanNow}. */
  CompletableFuture<Void> rescanNow(String why) {
    CompletableFuture<Void> walked = new CompletableFuture<>();
    if (!running.get()) {
      walked.complete(null);
      return walked;
    }
    submit(
        () -> {
          try {
            rescan(why);
          } finally {
            settle.afterTakenIn(() -> walked.complete(null));
          }
        });
    return walked;
  }

  /** Registers everything afresh with a new change source, then rescans (after lost events). */
  private void requestRestart(String why) {
    coalesced(
        restartQueued,
        () -> {
          Root r = watched;
          if (r != null) {
            log.info("events were lost ({}): re-registering {} and rescanning", why, r.real());
            source.close();
            startSource(r);
            rescan("rescan after " + why);
          }
        });
  }

  private void requestRootCheck() {
    coalesced(rootCheckQueued, this::checkRoot);
  }

  /** Runs {@code task} on the scan thread, unless one with the same flag is already waiting. */
  private void coalesced(AtomicBoolean queued, Runnable task) {
    if (running.get() && queued.compareAndSet(false, true)) {
      submit(
          () -> {
            queued.set(false);
            task.run();
          });
    }
  }

  private void submit(Runnable task) {
    try {
      scanner.execute(
          () -> {
            try {
              task.run();
            } catch (CancellationException e) {
              // closing
            } catch (RuntimeException e) {
              log.error("watcher task failed (continuing)", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** On the scan thread: walks the whole tree, streaming every file into the settler. */
  private void rescan(String why) {
    Root r = watched;
    if (r == null) {
      return; // lost: the rescan comes when it is back
    }
    Path real = r.real();
    long started = clock.millis();
    Set<Path> seen = new HashSet<>();
    // Handed to the settle thread in batches: one wake-up per batch, not per file.
    List<Path> files = new ArrayList<>(SCAN_BATCH);
    List<FileProbe.Stat> stats = new ArrayList<>(SCAN_BATCH);
    try {
      TreeScanner.Result result =
          TreeScanner.scan(
              real,
              real,
              (file, stat) -> {
                if (!running.get()) {
                  throw new CancellationException();
                }
                seen.add(file);
                files.add(file);
                stats.add(stat);
                if (files.size() == SCAN_BATCH) {
                  offerScanned(real, files, stats);
                }
              },
              this::linkIgnored);
      offerScanned(real, files, stats);
      // Only a walk of the folder being watched may tell the settler what is gone: a walk of the
      // bare mount point of a share that has just gone away finds nothing, and forgetting every
      // file on the share would mean redoing them all when it returns.
      boolean sameRoot =
          Root.compare(r, Root.observe(configuredRoot), mountPointExpected) == Root.Change.SAME;
      if (!sameRoot) {
        requestRootCheck();
      } else if (result.complete()) {
        settle.retainOnly(real, seen, started);
      }
      long millis = clock.millis() - started;
      log.debug("{}: {} files in {} ms", why, result.files(), millis);
      // The first walk is the start-up scan, whatever request it ran for (a rescan asked for just
      // before, after lost events, say, takes the start-up request's place). Each HotFolder is
      // started once: the daemon makes a new one to watch afresh.
      boolean startUp = lastScan == null;
      lastScan = new ScanStats(why, result.files(), millis);
      listener.walked(startUp, result.files(), millis);
    } catch (IOException e) {
      log.debug("{} of {} failed: {}", why, real, e.toString());
      requestRootCheck();
    }
  }

  /** Passes a batch of scanned files to the settle thread, and empties the lists. */
  private void offerScanned(Path real, List<Path> files, List<FileProbe.Stat> stats) {
    if (files.isEmpty()) {
      return;
    }
    Path[] f = files.toArray(new Path[0]);
    FileProbe.Stat[] st = stats.toArray(new FileProbe.Stat[0]);
    files.clear();
    stats.clear();
    settle.offerScanned(real, f, st);
  }

  /** On the scan thread: has the hot folder gone, come back, or been replaced? */
  private void checkRoot() {
    Root now = Root.observe(configuredRoot);
    Root was = watched;
    switch (Root.compare(was, now, mountPointExpected)) {
      case SAME -> {
        if (was != null && !source.isReceiving()) {
          log.warn("stopped receiving changes from {}: watching it afresh", was.real());
          source.close();
          startSource(was);
          rescan("rescan after the watcher stopped");
        }
      }
      case GONE, UNMOUNTED -> {
        source.close();
        watched = null;
        log.warn(
            "the hot folder {} is {}: waiting for it to come back (checking every {} s)",
            configuredRoot,
            now == null ? "gone (deleted, moved or unmounted)" : "no longer a mounted share",
            ROOT_CHECK_MILLIS / 1000);
      }
      case BACK, REPLACED -> {
        if (was != null) {
          source.close();
        }
        log.info(
            "the hot folder {} is {}: watching it again, with a rescan",
            configuredRoot,
            was == null ? "back" : "another folder now (" + now.real() + ")");
        if (was == null || !was.real().equals(now.real())) {
          settle.moveTo(now.real());
        }
        startSource(now);
        rescan("rescan of the returned hot folder");
      }
    }
  }

  /** On the settle thread, at every turn: asks for the walks and checks that are due. */
  void timers() {
    long now = clock.millis();
    ChangeSource s = source;
    Duration every = s == null ? settings.rescanInterval() : s.walkEvery();
    if (now - lastWalk >= every.toMillis()) {
      lastWalk = now;
      requestRescan(s instanceof Polling ? "poll" : "periodic rescan");
    }
    if (now - lastRootCheck >= ROOT_CHECK_MILLIS) {
      lastRootCheck = now;
      requestRootCheck();
    }
  }

  /** Says once per link that it is not followed. */
  void linkIgnored(Path link) {
    if (reportedLinks.add(link)) {
      Root r = watched;
      Path shown = r != null && link.startsWith(r.real()) ? r.real().relativize(link) : link;
      log.info("ignored {}: symbolic links are not followed", shown);
    }
  }

  /** The last complete walk of the tree, or null before the first has finished. */
  ScanStats lastScan() {
    return lastScan;
  }

  /** Stops taking walks and checks, and cancels the running one ({@code running} is cleared). */
  void stopScanning() {
    scanner.shutdownNow();
  }

  void awaitScanning(long millis) throws InterruptedException {
    scanner.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  /** Stops the change source, once nothing can start another. */
  void closeSource() {
    ChangeSource s = source;
    if (s != null) {
      s.close();
    }
  }

  /** What the current change source reports, to the settle thread or as a request here. */
  private final class Changes implements ChangeSource.Changes {
    private final ChangeSource from;

    Changes(ChangeSource from) {
      this.from = from;
    }

    @Override
    public void appeared(Path file) {
      settle.appeared(file);
    }

    @Override
    public void changed(Path file) {
      settle.offer(file);
    }

    @Override
    public void removed(Path path) {
      settle.forget(path);
    }

    @Override
    public void lost(String why, boolean reregister) {
      settle.distrustEvents();
      if (reregister) {
        requestRestart(why);
      } else {
        requestRescan("rescan after " + why);
      }
    }

    @Override
    public void stopped(String why) {
      if (from == source) {
        log.debug("the change source stopped: {}", why);
        requestRootCheck();
      }
    }
  }
}
