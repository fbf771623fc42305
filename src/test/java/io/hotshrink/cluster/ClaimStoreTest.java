package io.hotshrink.cluster;

import static io.hotshrink.cluster.ClusterDb.FOLDER;
import static io.hotshrink.cluster.ClusterDb.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claim store on a real PostgreSQL server, with several stores standing for several hosts:
 * offers meet on one row, each input is claimed by exactly one node, the status adds up.
 */
class ClaimStoreTest {
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
  void offeringTheSameVersionTwiceMakesOneRowAndANewVersionAnother() {
    ClaimStore a = db.store("a", LEASE);
    ClaimStore b = db.store("b", LEASE);
    a.init();
    InputVersion x = new InputVersion("2024/x.jpg", 10, 1_700_000_000_000L);

    assertEquals(1, a.offer(FOLDER, List.of(x)));
    assertEquals(0, a.offer(FOLDER, List.of(x)), "the same version again");
    assertEquals(0, b.offer(FOLDER, List.of(x)), "the same version from another host");
    assertEquals(
        1, a.offer(FOLDER, List.of(new InputVersion("2024/x.jpg", 10, 1_700_000_000_001L))));
    assertEquals(
        1, a.offer(FOLDER, List.of(new InputVersion("2024/x.jpg", 11, 1_700_000_000_000L))));
    assertEquals(1, a.offer("scans", List.of(x)), "the same path in another hot folder");

    // a rescan offers thousands at once, overlapping what is known; a 4 KB path is one of them
    List<InputVersion> rescan = new ArrayList<>(inputs(5000));
    rescan.add(new InputVersion("deep/".repeat(800) + "x.jpg", 1, 1));
    rescan.add(x);
    assertEquals(5001, b.offer(FOLDER, rescan));
    assertEquals(0, a.offer(FOLDER, rescan));
    assertEquals(5005, db.count("SELECT count(*) FROM hotshrink.inputs"));
    assertEquals(5004, a.status().folder(FOLDER).ready());
  }

  @Test
  void nodesClaimingAtOnceGetEveryRowExactlyOnce() throws Exception {
    int rows = 2000;
    int nodes = 4;
    db.store("setup", LEASE).init();
    db.store("setup", LEASE).offer(FOLDER, inputs(rows));
    List<ClaimStore> stores = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      stores.add(db.started("node" + i, Duration.ofSeconds(10)));
    }
    Map<Long, String> claimedBy = new ConcurrentHashMap<>();
    AtomicInteger twice = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(nodes);
    List<Future<Integer>> claimed = new ArrayList<>();
    for (ClaimStore s : stores) {
      claimed.add(
          threads.submit(
              () -> {
                go.await();
                int n = 0;
                for (List<Claim> got = s.claim(FOLDERS); !got.isEmpty(); got = s.claim(FOLDERS)) {
                  for (Claim c : got) {
                    if (claimedBy.putIfAbsent(c.id(), s.settings().node()) != null) {
                      twice.incrementAndGet();
                    }
                    assertEquals(Outcome.COMMITTED, s.commit(c, Result.PUBLISHED, null));
                    assertEquals(Outcome.COMMITTED, s.done(c));
                    n++;
                  }
                }
                return n;
              }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> f : claimed) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    threads.shutdown();

    assertEquals(0, twice.get(), "rows claimed twice");
    assertEquals(rows, total);
    assertEquals(rows, claimedBy.size());
    assertEquals(rows, stores.get(0).status().folder(FOLDER).published());
    assertEquals(1, db.count("SELECT max(epoch) FROM hotshrink.inputs"), "no row claimed twice");
    assertEquals(0, db.count("SELECT count(*) FROM hotshrink.takeovers"));
  }

  @Test
  void finishedInputsThatLeftTheFolderAreForgottenAndOnlyThose() {
    ClaimStore a = db.started("a", LEASE);
    a.offer(FOLDER, inputs(3));
    List<Claim> claims = a.claim(FOLDERS, 2);
    a.commit(claims.get(0), Result.PUBLISHED, null);
    a.done(claims.get(0));
    List<String> gone = inputs(3).stream().map(InputVersion::path).toList();

    assertEquals(1, a.forget(FOLDER, gone), "the claimed and the ready ones stay");
    assertEquals(0, a.forget("scans", gone));
    assertEquals(2, db.count("SELECT count(*) FROM hotshrink.inputs"));
    assertEquals(1, a.offer(FOLDER, inputs(1)), "the same version is new again");
  }

  @Test
  void aVersionGoneBeforeItRanIsDroppedByItsHolderOnlyAndCanBeOfferedAgain() {
    ClaimStore a = db.started("a", LEASE);
    ClaimStore b = db.started("b", LEASE);
    a.offer(FOLDER, inputs(2));
    List<Claim> claims = a.claim(FOLDERS, 2);
    a.commit(claims.get(1), Result.PUBLISHED, null);

    assertEquals(Outcome.FENCED, b.drop(claims.get(0)), "b does not hold it");
    assertEquals(Outcome.COMMITTED, a.drop(claims.get(0)));
    assertEquals(1, db.count("SELECT count(*) FROM hotshrink.inputs"), "the committed one stays");
    assertEquals(List.of(claims.get(1)), a.held(), "the dropped one is no longer renewed");
    assertEquals(1, b.offer(FOLDER, inputs(1)), "a host that still sees it offers it anew");
  }

  @Test
  void theLiveRunsAreThoseOfNodesHeardFromAndNotStopped() {
    ClaimStore a = db.started("a", LEASE, "r1");
    db.started("b", LEASE, "r2");
    db.started("c", LEASE, "r3").close(); // left cleanly: its temp files are no longer written
    assertEquals(java.util.Set.of("r1", "r2"), a.liveRuns());
  }

  @Test
  void statusShowsNodesTheirClaimsAndTheInputsByState() {
    ClaimStore a = db.started("a", Duration.ofSeconds(30));
    ClaimStore b = db.started("b", Duration.ofSeconds(30));
    db.started("c", Duration.ofSeconds(30)).close(); // joined, then left cleanly
    a.offer(FOLDER, inputs(6));
    a.offer("scans", inputs(2));
    List<Claim> byA = a.claim(FOLDERS, 3);
    List<Claim> byB = b.claim(List.of(FOLDER, "scans"), 2);
    a.commit(byA.get(0), Result.PUBLISHED, null);
    a.done(byA.get(0));
    a.commit(byA.get(1), Result.FAILED, "cut short");
    a.done(byA.get(1));
    a.commit(byA.get(2), Result.PUBLISHED, null); // its disposition is under way
    b.release(byB.subList(1, 2)); // given back

    ClusterStatus s = db.store("elsewhere", Duration.ofSeconds(30)).status(); // not a node

    assertEquals(List.of("a", "b", "c"), s.nodes().stream().map(ClusterStatus.Node::name).toList());
    assertTrue(s.node("a").alive());
    assertTrue(s.node("b").alive());
    assertFalse(s.node("c").alive());
    assertTrue(s.node("c").stopped() != null);
    assertEquals(1, s.node("a").claimsHeld());
    assertEquals(1, s.node("b").claimsHeld());
    assertEquals(new ClusterStatus.Folder(FOLDER, 2, 1, 1, 1, 1, 0), s.folder(FOLDER));
    assertEquals(new ClusterStatus.Folder("scans", 2, 0, 0, 0, 0, 0), s.folder("scans"));
    assertEquals(List.of(byA.get(2), byB.get(0)), concat(a.held(), b.held()));
  }

  @Test
  void aNodeNameInUseByALiveDaemonIsRefusedAndFreedWhenItFallsSilent() {
    // the refusal waits two leases, the restart up to one: the shortest lease
    ClaimStore first = db.started("a", ClusterSettings.MIN_LEASE);
    ClusterException e =
        assertThrows(ClusterException.class, () -> db.started("a", ClusterSettings.MIN_LEASE));
    assertTrue(e.getMessage().contains("its own node name"), e.getMessage());

    first.haltRenewals(); // killed: a restarted daemon of the same name gets in after the lease
    ClaimStore restarted = db.started("a", ClusterSettings.MIN_LEASE);
    assertEquals(Standing.HEALTHY, restarted.standing());
  }

  @Test
  void aWrongPasswordIsRefusedClearlyAndNeverShown() {
    String secret = "wrong-" + System.nanoTime();
    ClusterSettings wrong =
        new ClusterSettings(db.url(), PostgresServer.USER, Password.of(secret), LEASE, "a", 8);
    ClusterException e = assertThrows(ClusterException.class, () -> ClaimStore.open(wrong).init());
    assertFalse(e instanceof ClusterUnavailableException, "waiting will not help");
    assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    assertFalse(e.getMessage().contains(secret));
    assertFalse(wrong.toString().contains(secret));
  }

  private static List<Claim> concat(List<Claim> x, List<Claim> y) {
    List<Claim> all = new ArrayList<>(x);
    all.addAll(y);
    return all;
  }
}
