package io.hotshrink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.config.Settings.Lifecycle.AfterSuccess;
import io.hotshrink.input.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** after-success = keep | archive | delete, on real temp folders. */
class SourceDispositionTest {
  @TempDir Path dir;

  private static final long MTIME = 1_700_000_000_000L;

  private SourceDisposition mode(AfterSuccess after) {
    return SourceDisposition.of(
        new Settings.Lifecycle(
            after,
            dir.resolve("done"),
            dir.resolve("state"),
            Settings.Lifecycle.OnConflict.REPLACE,
            Duration.ofSeconds(1)));
  }

  private Source drop(String rel, String content) throws IOException {
    Path f = dir.resolve("in").resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    Files.setLastModifiedTime(f, FileTime.fromMillis(MTIME));
    return new Source(f, Path.of(rel), content.length(), MTIME);
  }

  @Test
  void keepLeavesTheSourceWhereItIs() throws IOException {
    Source s = drop("a.jpg", "x");
    assertEquals(SourceDisposition.Result.KEPT, mode(AfterSuccess.KEEP).apply(s));
    assertTrue(Files.exists(s.path()));
  }

  @Test
  void archiveMovesItUnderTheSameRelativePathNumberingAnEarlierOne() throws IOException {
    SourceDisposition archive = mode(AfterSuccess.ARCHIVE);
    assertEquals(SourceDisposition.Result.ARCHIVED, archive.apply(drop("a/b/c.jpg", "one")));
    assertEquals(SourceDisposition.Result.ARCHIVED, archive.apply(drop("a/b/c.jpg", "second")));
    assertEquals("one", Files.readString(dir.resolve("done/a/b/c.jpg")));
    assertEquals("second", Files.readString(dir.resolve("done/a/b/c (2).jpg")));
    assertFalse(Files.exists(dir.resolve("in/a/b/c.jpg")));
  }

  @Test
  void aCopyAlreadyInTheArchiveFinishesAMoveThatACrashCutShort() throws IOException {
    Source s = drop("a.jpg", "same");
    Path copy = Files.createDirectories(dir.resolve("done")).resolve("a.jpg");
    Files.copy(s.path(), copy);
    Files.setLastModifiedTime(copy, FileTime.fromMillis(MTIME));
    assertEquals(SourceDisposition.Result.ARCHIVED, mode(AfterSuccess.ARCHIVE).apply(s));
    assertFalse(Files.exists(s.path()));
    assertFalse(Files.exists(dir.resolve("done/a (2).jpg")), "not archived twice");
  }

  @Test
  void deleteRemovesIt() throws IOException {
    Source s = drop("a.jpg", "x");
    assertEquals(SourceDisposition.Result.DELETED, mode(AfterSuccess.DELETE).apply(s));
    assertFalse(Files.exists(s.path()));
  }

  @Test
  void aSourceRewrittenMeanwhileIsLeftForItsNewVersion() throws IOException {
    Source s = drop("a.jpg", "x");
    Files.writeString(s.path(), "rewritten");
    assertEquals(SourceDisposition.Result.CHANGED, mode(AfterSuccess.DELETE).apply(s));
    assertEquals(SourceDisposition.Result.CHANGED, mode(AfterSuccess.ARCHIVE).apply(s));
    assertTrue(Files.exists(s.path()));
    Files.delete(s.path());
    assertEquals(SourceDisposition.Result.GONE, mode(AfterSuccess.DELETE).apply(s));
  }
}
