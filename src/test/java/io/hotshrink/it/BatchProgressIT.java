package io.hotshrink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import io.hotshrink.testing.UndecodableBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch}'s progress, through the packaged launcher: with standard error going to a file, a
 * line every {@code --progress-every}; on a terminal (a pseudo-terminal made by util-linux's {@code
 * script}), the live bar. Either way standard output holds only the summary line.
 */
class BatchProgressIT {
  private static final int IMAGES = 16;
  private static final Pattern LINE =
      Pattern.compile(
          "batch: (\\d+) of "
              + IMAGES
              + " images \\((\\d+)%\\), (\\d+) failed, [0-9.]+ images/s(, about .+ left"
              + "|, time left not known yet)?, .+ elapsed");

  /** Before the walk of IN has finished (a slow start), the total is not known yet. */
  private static final Pattern EARLY =
      Pattern.compile(
          "batch: (\\d+) images done, still looking for more, \\d+ failed, [0-9.]+ images/s, .+"
              + " elapsed");

  private static final Pattern SUMMARY =
      Pattern.compile("processed=(\\d+) failed=(\\d+) seconds=[0-9.]+ images_per_second=[0-9.]+");

  @TempDir Path dir;

  private void photos() throws Exception {
    for (int i = 0; i < IMAGES - 1; i++) {
      TestImages.write(dir.resolve("in/p" + i + ".jpg"), 800, 600, i);
    }
    Files.write(dir.resolve("in/broken.jpg"), UndecodableBytes.withShortFirstSegment());
  }

  /** One child, one thread: the run lasts as long on a big machine as on this one. */
  private Path oneJobAtATime() throws IOException {
    return Files.writeString(
        dir.resolve("one-at-a-time.conf"), "hotshrink.pool { workers = 1, threads = 1 }\n");
  }

  @Test
  void notOnATerminalAProgressLineComesEveryInterval() throws Exception {
    photos();
    Launcher.Result r =
        Launcher.run(
            dir,
            // For the children: every JVM started in this environment reads JAVA_TOOL_OPTIONS.
            Map.of("JAVA_TOOL_OPTIONS", "-Dhotshrink.test.faults=slow=p:150"),
            "batch",
            "-c",
            oneJobAtATime().toString(),
            "--progress-every",
            "250ms",
            "in",
            "out");
    assertEquals(1, r.status(), "one image failed: " + r.err());
    assertEquals(1, r.out().lines().count(), "stdout is the summary line only: " + r.out());
    Matcher summary = SUMMARY.matcher(r.out().strip());
    assertTrue(summary.matches(), r.out());
    assertEquals(String.valueOf(IMAGES - 1), summary.group(1));
    assertEquals("1", summary.group(2));

    List<String> lines = r.err().lines().filter(l -> l.startsWith("batch: ")).toList();
    // 15 images at 150 ms each, one at a time, plus a child JVM's start: over 2 seconds, on any
    // number of cores.
    assertTrue(lines.size() >= 3, r.err());
    long last = -1;
    int withTotal = 0;
    for (String l : lines) {
      Matcher m = LINE.matcher(l);
      Matcher early = EARLY.matcher(l);
      long finished;
      if (m.matches()) {
        finished = Long.parseLong(m.group(1));
        assertEquals(finished * 100 / IMAGES, Long.parseLong(m.group(2)), l);
        withTotal++;
      } else {
        assertTrue(early.matches() && withTotal == 0, "not a progress line, or out of order: " + l);
        finished = Long.parseLong(early.group(1));
      }
      assertTrue(finished >= last, "never goes back: " + lines);
      last = finished;
    }
    assertTrue(withTotal >= 2, lines.toString());
    assertTrue(
        lines.stream().filter(l -> !l.startsWith("batch: " + IMAGES + " of")).count() >= 2,
        "the lines came while it worked, not after: " + lines);
    for (int i = 0; i < IMAGES - 1; i++) {
      ImageAssertions.assertScaledCopy(
          dir.resolve("in/p" + i + ".jpg"), dir.resolve("out/p" + i + ".jpg"), 0.5);
    }
  }

  @Test
  void onATerminalALiveBarIsDrawn() throws Exception {
    Path script = Tools.require("script");
    photos();
    // script(1) runs the command on a pseudo-terminal and copies what it shows to stdout.
    // A short interval: were progress lines written on a terminal too, they would show.
    String command = Launcher.script() + " batch --progress-every 100ms in out; echo \"exit=$?\"";
    Path shownFile = dir.resolve("screen.txt");
    Process p =
        new ProcessBuilder(script.toString(), "-qec", command, "/dev/null")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(shownFile.toFile()) // read after the wait: a hang cannot block it
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    String screen = Files.readString(shownFile, StandardCharsets.UTF_8);
    assertTrue(screen.contains("exit=1"), screen);
    // The bar: redrawn in place (carriage returns), with the count, the speed and the times.
    assertTrue(screen.contains("\r"), screen);
    assertTrue(screen.contains(IMAGES + "/" + IMAGES + " img"), screen);
    assertTrue(screen.contains("img/s"), screen);
    assertTrue(screen.matches("(?s).*\\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\).*"), screen);
    assertTrue(screen.contains("1 failed"), screen);
    assertFalse(screen.contains("batch: 0 of"), "no progress lines on a terminal: " + screen);
    assertTrue(
        screen
            .lines()
            .flatMap(l -> java.util.Arrays.stream(l.split("\r")))
            .map(String::strip)
            .noneMatch(l -> LINE.matcher(l).matches() || EARLY.matcher(l).matches()),
        "no progress lines on a terminal: " + screen);
    String last =
        screen
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("processed="))
            .findFirst()
            .orElse("");
    Matcher m = SUMMARY.matcher(last);
    assertTrue(m.matches(), screen);
    assertEquals(String.valueOf(IMAGES - 1), m.group(1));
  }
}
