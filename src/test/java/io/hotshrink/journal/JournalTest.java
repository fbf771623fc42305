package io.hotshrink.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.input.JobKey;
import io.hotshrink.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a real temp folder: what survives a restart, a torn write, a damaged disk. */
class JournalTest {
  @TempDir Path dir;

  private final Path in = Path.of("/hot/in");
  private final Path out = Path.of("/hot/out");

  private Journal open() throws IOException {
    return Journal.open(dir.resolve("state"), in);
  }

  /** Compacts past 20 extra records instead of 1,000: a test writes a few dozen, not thousands. */
  private static final int SMALL = 20;

  private Journal smallSlack() throws IOException {
    return Journal.open(dir.resolve("state"), in, SMALL);
  }

  private Path file() {
    return dir.resolve("state").resolve(JournalFile.NAME);
  }

  private static JobKey key(String rel, long size) {
    return new JobKey(rel, size, 1_700_000_000_000L);
  }

  private void publish(Journal j, JobKey k) throws IOException {
    Path target = out.resolve(k.relative());
    j.publishing(k, List.of(new Journal.Rename(target.resolveSibling(".t.hstmp"), target)));
    j.done(k, List.of(target));
  }

  @Test
  void aPublishedVersionIsDoneAfterARestartAndANewVersionIsNot() throws IOException {
    try (Journal j = open()) {
      publish(j, key("a.jpg", 100));
      publish(j, key("sub/b.jpg", 200));
      assertTrue(j.isDone(key("a.jpg", 100)));
    }
    try (Journal j = open()) {
      assertEquals(2, j.size());
      assertTrue(j.isDone(key("a.jpg", 100)));
      assertTrue(j.isDone(key("sub/b.jpg", 200)));
      assertFalse(j.isDone(key("a.jpg", 101)), "replaced by new content");
      assertFalse(j.isDone(new JobKey("a.jpg", 100, 1)), "same size, another time");
      assertFalse(j.isDone(key("c.jpg", 100)));
      assertTrue(j.interrupted().isEmpty());
    }
  }

  @Test
  void aPublishThatWasNotRecordedAsDoneIsReportedAsInterrupted() throws IOException {
    Path t1 = out.resolve("x-large.jpg");
    Path t2 = out.resolve("x-thumb.jpg");
    List<Journal.Rename> renames =
        List.of(
            new Journal.Rename(out.resolve(".x-large.jpg.r-1.hstmp"), t1),
            new Journal.Rename(out.resolve(".x-thumb.jpg.r-1.hstmp"), t2));
    try (Journal j = open()) {
      j.publishing(key("x.jpg", 5), renames);
      assertFalse(j.isDone(key("x.jpg", 5)));
    }
    try (Journal j = open()) {
      assertEquals(List.of(new Journal.Interrupted(key("x.jpg", 5), renames)), j.interrupted());
      assertFalse(j.isDone(key("x.jpg", 5)));
      assertTrue(j.wrote("x.jpg", t1), "its outputs are its own while it is redone");
      j.unfinished(key("x.jpg", 5));
    }
    try (Journal j = open()) {
      assertTrue(j.interrupted().isEmpty());
      assertFalse(j.isDone(key("x.jpg", 5)));
      assertTrue(j.wrote("x.jpg", t2));
    }
  }

  @Test
  void theOutputsAnInputWroteAreItsOwnAndNoOneElses() throws IOException {
    try (Journal j = open()) {
      publish(j, key("a.jpg", 1));
      j.done(key("b.jpeg", 1), List.of(out.resolve("b (2).jpg")));
    }
    try (Journal j = open()) {
      assertTrue(j.wrote("a.jpg", out.resolve("a.jpg")));
      assertFalse(j.wrote("a.jpeg", out.resolve("a.jpg")), "another input mapping to a.jpg");
      assertFalse(j.wrote("a.jpg", out.resolve("b.jpg")));
      assertTrue(j.wrote("b.jpeg", out.resolve("b (2).jpg")), "a renamed output");
      assertFalse(j.wrote("b.jpeg", out.resolve("b.jpg")));
    }
  }

  @Test
  void aTornLastRecordIsIgnoredAndCutOffSoTheNextAppendsAreWhole() throws IOException {
    try (Journal j = open()) {
      publish(j, key("a.jpg", 1));
    }
    // The process died in the middle of writing a record.
    byte[] whole = Files.readAllBytes(file());
    Files.write(file(), "D\t2\t1700000000000\tb.j".getBytes(), StandardOpenOption.APPEND);
    try (Journal j = open()) {
      assertTrue(j.isDone(key("a.jpg", 1)));
      assertFalse(j.isDone(key("b.jpg", 2)));
      assertEquals(whole.length, Files.size(file()), "the torn record is cut off");
      publish(j, key("c.jpg", 3));
    }
    try (Journal j = open()) {
      assertTrue(j.isDone(key("a.jpg", 1)));
      assertTrue(j.isDone(key("c.jpg", 3)));
    }
  }

  @Test
  void aDamagedRecordIsSkippedAndEveryOtherKept() throws IOException {
    try (Journal j = open()) {
      publish(j, key("a.jpg", 1));
      publish(j, key("b.jpg", 2));
      publish(j, key("c.jpg", 3));
    }
    String text = Files.readString(file(), StandardCharsets.UTF_8);
    int at = text.lastIndexOf("\tb.jpg");
    // One flipped character in b's done record (its last): its CRC no longer matches.
    Files.writeString(
        file(), text.substring(0, at + 1) + "B" + text.substring(at + 2), StandardCharsets.UTF_8);
    try (Journal j = open()) {
      assertTrue(j.isDone(key("a.jpg", 1)));
      assertFalse(j.isDone(key("b.jpg", 2)), "it is done again: better than trusting garbage");
      assertTrue(j.isDone(key("c.jpg", 3)));
    }
    assertFalse(Files.readString(file()).contains("\tB.jpg"), "rewritten without it");
  }

  @Test
  void namesWithNewlinesTabsAndBackslashesComeBackExactly() throws IOException {
    Set<String> names = Set.of("a\nb.jpg", "tab\there.jpg", "back\\slash\\n.jpg", "é 😀\r.jpg");
    try (Journal j = open()) {
      for (String n : names) {
        publish(j, key(n, 7));
      }
    }
    try (Journal j = open()) {
      assertEquals(names.size(), j.size());
      for (String n : names) {
        assertTrue(j.isDone(key(n, 7)), n);
        assertTrue(j.wrote(n, out.resolve(n)), n);
      }
    }
  }

  @Test
  void theFileStaysSmallWhateverHowManyJobsPassedThrough() throws IOException {
    try (Journal j = smallSlack()) {
      // Archive mode: each input is published, then forgotten once it has left the hot folder.
      for (int i = 0; i < 300; i++) {
        publish(j, key("p" + i + ".jpg", i));
        j.forget("p" + i + ".jpg");
      }
      // Keep mode: the same 100 inputs replaced by new versions again and again.
      for (int i = 0; i < 300; i++) {
        publish(j, key("k" + (i % 100) + ".jpg", i));
      }
      assertEquals(100, j.size());
    }
    long records = Files.readAllLines(file()).size();
    assertTrue(records <= 2 * 100 + SMALL + 1, records + " records for 100 inputs");
    try (Journal j = open()) {
      assertEquals(100, j.size());
      assertTrue(j.isDone(key("k7.jpg", 207)));
    }
  }

  @Test
  void aJournalKeptForAnotherHotFolderIsRefusedNotReplaced() throws IOException {
    try (Journal j = Journal.open(dir.resolve("state"), "shop", in)) {
      publish(j, key("a.jpg", 1));
    }
    ForeignJournalException e =
        assertThrows(
            ForeignJournalException.class,
            () -> Journal.lock(dir.resolve("state"), "scans", Path.of("/elsewhere")));
    assertEquals(
        "the state folder "
            + dir.resolve("state")
            + " holds the journal of hot folder shop (/hot/in), not of scans (/elsewhere): give"
            + " this folder its own state folder, or remove "
            + file()
            + " if you mean to start afresh",
        e.getMessage());
    assertThrows(
        ForeignJournalException.class,
        () -> Journal.open(dir.resolve("state"), "scans", Path.of("/elsewhere")));
    // Refused, the lock is free again and the journal untouched.
    try (Journal j = Journal.open(dir.resolve("state"), "shop", in)) {
      assertTrue(j.isDone(key("a.jpg", 1)));
    }
  }

  @Test
  void anOlderJournalOfTheSameInputIsKeptAndUpgraded() throws IOException {
    try (Journal j = open()) {
      publish(j, key("a.jpg", 1));
    }
    // An older hotshrink's header: no folder name.
    List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
    assertTrue(lines.get(0).contains("default"), lines.get(0));
    lines.set(
        0,
        new String(
                JournalCodec.encode(List.of("H", "hotshrink-journal 1", in.toString())),
                StandardCharsets.UTF_8)
            .strip());
    Files.write(file(), lines, StandardCharsets.UTF_8);
    try (Journal j = Journal.open(dir.resolve("state"), "shop", in)) {
      assertTrue(j.isDone(key("a.jpg", 1)));
    }
    String upgraded = Files.readAllLines(file(), StandardCharsets.UTF_8).get(0);
    assertTrue(upgraded.contains("\tshop\t"), upgraded);
  }

  @Test
  void twoDaemonsCannotShareAStateFolder() throws IOException {
    try (Journal j = open()) {
      IOException e = assertThrows(IOException.class, this::open);
      assertTrue(e.getMessage().contains("in use by another hotshrink"), e.getMessage());
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
    }
    open().close(); // free again once the first is closed
  }

  @Test
  void aSweepForgetsInputsThatLeftButNothingWhenAllSeemGone() throws IOException {
    try (Journal j = open()) {
      publish(j, key("stays.jpg", 1));
      publish(j, key("gone.jpg", 2));
      assertEquals(0, j.sweep(rel -> false), "an unmounted share looks empty: keep everything");
      assertEquals(2, j.size());
      assertEquals(1, j.sweep(rel -> rel.equals("stays.jpg")));
      assertEquals(1, j.size());
    }
    try (Journal j = open()) {
      assertTrue(j.isDone(key("stays.jpg", 1)));
      assertFalse(j.isDone(key("gone.jpg", 2)));
    }
  }

  @Test
  void inMemoryItRemembersOnlyWhileItLives() throws IOException {
    Journal j = Journal.inMemory();
    publish(j, key("a.jpg", 1));
    assertTrue(j.isDone(key("a.jpg", 1)));
    assertTrue(j.wrote("a.jpg", out.resolve("a.jpg")));
  }

  @Test
  void aCompactionThatFailsNeitherFailsTheJobNorIsTriedAtEveryJob() throws IOException {
    try (LogCapture log = LogCapture.of(Journal.class);
        Journal j = smallSlack()) {
      // A folder where the compaction's temp file goes: it cannot be written, as on a full disk.
      Path blocker = Files.createDirectories(dir.resolve("state/journal.tmp/x"));
      // Twice the records the file may hold for one input: a compaction is due half way.
      for (int i = 0; i < SMALL; i++) {
        publish(j, key("k.jpg", i));
      }
      assertTrue(j.isDone(key("k.jpg", SMALL - 1)));
      assertEquals(
          1,
          log.messages().stream().filter(m -> m.contains("cannot compact")).count(),
          "tried once, not at every job: " + log.messages());
      assertTrue(Files.readAllLines(file()).size() > 2 * SMALL, "not compacted");

      Files.delete(blocker);
      Files.delete(blocker.getParent());
      for (int i = 0; i < SMALL; i++) {
        publish(j, key("k.jpg", SMALL + i));
      }
    }
    long records = Files.readAllLines(file()).size();
    assertTrue(records <= 2 + SMALL + 1, records + " records: compacted once it could be");
    try (Journal j = open()) {
      assertTrue(j.isDone(key("k.jpg", 2 * SMALL - 1)));
    }
  }

  @Test
  void aCompactionWhoseRenameFailsLeavesTheJournalWritable() throws IOException {
    JobKey last = key("k.jpg", 9_999);
    Path aside = dir.resolve("state/journal.aside");
    try (Journal j = smallSlack()) {
      // 1 + SMALL records for one input: the next publish makes a compaction due.
      for (int i = 0; i < SMALL / 2; i++) {
        publish(j, key("k.jpg", i));
      }
      // The rename onto the journal fails: a folder has its name (the file, moved aside, is still
      // the one open for writing).
      Files.move(file(), aside);
      Files.createDirectories(file().resolve("x"));
      publish(j, last);
      // The disk is fine again: the journal goes on without a restart.
      Files.delete(file().resolve("x"));
      Files.delete(file());
      Files.move(aside, file());
      publish(j, key("after.jpg", 1));
    }
    try (Journal j = open()) {
      assertTrue(j.isDone(last), "its done record was durable before the compaction");
      assertTrue(j.isDone(key("after.jpg", 1)));
    }
  }
}
