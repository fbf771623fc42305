package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotshrink.metrics.Exposition;
import io.hotshrink.testing.Http;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.UndecodableBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon, two hot folders with their own renditions and drop folders, sharing one pool of child
 * JVMs: the same file name dropped into both comes out of each with that folder's renditions and
 * nothing crosses over; a corrupt file goes to its own folder's failed folder (beside its input, by
 * default); /metrics, /health and {@code hotshrink status} tell the folders apart.
 */
class SeveralHotFoldersIT {
  @TempDir Path dir;

  /**
   * A: two renditions that fit boxes ({stem}-large.jpg, {stem}-thumb.jpg); B: one that scales by
   * 0.25 ({stem}.jpg). Failed, archive and state are left to their defaults: beside each input.
   */
  static String twoFolders(Path root, int port) {
    return "hotshrink {\n"
        + " watch.settle = 300ms\n"
        + " pool { workers = 1, threads = 2, heap = 256m }\n"
        + " http.port = "
        + port
        + "\n folders = [\n"
        + "  { name = a, input = \""
        + root.resolve("a/in")
        + "\", output = \""
        + root.resolve("a/out")
        + "\"\n    renditions = [ { name = large, fit = \"400x400\" },"
        + " { name = thumb, fit = \"100x100\" } ] }\n"
        + "  { name = b, input = \""
        + root.resolve("b/in")
        + "\", output = \""
        + root.resolve("b/out")
        + "\"\n    renditions = [ { name = quarter, scale = 0.25 } ] }\n"
        + " ]\n}\n";
  }

  @Test
  void theSameNameInTwoFoldersGetsEachFoldersRenditionsAndAFailureStaysInItsFolder()
      throws Exception {
    try (RunningDaemon d = RunningDaemon.startWithFile(dir, twoFolders(dir, 0)).awaitReady()) {
      Path aIn = dir.resolve("a/in");
      Path bIn = dir.resolve("b/in");
      assertEquals(aIn, d.folder("a").input());
      assertEquals(dir.resolve("b/failed"), d.folder("b").failed(), "beside B's input");
      Path aPhoto = TestImages.write(aIn.resolve("trip/IMG_1.jpg"), 1200, 900, 1);
      Path bPhoto = TestImages.write(bIn.resolve("trip/IMG_1.jpg"), 800, 600, 2);
      byte[] broken = UndecodableBytes.withShortFirstSegment();
      Files.write(bIn.resolve("trip/broken.jpg"), broken);

      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(
              () ->
                  d.daemon.count("a", "published") == 1
                      && d.daemon.count("b", "published") == 1
                      && d.daemon.count("b", "failed") == 1);
      d.awaitRescanned();
      assertEquals(0, d.daemon.count("a", "failed"));
      assertEquals(2, d.daemon.count("published"));

      // Exactly these files, no temp files, nothing of one folder in the other's drop folder.
      assertEquals(
          List.of("trip/IMG_1-large.jpg", "trip/IMG_1-thumb.jpg"), files(dir.resolve("a/out")));
      assertEquals(List.of("trip/IMG_1.jpg"), files(dir.resolve("b/out")));
      // Decoded: A's renditions are A's photo fitted into its boxes (1200x900 -> 400x300, 100x75),
      // B's is B's photo at a quarter (800x600 -> 200x150); the pixels say whose photo it is.
      assertArrayEquals(
          new int[] {400, 300}, TestImages.size(dir.resolve("a/out/trip/IMG_1-large.jpg")));
      assertArrayEquals(
          new int[] {100, 75}, TestImages.size(dir.resolve("a/out/trip/IMG_1-thumb.jpg")));
      assertArrayEquals(new int[] {200, 150}, TestImages.size(dir.resolve("b/out/trip/IMG_1.jpg")));
      ImageAssertions.assertScaledCopy(
          aPhoto, dir.resolve("a/out/trip/IMG_1-large.jpg"), 400 / 1200.0);
      ImageAssertions.assertScaledCopy(
          aPhoto, dir.resolve("a/out/trip/IMG_1-thumb.jpg"), 100 / 1200.0);
      ImageAssertions.assertScaledCopy(bPhoto, dir.resolve("b/out/trip/IMG_1.jpg"), 0.25);

      // The corrupt file of B is in B's failed folder, beside B's input, intact; A's is empty.
      assertEquals(
          List.of("trip/broken.jpg", "trip/broken.jpg.error.json"), files(dir.resolve("b/failed")));
      assertArrayEquals(broken, Files.readAllBytes(dir.resolve("b/failed/trip/broken.jpg")));
      assertEquals(List.of(), files(dir.resolve("a/failed")));
      // Sources stay (after-success = keep), each in its own input.
      assertEquals(List.of("trip/IMG_1.jpg"), files(aIn));
      assertEquals(List.of("trip/IMG_1.jpg"), files(bIn));
      // Each folder's journal is in its own state folder, beside its input.
      assertTrue(Files.isRegularFile(dir.resolve("a/.hotshrink/journal")));
      assertTrue(Files.isRegularFile(dir.resolve("b/.hotshrink/journal")));
    }
  }

  @Test
  void metricsHealthAndStatusTellTheFoldersApart() throws Exception {
    int port = Http.freePort();
    try (RunningDaemon d = RunningDaemon.startWithFile(dir, twoFolders(dir, port)).awaitReady()) {
      Path aIn = dir.resolve("a/in");
      Path bIn = dir.resolve("b/in");
      TestImages.write(aIn.resolve("one.jpg"), 640, 480, 1);
      TestImages.write(aIn.resolve("two.jpg"), 640, 480, 2);
      Files.write(aIn.resolve("broken.jpg"), UndecodableBytes.withShortFirstSegment());
      for (int i = 0; i < 3; i++) {
        TestImages.write(bIn.resolve("b" + i + ".jpg"), 480, 640, 10 + i);
      }
      // The counters follow the files out: wait on the scrape itself.
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(
              () -> {
                Exposition m = Http.scrape(d.url());
                return m.value("hotshrink_jobs_done_total", -1, "folder", "a") == 2
                    && m.value("hotshrink_jobs_done_total", -1, "folder", "b") == 3
                    && m.sum("hotshrink_jobs_failed_total", "folder", "a") == 1;
              });
      d.awaitRescanned();
      assertEquals(2, files(dir.resolve("a/failed")).size(), "broken.jpg and its sidecar");

      // The rescan's finds (the kept inputs, already done) are judged on the settle loop's time:
      // wait until both folders are idle again rather than catch them on the way.
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(
              () -> {
                Exposition now = Http.scrape(d.url());
                return now.sum("hotshrink_oldest_waiting_seconds") == 0
                    && now.sum("hotshrink_settling_files") == 0
                    && now.sum("hotshrink_queue_depth") == 0
                    && now.sum("hotshrink_jobs_in_flight") == 0;
              });
      Exposition m = Http.scrape(d.url());
      assertEquals(
          1, m.value("hotshrink_jobs_failed_total", -1, "folder", "a", "reason", "undecodable"));
      assertEquals(0, m.sum("hotshrink_jobs_failed_total", "folder", "b"));
      assertEquals(5, m.sum("hotshrink_jobs_done_total"));
      for (String gauge :
          List.of(
              "hotshrink_queue_depth",
              "hotshrink_jobs_in_flight",
              "hotshrink_oldest_waiting_seconds",
              "hotshrink_settling_files")) {
        for (String f : List.of("a", "b")) {
          assertEquals(0, m.value(gauge, -1, "folder", f), gauge + " of " + f + ", idle");
        }
      }

      Http.Answer health = Http.get(d.url() + "/health");
      assertEquals(200, health.status(), health.body());
      List<? extends Config> folders =
          ConfigFactory.parseString(health.body()).getConfigList("folders");
      assertEquals(2, folders.size(), health.body());
      assertEquals("a", folders.get(0).getString("name"));
      assertEquals(aIn.toString(), folders.get(0).getString("input"));
      assertEquals(2, folders.get(0).getInt("done"));
      assertEquals(1, folders.get(0).getInt("failed"));
      assertEquals(0, folders.get(0).getInt("waiting"));
      assertEquals(0, folders.get(0).getInt("in_flight"));
      assertEquals("b", folders.get(1).getString("name"));
      assertEquals(bIn.toString(), folders.get(1).getString("input"));
      assertEquals(3, folders.get(1).getInt("done"));
      assertEquals(0, folders.get(1).getInt("failed"));

      // The port comes from the configuration file, as for a user.
      Launcher.Result status =
          Launcher.run(dir, Map.of("HOTSHRINK_HTTP_PORT", ""), "status", "-c", d.config.toString());
      assertEquals(0, status.status(), status.out() + status.err());
      String out = status.out();
      assertTrue(
          out.contains(
              "  folders:     name    waiting  in flight  oldest      done  failed  input\n"),
          out);
      assertTrue(row("a", 2, 1, aIn).matcher(out).find(), out);
      assertTrue(row("b", 3, 0, bIn).matcher(out).find(), out);
      assertTrue(out.contains("  queue:       0 waiting for a child, 0 files settling"), out);
      assertTrue(out.contains("  in flight:   0\n"), out);
      assertTrue(out.contains("(since start: 5 done, 1 failed)"), out);
    }
  }

  /** A folder's row of {@code hotshrink status}: nothing waiting or running, its counts. */
  private static Pattern row(String name, int done, int failed, Path input) {
    return Pattern.compile(
        "(?m)^ {15}"
            + name
            + " +0 +0  0s +"
            + done
            + " +"
            + failed
            + "  "
            + Pattern.quote(input.toString())
            + "$");
  }
}
