package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged launcher, as a user runs it: exit codes, messages, and a clean stop. */
class CommandLineIT {
  @TempDir Path dir;

  @Test
  void checkConfigNamesTheFileLineAndKeyOfABadValue() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "hotshrink {\n  input = in\n  watch.settle = soon\n}\n");
    Launcher.Result r = Launcher.run(dir, Map.of(), "check-config", "-c", conf.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(conf + ": 3: hotshrink.watch.settle: "), r.err());
  }

  @Test
  void checkConfigPrintsTheEffectiveSettings() throws Exception {
    Path conf = dir.resolve("ok.conf");
    Files.writeString(conf, "hotshrink.renditions = [ { name = web, fit = \"800x800\" } ]\n");
    Launcher.Result r =
        Launcher.run(dir, Map.of("HOTSHRINK_CONFIG", conf.toString()), "check-config");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains(conf.toString()), r.out());
    assertTrue(r.out().contains(dir.resolve("hotfolder/in").toString()), r.out());
    assertTrue(r.out().contains("web: fit=800x800"), r.out());
    // resize.engine = auto resolves to the fast engine where libturbojpeg0 is installed (CI).
    assertTrue(r.out().contains("engine:      turbojpeg (libjpeg-turbo)"), r.out());
  }

  @Test
  void versionHelpAndUsageErrors() throws Exception {
    Launcher.Result v = Launcher.run(dir, Map.of(), "--version");
    assertEquals(0, v.status());
    assertTrue(v.out().startsWith("hotshrink "), v.out());
    Launcher.Result h = Launcher.run(dir, Map.of(), "--help");
    assertEquals(0, h.status());
    for (String cmd : List.of("run", "batch", "check-config", "status", "db")) {
      assertTrue(h.out().contains(cmd), h.out());
    }
    assertEquals(2, Launcher.run(dir, Map.of(), "--no-such-option").status());
    assertEquals(2, Launcher.run(dir, Map.of(), "batch", "only-one-arg").status());
  }

  @Test
  void theLauncherWorksThroughASymlinkFromAnyDirectory() throws Exception {
    Path link = dir.resolve("hs");
    Files.createSymbolicLink(link, Launcher.script());
    Tools.Run r =
        Tools.run(
            new ProcessBuilder(link.toString(), "--version").directory(dir.toFile()),
            Duration.ofMinutes(1));
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("hotshrink "), r.out());
  }

  @Test
  void batchResizesAFolderAndPrintsTheSummaryLine() throws Exception {
    Path in = dir.resolve("photos");
    for (int i = 0; i < 6; i++) {
      TestImages.write(
          in.resolve((i % 2 == 0 ? "" : "day" + i + "/") + "p" + i + ".jpg"), 640 + i * 40, 480, i);
    }
    Files.writeString(in.resolve("readme.txt"), "not a photo");
    Launcher.Result r = Launcher.run(dir, Map.of(), "batch", "photos", "small");
    assertEquals(0, r.status(), r.err());
    String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
    Matcher m =
        Pattern.compile(
                "processed=(\\d+) failed=(\\d+) seconds=([0-9.]+) images_per_second=([0-9.]+)")
            .matcher(last);
    assertTrue(m.matches(), last);
    assertEquals("6", m.group(1));
    assertEquals("0", m.group(2));
    String printed = r.out() + r.err();
    assertFalse(
        printed.contains("child command"), "the 2 KB command line is for DEBUG: " + printed);
    assertTrue(
        Pattern.compile("w1 started \\(pid \\d+, engine \\w+, \\d+ threads")
            .matcher(printed)
            .find(),
        "the child's engine and threads are said: " + printed);
    for (int i = 0; i < 6; i++) {
      String rel = (i % 2 == 0 ? "" : "day" + i + "/") + "p" + i + ".jpg";
      ImageAssertions.assertScaledCopy(in.resolve(rel), dir.resolve("small").resolve(rel), 0.5);
    }
  }

  @Test
  void batchCountsAFileNamedLikeAJpegThatIsNotOneAsFailedAndMovesNothing() throws Exception {
    Path in = dir.resolve("photos");
    TestImages.write(in.resolve("good.jpg"), 640, 480, 1);
    Files.writeString(in.resolve("fake.jpg"), "not a photo");
    Launcher.Result r = Launcher.run(dir, Map.of(), "batch", "photos", "small");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.out().strip().startsWith("processed=1 failed=1 "), r.out());
    assertTrue(r.err().contains("fake.jpg: failed: not a JPEG"), r.err());
    assertTrue(Files.exists(in.resolve("fake.jpg")), "batch never moves inputs");
    assertTrue(Files.exists(in.resolve("good.jpg")));
    assertFalse(Files.exists(dir.resolve("hotfolder")), "no state folder, no journal");
  }

  @Test
  void runOnTheBuiltInDefaultsThenSigtermExitsZeroAndLeavesNoChild() throws Exception {
    Process p =
        Launcher.builder(dir, Map.of(), "run")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile())
            .start();
    try {
      // The built-in defaults: hotfolder/{in,out,failed} under the working directory.
      await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  p.descendants().findAny().isPresent()
                      && Files.isDirectory(dir.resolve("hotfolder/in")));
      Path photo = TestImages.write(dir.resolve("hotfolder/in/new/sub/a.jpg"), 800, 600, 9);
      Path out = dir.resolve("hotfolder/out/new/sub/a.jpg");
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(out));
      ImageAssertions.assertScaledCopy(photo, out, 0.5);
      assertTrue(Files.isDirectory(dir.resolve("hotfolder/failed")));

      List<ProcessHandle> children = p.descendants().toList();
      assertFalse(children.isEmpty());
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
      assertEquals(0, p.exitValue(), Files.readString(dir.resolve("daemon.log")));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
      System.out.printf("run exited %d ms after SIGTERM%n", (System.nanoTime() - t0) / 1_000_000);
    } finally {
      p.destroyForcibly();
    }
  }
}
