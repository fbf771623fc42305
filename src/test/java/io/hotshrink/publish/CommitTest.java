package io.hotshrink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.config.Settings.Lifecycle.AfterSuccess;
import io.hotshrink.config.Settings.Lifecycle.OnConflict;
import io.hotshrink.input.Source;
import io.hotshrink.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a job in the order a crash can be recovered from, and that recovery: a publish cut
 * short between two renames is finished at the next start, a published source is archived.
 */
class CommitTest {
  @TempDir Path dir;
  private Path in;
  private Path out;
  private Path done;
  private Source src;

  @BeforeEach
  void folders() throws IOException {
    in = Files.createDirectories(dir.resolve("in/sub"));
    out = Files.createDirectories(dir.resolve("out/sub"));
    done = dir.resolve("done");
    Path file = Files.writeString(in.resolve("x.jpg"), "original");
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
    src = new Source(file, Path.of("sub/x.jpg"), 8, 1_700_000_000_000L);
  }

  private Settings.Lifecycle lifecycle(AfterSuccess after) {
    return new Settings.Lifecycle(
        after, done, dir.resolve("state"), OnConflict.REPLACE, Duration.ofSeconds(1));
  }

  private Journal journal() throws IOException {
    return Journal.open(dir.resolve("state"), dir.resolve("in"));
  }

  private Commit commit(Journal j, AfterSuccess after) {
    return Commit.builder()
        .publisher(new Publisher(dir.resolve("failed")))
        .journal(j)
        .onConflict(OnConflict.REPLACE)
        .disposition(SourceDisposition.of(lifecycle(after)))
        .build();
  }

  private List<Planned> temps(long job) throws IOException {
    List<Planned> p =
        new OutputLayout(
                dir.resolve("out"),
                List.of(
                    new Settings.Rendition(
                        "large", Settings.Sizing.scale(0.5), 85, "{dir}/{stem}-{rendition}.jpg"),
                    new Settings.Rendition(
                        "thumb", Settings.Sizing.scale(0.1), 85, "{dir}/{stem}-{rendition}.jpg")))
            .plan(src.relative(), job);
    for (Planned r : p) {
      Files.writeString(r.temp(), r.rendition() + " " + job);
    }
    return p;
  }

  @Test
  void aPublishedJobIsDoneInTheJournalAndItsSourceArchived() throws IOException {
    try (Journal j = journal()) {
      Commit.Done d = commit(j, AfterSuccess.ARCHIVE).publish(src, temps(1));
      assertEquals(SourceDisposition.Result.ARCHIVED, d.source());
      assertEquals(List.of(out.resolve("x-large.jpg"), out.resolve("x-thumb.jpg")), d.outputs());
      assertEquals("large 1", Files.readString(out.resolve("x-large.jpg")));
      assertFalse(Files.exists(src.path()));
      assertEquals("original", Files.readString(done.resolve("sub/x.jpg")));
      assertEquals(0, j.size(), "forgotten once it has left the hot folder");
    }
  }

  @Test
  void inKeepModeTheJournalRemembersThePublishedVersion() throws IOException {
    try (Journal j = journal()) {
      commit(j, AfterSuccess.KEEP).publish(src, temps(1));
    }
    try (Journal j = journal()) {
      assertTrue(j.isDone(src.key()));
      assertTrue(Files.exists(src.path()));
    }
  }

  @Test
  void aCrashBetweenTwoRenamesIsFinishedAtTheNextStartWithoutRedoingTheJob() throws IOException {
    List<Planned> p = temps(1);
    try (Journal j = journal()) {
      j.publishing(
          src.key(), p.stream().map(r -> new Journal.Rename(r.temp(), r.target())).toList());
      // The first rename happened, then the process was killed.
      Files.move(p.get(0).temp(), p.get(0).target());
    }
    try (Journal j = journal()) {
      assertEquals(1, commit(j, AfterSuccess.ARCHIVE).finishInterrupted(dir.resolve("in")));
      assertEquals("large 1", Files.readString(out.resolve("x-large.jpg")));
      assertEquals("thumb 1", Files.readString(out.resolve("x-thumb.jpg")));
      assertFalse(Files.exists(p.get(1).temp()));
      assertEquals("original", Files.readString(done.resolve("sub/x.jpg")), "then archived");
      assertTrue(j.interrupted().isEmpty());
    }
  }

  @Test
  void aCrashAfterDoneButBeforeTheArchiveOnlyArchives() throws IOException {
    try (Journal j = journal()) {
      commit(j, AfterSuccess.KEEP).publish(src, temps(1));
    }
    try (Journal j = journal()) {
      assertTrue(j.isDone(src.key()));
      assertEquals(
          SourceDisposition.Result.ARCHIVED,
          commit(j, AfterSuccess.ARCHIVE).finishDone(src, Fence.NONE));
      assertFalse(Files.exists(src.path()));
    }
  }

  @Test
  void aPublishCutShortWhoseTempFilesAreGoneIsLeftToBeDoneAgain() throws IOException {
    List<Planned> p = temps(1);
    try (Journal j = journal()) {
      j.publishing(
          src.key(), p.stream().map(r -> new Journal.Rename(r.temp(), r.target())).toList());
    }
    Files.delete(p.get(1).temp());
    try (Journal j = journal()) {
      assertEquals(0, commit(j, AfterSuccess.ARCHIVE).finishInterrupted(dir.resolve("in")));
      assertFalse(j.isDone(src.key()));
      assertTrue(Files.exists(src.path()), "the source stays, to be done again");
      assertFalse(Files.exists(p.get(0).temp()), "no temp file is left");
      assertTrue(j.wrote("sub/x.jpg", out.resolve("x-large.jpg")), "its outputs stay its own");
    }
  }

  @Test
  void aPublishWhoseRenamesFailIsNotTakenForDoneAtTheNextStart() throws IOException {
    try (Journal j = journal()) {
      commit(j, AfterSuccess.KEEP).publish(src, temps(1));
    }
    // A second version: its renames are recorded, then fail (one of its temp files is missing).
    Files.writeString(src.path(), "second version");
    Files.setLastModifiedTime(src.path(), FileTime.fromMillis(1_700_000_100_000L));
    Source second = new Source(src.path(), src.relative(), 14, 1_700_000_100_000L);
    List<Planned> p = temps(2);
    Files.delete(p.get(1).temp());
    try (Journal j = journal()) {
      assertThrows(IOException.class, () -> commit(j, AfterSuccess.ARCHIVE).publish(second, p));
      assertFalse(Files.exists(p.get(0).temp()), "its temp files are removed");
    }
    // The next start: the temp files are gone and the first version's outputs are at the
    // targets, which must not pass for the second version's.
    try (Journal j = journal()) {
      assertEquals(0, commit(j, AfterSuccess.ARCHIVE).finishInterrupted(dir.resolve("in")));
      assertFalse(j.isDone(second.key()));
      assertEquals("second version", Files.readString(src.path()), "not archived: done again");
      assertEquals("large 1", Files.readString(out.resolve("x-large.jpg")));
      assertTrue(j.wrote("sub/x.jpg", out.resolve("x-large.jpg")), "its outputs stay its own");
    }
  }

  @Test
  void withSkipAndEveryOutputSomeoneElsesNothingNeedsMaking() throws IOException {
    Files.writeString(out.resolve("x-large.jpg"), "other");
    Files.writeString(out.resolve("x-thumb.jpg"), "other");
    try (Journal j = journal()) {
      Commit c =
          Commit.builder()
              .publisher(new Publisher(dir.resolve("failed")))
              .journal(j)
              .onConflict(OnConflict.SKIP)
              .disposition(SourceDisposition.KEEP)
              .build();
      List<Planned> p = temps(1);
      assertTrue(c.allSkipped(src, p));
      Commit.Done d = c.publish(src, p);
      assertEquals(2, d.skipped());
      assertEquals("other", Files.readString(out.resolve("x-large.jpg")));
      assertTrue(j.isDone(src.key()), "done: the next start does not try again");
    }
  }

  @Test
  void strayTempFilesOfEarlierRunsGoAndOursStay() throws IOException {
    Path old = Files.writeString(out.resolve(".x-large.jpg.zzzzzz-4.hstmp"), "left by a crash");
    Path ours = temps(9).get(0).temp();
    assertEquals(1, StrayTemps.remove(List.of(dir.resolve("out"), dir.resolve("missing"))));
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(ours));
  }

  @Test
  void inASharedDropFolderTheTempFilesOfRunsAliveElsewhereStay() throws IOException {
    Path another = Files.writeString(out.resolve(".y-large.jpg.qqqqqq-7.hstmp"), "another host's");
    Path crashed = Files.writeString(out.resolve(".z-large.jpg.pppppp-2.hstmp"), "a crash's");
    Path ours = temps(3).get(0).temp();
    assertEquals("qqqqqq", OutputLayout.runOf(another.getFileName().toString()));
    assertEquals(1, StrayTemps.remove(List.of(dir.resolve("out")), Set.of("qqqqqq")::contains));
    assertTrue(Files.exists(another), "a job of a daemon alive on another host is writing it");
    assertTrue(Files.exists(ours));
    assertFalse(Files.exists(crashed));
  }

  @Test
  void inClusterModeAPublishCutShortIsGivenUpNotFinished() throws IOException {
    List<Planned> p = temps(1);
    try (Journal j = journal()) {
      j.publishing(
          src.key(), p.stream().map(r -> new Journal.Rename(r.temp(), r.target())).toList());
      Files.move(p.get(0).temp(), p.get(0).target()); // one rename, then kill -9
    }
    try (Journal j = journal()) {
      assertEquals(1, commit(j, AfterSuccess.ARCHIVE).abandonInterrupted());
      assertTrue(j.interrupted().isEmpty());
      assertFalse(j.isDone(src.key()), "done again by whichever host claims it");
    }
    assertFalse(Files.exists(p.get(1).temp()));
    assertFalse(Files.exists(p.get(1).target()), "not renamed without the claim");
    assertEquals("original", Files.readString(src.path()), "the source is not this host's to move");
  }

  /** A fence that answers as told and writes down what it was asked, in order. */
  private static final class ToldFence implements Fence {
    final List<String> asked = new java.util.ArrayList<>();
    boolean mayPublish = true;
    boolean published = true;

    @Override
    public boolean mayPublish(Source s) {
      asked.add("mayPublish");
      return mayPublish;
    }

    @Override
    public boolean published(Source s) {
      asked.add("published, source still there: " + Files.exists(s.path()));
      return published;
    }

    @Override
    public boolean failing(Source s, String reason) {
      throw new UnsupportedOperationException("a publish never asks about a failure");
    }

    @Override
    public void ended(Source s) {
      asked.add("ended, source still there: " + Files.exists(s.path()));
    }
  }

  @Test
  void theFenceIsAskedBeforeTheRenamesThenBeforeTheSourceIsTouchedThenTold() throws IOException {
    ToldFence fence = new ToldFence();
    try (Journal j = journal()) {
      Commit.Done d = commit(j, AfterSuccess.ARCHIVE).publish(src, temps(1), fence);
      assertEquals(SourceDisposition.Result.ARCHIVED, d.source());
    }
    assertEquals(
        List.of(
            "mayPublish",
            "published, source still there: true",
            "ended, source still there: false"),
        fence.asked);
  }

  @Test
  void aFenceThatSaysNoBeforeTheRenamesLeavesNoOutputNoTempAndTheSource() throws IOException {
    ToldFence fence = new ToldFence();
    fence.mayPublish = false;
    List<Planned> p = temps(1);
    try (Journal j = journal()) {
      assertThrows(
          FencedException.class, () -> commit(j, AfterSuccess.ARCHIVE).publish(src, p, fence));
      assertFalse(j.isDone(src.key()));
      assertTrue(j.interrupted().isEmpty(), "nothing recorded for a next start to finish");
    }
    for (Planned r : p) {
      assertFalse(Files.exists(r.temp()), r.temp().toString());
      assertFalse(Files.exists(r.target()), r.target().toString());
    }
    assertEquals("original", Files.readString(src.path()));
    assertEquals(List.of("mayPublish"), fence.asked);
  }

  @Test
  void aFenceThatSaysNoOnceTheOutputsAreInPlaceLeavesTheSourceToTheOtherHost() throws IOException {
    ToldFence fence = new ToldFence();
    fence.published = false;
    try (Journal j = journal()) {
      Commit.Done d = commit(j, AfterSuccess.DELETE).publish(src, temps(1), fence);
      assertEquals(SourceDisposition.Result.FENCED, d.source());
    }
    assertEquals("large 1", Files.readString(out.resolve("x-large.jpg")));
    assertEquals("original", Files.readString(src.path()), "not deleted: not this host's now");
    assertEquals(List.of("mayPublish", "published, source still there: true"), fence.asked);
  }
}
