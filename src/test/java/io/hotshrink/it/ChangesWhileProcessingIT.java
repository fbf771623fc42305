package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input that changes under a running job: rewritten (the new version is processed and its output
 * replaces the stale one; a job that read a half-rewritten file does not send the input to
 * failed/), or deleted (dropped quietly, nothing published, nothing failed).
 *
 * <p>A job on a file named GATED waits in its child until the test opens the gate (the test-only
 * {@code gate} fault): the change surely happens while it runs, however fast or slow the machine.
 */
class ChangesWhileProcessingIT {
  @TempDir Path dir;
  private Path gate;

  @BeforeEach
  void gated() {
    gate = dir.resolve("gate-open");
  }

  /** A daemon whose children hold a GATED job until the gate opens. */
  private RunningDaemon start() throws Exception {
    return RunningDaemon.withFaults("gate=GATED:" + gate).start(dir, "");
  }

  @Test
  void aFileRewrittenWhileItsJobRunsIsProcessedAgainAndItsOutputReplaced() throws Exception {
    try (RunningDaemon d = start().awaitReady()) {
      Path target = d.in.resolve("GATED.jpg");
      TestImages.write(target, 1600, 1200, 1);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() > 0);
      // The user saves a new version over it, in two writes, while the first job runs.
      byte[] edited = TestImages.jpeg(TestImages.photo(800, 600, 2), 0.9f, false);
      try (OutputStream o = Files.newOutputStream(target)) {
        o.write(Arrays.copyOf(edited, edited.length / 2));
        o.flush();
        Thread.sleep(300); // the writer under test
        o.write(Arrays.copyOfRange(edited, edited.length / 2, edited.length));
      }
      Files.createFile(gate);
      Path output = d.out.resolve("GATED.jpg");
      // The first job read the old version or a half-written new one: its output is discarded
      // (the input changed under it). Whatever appears is the new version, complete.
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      ImageAssertions.assertScaledCopy(target, output, 0.5);
      d.awaitRescanned();
      assertEquals(1, d.daemon.count("published"));
      ImageAssertions.assertScaledCopy(target, output, 0.5);
      assertEquals(1, d.daemon.count("changed"), "the first job's output was not published");
      assertEquals(List.of("GATED.jpg"), files(d.out));
      assertEquals(List.of(), files(d.failed));
      assertEquals(List.of("GATED.jpg"), files(d.in));
    }
  }

  @Test
  void aFileDeletedWhileItsJobRunsIsDroppedQuietly() throws Exception {
    try (RunningDaemon d = start().awaitReady()) {
      Path target = TestImages.write(d.in.resolve("GATED-deleted.jpg"), 1600, 1200, 3);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() > 0);
      Files.delete(target);
      Files.createFile(gate);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("gone") == 1);
      assertEquals(List.of(), files(d.out), "nothing published for a deleted input");
      assertEquals(List.of(), files(d.failed));
      assertEquals(0, d.daemon.count("published") + d.daemon.count("failed"));
    }
  }

  @Test
  void aFileDeletedBeforeItSettlesIsDroppedQuietly() throws Exception {
    try (RunningDaemon d = start().awaitReady()) {
      Path early = TestImages.write(d.in.resolve("early.jpg"), 640, 480, 4);
      Files.delete(early);
      TestImages.write(d.in.resolve("kept.jpg"), 640, 480, 5);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      d.awaitRescanned();
      assertEquals(List.of("kept.jpg"), files(d.out));
      assertEquals(List.of(), files(d.failed));
      assertEquals(0, d.daemon.count("failed") + d.daemon.count("retry"));
    }
  }
}
