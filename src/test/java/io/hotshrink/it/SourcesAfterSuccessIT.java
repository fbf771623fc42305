package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to a source once its outputs are published (after-success), what a restarted daemon
 * does with sources it has finished (nothing), and outputs in the way (on-conflict = rename).
 */
class SourcesAfterSuccessIT {
  @TempDir Path dir;

  private static void noTempFiles(Path... roots) {
    for (Path r : roots) {
      assertTrue(files(r).stream().noneMatch(f -> f.endsWith(".hstmp")), files(r).toString());
    }
  }

  @Test
  void archiveMovesTheSourceUnderTheSameRelativePathOnceItsOutputIsPublished() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "after-success = archive, archive = done")) {
      Path src = TestImages.write(d.in.resolve("trip/day 1/a.jpg"), 640, 480, 1);
      byte[] original = Files.readAllBytes(src);
      // The source leaves just before the job is counted as published: wait for both.
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () ->
                  files(d.root.resolve("done")).equals(List.of("trip/day 1/a.jpg"))
                      && d.daemon.count("published") == 1);
      assertEquals(List.of("trip/day 1/a.jpg"), files(d.out));
      assertEquals(List.of(), files(d.in));
      Path archived = d.root.resolve("done/trip/day 1/a.jpg");
      assertArrayEquals(original, Files.readAllBytes(archived), "moved intact");
      ImageAssertions.assertScaledCopy(archived, d.out.resolve("trip/day 1/a.jpg"), 0.5);
      assertEquals(1, d.daemon.count("published"));
      noTempFiles(d.out, d.root.resolve("done"));
    }
  }

  @Test
  void deleteRemovesTheSourceOnceItsOutputIsPublished() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "after-success = delete")) {
      TestImages.write(d.in.resolve("a.jpg"), 640, 480, 1);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> files(d.in).isEmpty() && d.daemon.count("published") == 1);
      assertEquals(List.of("a.jpg"), files(d.out));
      assertEquals(640 / 2, TestImages.size(d.out.resolve("a.jpg"))[0]);
      assertEquals(1, d.daemon.count("published"));
    }
  }

  @Test
  void aRestartedDaemonDoesNotRedoFinishedWorkButRedoesAReplacedFile() throws Exception {
    Map<String, Object> identities;
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      for (String n : List.of("a", "b", "sub/c")) {
        TestImages.write(d.in.resolve(n + ".jpg"), 400, 300, n.hashCode());
      }
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 3);
      identities = identities(d.out);
    }
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.count("already_done") == 3);
      assertEquals(0, d.daemon.count("published"));
      assertEquals(identities, identities(d.out), "no output was written again");
      // New content under the same name is a new version: done again.
      TestImages.write(d.in.resolve("b.jpg"), 800, 600, 99);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      assertEquals(400, TestImages.size(d.out.resolve("b.jpg"))[0]);
      ImageAssertions.assertScaledCopy(d.in.resolve("b.jpg"), d.out.resolve("b.jpg"), 0.5);
    }
  }

  /** Each file's inode and modification time: unchanged means never rewritten. */
  private static Map<String, Object> identities(Path root) {
    return files(root).stream()
        .collect(
            Collectors.toMap(
                f -> f,
                f -> {
                  try {
                    BasicFileAttributes a =
                        Files.readAttributes(root.resolve(f), BasicFileAttributes.class);
                    return a.fileKey() + "@" + a.lastModifiedTime().toMillis();
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }));
  }

  @Test
  void renameWritesAnotherInputsOutputBesideTheOneInTheWayAndReusesItsOwnName() throws Exception {
    try (RunningDaemon d = RunningDaemon.start(dir, "on-conflict = rename").awaitReady()) {
      Files.createDirectories(d.out);
      Files.writeString(d.out.resolve("mine.jpg"), "a downstream system's own file");
      TestImages.write(d.in.resolve("x.jpg"), 400, 300, 1);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      // x.jpeg and mine.jpg map to outputs that are already there, written for something else.
      TestImages.write(d.in.resolve("x.jpeg"), 600, 400, 2);
      TestImages.write(d.in.resolve("mine.jpg"), 300, 200, 3);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 3);
      assertEquals(List.of("mine (2).jpg", "mine.jpg", "x (2).jpg", "x.jpg"), files(d.out));
      assertEquals("a downstream system's own file", Files.readString(d.out.resolve("mine.jpg")));
      ImageAssertions.assertScaledCopy(d.in.resolve("x.jpg"), d.out.resolve("x.jpg"), 0.5);
      ImageAssertions.assertScaledCopy(d.in.resolve("x.jpeg"), d.out.resolve("x (2).jpg"), 0.5);
      // A new version of x.jpeg replaces its own "x (2).jpg", not a third name.
      TestImages.write(d.in.resolve("x.jpeg"), 500, 400, 4);
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 4);
      assertEquals(List.of("mine (2).jpg", "mine.jpg", "x (2).jpg", "x.jpg"), files(d.out));
      ImageAssertions.assertScaledCopy(d.in.resolve("x.jpeg"), d.out.resolve("x (2).jpg"), 0.5);
      assertFalse(files(d.out).contains("x (3).jpg"));
    }
  }
}
