package io.hotshrink.watch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher alone on a real folder, with a change source that misbehaves on purpose: it loses
 * every event, or cannot start at all. No file may be missed either way.
 */
class HotFolderIT {
  @TempDir Path dir;

  private final Set<String> handed = ConcurrentHashMap.newKeySet();
  private final List<String> rejected = new CopyOnWriteArrayList<>();

  private static final Settings.Watch WATCH =
      new Settings.Watch(
          Duration.ofMillis(200),
          Duration.ofMinutes(10), // no periodic rescan during the test
          Settings.Watch.Mode.EVENTS,
          Duration.ofMillis(300),
          Duration.ofMinutes(10));

  /** Real events, all of them dropped, and a handle to report them lost, as an overflow does. */
  static final class LosingEvents implements ChangeSource {
    static final AtomicInteger STARTS = new AtomicInteger();
    static volatile ChangeSource.Changes last;
    private final DirectoryEvents real = new DirectoryEvents(WATCH.rescanInterval());

    @Override
    public Duration walkEvery() {
      return real.walkEvery();
    }

    @Override
    public void start(Path root, Changes changes) throws IOException {
      STARTS.incrementAndGet();
      last = changes;
      real.start(
          root,
          new Changes() {
            @Override
            public void appeared(Path file) {}

            @Override
            public void changed(Path file) {}

            @Override
            public void removed(Path path) {}

            @Override
            public void lost(String why, boolean reregister) {}

            @Override
            public void stopped(String why) {
              changes.stopped(why);
            }
          });
    }

    @Override
    public boolean isReceiving() {
      return real.isReceiving();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  /**
   * Real events through the real directory-watcher, whose thread is held up on the first event
   * until the test lets it go: meanwhile the JDK queues events for the folder, past its limit of
   * 512, and signals an overflow (which directory-watcher 0.19.1 reports as an exception).
   */
  static final class StallingEvents implements ChangeSource {
    static final java.util.concurrent.CountDownLatch RELEASE =
        new java.util.concurrent.CountDownLatch(1);
    static final List<String> LOSSES = new CopyOnWriteArrayList<>();
    private final DirectoryEvents real = new DirectoryEvents(WATCH.rescanInterval());

    @Override
    public Duration walkEvery() {
      return real.walkEvery();
    }

    @Override
    public void start(Path root, Changes changes) throws IOException {
      real.start(
          root,
          new Changes() {
            @Override
            public void appeared(Path file) {
              hold();
              changes.appeared(file);
            }

            @Override
            public void changed(Path file) {
              hold();
              changes.changed(file);
            }

            private void hold() {
              try {
                RELEASE.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public void removed(Path path) {
              changes.removed(path);
            }

            @Override
            public void lost(String why, boolean reregister) {
              LOSSES.add(why + (reregister ? " (re-register)" : ""));
              changes.lost(why, reregister);
            }

            @Override
            public void stopped(String why) {
              changes.stopped(why);
            }
          });
    }

    @Override
    public boolean isReceiving() {
      return real.isReceiving();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  @Test
  void aRealEventOverflowIsNoticedAndEveryFileStillFound() throws Exception {
    try (HotFolder hf = hotFolder(mode -> new StallingEvents())) {
      hf.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> hf.lastScan() != null);
      byte[] photo = TestImages.jpeg(TestImages.photo(16, 12, 1), 0.8f, false);
      for (int i = 0; i < 1500; i++) {
        Files.write(dir.resolve("in/f" + i + ".jpg"), photo);
      }
      StallingEvents.RELEASE.countDown();
      await().atMost(Duration.ofSeconds(60)).until(() -> handed.size() == 1500);
      assertTrue(
          StallingEvents.LOSSES.contains("an event overflow (re-register)"),
          StallingEvents.LOSSES.toString());
      assertEquals(List.of(), rejected);
    }
  }

  private HotFolder hotFolder(java.util.function.Function<Settings.Watch.Mode, ChangeSource> s) {
    return HotFolder.builder()
        .root(dir.resolve("in"))
        .settings(WATCH)
        .clock(Clock.systemUTC())
        .sink(src -> handed.add(src.relative().toString()))
        .rejected((Source src, Refusal why) -> rejected.add(src.relative() + ": " + why.words()))
        .listener(WatchListener.NONE)
        .fileSystemType(p -> "ext4")
        .changeSources(s)
        .build();
  }

  @Test
  void lostEventsRestartTheSourceAndRescanTheTree() throws Exception {
    LosingEvents.STARTS.set(0);
    try (HotFolder hf = hotFolder(mode -> new LosingEvents())) {
      hf.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> hf.lastScan() != null);
      for (int i = 0; i < 20; i++) {
        TestImages.write(dir.resolve("in/new folder " + (i % 4) + "/p" + i + ".jpg"), 32, 24, i);
      }
      // Lost, so not handed on: not even once a settle window has passed.
      await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(60)).until(handed::isEmpty);
      LosingEvents.last.lost("an event overflow", true);
      await().atMost(Duration.ofSeconds(60)).until(() -> handed.size() == 20);
      assertEquals(2, LosingEvents.STARTS.get(), "registered afresh once");
      assertTrue(hf.isWatching());
      assertEquals(List.of(), rejected);
    }
  }

  @Test
  void whenEventsCannotStartTheFolderIsPolledInstead() throws Exception {
    ChangeSource failing =
        new ChangeSource() {
          @Override
          public Duration walkEvery() {
            return WATCH.rescanInterval();
          }

          @Override
          public void start(Path root, Changes changes) throws IOException {
            throw new IOException("User limit of inotify watches reached");
          }

          @Override
          public boolean isReceiving() {
            return false;
          }

          @Override
          public void close() {}
        };
    try (HotFolder hf = hotFolder(mode -> failing)) {
      hf.start();
      assertTrue(hf.isWatching(), "polling");
      Files.createDirectories(dir.resolve("in/a/b"));
      TestImages.write(dir.resolve("in/a/b/x.jpg"), 32, 24, 1);
      await().atMost(Duration.ofSeconds(60)).until(() -> handed.equals(Set.of("a/b/x.jpg")));
    }
  }
}
