package io.hotshrink.daemon;

import static io.hotshrink.cluster.ClusterDb.FOLDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.cluster.Claim;
import io.hotshrink.cluster.ClaimStore;
import io.hotshrink.cluster.ClusterDb;
import io.hotshrink.cluster.InputVersion;
import io.hotshrink.input.Source;
import io.hotshrink.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A claimed job's fence on a real PostgreSQL server, with two stores standing for two hosts: what
 * it records at each step, and that a host whose claim was taken over is told no, and counted.
 */
class ClaimFenceTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final InputVersion X = new InputVersion("a/x.jpg", 100, 1_700_000_000_000L);
  private static final Source SRC = new Source(Path.of("/in/a/x.jpg"), Path.of("a/x.jpg"), 100, 0);

  private ClusterDb db;
  private ClaimStore a;
  private ClaimStore b;

  @BeforeEach
  void twoHosts() {
    db = new ClusterDb(PG);
    a = db.started("a", LEASE);
    b = db.started("b", LEASE);
    a.offer(FOLDER, List.of(X));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private String row() {
    return db.text("SELECT state || ' ' || coalesce(result, '-') FROM hotshrink.inputs");
  }

  @Test
  void aPublishedInputIsCommittedBeforeItsSourceIsTouchedThenDone() {
    ClaimFence fence = new ClaimFence(a, a.claim(List.of(FOLDER)).get(0));
    assertTrue(fence.mayPublish(SRC));
    assertEquals("claimed -", row());
    assertTrue(fence.published(SRC));
    assertTrue(fence.committed());
    assertEquals("committed published", row());
    fence.ended(SRC);
    assertTrue(fence.ended());
    assertEquals("done published", row());
    assertEquals(List.of(), a.held());
  }

  @Test
  void aFailureIsCommittedWithItsReasonForTheHostThatMovesItAside() {
    ClaimFence fence = new ClaimFence(a, a.claim(List.of(FOLDER)).get(0));
    assertTrue(fence.failing(SRC, "cannot decode: Bogus marker length"));
    // this host dies before the move: its lease runs out, another host takes the disposition
    db.expireLeases();
    Claim taken = b.claim(List.of(FOLDER)).get(0);
    assertEquals(Claim.Task.DISPOSE_FAILED, taken.task());
    assertEquals("cannot decode: Bogus marker length", taken.reason());
    ClaimFence theirs = new ClaimFence(b, taken);
    assertTrue(theirs.failing(SRC, "not asked again"), "committed already: only confirmed");
    theirs.ended(SRC);
    assertEquals("done failed", row());
  }

  @Test
  void aHostWhoseClaimWasTakenOverIsToldNoAtEveryStepAndCountedFenced() {
    ClaimFence late = new ClaimFence(a, a.claim(List.of(FOLDER)).get(0));
    // paused past its lease: another host takes the input over
    db.expireLeases();
    ClaimFence now = new ClaimFence(b, b.claim(List.of(FOLDER)).get(0));
    assertEquals(2, now.claim().epoch());

    assertFalse(late.mayPublish(SRC));
    assertFalse(late.published(SRC));
    assertFalse(late.committed());
    assertEquals(1, db.count("SELECT count(*) FROM hotshrink.fenced WHERE node = 'a'"));

    assertTrue(now.mayPublish(SRC));
    assertTrue(now.published(SRC));
    now.ended(SRC);
    assertEquals("done published", row());
  }

  @Test
  void aVersionGoneBeforeItRanIsDroppedAndADatabaseThatCannotBeAskedIsANo() {
    ClaimFence gone = new ClaimFence(a, a.claim(List.of(FOLDER)).get(0));
    gone.drop();
    assertEquals(0, db.count("SELECT count(*) FROM hotshrink.inputs"));

    a.offer(FOLDER, List.of(new InputVersion("a/y.jpg", 5, 0)));
    ClaimFence cut = new ClaimFence(a, a.claim(List.of(FOLDER)).get(0));
    PG.stop(); // the database goes away
    try {
      assertFalse(cut.mayPublish(SRC), "no answer is a no: the work is discarded, not published");
    } finally {
      PG.start();
    }
  }
}
