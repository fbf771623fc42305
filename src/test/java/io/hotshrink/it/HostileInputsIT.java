package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ExternalTools;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@code src/test/scripts/hostile-corpus.sh}: empty, random bytes, PNG and GIF
 * named .jpg, cut short at 1/50/99 %, damaged entropy data, a 65535x65535 header, 100 MB, CMYK,
 * YCCK, gray, 66 progressive scans, restart markers, 64 KB of EXIF, all 8 orientations, trailing
 * data, MPO, mode 000) dropped at once into a running daemon, after a file deleted while it waited
 * in the queue. Each file comes out correct or lands in failed/ with a sidecar that says why; the
 * others are unaffected; the daemon stays up; no temp file is left.
 */
class HostileInputsIT {
  @TempDir Path dir;

  /** One line of the corpus's expected.tsv. */
  private record Expected(String name, String outcome, String detail) {
    String stem() {
      return name.substring(0, name.lastIndexOf('.'));
    }
  }

  @Test
  void eachHostileFileIsPublishedCorrectlyOrFailedWithItsReasonAndTheDaemonStaysUp()
      throws Exception {
    ExternalTools.require(ExternalTools.CONVERT, "imagemagick");
    ExternalTools.require(ExternalTools.EXIFTOOL, "libimage-exiftool-perl");
    ExternalTools.require(Path.of("/usr/bin/cjpeg"), "libjpeg-turbo-progs");
    ExternalTools.require(Path.of("/usr/bin/python3"), "python3 python3-pil");
    if (Tools.run(List.of("/usr/bin/python3", "-c", "import PIL")).status() != 0) {
      Tools.missing("python3-pil is not installed (apt-get install python3-pil)");
    }
    Path corpus = dir.resolve("corpus");
    Tools.run(
            List.of(
                "bash",
                Tools.repo().resolve("src/test/scripts/hostile-corpus.sh").toString(),
                corpus.toString()))
        .ok();
    List<Expected> expected = new ArrayList<>();
    for (String line : Files.readAllLines(corpus.resolve("expected.tsv"))) {
      String[] f = line.split("\t", -1);
      expected.add(new Expected(f[0], f[1], f[2]));
    }
    Files.delete(corpus.resolve("expected.tsv"));
    Map<String, byte[]> originals = new LinkedHashMap<>();
    for (Expected e : expected) {
      if (!e.name().startsWith("mode-000") && !e.name().startsWith("huge")) {
        originals.put(e.name(), Files.readAllBytes(corpus.resolve(e.name())));
      }
    }

    // The one file that holds the child's only job thread until the gate opens, so the next one
    // waits queued.
    Path gate = dir.resolve("gate-open");
    try (RunningDaemon d =
        RunningDaemon.withFaults("gate=HOLDS-THE-QUEUE:" + gate)
            .start(
                dir,
                "after-success = archive\n archive = done\n watch.incomplete-timeout = 3s\n"
                    + " limits.max-file-size = 50M\n pool.threads = 1")
            .awaitReady()) {
      TestImages.write(d.in.resolve("HOLDS-THE-QUEUE.jpg"), 640, 480, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.pool().inFlight() == 1);
      TestImages.write(d.in.resolve("deleted-while-queued.jpg"), 640, 480, 2);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.pool().queued() == 1);
      Files.delete(d.in.resolve("deleted-while-queued.jpg"));
      Files.createFile(gate);
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(() -> d.daemon.count("gone") == 1 && d.daemon.count("published") == 1);

      // The whole corpus at once (renames: each file appears whole).
      for (Expected e : expected) {
        Files.move(corpus.resolve(e.name()), d.in.resolve(e.name()));
      }
      await().atMost(3, TimeUnit.MINUTES).until(() -> expected.stream().allMatch(e -> ended(d, e)));

      int published = 0;
      int failed = 0;
      for (Expected e : expected) {
        Path out = d.out.resolve(e.stem() + ".jpg");
        boolean wasPublished = Files.exists(d.root.resolve("done").resolve(e.name()));
        switch (e.outcome()) {
          case "ok" -> {
            assertTrue(wasPublished, e.name() + " was not published");
            assertOutput(out, e.detail());
            published++;
          }
          case "either" -> {
            if (wasPublished) {
              assertOutput(out, e.detail());
              published++;
            } else {
              assertFailed(d, e, "");
              failed++;
            }
          }
          case "failed" -> {
            assertFailed(d, e, e.detail());
            assertFalse(Files.exists(out), e.name() + " has an output");
            failed++;
          }
          default -> assertTrue(Files.exists(d.in.resolve(e.name())), e.name() + " was moved");
        }
        if (originals.containsKey(e.name()) && !e.outcome().equals("ignored")) {
          Path where =
              wasPublished ? d.root.resolve("done").resolve(e.name()) : d.failed.resolve(e.name());
          assertArrayEquals(originals.get(e.name()), Files.readAllBytes(where), e.name());
        }
      }
      for (int i = 1; i <= 3; i++) {
        ImageAssertions.assertScaledCopy(
            d.root.resolve("done/plain-" + i + ".jpg"), d.out.resolve("plain-" + i + ".jpg"), 0.5);
      }
      System.out.printf(
          "hostile corpus: %d files: %d published, %d failed with a reason, 1 ignored, 1 deleted"
              + " while queued%n",
          expected.size(), published, failed);
      assertEquals(List.of("notes.txt"), files(d.in));
      // A job is counted just after its files are where they go.
      int publishedCount = published;
      int failedCount = failed;
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () ->
                  d.daemon.count("published") == 1 + publishedCount
                      && d.daemon.count("failed") == failedCount);
      for (Path root : List.of(d.in, d.out, d.failed, d.root.resolve("done"))) {
        assertTrue(
            files(root).stream().noneMatch(f -> f.endsWith(".hstmp")), files(root).toString());
      }

      // Still up and well: the next photo goes through as if nothing had happened.
      assertTrue(d.daemon.isWatching());
      TestImages.write(d.in.resolve("after.jpg"), 500, 400, 3);
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(d.out.resolve("after.jpg")));
      ImageAssertions.assertScaledCopy(
          d.root.resolve("done/after.jpg"), d.out.resolve("after.jpg"), 0.5);
    }
  }

  /** Published (source archived, output there) or failed (moved with its sidecar), or ignored. */
  private static boolean ended(RunningDaemon d, Expected e) {
    boolean published =
        Files.exists(d.root.resolve("done").resolve(e.name()))
            && Files.exists(d.out.resolve(e.stem() + ".jpg"));
    boolean failed =
        Files.exists(d.failed.resolve(e.name()))
            && Files.exists(d.failed.resolve(e.name() + ".error.json"));
    return e.outcome().equals("ignored") || published || failed;
  }

  private static void assertOutput(Path out, String size) {
    int[] wh = TestImages.size(out); // decodes it whole
    assertEquals(size, wh[0] + "x" + wh[1], out.toString());
  }

  private static void assertFailed(RunningDaemon d, Expected e, String reasonWord)
      throws Exception {
    assertTrue(Files.exists(d.failed.resolve(e.name())), e.name() + " is not in failed/");
    String json = Files.readString(d.failed.resolve(e.name() + ".error.json"));
    for (String field :
        List.of("source", "reason", "error", "attempts", "engine", "size", "time")) {
      assertTrue(
          json.contains("\"" + field + "\""), e.name() + " sidecar lacks " + field + ": " + json);
    }
    String reason = json.substring(json.indexOf("\"reason\""));
    reason = reason.substring(0, reason.indexOf('\n'));
    assertTrue(reason.contains(reasonWord), e.name() + ": " + reason);
  }
}
