package io.hotshrink.watch;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the hot folder recursively and hands on each file once it is complete.
 *
 * <p>Three things feed one queue: a {@link ChangeSource} (file-system events, or nothing in poll
 * mode), a start-up scan, and walks of the whole tree (every {@code watch.rescan-interval} with
 * events, every {@code watch.poll-interval} when polling, and after any lost event). Duplicates are
 * harmless: the {@link Settler} hands on each (path, size, mtime) once.
 *
 * <p>The hot folder itself is looked at every {@value #ROOT_CHECK_MILLIS} ms: when it is deleted or
 * its share unmounted, watching stops (with a log line) and resumes, with a rescan, once it is
 * back.
 *
 * <p>Threads: the change source's own ({@code hotshrink-watch} for events) only enqueues; {@code
 * hotshrink-scan} owns the change source and the root's state, and walks the tree, streaming what
 * it finds into the queue (the first files are handed on while a large scan is still running);
 * {@code hotshrink-settle} owns the settler and the timers, all read from the injected clock.
 */
public final class HotFolder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HotFolder.class);

  /** How often the hot folder itself is checked (gone, back, replaced). */
  static final long ROOT_CHECK_MILLIS = 2000;

  private static final long MAX_WAIT_MILLIS = 200;

  /** Files a scan passes to the settle thread at once. */
  private static final int SCAN_BATCH = 256;

  /** Files handed on per turn of the settle loop, so a big batch reaches the pool in pieces. */
  private static final int HANDOFF_BATCH = 256;

  private static final String STARTUP_SCAN = "start-up scan";

  private final Path configuredRoot;
  private final Settings.Watch settings;
  private final Clock clock;
  private final Consumer<Source> sink;
  private final BiConsumer<Source, Refusal> rejected;
  private final FileProbe probe;
  private final Function<Path, String> fileSystemType;
  private final Function<Settings.Watch.Mode, ChangeSource> sources;
  private final WatchListener listener;

  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final Object wake = new Object();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean rescanQueued = new AtomicBoolean();
  private final AtomicBoolean restartQueued = new AtomicBoolean();
  private final AtomicBoolean rootCheckQueued = new AtomicBoolean();
  private final Set<Path> reportedLinks = ConcurrentHashMap.newKeySet();

  // Owned by the scan thread (volatile: read by others).
  private volatile Root watched; // null while the hot folder is lost
  private volatile ChangeSource source;
  private boolean mountPointExpected;

  // Owned by the settle thread.
  private Settler settler;
  private long lastWalk;
  private long lastRootCheck;

  private volatile ScanStats lastScan;
  private volatile Waiting waiting = new Waiting(0, -1);
  private long lastWaitingUpdate;
  private Thread settleThread;
  private ExecutorService scanner;

  /** How the last complete walk of the tree went (for the log, benchmarks and tests). */
  record ScanStats(String why, long files, long millis) {}

  /**
   * Files the watcher holds that are not yet handed on (being written, settling, or JPEGs waiting
   * for their end), as of at most {@value #WAITING_REFRESH_MILLIS} ms ago.
   *
   * @param files how many
   * @param oldestUnchangedSinceMillis since when the one unchanged the longest has looked as it
   *     does now (injected clock), or -1 when there is none
   */
  public record Waiting(int files, long oldestUnchangedSinceMillis) {}

  /** How often {@link #waiting()} is brought up to date (an O(files) count). */
  static final long WAITING_REFRESH_MILLIS = 250;

  /**
   * A hot folder whose files that never complete (a JPEG without its end) are only logged. The
   * daemon uses the other constructor, to move them to the failed folder.
   */
  public HotFolder(Path root, Settings.Watch settings, Clock clock, Consumer<Source> sink) {
    this(
        root,
        settings,
        clock,
        sink,
        (src, why) -> log.error("{}: {}; left where it is", src.relative(), why),
        WatchListener.NONE);
  }

  /**
   * @param root the hot folder (created if missing; a symbolic link to it is resolved)
   * @param sink receives each complete file, on the settle thread; it must not block for long
   * @param rejected receives each file that will never be complete, with the reason (such as
   *     "truncated: no end-of-image marker"), on the settle thread
   * @param listener hears about files handed on and walks of the tree (monitoring)
   */
  public HotFolder(
      Path root,
      Settings.Watch settings,
      Clock clock,
      Consumer<Source> sink,
      BiConsumer<Source, Refusal> rejected,
      WatchListener listener) {
    this(
        root,
        settings,
        clock,
        sink,
        rejected,
        listener,
        FileProbe.DISK,
        WatchMode::fileSystemType,
        mode ->
            mode == Settings.Watch.Mode.POLL
                ? new Polling(settings.pollInterval())
                : new DirectoryEvents(settings.rescanInterval()));
  }

  HotFolder(
      Path root,
      Settings.Watch settings,
      Clock clock,
      Consumer<Source> sink,
      BiConsumer<Source, Refusal> rejected,
      WatchListener listener,
      FileProbe probe,
      Function<Path, String> fileSystemType,
      Function<Settings.Watch.Mode, ChangeSource> sources) {
    this.listener = listener;
    this.configuredRoot = root;
    this.settings = settings;
    this.clock = clock;
    this.sink = sink;
    this.rejected = rejected;
    this.probe = probe;
    this.fileSystemType = fileSystemType;
    this.sources = sources;
  }

  /** Starts watching, then scans what is already there (streamed: it does not wait for it). */
  public void start() throws IOException {
    Files.createDirectories(configuredRoot);
    Root r = Root.observe(configuredRoot);
    if (r == null) {
      throw new IOException(configuredRoot + " is not a folder");
    }
    warnIfNamesCannotBeDecoded();
    mountPointExpected = r.mountPoint();
    settler = newSettler(r.real());
    running.set(true);
    scanner = Executors.newSingleThreadExecutor(Threads.named("hotshrink-scan"));
    // Listening before the start-up scan begins: nothing created in between can be missed.
    startSource(r);
    // Before the settle thread starts: its timers would otherwise see no walk yet and ask for one.
    lastWalk = clock.millis();
    lastRootCheck = lastWalk;
    settleThread = Threads.named("hotshrink-settle").newThread(this::settleLoop);
    settleThread.start();
    requestRescan(STARTUP_SCAN);
  }

  private Settler newSettler(Path realRoot) {
    return Settler.builder()
        .root(realRoot)
        .clock(clock)
        .settle(settings.settle())
        .incompleteTimeout(settings.incompleteTimeout())
        .probe(probe)
        .linkIgnored(this::linkIgnored)
        .build();
  }

  /** Starts the change source on {@code r}; falls back to polling when events cannot work. */
  private void startSource(Root r) {
    WatchMode.Choice choice = WatchMode.choose(settings.mode(), fileSystemType.apply(r.real()));
    ChangeSource s = sources.apply(choice.mode());
    try {
      s.start(r.real(), new Changes(s));
    } catch (IOException | RuntimeException e) {
      s.close();
      log.warn(
          "cannot watch {} for events ({}); polling it every {} ms instead (raise"
              + " fs.inotify.max_user_watches if it is the limit on watched folders)",
          r.real(),
          e.toString(),
          settings.pollInterval().toMillis());
      Polling polling = new Polling(settings.pollInterval());
      polling.start(r.real(), new Changes(polling));
      s = polling;
      choice = new WatchMode.Choice(Settings.Watch.Mode.POLL, "events failed");
    }
    source = s;
    watched = r;
    String how =
        s instanceof Polling
            ? "polling every " + settings.pollInterval().toMillis() + " ms"
            : "with file-system events, rescanning every "
                + settings.rescanInterval().toSeconds()
                + " s";
    log.info(
        "watching {} {} ({}); settle {} ms",
        r.real(),
        how,
        choice.why(),
        settings.settle().toMillis());
  }

  /** True while the hot folder is there and changes in it are being noticed. */
  public boolean isWatching() {
    ChangeSource s = source;
    return running.get() && watched != null && s != null && s.isReceiving();
  }

  /** Walks the whole tree again (coalesced: at most one rescan waits behind a running one). */
  public void requestRescan(String why) {
    if (running.get() && rescanQueued.compareAndSet(false, true)) {
      submit(
          () -> {
            rescanQueued.set(false);
            rescan(why);
          });
    }
  }

  /**
   * Walks the whole tree now (not coalesced with other requests). The future completes once the
   * walk is over and the settler has taken in everything it found, with {@link #waiting()} up to
   * date: from then on, a file the walk found that is to become a job counts as waiting until it is
   * handed on. For tests and tools that must know a walk has been done.
   */
  public CompletableFuture<Void> rescanNow(String why) {
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
            enqueue(
                () -> {
                  refreshWaiting(true);
                  walked.complete(null);
                });
          }
        });
    return walked;
  }

  /** Registers everything afresh with a new change source, then rescans (after lost events). */
  private void requestRestart(String why) {
    if (running.get() && restartQueued.compareAndSet(false, true)) {
      submit(
          () -> {
            restartQueued.set(false);
            Root r = watched;
            if (r != null) {
              log.info("events were lost ({}): re-registering {} and rescanning", why, r.real());
              source.close();
              startSource(r);
              rescan("rescan after " + why);
            }
          });
    }
  }

  private void requestRootCheck() {
    if (running.get() && rootCheckQueued.compareAndSet(false, true)) {
      submit(
          () -> {
            rootCheckQueued.set(false);
            checkRoot();
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
        enqueue(
            () -> {
              if (settler.root().equals(real)) {
                settler.retainOnly(seen, started);
              }
            });
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

  /** Passes a batch of scanned files to the settler, and empties the lists. */
  private void offerScanned(Path real, List<Path> files, List<FileProbe.Stat> stats) {
    if (files.isEmpty()) {
      return;
    }
    Path[] f = files.toArray(new Path[0]);
    FileProbe.Stat[] st = stats.toArray(new FileProbe.Stat[0]);
    files.clear();
    stats.clear();
    enqueue(
        () -> {
          if (settler.root().equals(real)) {
            for (int i = 0; i < f.length; i++) {
              settler.offer(f[i], st[i]);
            }
          }
        });
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
        Root r = now;
        if (was == null || !was.real().equals(r.real())) {
          enqueue(
              () -> {
                if (!settler.root().equals(r.real())) {
                  settler = newSettler(r.real());
                }
              });
        }
        startSource(r);
        rescan("rescan of the returned hot folder");
      }
    }
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
        boolean more = handOn();
        timers();
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

  private void timers() {
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
      waiting = new Waiting(settler.pending(), settler.oldestUnchangedSince());
    } else if (changed) {
      waiting = new Waiting(settler.pending(), waiting.oldestUnchangedSinceMillis());
    }
  }

  /** What the watcher holds that is not yet handed on (a snapshot; any thread). */
  public Waiting waiting() {
    return running.get() ? waiting : new Waiting(0, -1);
  }

  private void linkIgnored(Path link) {
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

  /** Changes waiting for the settle thread (O(n): for benchmarks and tests). */
  int queued() {
    return inbox.size();
  }

  /**
   * Java decodes file names with the locale's charset, fixed at start-up: under a non-UTF-8 locale
   * (LANG unset, as under a bare systemd unit) a name with é or an emoji cannot even be opened.
   */
  private static void warnIfNamesCannotBeDecoded() {
    String jnu = System.getProperty("sun.jnu.encoding");
    if (jnu != null && Charset.isSupported(jnu) && !Charset.forName(jnu).equals(UTF_8)) {
      log.warn(
          "file names are decoded as {}, not UTF-8: names with non-ASCII characters cannot be"
              + " read. Run hotshrink with a UTF-8 locale (LANG=C.UTF-8); bin/hotshrink does.",
          jnu);
    }
  }

  private static final Charset UTF_8 = StandardCharsets.UTF_8;

  /** Stops watching. Files not yet settled are found again by the next start's scan. */
  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      return;
    }
    settleThread.interrupt();
    scanner.shutdownNow();
    try {
      settleThread.join(2000);
      scanner.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ChangeSource s = source;
    if (s != null) {
      s.close();
    }
  }

  /** Forgets that {@code file} was handed on, so the next rescan offers it again (a retry). */
  public void forget(Path file) {
    enqueue(() -> settler.forget(file));
  }

  /** What the current change source reports, into the queue. */
  private final class Changes implements ChangeSource.Changes {
    private final ChangeSource from;

    Changes(ChangeSource from) {
      this.from = from;
    }

    @Override
    public void changed(Path file) {
      enqueue(() -> settler.offer(file));
    }

    @Override
    public void removed(Path path) {
      enqueue(() -> settler.forget(path));
    }

    @Override
    public void lost(String why, boolean reregister) {
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
