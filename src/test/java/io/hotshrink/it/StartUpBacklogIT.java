package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.daemon.HotshrinkDaemon;
import io.hotshrink.testing.LogCapture;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Photos that arrived while the daemon was down are all processed when it starts, each once. How
 * soon the first output comes (the start-up scan is streamed, not awaited) is measured by the
 * 10,000 file version, bench/startup-backlog.sh.
 */
class StartUpBacklogIT {
  static final int FILES = 2000;

  @TempDir Path dir;

  @Test
  void aBacklogIsProcessedOnceAndInFull() throws Exception {
    byte[] photo = TestImages.jpeg(TestImages.photo(64, 48, 1), 0.8f, false);
    Path in = Files.createDirectories(dir.resolve("in"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      String name = String.format("%02d/IMG_%04d.jpg", i % 40, i);
      Files.createDirectories(in.resolve(name).getParent());
      Files.write(in.resolve(name), photo);
      expected.add(name);
    }
    long t0 = System.nanoTime();
    try (LogCapture log = LogCapture.of(HotshrinkDaemon.class);
        RunningDaemon d = RunningDaemon.start(dir, "")) {
      await().atMost(60, TimeUnit.SECONDS).until(() -> d.daemon.count("published") > 0);
      // How soon is for bench/startup-backlog.sh to measure: on a busy machine any bound here would
      // fail for the wrong reason. Printed, for the curious.
      long first = (System.nanoTime() - t0) / 1_000_000;
      await().atMost(120, TimeUnit.SECONDS).until(() -> d.daemon.count("published") >= FILES);
      long all = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(
          "backlog of %d: first output after %d ms, all after %d ms%n", FILES, first, all);
      assertEquals(expected.stream().sorted().toList(), files(d.out));
      assertEquals(FILES, d.daemon.count("published"));
      // The start-up line says what was found waiting (written at the end of the walk).
      await()
          .atMost(60, TimeUnit.SECONDS)
          .untilAsserted(
              () ->
                  assertTrue(
                      log.messages().stream()
                          .anyMatch(
                              m ->
                                  m.startsWith(
                                      "start-up scan of "
                                          + d.in
                                          + ": "
                                          + FILES
                                          + " files waiting there (")),
                      log.messages().toString()));
    }
  }
}
