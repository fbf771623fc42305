package io.hotshrink.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.input.Source;
import io.hotshrink.testing.Sources;
import org.junit.jupiter.api.Test;

class BacklogTest {
  private final Backlog backlog = new Backlog();

  private static Source src(String name, long mtime) {
    return Sources.of(name, 100, mtime);
  }

  @Test
  void theOldestOfThoseNotDoneIsReported() {
    assertEquals(-1, backlog.oldestSince());
    backlog.add(src("a.jpg", 1), 5000);
    backlog.add(src("b.jpg", 1), 3000);
    assertEquals(3000, backlog.oldestSince());
    backlog.remove(src("b.jpg", 1));
    assertEquals(5000, backlog.oldestSince());
    backlog.remove(src("a.jpg", 1));
    assertEquals(-1, backlog.oldestSince());
    assertEquals(0, backlog.size());
  }

  @Test
  void twoVersionsOfOneFileAreTwoEntries() {
    backlog.add(src("a.jpg", 1), 1000);
    backlog.add(src("a.jpg", 2), 4000);
    backlog.remove(src("a.jpg", 1));
    assertEquals(4000, backlog.oldestSince());
  }
}
