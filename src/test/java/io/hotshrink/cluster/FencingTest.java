package io.hotshrink.cluster;

import static io.hotshrink.cluster.ClusterDb.FOLDER;
import static io.hotshrink.cluster.ClusterDb.inputs;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leases and fencing on a real PostgreSQL server: a dead or paused node's claims are taken over
 * after its lease (by the database's clock), its late results change nothing, and a live node's
 * renewals keep what it holds.
 */
class FencingTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();

  /**
   * Short, so that takeovers wait little; not the shortest allowed (2 s), so that a renewal thread
   * starved of CPU on a busy 2-core machine is not taken for a dead node.
   */
  private static final Duration LEASE = Duration.ofSeconds(3);

  private static final List<String> FOLDERS = List.of(FOLDER);

  private ClusterDb db;

  @BeforeEach
  void freshDatabase() {
    db = new ClusterDb(PG);
  }

  @AfterEach
  void closeStores() {
    db.close();
  }

  @Test
  void anExpiredLeaseIsTakenOverWithTheNextEpochAndCountedAsATakeover() {
    ClaimStore a = db.started("a", LEASE);
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(1));
    Claim mine = a.claim(FOLDERS).get(0);
    assertEquals(1, mine.epoch());
    assertFalse(mine.isTakeover());
    assertTrue(b.claim(FOLDERS).isEmpty(), "held by a");

    a.haltRenewals(); // a dies (or stops answering): its lease runs out
    Claim taken = takeOver(b);

    assertEquals(mine.id(), taken.id());
    assertEquals(2, taken.epoch());
    assertEquals("a", taken.takenOverFrom());
    assertEquals(Claim.Task.PROCESS, taken.task());
    ClusterStatus status = b.status();
    assertEquals(1, status.node("b").takeovers());
    assertEquals(0, status.node("a").takeovers());
    assertEquals(1, status.node("b").claimsHeld());
    assertEquals(0, status.node("a").claimsHeld());
  }

  @Test
  void aFencedNodesLateResultIsRefusedAndChangesNothing() {
    ClaimStore a = db.started("a", LEASE);
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(1));
    Claim late = a.claim(FOLDERS).get(0);
    a.haltRenewals(); // a is paused (GC, SIGSTOP) past its lease
    Claim taken = takeOver(b);

    // a wakes up and carries on as if nothing happened
    assertFalse(a.confirm(late), "the fence check before the renames");
    assertEquals(Outcome.FENCED, a.commit(late, Result.PUBLISHED, null));
    assertEquals(Outcome.FENCED, a.done(late));

    assertEquals(
        "claimed b 2 null",
        db.text(
            "SELECT state || ' ' || node || ' ' || epoch || ' ' || coalesce(result, 'null')"
                + " FROM hotshrink.inputs"));
    assertEquals(1, b.status().node("a").fenced(), "one fenced claim, however many refusals");
    assertEquals(0, b.status().node("b").fenced());

    assertTrue(b.confirm(taken));
    assertEquals(Outcome.COMMITTED, b.commit(taken, Result.PUBLISHED, null));
    assertEquals(Outcome.COMMITTED, b.done(taken));
    assertEquals(1, b.status().folder(FOLDER).published());
  }

  @Test
  void renewalsKeepALeaseAlivePastItsFirstExpiry() {
    ClaimStore a = db.started("a", LEASE);
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(1));
    Claim mine = a.claim(FOLDERS).get(0);
    Instant firstExpiry = db.instant("SELECT lease_until FROM hotshrink.inputs");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> db.instant("SELECT now()").isAfter(firstExpiry.plusMillis(500)));

    assertTrue(b.claim(FOLDERS).isEmpty(), "still a's");
    assertTrue(db.instant("SELECT lease_until FROM hotshrink.inputs").isAfter(firstExpiry));
    assertTrue(a.confirm(mine));
    assertEquals(Outcome.COMMITTED, a.commit(mine, Result.PUBLISHED, null));
    assertEquals(1, a.status().node("a").claimsHeld());
  }

  @Test
  void aCommittedResultWhoseDispositionDidNotFinishIsClaimedAgainForTheDispositionOnly() {
    ClaimStore a = db.started("a", LEASE);
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(2));
    List<Claim> mine = a.claim(FOLDERS);
    String why = "not a JPEG: the content is a PNG image";
    assertEquals(Outcome.COMMITTED, a.commit(mine.get(0), Result.PUBLISHED, null));
    assertEquals(Outcome.COMMITTED, a.commit(mine.get(1), Result.FAILED, why));
    assertEquals(2, a.status().folder(FOLDER).committed());
    a.haltRenewals(); // a dies before archiving / moving the sources

    // each lease runs out on its own: the two may come back in two claims
    List<Claim> again = new CopyOnWriteArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> again.addAll(b.claim(FOLDERS)) && again.size() == 2);
    again.sort(Comparator.comparingLong(Claim::id));

    assertEquals(Claim.Task.DISPOSE_PUBLISHED, again.get(0).task());
    assertNull(again.get(0).reason());
    assertEquals(Claim.Task.DISPOSE_FAILED, again.get(1).task());
    assertEquals(why, again.get(1).reason());
    assertEquals("a", again.get(1).takenOverFrom());
    assertThrows(IllegalStateException.class, () -> b.commit(again.get(0), Result.PUBLISHED, null));
    assertEquals(Outcome.COMMITTED, b.done(again.get(0)));
    assertEquals(Outcome.COMMITTED, b.done(again.get(1)));
    assertEquals(Outcome.COMMITTED, b.done(again.get(1)), "done twice is done");
    assertEquals(Outcome.FENCED, a.done(mine.get(0)), "a's late disposition");

    ClusterStatus.Folder counts = b.status().folder(FOLDER);
    assertEquals(1, counts.published());
    assertEquals(1, counts.failed());
    assertEquals(0, counts.committed());
  }

  @Test
  void aRenewalThatFindsItsClaimTakenOverTellsTheDaemonAndCountsItFenced() {
    List<Claim> lost = new CopyOnWriteArrayList<>();
    ClaimStore a =
        db.store(
            db.settings("a", LEASE),
            new ClusterListener() {
              @Override
              public void lost(List<Claim> claims) {
                lost.addAll(claims);
              }
            });
    a.start();
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(2));
    List<Claim> mine = a.claim(FOLDERS);

    // a's renewals came too late for the first one (as after a pause): by the database's clock
    // its lease ran out, and b took it over
    Claim taken =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  db.expireLease(mine.get(0).id());
                  return b.claim(FOLDERS);
                },
                c -> !c.isEmpty())
            .get(0);
    assertEquals(mine.get(0).id(), taken.id());

    await().atMost(Duration.ofSeconds(5)).until(() -> lost.equals(mine.subList(0, 1)));
    assertEquals(mine.subList(1, 2), a.held());
    assertEquals(1, a.status().node("a").fenced());
    assertEquals(Outcome.FENCED, a.commit(mine.get(0), Result.PUBLISHED, null));
    assertEquals(Outcome.COMMITTED, a.commit(mine.get(1), Result.PUBLISHED, null));
    assertEquals(1, a.status().node("a").fenced(), "counted once");
  }

  @Test
  void aClaimTakenOverAndFinishedAndForgottenSinceStillCountsFencedWhenGivenBack() {
    ClaimStore a = db.started("a", LEASE);
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(1));
    Claim late = a.claim(FOLDERS).get(0);
    // a is paused past its lease (its renewals halted: a renewal would put the lease back, or
    // find the claim lost and count it fenced itself); b takes the input over, archives it and
    // forgets its row
    a.haltRenewals();
    db.expireLeases();
    Claim taken = takeOver(b);
    b.commit(taken, Result.PUBLISHED, null);
    b.done(taken);
    assertEquals(1, b.forget(FOLDER, List.of(taken.input().path())));

    assertEquals(0, a.status().node("a").fenced(), "nothing fenced before a gives it back");
    a.release(List.of(late)); // a, back, gives up what it abandoned: no row is a row taken over
    assertEquals(1, a.status().node("a").fenced());
  }

  private static Claim takeOver(ClaimStore by) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> by.claim(FOLDERS), c -> !c.isEmpty())
        .get(0);
  }
}
