package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.UndecodableBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hot folders through the packaged launcher, as a user runs them: failed, archive and state
 * folders left out land beside each input whatever the working directory (nothing is made there); a
 * state folder holding another folder's journal makes {@code run} exit 2 with what to do;
 * overlapping folders make {@code check-config} and {@code run} exit 2 with FILE: LINE: key.
 */
class SeveralHotFoldersCommandLineIT {
  @TempDir Path dir;

  private static String conf(String folders) {
    return "hotshrink {\n watch.settle = 300ms\n pool { workers = 1, threads = 1, heap = 128m }\n"
        + " folders = [\n"
        + folders
        + " ]\n}\n";
  }

  private static String folder(String name, Path input, Path output, String extra) {
    return "  { name = "
        + name
        + ", input = \""
        + input
        + "\", output = \""
        + output
        + "\""
        + extra
        + " }\n";
  }

  /** Runs the packaged daemon in {@code cwd}, its log in {@code log}. */
  private static Process run(Path cwd, Path conf, Path log) throws Exception {
    return Launcher.builder(cwd, Map.of(), "run", "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static void stop(Process p, Path log) throws Exception {
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  @Test
  void foldersLeftOutAreBesideEachInputAndNothingIsMadeInTheWorkingDirectory() throws Exception {
    Path cwd = Files.createDirectories(dir.resolve("cwd"));
    Path conf = Files.createDirectories(dir.resolve("etc")).resolve("hotshrink.conf");
    Path aIn = dir.resolve("photos-a/in");
    Path bIn = dir.resolve("photos-b/in");
    Files.writeString(
        conf,
        conf(
            folder("a", aIn, dir.resolve("photos-a/out"), "")
                + folder("b", bIn, dir.resolve("photos-b/out"), ", after-success = archive")));

    // check-config, from the same directory, says where they will be.
    Launcher.Result check = Launcher.run(cwd, Map.of(), "check-config", "-c", conf.toString());
    assertEquals(0, check.status(), check.out() + check.err());
    for (String line :
        List.of(
            "  failed:      " + dir.resolve("photos-a/failed") + " (beside input)",
            "  state:       " + dir.resolve("photos-a/.hotshrink") + " (beside input)",
            "  failed:      " + dir.resolve("photos-b/failed") + " (beside input)",
            "  archive:     " + dir.resolve("photos-b/done") + " (beside input)",
            "  state:       " + dir.resolve("photos-b/.hotshrink") + " (beside input)")) {
      assertTrue(check.out().contains(line + "\n"), line + " in:\n" + check.out());
    }

    Path log = dir.resolve("daemon.log");
    byte[] broken = UndecodableBytes.withShortFirstSegment();
    Process p = run(cwd, conf, log);
    try {
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.isDirectory(bIn));
      Path a = TestImages.write(aIn.resolve("x/a.jpg"), 800, 600, 1);
      Files.write(aIn.resolve("x/broken.jpg"), broken);
      Path b = TestImages.write(bIn.resolve("x/b.jpg"), 600, 800, 2);
      byte[] bBytes = Files.readAllBytes(b);
      Path aOut = dir.resolve("photos-a/out/x/a.jpg");
      await()
          .atMost(90, TimeUnit.SECONDS)
          .until(
              () ->
                  Files.exists(aOut)
                      && Files.exists(dir.resolve("photos-a/failed/x/broken.jpg"))
                      && Files.exists(dir.resolve("photos-b/done/x/b.jpg")));
      ImageAssertions.assertScaledCopy(a, aOut, 0.5);
      // B's source was archived once its output was published: compare with what was dropped.
      Path bArchived = dir.resolve("photos-b/done/x/b.jpg");
      assertArrayEquals(bBytes, Files.readAllBytes(bArchived));
      ImageAssertions.assertScaledCopy(bArchived, dir.resolve("photos-b/out/x/b.jpg"), 0.5);
      stop(p, log);
    } finally {
      p.destroyForcibly();
    }

    try (var entries = Files.list(cwd)) {
      assertEquals(List.of(), entries.toList(), "nothing is made in the working directory");
    }
    // Each folder's failed, archive and state are siblings of its input, and nothing else is.
    assertEquals(
        List.of("photos-a", "photos-b"),
        fileNames(dir).stream().filter(n -> n.startsWith("photos")).toList());
    assertEquals(List.of(".hotshrink", "failed", "in", "out"), fileNames(dir.resolve("photos-a")));
    assertEquals(
        List.of(".hotshrink", "done", "failed", "in", "out"), fileNames(dir.resolve("photos-b")));
    assertEquals(
        List.of("x/broken.jpg", "x/broken.jpg.error.json"), files(dir.resolve("photos-a/failed")));
    assertArrayEquals(broken, Files.readAllBytes(dir.resolve("photos-a/failed/x/broken.jpg")));
    assertEquals(List.of(), files(dir.resolve("photos-b/failed")));
    assertEquals(List.of(), files(bIn), "archived");
    // Each journal's header (H, magic, input, folder name, checksum) names its own folder.
    for (var f : Map.of("a", aIn, "b", bIn).entrySet()) {
      Path journal = f.getValue().resolveSibling(".hotshrink/journal");
      assertTrue(Files.isRegularFile(journal), journal.toString());
      String header = Files.readAllLines(journal).get(0);
      assertTrue(header.contains("\t" + f.getValue() + "\t" + f.getKey() + "\t"), header);
    }
  }

  @Test
  void aStateFolderHoldingAnotherFoldersJournalMakesRunExit2() throws Exception {
    Path aIn = dir.resolve("photos-a/in");
    Path conf = dir.resolve("a.conf");
    Files.writeString(conf, conf(folder("a", aIn, dir.resolve("photos-a/out"), "")));
    Path log = dir.resolve("a.log");
    Process p = run(dir, conf, log);
    try {
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.isDirectory(aIn));
      TestImages.write(aIn.resolve("a.jpg"), 400, 300, 1);
      await()
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> Files.exists(dir.resolve("photos-a/out/a.jpg")));
      stop(p, log);
    } finally {
      p.destroyForcibly();
    }
    Path state = dir.resolve("photos-a/.hotshrink");
    byte[] journal = Files.readAllBytes(state.resolve("journal"));

    // Another folder, c, given a's state folder.
    Path cIn = dir.resolve("photos-c/in");
    Path other = dir.resolve("c.conf");
    Files.writeString(
        other, conf(folder("c", cIn, dir.resolve("photos-c/out"), ", state = \"" + state + "\"")));
    Launcher.Result r = Launcher.run(dir, Map.of(), "run", "-c", other.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    String all = r.out() + r.err();
    assertTrue(
        all.contains(
            "the state folder "
                + state
                + " holds the journal of hot folder a ("
                + aIn
                + "), not of c ("
                + cIn
                + "): give this folder its own state folder, or remove "
                + state.resolve("journal")
                + " if you mean to start afresh"),
        all);
    assertFalse(all.contains("child command"), "no child was started: " + all);
    assertArrayEquals(journal, Files.readAllBytes(state.resolve("journal")), "never replaced");
  }

  @Test
  void overlappingFoldersAreRefusedWithFileLineAndKey() throws Exception {
    Path conf = dir.resolve("overlap.conf");
    Files.writeString(
        conf,
        conf(
            folder("a", dir.resolve("a/in"), dir.resolve("a/out"), "")
                + folder("b", dir.resolve("a/in/sub"), dir.resolve("b/out"), "")
                + folder("c", dir.resolve("c/in"), dir.resolve("a/out"), "")));
    String inside =
        conf
            + ": 6: hotshrink.folders[1].input: folder \"b\": is inside the input of folder \"a\" ("
            + dir.resolve("a/in")
            + ")";
    Launcher.Result check = Launcher.run(dir, Map.of(), "check-config", "-c", conf.toString());
    assertEquals(2, check.status(), check.out() + check.err());
    assertTrue(check.err().contains(inside), check.err());
    assertTrue(check.err().contains(conf + ": 7: hotshrink.folders[2].output: "), check.err());

    // run refuses it the same way, before anything is made.
    Launcher.Result run = Launcher.run(dir, Map.of(), "run", "-c", conf.toString());
    assertEquals(2, run.status(), run.out() + run.err());
    assertTrue(run.err().contains(inside), run.err());
    assertFalse(Files.exists(dir.resolve("a")), "nothing made");
  }

  private static List<String> fileNames(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
