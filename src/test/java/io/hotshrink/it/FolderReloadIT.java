package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Http;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot folders added, changed and removed by SIGHUP to the packaged daemon: a folder added is
 * watched and its drops processed; a folder whose renditions change gives new drops the new size; a
 * folder removed while one of its jobs runs stops being watched, lets that job finish and publish,
 * and processes nothing dropped after; a reload with overlapping folders is refused with FILE:
 * LINE: key and the folders go on as before.
 *
 * <p>A job on a file named GATED waits in its child until the test opens the gate (the test-only
 * {@code gate} fault, through JAVA_TOOL_OPTIONS, which the children inherit): the removal surely
 * happens while it runs.
 */
class FolderReloadIT {
  @TempDir Path dir;

  private String conf(String... folders) {
    return "hotshrink {\n watch.settle = 300ms\n pool { workers = 1, threads = 2, heap = 128m }\n"
        + " folders = [\n"
        + String.join("", folders)
        + " ]\n}\n";
  }

  /** Folder {@code name}: {@code DIR/name/in} to {@code DIR/name/out}, scaled by {@code scale}. */
  private String folder(String name, String scale) {
    return folder(name, dir.resolve(name + "/in"), scale);
  }

  private String folder(String name, Path input, String scale) {
    return "  { name = "
        + name
        + ", input = \""
        + input
        + "\", output = \""
        + dir.resolve(name + "/out")
        + "\", renditions = [ { name = r, scale = "
        + scale
        + " } ] }\n";
  }

  @Test
  void foldersAreAddedChangedAndRemovedBySighupAndABadReloadChangesNothing() throws Exception {
    if (Tools.hangupsIgnoredHere()) {
      Tools.missing("SIGHUP is ignored by this process (started under nohup?)");
    }
    Path gate = dir.resolve("gate-open");
    int port = Http.freePort();
    Path conf =
        Files.writeString(
            dir.resolve("hotshrink.conf"), conf(folder("a", "0.5"), folder("r", "0.5")));
    Path log = dir.resolve("daemon.log");
    Process p =
        Launcher.builder(
                dir,
                Map.of(
                    "HOTSHRINK_HTTP_PORT",
                    Integer.toString(port),
                    "JAVA_TOOL_OPTIONS",
                    "-Dhotshrink.test.faults=gate=GATED:" + gate),
                "run",
                "-c",
                conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    String url = "http://127.0.0.1:" + port;
    byte[] r1Out;
    try {
      // Before: a and r at half size.
      Path a1 = TestImages.write(dir.resolve("a/in/a1.jpg"), 800, 600, 1);
      Path r1 = TestImages.write(dir.resolve("r/in/r1.jpg"), 800, 600, 2);
      awaitFile(dir.resolve("a/out/a1.jpg"));
      awaitFile(dir.resolve("r/out/r1.jpg"));
      ImageAssertions.assertScaledCopy(a1, dir.resolve("a/out/a1.jpg"), 0.5);
      ImageAssertions.assertScaledCopy(r1, dir.resolve("r/out/r1.jpg"), 0.5);
      r1Out = Files.readAllBytes(dir.resolve("r/out/r1.jpg"));

      // A job of r runs, held in its child.
      Path r2 = TestImages.write(dir.resolve("r/in/GATED-r2.jpg"), 800, 600, 3);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Http.scrape(url).value("hotshrink_jobs_in_flight", -1, "folder", "r") == 1);

      // a's renditions change, n is added, r is removed.
      Files.writeString(conf, conf(folder("a", "0.25"), folder("n", "0.5")));
      hup(p);
      awaitCount(log, "configuration reloaded from " + conf, 1);
      String text = Files.readString(log);
      assertTrue(text.contains("folder n added"), text);
      assertTrue(text.contains("folder r removed"), text);
      assertTrue(text.contains("folder a changed: renditions"), text);
      assertTrue(
          text.contains("folder r removed: no longer watched; its jobs in flight finish"), text);

      // Dropped into r after its removal: never processed (checked at the end).
      TestImages.write(dir.resolve("r/in/r3.jpg"), 800, 600, 4);
      Path n1 = TestImages.write(dir.resolve("n/in/n1.jpg"), 800, 600, 5);
      Path a2 = TestImages.write(dir.resolve("a/in/a2.jpg"), 800, 600, 6);
      awaitFile(dir.resolve("n/out/n1.jpg"));
      awaitFile(dir.resolve("a/out/a2.jpg"));
      ImageAssertions.assertScaledCopy(n1, dir.resolve("n/out/n1.jpg"), 0.5);
      ImageAssertions.assertScaledCopy(a2, dir.resolve("a/out/a2.jpg"), 0.25);
      ImageAssertions.assertScaledCopy(a1, dir.resolve("a/out/a1.jpg"), 0.5); // not redone
      assertEquals(List.of("r1.jpg"), files(dir.resolve("r/out")), "r's job is still held");

      // The gate opens: r's job in flight finishes and publishes, with r's settings.
      Files.createFile(gate);
      awaitFile(dir.resolve("r/out/GATED-r2.jpg"));
      ImageAssertions.assertScaledCopy(r2, dir.resolve("r/out/GATED-r2.jpg"), 0.5);
      awaitCount(log, "folder r removed: its last job has ended, its journal is closed", 1);

      // Overlapping folders: refused as a whole, with file, line and key.
      Files.writeString(conf, conf(folder("a", "0.1"), folder("n", dir.resolve("a/in/n"), "0.1")));
      hup(p);
      awaitCount(
          log,
          "reload rejected: "
              + conf
              + ": 6: hotshrink.folders[1].input: folder \"n\": is inside the input of folder"
              + " \"a\"",
          1);
      Path a3 = TestImages.write(dir.resolve("a/in/a3.jpg"), 800, 600, 7);
      Path n2 = TestImages.write(dir.resolve("n/in/n2.jpg"), 800, 600, 8);
      awaitFile(dir.resolve("a/out/a3.jpg"));
      awaitFile(dir.resolve("n/out/n2.jpg"));
      ImageAssertions.assertScaledCopy(a3, dir.resolve("a/out/a3.jpg"), 0.25);
      ImageAssertions.assertScaledCopy(n2, dir.resolve("n/out/n2.jpg"), 0.5);
      assertEquals(
          1,
          Files.readString(log).split("configuration reloaded from", -1).length - 1,
          "the bad file was not applied");

      // The counters of each folder, the removed one's too; the folders in force in /health.
      assertEquals(3, Http.scrape(url).value("hotshrink_jobs_done_total", -1, "folder", "a"));
      assertEquals(2, Http.scrape(url).value("hotshrink_jobs_done_total", -1, "folder", "n"));
      assertEquals(2, Http.scrape(url).value("hotshrink_jobs_done_total", -1, "folder", "r"));
      String health = Http.get(url + "/health").body();
      assertTrue(health.contains("\"name\":\"a\""), health);
      assertTrue(health.contains("\"name\":\"n\""), health);
      assertTrue(!health.contains("\"name\":\"r\""), health);

      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
      assertEquals(0, p.exitValue(), Files.readString(log));
    } finally {
      p.destroyForcibly();
    }
    // r's files: processed before the removal, and its job in flight then; r3 never.
    assertEquals(List.of("GATED-r2.jpg", "r1.jpg"), files(dir.resolve("r/out")));
    assertArrayEquals(r1Out, Files.readAllBytes(dir.resolve("r/out/r1.jpg")), "left intact");
    assertEquals(List.of("GATED-r2.jpg", "r1.jpg", "r3.jpg"), files(dir.resolve("r/in")));
    assertEquals(List.of("a1.jpg", "a2.jpg", "a3.jpg"), files(dir.resolve("a/out")));
    assertEquals(List.of("n1.jpg", "n2.jpg"), files(dir.resolve("n/out")));
    for (String f : List.of("a", "n", "r")) {
      assertEquals(List.of(), files(dir.resolve(f + "/failed")), f);
    }
  }

  private static void awaitFile(Path f) {
    await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(f));
  }

  /** Waits until {@code text} is in the log {@code n} times; fails with the whole log if not. */
  private static void awaitCount(Path log, String text, int n) {
    await()
        .atMost(60, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertTrue(
                    Files.readString(log).split(java.util.regex.Pattern.quote(text), -1).length - 1
                        >= n,
                    Files.readString(log)));
  }

  private static void hup(Process p) {
    Tools.run(List.of("kill", "-HUP", Long.toString(p.pid()))).ok();
  }
}
