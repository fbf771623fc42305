package io.hotshrink.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Processes;
import io.hotshrink.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static methods Windows' procrun calls in {@code --StartMode=jvm} ({@code procrunStart} runs
 * until {@code procrunStop}), called here as procrun would, in this JVM, with real children.
 * prunsrv.exe itself needs Windows and is not run here.
 */
class ProcrunEntryPointsIT {
  @TempDir Path dir;

  @Test
  void procrunStartRunsUntilProcrunStopThenReturnsWithNoChildLeft() throws Exception {
    Path conf =
        Files.writeString(
            dir.resolve("hotshrink.conf"),
            "hotshrink {\n input = \""
                + dir.resolve("in")
                + "\"\n output = \""
                + dir.resolve("out")
                + "\"\n failed = \""
                + dir.resolve("failed")
                + "\"\n watch.settle = 300ms\n pool { workers = 1, threads = 1, heap = 128m }\n"
                + " http.port = 0\n}\n");
    List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
    CompletableFuture<Void> service =
        CompletableFuture.runAsync(
            () -> {
              try {
                HotshrinkService.procrunStart(new String[] {"-c", conf.toString()});
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Path a = TestImages.write(dir.resolve("in/a.jpg"), 640, 480, 1);
    await().atMost(60, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("out/a.jpg")));
    ImageAssertions.assertScaledCopy(a, dir.resolve("out/a.jpg"), 0.5);
    List<ProcessHandle> children =
        ProcessHandle.current().descendants().filter(h -> !before.contains(h)).toList();
    assertFalse(children.isEmpty(), "the service's child JVM");
    assertFalse(service.isDone(), "procrunStart blocks while the service runs");

    HotshrinkService.procrunStop(new String[0]);
    service.get(60, TimeUnit.SECONDS);
    assertTrue(children.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void procrunStartFailsAtOnceOnAnInvalidConfiguration() throws Exception {
    Path conf =
        Files.writeString(dir.resolve("bad.conf"), "hotshrink {\n  watch.settle = soon\n}\n");
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            org.apache.commons.daemon.DaemonInitException.class,
            () -> HotshrinkService.procrunStart(new String[] {"-c", conf.toString()}));
    assertTrue(
        e.getMessage().contains(conf + ": 2: hotshrink.watch.settle: must be a duration"),
        e.getMessage());
    assertEquals(
        List.of(),
        ProcessHandle.current()
            .descendants()
            .filter(ProcessHandle::isAlive)
            .filter(h -> Processes.commandLine(h).contains("WorkerMain"))
            .toList());
  }
}
