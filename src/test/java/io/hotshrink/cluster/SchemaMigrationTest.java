package io.hotshrink.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema is created and migrated by whoever comes first, once, however many start at once. */
class SchemaMigrationTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();

  private ClusterDb db;

  @BeforeEach
  void freshDatabase() {
    db = new ClusterDb(PG);
  }

  @AfterEach
  void closeStores() {
    db.close();
  }

  /** The real migrations plus one more, as a later release would add it. */
  private static final List<Sql.Migration> NEXT_RELEASE =
      append(
          Sql.MIGRATIONS,
          new Sql.Migration(
              Sql.MIGRATIONS.size() + 1,
              "a later release's table",
              List.of("CREATE TABLE hotshrink.later (x INT)")));

  @Test
  void daemonsStartingTogetherMigrateOnce() throws Exception {
    int daemons = 4;
    CyclicBarrier together = new CyclicBarrier(daemons);
    ExecutorService threads = Executors.newFixedThreadPool(daemons);
    List<Future<Integer>> versions = new ArrayList<>();
    for (int i = 0; i < daemons; i++) {
      Db connection = new Db(db.settings("d" + i, Duration.ofSeconds(30)), "test");
      versions.add(
          threads.submit(
              () -> {
                try (connection) {
                  together.await();
                  // a CREATE TABLE run twice would fail: each migration must run exactly once
                  return new Migrations(NEXT_RELEASE).migrate(connection);
                }
              }));
    }
    for (Future<Integer> v : versions) {
      assertEquals(NEXT_RELEASE.size(), v.get(60, TimeUnit.SECONDS));
    }
    threads.shutdown();
    assertEquals(
        NEXT_RELEASE.size(),
        db.count("SELECT count(DISTINCT version) FROM hotshrink.schema_version"));
    assertEquals(NEXT_RELEASE.size(), db.count("SELECT count(*) FROM hotshrink.schema_version"));
  }

  @Test
  void anOlderSchemaIsMigratedStepByStepAndACurrentOneIsLeftAlone() {
    ClaimStore store = db.store("a", Duration.ofSeconds(30));
    assertEquals(Sql.MIGRATIONS.size(), store.init());
    store.offer(ClusterDb.FOLDER, ClusterDb.inputs(3));
    assertEquals(Sql.MIGRATIONS.size(), store.init(), "again: nothing to do");

    try (Db connection = new Db(db.settings("b", Duration.ofSeconds(30)), "test")) {
      assertEquals(NEXT_RELEASE.size(), new Migrations(NEXT_RELEASE).migrate(connection));
    }
    assertEquals(3, db.count("SELECT count(*) FROM hotshrink.inputs"), "data kept");
    assertEquals(0, db.count("SELECT count(*) FROM hotshrink.later"));
  }

  @Test
  void aSchemaNewerThanThisCodeIsRefused() {
    try (Db connection = new Db(db.settings("b", Duration.ofSeconds(30)), "test")) {
      new Migrations(NEXT_RELEASE).migrate(connection);
    }
    ClusterException e =
        assertThrows(ClusterException.class, () -> db.store("a", Duration.ofSeconds(30)).start());
    assertTrue(e.getMessage().contains("newer than this hotshrink knows"), e.getMessage());
  }

  private static List<Sql.Migration> append(List<Sql.Migration> list, Sql.Migration m) {
    List<Sql.Migration> all = new ArrayList<>(list);
    all.add(m);
    return List.copyOf(all);
  }
}
