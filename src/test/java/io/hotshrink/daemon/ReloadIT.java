package io.hotshrink.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hotshrink.config.SettingsLoader;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Processes;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A configuration reload on the running daemon, with real child JVMs and real files: the file is
 * rewritten and re-read through the same loader, as SIGHUP does (ReloadOnSighupIT sends the real
 * signal to the packaged launcher).
 */
class ReloadIT {
  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(ConfigReloader.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    reloaderLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    reloaderLog.detachAppender(logged);
  }

  private ConfigReloader reloader(RunningDaemon d) {
    return new ConfigReloader(
        () -> new SettingsLoader(dir, Map.of(), 2).load(Optional.of(d.config)), d.daemon);
  }

  private static void rewrite(RunningDaemon d, String conf) throws Exception {
    Files.writeString(d.config, RunningDaemon.configText(conf));
  }

  @Test
  void newRenditionsApplyToNewJobsWithoutTouchingChildrenOrOldOutputs() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Path a = TestImages.write(d.in.resolve("a.jpg"), 800, 600, 1);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      ImageAssertions.assertScaledCopy(a, d.out.resolve("a.jpg"), 0.5);
      long aWritten = Files.getLastModifiedTime(d.out.resolve("a.jpg")).toMillis();

      rewrite(d, "renditions = [ { name = small, scale = 0.25, quality = 60 } ]");
      assertTrue(reloader(d).reload());

      Path b = TestImages.write(d.in.resolve("sub/b.jpg"), 800, 600, 2);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 2);
      ImageAssertions.assertScaledCopy(b, d.out.resolve("sub/b.jpg"), 0.25);
      // The watcher was not restarted: a.jpg was not done again.
      assertEquals(aWritten, Files.getLastModifiedTime(d.out.resolve("a.jpg")).toMillis());
      assertEquals(List.of(), d.stopped, "no child was replaced for a rendition change");
      assertTrue(
          lines().anyMatch(l -> l.contains("changed: renditions")),
          String.join("\n", lines().toList()));
    }
  }

  @Test
  void anInvalidFileLeavesTheOldSettingsRunningAndSaysWhereItIsWrong() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Files.writeString(
          d.config,
          "hotshrink {\n  input = in\n  pool.heap = lots\n  renditions = [ { name = x, scale = 3 } ]\n}\n");
      assertFalse(reloader(d).reload());

      String f = d.config.toString();
      List<String> l = lines().toList();
      assertTrue(
          l.contains(
              "reload rejected: "
                  + f
                  + ": 3: hotshrink.pool.heap: must be a size such as 512m or 2g, got \"lots\""),
          String.join("\n", l));
      assertTrue(
          l.stream()
              .anyMatch(
                  s ->
                      s.startsWith(
                          "reload rejected: " + f + ": 4: hotshrink.renditions[0].scale: ")),
          String.join("\n", l));

      // Still the old settings: half size, same children.
      Path c = TestImages.write(d.in.resolve("c.jpg"), 640, 480, 3);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      ImageAssertions.assertScaledCopy(c, d.out.resolve("c.jpg"), 0.5);
      assertEquals("256m", d.daemon.settings().pool().heap());
      assertEquals(List.of(), d.stopped);
    }
  }

  @Test
  void aChangedHeapReplacesTheChildrenGracefully() throws Exception {
    // p0.jpg's job waits in the first child until the gate opens: the reload surely finds it busy.
    Path gate = dir.resolve("gate-open");
    try (RunningDaemon d =
        RunningDaemon.withFaults("gate=p0.jpg:" + gate).start(dir, "").awaitReady()) {
      ChildInfo first = d.started.get(0);
      List<Path> photos = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        photos.add(TestImages.write(d.in.resolve("p" + i + ".jpg"), 1600, 1200, 10 + i));
      }
      // Reload while the first child has work: it finishes it, nothing is lost or failed.
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() > 0);
      rewrite(d, "pool.heap = 300m");
      assertTrue(reloader(d).reload());
      Files.createFile(gate);

      await().atMost(60, TimeUnit.SECONDS).until(() -> d.started.size() == 2);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> d.stopped.contains(first.id() + ":RELOADED"));
      ChildInfo second = d.started.get(1);
      List<String> args = Processes.arguments(ProcessHandle.of(second.pid()).orElseThrow());
      assertTrue(args.contains("-Xmx300m"), args.toString());

      await().atMost(90, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 8);
      for (int i = 0; i < 8; i++) {
        ImageAssertions.assertScaledCopy(photos.get(i), d.out.resolve("p" + i + ".jpg"), 0.5);
      }
      assertEquals(0, d.daemon.count("failed"));
      assertEquals(List.of(first.id() + ":RELOADED"), d.stopped, "retired, not killed");
      assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void moreWorkersAreStartedBesideTheRunningOne() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      rewrite(d, "pool.workers = 2");
      assertTrue(reloader(d).reload());
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.pool().children().size() == 2);
      assertEquals(List.of(), d.stopped, "the running child stays");
    }
  }

  @Test
  void aNewInputAndOutputRestartTheWatcherThere() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Files.writeString(
          d.config,
          RunningDaemon.configText("")
              .replace("input = in", "input = elsewhere/in2")
              .replace("output = out", "output = out2"));
      assertTrue(reloader(d).reload());
      assertTrue(d.daemon.isWatching());

      Path old = TestImages.write(d.in.resolve("old.jpg"), 400, 300, 6);
      Path fresh = TestImages.write(dir.resolve("elsewhere/in2/deep/new.jpg"), 400, 300, 7);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Files.exists(dir.resolve("out2/deep/new.jpg")));
      ImageAssertions.assertScaledCopy(fresh, dir.resolve("out2/deep/new.jpg"), 0.5);
      // old.jpg settled before later.jpg: had the old watcher still run, it would be done by now.
      Path later = TestImages.write(dir.resolve("elsewhere/in2/later.jpg"), 300, 200, 8);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out2/later.jpg")));
      ImageAssertions.assertScaledCopy(later, dir.resolve("out2/later.jpg"), 0.5);
      assertEquals(2, d.daemon.count("published"));
      assertFalse(Files.exists(d.out.resolve("old.jpg")));
      assertFalse(Files.exists(dir.resolve("out2/old.jpg")));
      assertTrue(Files.exists(old), "inputs are never touched by a reload");
      // Its journal went with it: beside the new input, not the old one's.
      assertTrue(Files.exists(dir.resolve("elsewhere/.hotshrink/journal")));
    }
  }

  @Test
  void aNewInputWhoseStateFolderHoldsAnotherInputsJournalIsRefused() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      // in2 beside in: its state folder would be in's, whose journal is in's (never replaced).
      Files.writeString(
          d.config, RunningDaemon.configText("").replace("input = in", "input = in2"));
      assertFalse(reloader(d).reload());
      assertEquals(d.in, d.daemon.settings().input(), "still running with the previous settings");
      Path photo = TestImages.write(d.in.resolve("still.jpg"), 400, 300, 9);
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(d.out.resolve("still.jpg")));
      ImageAssertions.assertScaledCopy(photo, d.out.resolve("still.jpg"), 0.5);
      assertTrue(
          lines().anyMatch(l -> l.contains("holds the journal of hot folder default")),
          "the reason is logged");
    }
  }

  private java.util.stream.Stream<String> lines() {
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage);
  }
}
