package io.hotshrink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command lines get a child started ahead of the pool, and with which settings. */
class EarlyChildTest {
  @TempDir Path dir;

  private Path conf(String body) throws IOException {
    Path f = dir.resolve("hotshrink.conf");
    Files.writeString(f, body);
    return f;
  }

  @Test
  void batchReadsItsConfigurationFile() throws IOException {
    Path f = conf("hotshrink { pool { workers = 1, threads = 3, heap = 300m } }");
    Files.createDirectories(dir.resolve("in"));
    String in = dir.resolve("in").toString();
    String out = dir.resolve("out").toString();
    for (String[] args :
        new String[][] {
          {"batch", "-c", f.toString(), in, out},
          {"batch", in, "--config=" + f, "--progress-every", "5s", out}
        }) {
      Optional<Settings> s = EarlyChild.settings(args);
      assertTrue(s.isPresent(), String.join(" ", args));
      assertEquals(3, s.get().pool().threads());
      assertEquals("300m", s.get().pool().heap());
    }
  }

  @Test
  void anythingElseStartsNothing() throws IOException {
    Path f = conf("hotshrink { pool { workers = 1 } }");
    String c = f.toString();
    for (String[] args :
        new String[][] {
          {},
          {"check-config", "-c", c},
          {"status"},
          {"run", "-c", c},
          {"batch", "--help"},
          {"batch", "-c", c, "--version", "in", "out"},
          {"batch", "-c", c, "only-one-folder"},
          {"batch", "in", "out", "-c"},
          {"batch", "-c", dir.resolve("missing.conf").toString(), "in", "out"}
        }) {
      assertTrue(EarlyChild.settings(args).isEmpty(), String.join(" ", args));
    }
    // A configuration that does not load: the command itself says what is wrong.
    Path bad = conf("hotshrink { pool { workers = many } }");
    assertTrue(
        EarlyChild.settings(new String[] {"batch", "-c", bad.toString(), "a", "b"}).isEmpty());
  }
}
