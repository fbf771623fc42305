package io.hotshrink.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.input.Source;
import io.hotshrink.testing.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OneJobPerFileTest {
  private final List<Source> started = new ArrayList<>();
  private final List<CompletableFuture<Void>> running = new ArrayList<>();
  private final List<Source> superseded = new ArrayList<>();
  private final OneJobPerFile jobs =
      new OneJobPerFile(
          src -> {
            started.add(src);
            CompletableFuture<Void> f = new CompletableFuture<>();
            running.add(f);
            return f;
          },
          superseded::add);

  private static Source version(long mtime) {
    return Sources.of("a.jpg", 100, mtime);
  }

  @Test
  void aVersionWaitingBehindTheRunningOneRunsAfterItAndAnOlderWaitingOneIsDropped() {
    jobs.submit(version(1));
    jobs.submit(version(2)); // waits
    jobs.submit(version(3)); // replaces 2, which never runs
    assertEquals(List.of(version(1)), started);
    assertEquals(List.of(version(2)), superseded);
    running.get(0).complete(null);
    assertEquals(List.of(version(1), version(3)), started);
    running.get(1).complete(null);
    jobs.submit(version(4)); // nothing runs now: it starts at once
    assertEquals(List.of(version(1), version(3), version(4)), started);
    assertEquals(List.of(version(2)), superseded);
  }
}
