package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the packaged daemon logs, with the shipped conf/logback.xml: the journal format under
 * systemd, timestamped lines on standard error elsewhere, and the optional rolling file. Each run
 * processes a good photo and an undecodable one (a warning), and its child JVM logs its GC to
 * stderr, so the child itself prints lines that must arrive tagged [w1]. Each test twice: the
 * shipped file set up in code (ShippedLogConfigurator, as the launcher runs it) and read by logback
 * ({@code -Dhotshrink.log-in-code=false}).
 */
class LoggingIT {
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR|DEBUG)");

  @TempDir Path dir;

  /** Runs the daemon until both inputs are dealt with, then SIGTERM; stdout goes to {@code out}. */
  private void runOnce(Path out, Path err, Map<String, String> env, boolean inCode)
      throws Exception {
    Path conf = dir.resolve("daemon.conf");
    Files.writeString(
        conf,
        "hotshrink {\n input = in\n output = out\n failed = failed\n watch.settle = 300ms\n"
            + " pool { workers = 1, threads = 1, heap = 128m,"
            + " jvm-options = [\"-Xlog:gc:stderr\"] }\n}\n");
    // the packaged conf/logback.xml must be the shipped one, or "in code" would read the XML too
    assertEquals(
        -1L,
        Files.mismatch(Launcher.dist().resolve("conf/logback.xml"), Path.of("conf/logback.xml")));
    Map<String, String> e = new HashMap<>(env);
    e.put("JAVA_OPTS", inCode ? "" : "-Dhotshrink.log-in-code=false"); // never this JVM's own

    Process p =
        Launcher.builder(dir, e, "run", "-c", conf.toString())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(err.toFile())
            .start();
    try {
      Path photo = TestImages.write(dir.resolve("in/good.jpg"), 640, 480, 1);
      Path bad = dir.resolve("in/bad.jpg");
      Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5, 6, 7});
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/good.jpg")));
      await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("failed/bad.jpg")));
      assertTrue(Files.exists(photo));
    } finally {
      p.destroy();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(0, p.exitValue(), Files.readString(err));
  }

  @ParameterizedTest(name = "in code: {0}")
  @ValueSource(booleans = {true, false})
  void underSystemdLinesGoToStdoutWithSyslogPrioritiesAndNoTimestamps(boolean inCode)
      throws Exception {
    Path out = Files.createFile(dir.resolve("stdout.txt"));
    Path err = dir.resolve("stderr.txt");
    // What systemd sets: the device and inode of the stream it connected to our stdout.
    Map<String, Object> id = Files.readAttributes(out, "unix:dev,ino");
    runOnce(out, err, Map.of("JOURNAL_STREAM", id.get("dev") + ":" + id.get("ino")), inCode);

    List<String> lines = Files.readAllLines(out);
    assertTrue(lines.size() > 10, String.join("\n", lines));
    for (String l : lines) {
      assertTrue(l.matches("<[3467]>.*"), "no syslog priority: " + l);
      assertTrue(!TIMESTAMP.matcher(l.substring(3)).find(), "timestamp under journald: " + l);
    }
    assertHas(lines, "<6>INFO  RunCommand - hotshrink ");
    assertHas(lines, "<6>  log:         systemd journal");
    assertHas(lines, "<6>INFO  Pipeline - good.jpg 640x480");
    assertHas(lines, "<4>WARN  Pipeline - bad.jpg: failed, moved to");
    // The child JVM's own first line (its GC log): no level of ours, so logged as a warning.
    assertHas(lines, "<4>WARN  child - [w1] [");
    assertTrue(lines.stream().anyMatch(l -> l.contains("[w1] [") && l.contains("[gc] Using G1")));
    assertHas(lines, "<6>INFO  RunCommand - SIGTERM received: shutting down");
    assertEquals("", Files.readString(err), "nothing on stderr");
  }

  @ParameterizedTest(name = "in code: {0}")
  @ValueSource(booleans = {true, false})
  void elsewhereTimestampedLinesGoToStderrAndStdoutStaysClean(boolean inCode) throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    // Inherited from a desktop session, but stdout is not that stream: not the journal.
    runOnce(out, err, Map.of("JOURNAL_STREAM", "8:12345"), inCode);

    assertEquals("", Files.readString(out), "stdout is for command output only");
    List<String> lines = Files.readAllLines(err);
    // The start-up summary: one block, what runs and with which settings.
    int first = 0;
    while (!lines.get(first).contains("RunCommand - hotshrink ")) {
      first++;
    }
    assertTrue(lines.get(first).matches(".* starting \\(run\\), pid \\d+"), lines.get(first));
    List<String> block = lines.subList(first + 1, Math.min(lines.size(), first + 21));
    for (String row :
        List.of(
            "  java:        ",
            "  log:         standard error",
            "  config file: " + dir.resolve("daemon.conf"),
            "  input:       " + dir.resolve("in"),
            "  output:      " + dir.resolve("out"),
            "  failed:      " + dir.resolve("failed"),
            "  rendition:   half: scale=0.5, quality 85",
            "  watch:       mode auto, settle 300 ms",
            "  pool:        1 workers x 1 threads, heap 128m",
            "  resize:      engine auto",
            "  engine:      ")) {
      assertHas(block, row);
    }
    long stamped = lines.stream().filter(l -> TIMESTAMP.matcher(l).find()).count();
    assertTrue(stamped > 5, String.join("\n", lines));
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("<")), String.join("\n", lines));
    assertTrue(
        lines.stream()
            .anyMatch(l -> TIMESTAMP.matcher(l).find() && l.contains(" WARN  child - [w1] ")),
        String.join("\n", lines));
    assertTrue(
        lines.stream().anyMatch(l -> l.contains(" WARN  Pipeline - bad.jpg: failed")),
        String.join("\n", lines));
  }

  @ParameterizedTest(name = "in code: {0}")
  @ValueSource(booleans = {true, false})
  void theOptionalRollingFileRollsOverBySize(boolean inCode) throws Exception {
    Path log = dir.resolve("logs/hotshrink.log");
    Map<String, String> env =
        Map.of(
            "HOTSHRINK_LOG_FILE", log.toString(),
            "HOTSHRINK_LOG_MAX_FILE_SIZE", "2KB",
            "HOTSHRINK_LOG_TOTAL_SIZE_CAP", "1MB");
    // Two runs: the second starts on a file already past its size, and rolls it.
    runOnce(dir.resolve("o1.txt"), dir.resolve("e1.txt"), env, inCode);
    Files.delete(dir.resolve("out/good.jpg"));
    Files.move(dir.resolve("failed/bad.jpg"), dir.resolve("in/bad.jpg"));
    runOnce(dir.resolve("o2.txt"), dir.resolve("e2.txt"), env, inCode);

    List<String> current = Files.readAllLines(log);
    assertTrue(current.stream().anyMatch(l -> TIMESTAMP.matcher(l).find()), current.toString());
    // The second run's lines are in the current file and the files rolled from it (which one
    // holds the last lines depends on where the 2 KB limit fell).
    StringBuilder all = new StringBuilder(String.join("\n", current));
    try (Stream<Path> files = Files.list(log.getParent())) {
      List<Path> rolled =
          files
              .filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches("hotshrink\\.log\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.gz"))
              .toList();
      assertFalse(rolled.isEmpty(), "nothing rolled over in " + log.getParent());
      for (Path p : rolled) {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
          all.append('\n')
              .append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    assertTrue(all.toString().contains("SIGTERM received"), all.toString());
    // The console still gets everything.
    assertTrue(Files.readString(dir.resolve("e2.txt")).contains("SIGTERM received"));
  }

  private static void assertHas(List<String> lines, String prefix) {
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith(prefix)),
        "no line starting with \"" + prefix + "\" in:\n" + String.join("\n", lines));
  }
}
