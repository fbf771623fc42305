package io.hotshrink.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code batch} in this JVM, with a real child JVM: what it leaves behind when it fails. */
class BatchCommandTest {
  @TempDir Path dir;

  @Test
  void aBatchThatFailsHalfWayStopsItsChildrenAndItsPublishingThread() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    TestImages.write(in.resolve("a.jpg"), 64, 48, 1);
    Path conf = dir.resolve("test.conf");
    Files.writeString(conf, "hotshrink { pool { workers = 1, threads = 1, heap = 64m } }\n");
    Set<Long> childrenBefore = children();
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

    BatchCommand batch = new BatchCommand();
    batch.scan =
        (root, sink, refused) -> {
          throw new IOException("the input disk went away during the scan");
        };
    StringWriter err = new StringWriter();
    int status =
        new CommandLine(batch)
            .setErr(new PrintWriter(err))
            .execute("-c", conf.toString(), in.toString(), dir.resolve("out").toString());

    assertEquals(1, status, err.toString());
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(() -> assertEquals(Set.of(), newOf(children(), childrenBefore)));
    await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertEquals(
                    List.of(),
                    Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> !threadsBefore.contains(t) && t.isAlive())
                        .map(Thread::getName)
                        .filter(n -> n.startsWith("hotshrink-publish") || n.contains("pool"))
                        .toList()));
  }

  private static Set<Long> children() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private static Set<Long> newOf(Set<Long> now, Set<Long> before) {
    return now.stream().filter(p -> !before.contains(p)).collect(Collectors.toSet());
  }
}
