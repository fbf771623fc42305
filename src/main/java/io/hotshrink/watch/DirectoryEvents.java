package io.hotshrink.watch;

import io.hotshrink.Threads;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events mode: the operating system's file-system events, through directory-watcher (inotify on
 * Linux, with every folder of the tree registered, and new folders registered as they appear).
 *
 * <p>Its thread ({@code hotshrink-watch}) only passes events on. Events can be lost: the JDK keeps
 * at most 512 pending events per folder and then signals an overflow, which directory-watcher
 * 0.19.1 turns into a NullPointerException passed to {@code onException}. A lost event may be a new
 * folder that was therefore never registered, so an overflow asks for a restart (every folder
 * registered afresh) and a rescan.
 */
final class DirectoryEvents implements ChangeSource {
  private static final Logger log = LoggerFactory.getLogger(DirectoryEvents.class);

  private final Duration rescanInterval;
  private final AtomicBoolean open = new AtomicBoolean();
  private volatile boolean receiving;
  private DirectoryWatcher watcher;
  private ExecutorService thread;

  DirectoryEvents(Duration rescanInterval) {
    this.rescanInterval = rescanInterval;
  }

  @Override
  public Duration walkEvery() {
    return rescanInterval;
  }

  @Override
  public void start(Path root, Changes changes) throws IOException {
    open.set(true);
    watcher =
        DirectoryWatcher.builder()
            .path(root)
            .fileHasher(null) // the default hasher reads every file, byte by byte, on each event
            .listener(new Listener(changes))
            .build();
    thread = Executors.newSingleThreadExecutor(Threads.named("hotshrink-watch"));
    // Registers every folder before it returns; a failure comes back as a failed future.
    CompletableFuture<Void> loop = watcher.watchAsync(thread);
    if (loop.isCompletedExceptionally()) {
      Throwable cause = failure(loop);
      close();
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }
    receiving = true;
    loop.whenComplete(
        (ok, e) -> {
          receiving = false;
          if (open.get()) {
            changes.stopped(e == null ? "no folder left to watch" : e.toString());
          }
        });
  }

  private static Throwable failure(CompletableFuture<Void> f) {
    try {
      f.get();
      return new IOException("the watcher did not start");
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      return t instanceof UncheckedIOException u ? u.getCause() : t;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  @Override
  public boolean isReceiving() {
    return receiving;
  }

  @Override
  public void close() {
    open.set(false);
    receiving = false;
    try {
      if (watcher != null) {
        watcher.close();
      }
    } catch (IOException e) {
      log.debug("closing the watcher: {}", e.toString());
    }
    if (thread != null) {
      thread.shutdownNow();
    }
  }

  /** directory-watcher's callbacks: they only pass events on, so its loop never blocks. */
  private final class Listener implements DirectoryChangeListener {
    private final Changes changes;

    Listener(Changes changes) {
      this.changes = changes;
    }

    @Override
    public void onEvent(DirectoryChangeEvent event) {
      if (!open.get()) {
        return;
      }
      Path p = event.path();
      switch (event.eventType()) {
        case CREATE -> {
          // A new folder needs nothing here: directory-watcher registers it, then walks it and
          // reports a CREATE for every file already inside (a folder moved in arrives whole).
          // The JDK reports a rename into a folder (IN_MOVED_TO) as a creation too.
          if (!event.isDirectory() && p != null) {
            changes.appeared(p);
          }
        }
        case MODIFY -> {
          if (!event.isDirectory() && p != null) {
            changes.changed(p);
          }
        }
        case DELETE -> {
          if (p != null) {
            changes.removed(p);
          }
        }
        case OVERFLOW -> changes.lost("an event overflow", true);
        default -> {}
      }
    }

    @Override
    public void onException(Exception e) {
      if (!open.get()) {
        return;
      }
      if (e instanceof NullPointerException) {
        // directory-watcher 0.19.1's way of reporting an OVERFLOW (see the class comment).
        changes.lost("an event overflow", true);
      } else if (e instanceof NoSuchFileException) {
        // A new folder gone before it could be registered (a temp folder): nothing was lost, and
        // a full rescan per temp folder would be costly on a big tree.
        log.debug("folder vanished before it was registered: {}", e.getMessage());
      } else {
        // A folder that vanished while being registered, and the like: look again to be sure.
        log.debug("watcher error", e);
        changes.lost("a watcher error (" + e + ")", false);
      }
    }

    @Override
    public boolean isWatching() {
      return open.get();
    }
  }
}
