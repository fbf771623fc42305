package io.hotshrink.cluster;

import static io.hotshrink.cluster.ClusterDb.FOLDER;
import static io.hotshrink.cluster.ClusterDb.inputs;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL server goes away under working nodes, and comes back. */
class DatabaseOutageTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();

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
  void aRestartMidRunPausesTheNodesAndLosesOrDoublesNothing() throws Exception {
    int rows = 2000;
    Duration lease = Duration.ofSeconds(4);
    List<Worker> workers = List.of(new Worker("a", lease), new Worker("b", lease));
    workers.get(0).store.offer(FOLDER, inputs(rows));
    ExecutorService threads = Executors.newFixedThreadPool(workers.size());
    List<Future<?>> running = new ArrayList<>();
    workers.forEach(w -> running.add(threads.submit(w)));

    await().atMost(Duration.ofSeconds(30)).until(() -> committed.size() >= 100);
    PG.stop();
    ClusterUnavailableException e =
        assertThrows(ClusterUnavailableException.class, () -> workers.get(0).store.status());
    assertTrue(e.getMessage().startsWith("PostgreSQL at 127.0.0.1:" + PG.port()), e.getMessage());
    assertTrue(e.getMessage().contains("unreachable (reading the cluster status)"), e.getMessage());
    assertFalse(e.getMessage().contains(PG.password()));
    await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() >= 2 * workers.size());
    int before = committed.size();
    PG.start();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> workers.get(0).store.status().folder(FOLDER).published() == rows);
    stop.set(true);
    for (Future<?> f : running) {
      f.get(30, TimeUnit.SECONDS);
    }
    threads.shutdown();

    assertTrue(before < rows, "the restart came mid-run");
    committed.forEach(
        (id, epochs) -> assertEquals(1, epochs.size(), "input " + id + ": " + epochs));
    assertEquals(rows, db.count("SELECT count(*) FROM hotshrink.inputs WHERE state = 'done'"));
  }

  @Test
  void aNodeThatCannotRenewAbandonsItsWorkBeforeItsLeaseRunsOutAndGivesItBackAfter() {
    Duration lease = Duration.ofSeconds(3);
    AtomicReference<Duration> silentFor = new AtomicReference<>();
    List<Claim> abandoned = new ArrayList<>();
    AtomicBoolean resumed = new AtomicBoolean();
    ClusterListener listener =
        new ClusterListener() {
          @Override
          public void abandon(List<Claim> claims, Duration silent) {
            abandoned.addAll(claims);
            silentFor.set(silent);
          }

          @Override
          public void resumed() {
            resumed.set(true);
          }
        };
    ClaimStore a = db.store(db.settings("a", lease), listener);
    a.start();
    ClaimStore b = db.started("b", lease);
    a.offer(FOLDER, inputs(3));
    List<Claim> mine = a.claim(FOLDERS);
    assertEquals(3, mine.size());

    PG.stop();
    await().atMost(lease.multipliedBy(2)).until(() -> silentFor.get() != null);

    ClusterSettings s = a.settings();
    assertTrue(silentFor.get().compareTo(s.abandonAfter()) >= 0, "not before lease − margin");
    assertTrue(silentFor.get().compareTo(lease) < 0, "before the lease runs out: " + silentFor);
    assertEquals(mine, abandoned);
    assertEquals(Standing.ABANDONED, a.standing());
    assertTrue(a.held().isEmpty());
    assertThrows(ClusterUnavailableException.class, () -> a.claim(FOLDERS));

    PG.start();
    await().atMost(Duration.ofSeconds(10)).until(resumed::get);
    assertEquals(Standing.HEALTHY, a.standing());
    await().atMost(Duration.ofSeconds(10)).until(() -> b.standing() == Standing.HEALTHY);

    // a gave its claims back: b gets them at once, not as takeovers after a lease
    List<Claim> back = b.claim(FOLDERS);
    assertEquals(3, back.size());
    back.forEach(c -> assertFalse(c.isTakeover(), c.toString()));
    back.forEach(c -> assertEquals(2, c.epoch()));
    assertEquals(0, b.status().node("a").fenced());
  }

  // --- the restart test's workers: each is a node doing what the daemon will do with a claim ---

  /** id → the epochs whose commit returned COMMITTED: never two for one input. */
  private final Map<Long, Set<Long>> committed = new ConcurrentHashMap<>();

  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();

  private final class Worker implements Runnable, ClusterListener {
    final ClaimStore store;
    final Set<Claim> abandoned = ConcurrentHashMap.newKeySet();

    Worker(String node, Duration lease) {
      store = db.store(db.settings(node, lease), this);
      store.start();
    }

    @Override
    public void abandon(List<Claim> claims, Duration silentFor) {
      abandoned.addAll(claims);
    }

    @Override
    public void run() {
      while (!stop.get()) {
        try {
          for (Claim c : store.claim(FOLDERS)) {
            finish(c);
          }
        } catch (ClusterUnavailableException e) {
          backOff();
        }
      }
    }

    /** Commit (published), dispose, done; each retried while the database is away. */
    private void finish(Claim c) {
      while (!stop.get() && !abandoned.contains(c)) {
        try {
          if (c.task() == Claim.Task.PROCESS) {
            if (store.commit(c, Result.PUBLISHED, null) == Outcome.FENCED) {
              return;
            }
            committed.computeIfAbsent(c.id(), id -> ConcurrentHashMap.newKeySet()).add(c.epoch());
          }
          store.done(c);
          return;
        } catch (ClusterUnavailableException e) {
          backOff();
        }
      }
    }

    private void backOff() {
      failures.incrementAndGet();
      try {
        TimeUnit.MILLISECONDS.sleep(50); // the daemon's backoff, not a wait for a condition
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
