package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.daemon.HotshrinkDaemon;
import io.hotshrink.testing.Http;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs that crash, run out of memory, hang or grow: the daemon replaces them, retries
 * the job once on a fresh child, and sends a job that takes down two children to the failed folder
 * with the child's exit status and the tail of its stderr; the other files are unaffected.
 *
 * <p>The faults come from the test-only hook in the child (worker.FaultHook), switched on by an
 * option that only tests put on the children's command line (RunningDaemon.withFaults).
 */
class ChildrenAreSupervisedIT {
  @TempDir Path dir;

  private static void dropNormal(RunningDaemon d, int n) {
    for (int i = 0; i < n; i++) {
      TestImages.write(d.in.resolve("ok" + i + ".jpg"), 400 + 20 * i, 300, i);
    }
  }

  private static void assertNormalPublished(RunningDaemon d, int n) {
    for (int i = 0; i < n; i++) {
      ImageAssertions.assertScaledCopy(
          d.in.resolve("ok" + i + ".jpg"), d.out.resolve("ok" + i + ".jpg"), 0.5);
    }
  }

  @Test
  void aFileThatKillsItsChildTwiceIsFailedWithTheExitStatusAndStderr() throws Exception {
    try (RunningDaemon d = RunningDaemon.withFaults("crash=CRASHME").start(dir, "").awaitReady()) {
      TestImages.write(d.in.resolve("x/CRASHME.jpg"), 500, 400, 1);
      dropNormal(d, 4);
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("failed") == 1 && d.daemon.count("published") == 4);
      assertNormalPublished(d, 4);
      assertFalse(Files.exists(d.in.resolve("x/CRASHME.jpg")));
      assertTrue(Files.exists(d.failed.resolve("x/CRASHME.jpg")));
      String sidecar = Files.readString(d.failed.resolve("x/CRASHME.jpg.error.json"));
      assertTrue(sidecar.contains("killed by signal 9 (SIGKILL)"), sidecar);
      assertTrue(sidecar.contains("\"attempts\" : 2"), sidecar);
      assertTrue(sidecar.contains("\"worker_stderr_tail\""), sidecar);
      assertEquals(
          2, d.stopped.stream().filter(s -> s.endsWith(":CRASHED")).count(), d.stopped.toString());
      assertEquals(List.of(), files(d.out).stream().filter(f -> f.endsWith(".hstmp")).toList());
    }
  }

  @Test
  void anInternalErrorIsTriedThreeTimesWithBackoffThenFailedWithItsReason() throws Exception {
    try (LogCapture log = LogCapture.of("io.hotshrink");
        RunningDaemon d =
            RunningDaemon.withFaults("internal=BUGGY")
                .start(dir, "retry.max-delay = 1s")
                .awaitReady()) {
      TestImages.write(d.in.resolve("BUGGY.jpg"), 500, 400, 1);
      dropNormal(d, 2);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("failed") == 1 && d.daemon.count("published") == 2);
      assertNormalPublished(d, 2);
      assertEquals(2, d.daemon.count("retry"), "tried again twice, failed at the third");
      String sidecar = Files.readString(d.failed.resolve("BUGGY.jpg.error.json"));
      assertTrue(sidecar.contains("internal error on each of 3 attempts"), sidecar);
      assertTrue(sidecar.contains("test fault: an internal error on BUGGY.jpg"), sidecar);
      assertTrue(sidecar.contains("\"attempts\" : 3"), sidecar);
      assertEquals(
          1,
          log.messages().stream().filter(m -> m.contains("Trying again with growing")).count(),
          log.messages().toString());
    }
  }

  @Test
  void aChildThatRunsOutOfMemoryIsReplacedAndItsStderrIsKept() throws Exception {
    try (RunningDaemon d =
        RunningDaemon.withFaults("oom=OOMME").start(dir, "pool.heap = 64m").awaitReady()) {
      TestImages.write(d.in.resolve("OOMME.jpg"), 500, 400, 1);
      dropNormal(d, 3);
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("failed") == 1 && d.daemon.count("published") == 3);
      assertNormalPublished(d, 3);
      String sidecar = Files.readString(d.failed.resolve("OOMME.jpg.error.json"));
      // -XX:+ExitOnOutOfMemoryError: the JVM says why on stderr and exits with status 3.
      assertTrue(sidecar.contains("exit status 3"), sidecar);
      assertTrue(sidecar.contains("OutOfMemoryError"), sidecar);
    }
  }

  @Test
  void aHungJobIsKilledAtItsDeadlineRetriedOnceThenFailed() throws Exception {
    try (RunningDaemon d =
        RunningDaemon.withFaults("hang=HANGME").start(dir, "pool.job-timeout = 2s").awaitReady()) {
      TestImages.write(d.in.resolve("HANGME.jpg"), 500, 400, 1);
      dropNormal(d, 3);
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("failed") == 1 && d.daemon.count("published") == 3);
      assertNormalPublished(d, 3);
      String sidecar = Files.readString(d.failed.resolve("HANGME.jpg.error.json"));
      assertTrue(sidecar.contains("job-timeout"), sidecar);
      assertTrue(sidecar.contains("\"attempts\" : 2"), sidecar);
      assertEquals(
          2, d.stopped.stream().filter(s -> s.endsWith(":TIMEOUT")).count(), d.stopped.toString());
    }
  }

  @Test
  void childrenOverTheMemoryLimitAreRecycled() throws Exception {
    // Each job holds 96 MB for the rest of its child's life (a leak): every child goes over the
    // 64 MB limit with its first job and is retired after it, and after the job it already had
    // waiting for its thread (one is sent ahead): 4 jobs, 2 children retired.
    try (RunningDaemon d =
        RunningDaemon.withFaults("hold=ok:96")
            .start(dir, "pool { max-rss = 64m, threads = 1 }")
            .awaitReady()) {
      dropNormal(d, 4);
      await().atMost(90, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 4);
      assertNormalPublished(d, 4);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> d.stopped.stream().filter(s -> s.endsWith(":RECYCLED_MEMORY")).count() >= 2);
    }
  }

  @Test
  void stopLetsTheJobInFlightFinishAndPublish() throws Exception {
    // The job waits in its child until stop() has begun (it stops watching first): it is surely
    // in flight when the stop starts, and finishes during it.
    Path gate = dir.resolve("gate-open");
    RunningDaemon d = RunningDaemon.withFaults("gate=SLOWME:" + gate).start(dir, "").awaitReady();
    CompletableFuture<Void> opener;
    try {
      TestImages.write(d.in.resolve("SLOWME.jpg"), 500, 400, 1);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() == 1);
      opener =
          CompletableFuture.runAsync(
              () -> {
                await().atMost(60, TimeUnit.SECONDS).until(() -> !d.daemon.isWatching());
                try {
                  Files.createFile(gate);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    } finally {
      d.close();
    }
    opener.get(60, TimeUnit.SECONDS);
    // stop() returned only after the running job was published.
    ImageAssertions.assertScaledCopy(d.in.resolve("SLOWME.jpg"), d.out.resolve("SLOWME.jpg"), 0.5);
    assertEquals(1, d.daemon.count("published"));
    assertTrue(d.daemon.pool().children().isEmpty());
  }

  @Test
  void whileAJobHangsItIsTheOldestWaitingAndTheDaemonIsBusyNotUnhealthy() throws Exception {
    try (RunningDaemon d =
        RunningDaemon.withFaults("hang=HANGME")
            .start(dir, "pool.shutdown-grace = 1s")
            .awaitReady()) {
      TestImages.write(d.in.resolve("HANGME.jpg"), 500, 400, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() == 1);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> Http.scrape(d.url()).value("hotshrink_oldest_waiting_seconds", 0) >= 2);
      io.hotshrink.metrics.Exposition m = Http.scrape(d.url());
      assertEquals(1, m.value("hotshrink_jobs_in_flight", -1));
      assertEquals(0, m.value("hotshrink_jobs_done_total", -1));
      assertEquals(200, Http.get(d.url() + "/health").status(), "busy is not unhealthy");
    }
  }

  @Test
  void stopAfterTheGracePeriodKillsTheChildAndLeavesTheSourceForNextTime() throws Exception {
    RunningDaemon d =
        RunningDaemon.withFaults("hang=HANGME").start(dir, "pool.shutdown-grace = 1s").awaitReady();
    long pid;
    List<String> said;
    try (LogCapture log = LogCapture.of(HotshrinkDaemon.class)) {
      try {
        TestImages.write(d.in.resolve("HANGME.jpg"), 500, 400, 1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() == 1);
        pid = d.daemon.pool().children().get(0).pid();
      } finally {
        d.close();
      }
      said = log.messages();
    }
    // The shutdown lines say what was in flight, and what was left of it.
    assertTrue(
        said.contains(
            "stopping: 1 jobs in flight (HANGME.jpg), 0 queued, 0 files in the hot folder still settling"),
        said.toString());
    assertTrue(
        said.stream()
            .anyMatch(
                m ->
                    m.matches(
                        "stopped in \\d+ ms; left unfinished, for the next start: 1 running when"
                            + " the grace period ended \\(HANGME.jpg\\), 0 not started")),
        said.toString());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child killed");
    assertTrue(Files.exists(d.in.resolve("HANGME.jpg")), "the source stays for the next start");
    assertEquals(List.of(), files(d.out), "no output, no temp file");
    assertEquals(List.of(), files(d.failed));
  }

  @Test
  void theJvmsOwnOutputOnStdoutDoesNotBreakTheProtocol() throws Exception {
    // -Xlog without an output goes to stdout, which carries the frames: "[0.004s][info][gc] Using
    // G1" arrives before READY, and more lines between answers.
    try (RunningDaemon d =
        RunningDaemon.start(dir, "pool.jvm-options = [\"-Xlog:gc\", \"-Xlog:safepoint\"]")
            .awaitReady()) {
      dropNormal(d, 6);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 6);
      assertNormalPublished(d, 6);
      assertEquals(List.of(), d.stopped, "no child was killed for it");
    }
  }
}
