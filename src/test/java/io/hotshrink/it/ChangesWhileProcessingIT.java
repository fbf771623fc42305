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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input that changes under a running job: rewritten (the new version is processed and its output
 * replaces the stale one; a job that read a half-rewritten file does not send the input to
 * failed/), or deleted (dropped quietly, nothing published, nothing failed).
 */
class ChangesWhileProcessingIT {
  @TempDir Path dir;

  /** Big enough that its job runs long enough to be caught running. */
  private static byte[] big(long seed) {
    return TestImages.jpeg(TestImages.photo(4800, 3600, seed), 0.9f, false);
  }

  @Test
  void aFileRewrittenWhileItsJobRunsIsProcessedAgainAndItsOutputReplaced() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Path target = d.in.resolve("edited.jpg");
      Files.write(target, big(1));
      await()
          .pollInterval(Duration.ofMillis(5))
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> d.daemon.pool().inFlight() > 0);
      // The user saves a new version over it, in two writes, while the first job runs.
      byte[] edited = TestImages.jpeg(TestImages.photo(800, 600, 2), 0.9f, false);
      try (OutputStream o = Files.newOutputStream(target)) {
        o.write(Arrays.copyOf(edited, edited.length / 2));
        o.flush();
        Thread.sleep(300); // the writer under test
        o.write(Arrays.copyOfRange(edited, edited.length / 2, edited.length));
      }
      Path output = d.out.resolve("edited.jpg");
      // The first job read the old version or a half-written new one: its output is discarded
      // (the input changed under it). Whatever appears is the new version, complete.
      await()
          .pollInterval(Duration.ofMillis(20))
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Files.exists(output));
      ImageAssertions.assertScaledCopy(target, output, 0.5);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(4))
          .until(() -> d.daemon.count("published") == 1);
      ImageAssertions.assertScaledCopy(target, output, 0.5);
      assertEquals(1, d.daemon.count("changed"), "the first job's output was not published");
      assertEquals(List.of("edited.jpg"), files(d.out));
      assertEquals(List.of(), files(d.failed));
      assertEquals(List.of("edited.jpg"), files(d.in));
    }
  }

  @Test
  void aFileDeletedWhileItsJobRunsIsDroppedQuietly() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Path target = d.in.resolve("deleted.jpg");
      Files.write(target, big(3));
      await()
          .pollInterval(Duration.ofMillis(5))
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> d.daemon.pool().inFlight() > 0);
      Files.delete(target);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.count("gone") == 1);
      assertEquals(List.of(), files(d.out), "nothing published for a deleted input");
      assertEquals(List.of(), files(d.failed));
      assertEquals(0, d.daemon.count("published") + d.daemon.count("failed"));
    }
  }

  @Test
  void aFileDeletedBeforeItSettlesIsDroppedQuietly() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      Path early = TestImages.write(d.in.resolve("early.jpg"), 640, 480, 4);
      Files.delete(early);
      TestImages.write(d.in.resolve("kept.jpg"), 640, 480, 5);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      d.daemon.rescan();
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> files(d.out).equals(List.of("kept.jpg")));
      assertEquals(List.of(), files(d.failed));
      assertEquals(0, d.daemon.count("failed") + d.daemon.count("retry"));
    }
  }
}
