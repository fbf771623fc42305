package io.hotshrink.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Tools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two ways of reading resident memory, against this very process. The {@code ps} one is what
 * macOS uses; here it runs Linux's ps with the same options (no Mac in CI).
 */
class RssTest {
  private final long self = ProcessHandle.current().pid();
  private final long gone = exited();

  /** The pid of a process that has come and gone. */
  private static long exited() {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor();
      return p.pid();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void procReadsThisProcessAndSkipsOneThatIsGone() {
    Map<Long, Long> m = new Rss.Proc().sample(List.of(self, gone));
    assertEquals(1, m.size(), m.toString());
    assertTrue(m.get(self) > 10L << 20, m.toString());
  }

  @Test
  void oneRunOfPsReadsEveryProcessAskedFor() {
    Tools.require("ps");
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    Map<Long, Long> m = new Rss.Ps().sample(List.of(self, parent, gone));
    assertEquals(2, m.size(), m.toString());
    long proc = new Rss.Proc().sample(List.of(self)).get(self);
    assertTrue(m.get(self) > proc / 2 && m.get(self) < proc * 2, m + " vs /proc " + proc);
  }

  @Test
  void withoutPsThereAreNoSamplesAndNoError() {
    assertEquals(Map.of(), new Rss.Ps(List.of("/nonexistent/ps")).sample(List.of(self)));
  }
}
