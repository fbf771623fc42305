package io.hotshrink.watch;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * <p>The hot folder itself is looked at every {@value RootWatch#ROOT_CHECK_MILLIS} ms: when it is
 * deleted or its share unmounted, watching stops (with a log line) and resumes, with a rescan, once
 * it is back.
 *
 * <p>This class puts together and starts two parts: the {@link RootWatch} ({@code hotshrink-scan}:
 * the hot folder, the change source, the walks) and the {@link SettleLoop} ({@code
 * hotshrink-settle}: the settler, handing on, the timers, all read from the injected clock). Make
 * one with {@link #builder()}.
 */
public final class HotFolder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HotFolder.class);

  private static final String STARTUP_SCAN = "start-up scan";

  private final Path configuredRoot;
  private final AtomicBoolean running = new AtomicBoolean();
  private final SettleLoop settle;
  private final RootWatch rootWatch;

  /**
   * Files the watcher holds that are not yet handed on (being written, settling, or JPEGs waiting
   * for their end), as of at most {@value SettleLoop#WAITING_REFRESH_MILLIS} ms ago.
   *
   * @param files how many
   * @param oldestUnchangedSinceMillis since when the one unchanged the longest has looked as it
   *     does now (injected clock), or -1 when there is none
   */
  public record Waiting(int files, long oldestUnchangedSinceMillis) {}

  private HotFolder(Builder b) {
    this.configuredRoot = b.root;
    this.settle = new SettleLoop(b, running);
    this.rootWatch = new RootWatch(b, running, settle);
  }

  /** A builder: root, settings, clock and sink must be given; the rest have defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts watching, then scans what is already there (streamed: it does not wait for it). */
  public void start() throws IOException {
    Files.createDirectories(configuredRoot);
    Root r = Root.observe(configuredRoot);
    if (r == null) {
      throw new IOException(configuredRoot + " is not a folder");
    }
    warnIfNamesCannotBeDecoded();
    running.set(true);
    // Listening before the start-up scan begins: nothing created in between can be missed.
    rootWatch.start(r);
    settle.start(r.real(), rootWatch::linkIgnored, rootWatch::timers);
    rootWatch.requestRescan(STARTUP_SCAN);
  }

  /** True while the hot folder is there and changes in it are being noticed. */
  public boolean isWatching() {
    return rootWatch.isWatching();
  }

  /**
   * Walks the whole tree now (not coalesced with other requests). The future completes once the
   * walk is over and the settler has taken in everything it found, with {@link #waiting()} up to
   * date: from then on, a file the walk found that is to become a job counts as waiting until it is
   * handed on. For tests and tools that must know a walk has been done.
   */
  public CompletableFuture<Void> rescanNow(String why) {
    return rootWatch.rescanNow(why);
  }

  /** What the watcher holds that is not yet handed on (a snapshot; any thread). */
  public Waiting waiting() {
    return settle.waiting();
  }

  /** The last complete walk of the tree, or null before the first has finished (tests, bench). */
  RootWatch.ScanStats lastScan() {
    return rootWatch.lastScan();
  }

  /** Stops watching. Files not yet settled are found again by the next start's scan. */
  @Override
  public void close() {
    if (!running.getAndSet(false)) {
      return;
    }
    settle.interrupt();
    rootWatch.stopScanning();
    try {
      settle.join(2000);
      rootWatch.awaitScanning(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rootWatch.closeSource();
  }

  /**
   * Java decodes file names with the locale's charset, fixed at start-up: under a non-UTF-8 locale
   * (LANG unset, as under a bare systemd unit) a name with é or an emoji cannot even be opened.
   */
  private static void warnIfNamesCannotBeDecoded() {
    String jnu = System.getProperty("sun.jnu.encoding");
    if (jnu != null
        && Charset.isSupported(jnu)
        && !Charset.forName(jnu).equals(StandardCharsets.UTF_8)) {
      log.warn(
          "file names are decoded as {}, not UTF-8: names with non-ASCII characters cannot be"
              + " read. Run hotshrink with a UTF-8 locale (LANG=C.UTF-8); bin/hotshrink does.",
          jnu);
    }
  }

  /**
   * What a {@link HotFolder} is made of. The hot folder, its settings, the clock and the sink are
   * required. The rest have defaults, in this one place: files that will never be complete are only
   * logged (the daemon gives {@link #rejected} to move them to the failed folder), nobody listens,
   * and the file-system seams (how files are read, how the file system's type is found, which
   * change source a mode uses) are the real ones; only tests replace those.
   */
  public static final class Builder {
    Path root;
    Settings.Watch settings;
    Clock clock;
    Consumer<Source> sink;
    BiConsumer<Source, Refusal> rejected =
        (src, why) -> log.error("{}: {}; left where it is", src.relative(), why);
    WatchListener listener = WatchListener.NONE;
    FileProbe probe = FileProbe.DISK;
    Function<Path, String> fileSystemType = WatchMode::fileSystemType;
    private Function<Settings.Watch.Mode, ChangeSource> sources;

    private Builder() {}

    /** The hot folder (created if missing; a symbolic link to it is resolved). */
    public Builder root(Path root) {
      this.root = root;
      return this;
    }

    /** The {@code watch} section: settle window, mode, intervals. */
    public Builder settings(Settings.Watch settings) {
      this.settings = settings;
      return this;
    }

    /** The clock every window, timeout and timer reads. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Receives each complete file, on the settle thread; it must not block for long. */
    public Builder sink(Consumer<Source> sink) {
      this.sink = sink;
      return this;
    }

    /**
     * Receives each file that will never be complete, with the reason (such as "truncated: no
     * end-of-image marker"), on the settle thread. By default they are logged and left where they
     * are.
     */
    public Builder rejected(BiConsumer<Source, Refusal> rejected) {
      this.rejected = rejected;
      return this;
    }

    /** Hears about files handed on and walks of the tree (monitoring); nobody by default. */
    public Builder listener(WatchListener listener) {
      this.listener = listener;
      return this;
    }

    /** How files are looked at (tests: a fake disk). */
    Builder probe(FileProbe probe) {
      this.probe = probe;
      return this;
    }

    /** How the type of the file system holding a folder is found (tests: a fixed one). */
    Builder fileSystemType(Function<Path, String> fileSystemType) {
      this.fileSystemType = fileSystemType;
      return this;
    }

    /** The change source for events or poll mode (tests: one that misbehaves). */
    Builder changeSources(Function<Settings.Watch.Mode, ChangeSource> sources) {
      this.sources = sources;
      return this;
    }

    /** The change sources given, else the real ones: polling, or directory-watcher's events. */
    Function<Settings.Watch.Mode, ChangeSource> changeSources() {
      if (sources != null) {
        return sources;
      }
      Settings.Watch s = settings;
      return mode ->
          mode == Settings.Watch.Mode.POLL
              ? new Polling(s.pollInterval())
              : new DirectoryEvents(s.rescanInterval());
    }

    public HotFolder build() {
      Objects.requireNonNull(root, "HotFolder.builder(): root is required");
      Objects.requireNonNull(settings, "HotFolder.builder(): settings is required");
      Objects.requireNonNull(clock, "HotFolder.builder(): clock is required");
      Objects.requireNonNull(sink, "HotFolder.builder(): sink is required");
      Objects.requireNonNull(rejected, "HotFolder.builder(): rejected must not be null");
      Objects.requireNonNull(listener, "HotFolder.builder(): listener must not be null");
      return new HotFolder(this);
    }
  }
}
