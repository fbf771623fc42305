package io.hotshrink.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.CrashLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged daemon at random moments while it works, restart, repeat; then:
 * every input has exactly one complete, decodable output set, each output appeared exactly once
 * (nothing processed twice), nothing was lost, no temp file is left. A small drop here; {@code
 * bench/crash-loop.sh} runs 300 photos and 10 kills.
 */
class CrashLoopIT {
  @TempDir Path dir;

  @Test
  void archiveModeSurvivesKillsAtRandomMomentsWithEveryInputDoneExactlyOnce() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    CrashLoop.Report r = new CrashLoop(dir, 24, 4, "archive", seed).run();
    System.out.println(r);
    assertTrue(r.ok(), r + "\n(daemon log: " + dir.resolve("daemon.log") + ")");
  }

  @Test
  void keepModeSurvivesKillsAtRandomMomentsWithoutRedoingFinishedWork() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    CrashLoop.Report r = new CrashLoop(dir, 16, 3, "keep", seed).run();
    System.out.println(r);
    assertTrue(r.ok(), r.toString());
  }
}
