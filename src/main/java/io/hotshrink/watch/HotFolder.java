package io.hotshrink.watch;

import io.hotshrink.config.Settings;
import io.hotshrink.job.Source;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the hot folder recursively and hands on each file once it is complete.
 *
 * <p>Three sources feed one queue: file-system events (directory-watcher), a start-up scan, and a
 * periodic rescan. Events can be lost (the JDK drops them past 512 pending per folder, and
 * directory-watcher 0.19.1 turns an overflow into an exception), so a watcher error triggers a
 * rescan, and the periodic rescan catches whatever else slipped through. Duplicates are harmless:
 * the {@link Settler} hands on each (path, size, mtime) once.
 *
 * <p>Threads: {@code hotshrink-watch} runs directory-watcher's loop and only enqueues; {@code
 * hotshrink-scan} walks the tree, streaming what it finds into the queue (the first files are
 * handed on while a large scan is still running); {@code hotshrink-settle} owns the settler.
 */
public final class HotFolder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HotFolder.class);
  private static final long MAX_WAIT_MILLIS = 200;

  private final Path configuredRoot;
  private final Settings.Watch settings;
  private final Clock clock;
  private final Consumer<Source> sink;

  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final Object wake = new Object();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean rescanQueued = new AtomicBoolean();
  private volatile boolean watching;

  private Path root;
  private Settler settler;
  private DirectoryWatcher watcher;
  private Thread settleThread;
  private ExecutorService scanner;
  private ExecutorService watchThread;
  private long lastRescan;

  /**
   * @param root the hot folder (created if missing; a symbolic link to it is resolved)
   * @param sink receives each settled file, on the settle thread; it must not block for long
   */
  public HotFolder(Path root, Settings.Watch settings, Clock clock, Consumer<Source> sink) {
    this.configuredRoot = root;
    this.settings = settings;
    this.clock = clock;
    this.sink = sink;
  }

  /** Starts watching, then scans what is already there (streamed: it does not wait for it). */
  public void start() throws IOException {
    Files.createDirectories(configuredRoot);
    // Linux's inotify does not report events below a symbolic link: watch the real folder.
    root = configuredRoot.toRealPath();
    settler = new Settler(root, clock, settings.settle(), FileProbe.DISK);
    running.set(true);

    watcher =
        DirectoryWatcher.builder()
            .path(root)
            .fileHasher(null) // the default hasher reads every file, byte by byte, on each event
            .listener(new Listener())
            .build();
    watchThread = Executors.newSingleThreadExecutor(named("hotshrink-watch"));
    watching = true;
    watcher
        .watchAsync(watchThread)
        .whenComplete(
            (ok, e) -> {
              watching = false;
              if (running.get()) {
                log.warn(
                    "stopped receiving events from {}: {}",
                    root,
                    e == null ? "the folder is gone" : e.toString());
              }
            });

    scanner = Executors.newSingleThreadExecutor(named("hotshrink-scan"));
    settleThread = named("hotshrink-settle").newThread(this::settleLoop);
    settleThread.start();
    lastRescan = clock.millis();
    requestRescan("start-up scan");
    log.info("watching {} (settle {} ms)", root, settings.settle().toMillis());
  }

  /** True while events from the hot folder are being received. */
  public boolean isWatching() {
    return watching;
  }

  /** Walks the whole tree again (coalesced: at most one rescan waits behind a running one). */
  public void requestRescan(String why) {
    if (!running.get() || !rescanQueued.compareAndSet(false, true)) {
      return;
    }
    scanner.execute(
        () -> {
          rescanQueued.set(false);
          long started = clock.millis();
          Set<Path> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
          try {
            long n =
                TreeScanner.scan(
                    root,
                    root,
                    (file, stat) -> {
                      seen.add(file);
                      enqueue(() -> settler.offer(file, stat));
                    });
            enqueue(() -> settler.retainOnly(new HashSet<>(seen), started));
            log.debug("{}: {} files in {} ms", why, n, clock.millis() - started);
          } catch (IOException e) {
            log.warn("{} of {} failed: {}", why, root, e.toString());
          }
        });
  }

  private void enqueue(Runnable r) {
    inbox.add(r);
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void settleLoop() {
    while (running.get()) {
      try {
        Runnable r;
        while ((r = inbox.poll()) != null) {
          r.run();
        }
        for (Source s : settler.poll()) {
          sink.accept(s);
        }
        if (clock.millis() - lastRescan >= settings.rescanInterval().toMillis()) {
          lastRescan = clock.millis();
          requestRescan("periodic rescan");
        }
        long due = settler.millisUntilNextDue();
        long wait = due < 0 ? MAX_WAIT_MILLIS : Math.min(Math.max(due, 1), MAX_WAIT_MILLIS);
        synchronized (wake) {
          if (inbox.isEmpty()) {
            wake.wait(wait);
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

  /** Stops watching. Files not yet settled are found again by the next start's scan. */
  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      return;
    }
    watching = false;
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the watcher: {}", e.toString());
    }
    settleThread.interrupt();
    scanner.shutdownNow();
    watchThread.shutdownNow();
    try {
      settleThread.join(2000);
      scanner.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** directory-watcher's callbacks: they only enqueue, so the watch loop never blocks. */
  private final class Listener implements DirectoryChangeListener {
    @Override
    public void onEvent(DirectoryChangeEvent event) {
      Path p = event.path();
      switch (event.eventType()) {
        case CREATE, MODIFY -> {
          if (!event.isDirectory() && p != null) {
            enqueue(() -> settler.offer(p));
          }
        }
        case DELETE -> {
          if (p != null) {
            enqueue(() -> settler.forget(p));
          }
        }
        case OVERFLOW -> requestRescan("rescan after an event overflow");
        default -> {}
      }
    }

    @Override
    public void onException(Exception e) {
      // directory-watcher 0.19.1 reports an OVERFLOW as a NullPointerException here: events were
      // lost, so look at everything again.
      log.debug("watcher error, rescanning", e);
      requestRescan("rescan after a watcher error");
    }

    @Override
    public boolean isWatching() {
      return running.get();
    }
  }

  /**
   * Every JPEG under {@code root} as it is now, by the same rules as the watcher (hidden and
   * temporary names skipped, content must start like a JPEG), without waiting for anything to
   * settle. For one-off runs ({@code batch}).
   */
  public static void scanOnce(Path root, Consumer<Source> sink) throws IOException {
    Path real = root.toRealPath();
    TreeScanner.scan(
        real,
        real,
        (file, stat) -> {
          Path rel = real.relativize(file);
          try {
            if (!NameFilter.ignored(rel) && FileProbe.DISK.startsLikeJpeg(file)) {
              sink.accept(new Source(file, rel, stat.size(), stat.mtimeMillis()));
            }
          } catch (IOException e) {
            log.warn("cannot read {}: {}", rel, e.toString());
          }
        });
  }

  /** Forgets that {@code file} was handed on, so the next rescan offers it again (a retry). */
  public void forget(Path file) {
    enqueue(() -> settler.forget(file));
  }

  static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
