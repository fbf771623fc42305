package io.hotshrink.it;

import static io.hotshrink.testing.RunningDaemon.files;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.cluster.ClusterDb;
import io.hotshrink.testing.DaemonProcess;
import io.hotshrink.testing.DamagedJpegs;
import io.hotshrink.testing.DownstreamReader;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.PostgresServer;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.UndecodableBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode end to end (issue 15): three packaged daemons, separate processes each with its own
 * configuration, journal ({@code state}) and node name, on one shared hot folder, and a real
 * PostgreSQL deciding which of them does which input (leases of 3 s). Whatever happens to a daemon
 * ({@code kill -9}, {@code SIGSTOP} past its lease) or to the database (a restart), every input
 * ends exactly once: one output of the right size that decodes and one archived source identical to
 * what was dropped, or one file in failed/ with its sidecar; nothing left in the hot folder, no
 * temp file, no open row in the database. Daemon logs are kept in
 * target/failsafe-reports/ClusterIT-logs/.
 */
class ClusterIT {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();

  private static final String PASSWORD_ENV = "HOTSHRINK_IT_DB_PASSWORD";
  private static final Duration FINISH =
      Duration.ofMinutes(Boolean.getBoolean("hotshrink.slow") ? 15 : 3);

  @TempDir Path dir;

  private ClusterDb db;
  private String url;
  private Shared shared;
  private final List<DaemonProcess> daemons = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    db = new ClusterDb(PG); // the tests' side of a fresh database: counts behind the daemons' backs
    url = db.url();
    shared = new Shared(dir);
  }

  @AfterEach
  void tearDown(TestInfo test) throws IOException {
    for (DaemonProcess d : daemons) {
      d.close();
    }
    Path keep =
        Path.of("target/failsafe-reports/ClusterIT-logs", test.getTestMethod().get().getName());
    Files.createDirectories(keep);
    for (DaemonProcess d : daemons) {
      for (Path log : d.logs()) {
        if (Files.exists(log)) {
          Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Test
  void threeDaemonsShareOneHotFolderAndEveryInputEndsExactlyOnce() throws Exception {
    threeDaemons(240, 12);
  }

  /** The "a few thousand": with {@code -Pslow} ({@code -Dhotshrink.slow=true}). */
  @Test
  @EnabledIfSystemProperty(named = "hotshrink.slow", matches = "true")
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void threeDaemonsShareThousandsOfInputsAndEveryOneEndsExactlyOnce() throws Exception {
    threeDaemons(2500, 60);
  }

  private void threeDaemons(int photos, int corrupt) throws Exception {
    long t0 = System.nanoTime();
    List<DaemonProcess> all = startAll("a", "b", "c");
    try (DownstreamReader reader = new DownstreamReader(shared.out)) {
      // at least 192 px wide: the sampled pixel check compares with a reference resize, and a
      // 48-px output of a noisy 96-px photo is within JPEG's error of it only at ~27 dB
      shared.drop(photos, corrupt, 192, 320);
      awaitFinished();
      // done, and forgotten: every input left the hot folder (docs/cluster.md)
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count("SELECT count(*) FROM hotshrink.inputs") == 0);
      reader.lastPass();
      // who did what: the rows are gone, each daemon's counters say it
      Map<String, Double> jobs = new TreeMap<>();
      for (DaemonProcess d : all) {
        jobs.put(d.name(), d.jobsDone());
      }
      stopAndCheckEveryInputEndedOnce(reader);
      assertEquals(shared.outputs(), reader.seen(), "the reader saw every output");
      // a second version of an output is a second publish: one per input taken over at most
      long takeovers = count("SELECT count(*) FROM hotshrink.takeovers");
      long fencedCalls = count("SELECT count(*) FROM hotshrink.fenced");
      assertTrue(
          reader.replaced().size() <= takeovers + fencedCalls,
          "published twice: " + reader.replaced() + " with " + takeovers + " takeovers");
      assertTrue(
          jobs.values().stream().filter(n -> n > 0).count() > 1,
          "more than one daemon did work: " + jobs);
      System.out.printf(
          "cluster of 3: %d inputs in %d s; jobs by node %s; outputs replaced %s%n",
          shared.inputs(), seconds(t0), jobs, reader.replaced());
    }
  }

  @Test
  void aDaemonKilledWithSignal9IsTakenOverAndRestartedWithoutDoingAnythingTwice() throws Exception {
    long t0 = System.nanoTime();
    startAll("a", "b", "c");
    DaemonProcess b = daemons.get(1);
    try (DownstreamReader reader = new DownstreamReader(shared.out)) {
      shared.drop(90, 6, 800, 1280);
      Map<Long, String> held = killWhileHolding(b);
      String ids = inList(held.keySet());
      // its leases run out and the others take each of its inputs over
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  count(
                          "SELECT count(*) FROM hotshrink.takeovers WHERE from_node = 'b'"
                              + " AND input_id IN ("
                              + ids
                              + ")")
                      == held.size());
      // then it comes back under the same name, its journal possibly holding a publish cut short
      b.start().awaitJoined();
      awaitFinished();
      reader.lastPass();
      stopAndCheckEveryInputEndedOnce(reader);
      // only what b held can have been published twice (b's restart finishes nothing it held)
      assertTrue(
          held.values().containsAll(reader.replaced()),
          "published twice: " + reader.replaced() + ", held by b: " + held.values());
      System.out.printf(
          "kill -9 holding %d claims: %d inputs in %d s; takeovers %d, fenced %d; outputs"
              + " replaced %s; b's restart finished:%n%s",
          held.size(),
          shared.inputs(),
          seconds(t0),
          count("SELECT count(*) FROM hotshrink.takeovers"),
          count("SELECT count(*) FROM hotshrink.fenced"),
          reader.replaced(),
          b.lines("cut short by the previous run's end"));
    }
  }

  @Test
  void aDaemonPausedPastItsLeaseIsFencedAndItsLateResultsAreRefused() throws Exception {
    long t0 = System.nanoTime();
    startAll("a", "b", "c");
    DaemonProcess c = daemons.get(2);
    try (DownstreamReader reader = new DownstreamReader(shared.out)) {
      shared.drop(90, 6, 800, 1280);
      List<Long> held = pauseWhileHolding(c);
      String ids = inList(held);
      try {
        // paused past its lease: the others take over what it held, and finish it
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    count(
                                "SELECT count(*) FROM hotshrink.takeovers WHERE input_id IN ("
                                    + ids
                                    + ")")
                            == held.size()
                        && count(
                                "SELECT count(*) FROM hotshrink.inputs WHERE state <> 'done'"
                                    + " AND id IN ("
                                    + ids
                                    + ")")
                            == 0);
      } finally {
        c.resume();
      }
      awaitFinished();
      reader.lastPass();
      long fenced = count("SELECT count(*) FROM hotshrink.fenced WHERE node = 'c'");
      // each late call on a held claim is refused: given up locally, or fenced by the database
      String refused =
          c.lines("this node gave the claim up") + c.lines("was taken over by another node");
      stopAndCheckEveryInputEndedOnce(reader);
      assertFalse(refused.isEmpty(), "the paused daemon's late calls are refused");
      System.out.printf(
          "SIGSTOP holding claims %s: %d inputs in %d s; fenced for c %d; outputs replaced %s;"
              + " c said:%n%s",
          held, shared.inputs(), seconds(t0), fenced, reader.replaced(), refused);
      assertTrue(fenced >= 1, "the paused daemon's refused results are counted as fenced");
    }
  }

  @Test
  void aRestartOfPostgresqlMidRunLosesNothingAndDoublesNothing() throws Exception {
    long t0 = System.nanoTime();
    List<DaemonProcess> all = startAll("a", "b", "c");
    try (DownstreamReader reader = new DownstreamReader(shared.out)) {
      shared.drop(120, 6, 400, 800);
      await().atMost(FINISH).until(() -> files(shared.out).size() >= 20);
      PG.stop();
      try {
        // every daemon notices, and gives up its work in flight after two thirds of a lease
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> all.stream().allMatch(d -> d.clusterContact().equals("abandoned")));
        shared.drop(20, 2, 400, 800); // these settle while the database is away
      } finally {
        PG.start();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> all.stream().allMatch(d -> d.clusterContact().equals("healthy")));
      awaitFinished();
      reader.lastPass();
      for (DaemonProcess d : all) {
        assertTrue(d.process().isAlive(), d.name() + " kept running");
        // the outage in the log: when it began and when it ended, not one line per retry
        await().atMost(FINISH).until(() -> d.logged("the claim database answers again"));
        long told =
            d.log()
                .lines()
                .filter(l -> l.contains("WARN  ClusterRuntime - the claim database:"))
                .count();
        assertTrue(told >= 1 && told <= 3, d.name() + " told of the outage " + told + " times");
      }
      stopAndCheckEveryInputEndedOnce(reader);
      System.out.printf(
          "PostgreSQL restarted: %d inputs in %d s; takeovers %d, fenced %d; outputs replaced %s%n",
          shared.inputs(),
          seconds(t0),
          count("SELECT count(*) FROM hotshrink.takeovers"),
          count("SELECT count(*) FROM hotshrink.fenced"),
          reader.replaced());
    }
  }

  @Test
  void aDaemonStartedWhileTheDatabaseIsAwayWatchesAndJoinsOnceItAnswers() throws Exception {
    DaemonProcess a = daemon("a");
    PG.stop();
    try {
      a.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> a.logged("joining the cluster once it answers"));
      shared.drop(10, 1, 400, 800); // these settle while the database is away
      assertTrue(a.process().isAlive(), "a database away at start does not stop the start");
    } finally {
      PG.start();
    }
    a.awaitJoined();
    awaitFinished();
    stopAll();
    shared.assertEachEndedOnce();
  }

  // ---- the cluster -----------------------------------------------------------------------------

  /**
   * Starts the daemons one after the other, each once the one before has joined: a JVM's first
   * connection (the driver's classes, SCRAM) may take longer than a 3 s lease allows for it (2 s)
   * when several JVMs start at once on 2 cores, and a daemon that cannot join at start exits.
   */
  private List<DaemonProcess> startAll(String... nodes) throws Exception {
    for (String n : nodes) {
      daemon(n).start().awaitJoined();
    }
    return List.copyOf(daemons);
  }

  /** Node {@code n} of the cluster, configured and not yet started; stopped after the test. */
  private DaemonProcess daemon(String n) throws Exception {
    Path conf = dir.resolve(n + ".conf");
    Files.writeString(conf, shared.config(n, url));
    DaemonProcess d = new DaemonProcess(n, dir, conf, Map.of(PASSWORD_ENV, PG.password()));
    daemons.add(d);
    return d;
  }

  /**
   * Stops every daemon, then: each input published once, archived once or failed once, and the
   * reader of the drop folder never saw a partial JPEG.
   */
  private void stopAndCheckEveryInputEndedOnce(DownstreamReader reader) throws Exception {
    stopAll();
    shared.assertEachEndedOnce();
    assertEquals(List.of(), reader.problems(), "a reader of out/ saw partial JPEGs");
  }

  private void stopAll() throws Exception {
    for (DaemonProcess d : daemons) {
      d.stop(); // SIGTERM to all first: they stop in parallel
    }
    for (DaemonProcess d : daemons) {
      d.awaitStopped();
    }
  }

  /** Every input ended (as files and in the database), and no temp file is left. */
  private void awaitFinished() {
    try {
      await()
          .atMost(FINISH)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> unfinished().isEmpty());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not finished after " + FINISH + ": " + unfinished(), e);
    }
  }

  /** What is not as it must end, in words ("" when everything is). */
  private String unfinished() {
    String files = shared.unfinished();
    String rows =
        text(
            "SELECT string_agg(path || ' ' || state || ' epoch ' || epoch || ' node '"
                + " || coalesce(node, '-'), '; ') FROM hotshrink.inputs WHERE state <> 'done'");
    return files + (rows == null ? "" : " rows not done: " + rows);
  }

  /**
   * {@code kill -9} of the daemon at a moment it holds claims (its leased rows, frozen once it is
   * dead, say so); returns their ids and paths. Tried again after a restart if it had just finished
   * them.
   */
  private Map<Long, String> killWhileHolding(DaemonProcess d) throws Exception {
    for (int attempt = 1; ; attempt++) {
      await().atMost(FINISH).until(() -> held(d.name()) > 0);
      Map<Long, String> held = new TreeMap<>();
      d.kill9(() -> held.putAll(heldPaths(d.name()))); // before its leases can have run out
      if (!held.isEmpty()) {
        return held;
      }
      assertTrue(attempt < 5, "never killed while it held a claim");
      d.start().awaitJoined();
    }
  }

  /** {@code SIGSTOP} of the daemon at a moment it holds claims; returns their ids. */
  private List<Long> pauseWhileHolding(DaemonProcess d) throws Exception {
    for (int attempt = 1; ; attempt++) {
      await().atMost(FINISH).until(() -> held(d.name()) > 0);
      d.pause();
      List<Long> held = heldIds(d.name());
      if (!held.isEmpty()) {
        return held;
      }
      d.resume();
      assertTrue(attempt < 20, "never paused while it held a claim");
    }
  }

  /** The ids and paths of the claims {@code node} holds now. */
  private Map<Long, String> heldPaths(String node) {
    Map<Long, String> held = new TreeMap<>();
    for (Long id : heldIds(node)) {
      held.put(id, text("SELECT path FROM hotshrink.inputs WHERE id = " + id));
    }
    return held;
  }

  /** The ids of the claims {@code node} holds now: rows it leases that are not finished. */
  private List<Long> heldIds(String node) {
    return db.longs(
        "SELECT id FROM hotshrink.inputs WHERE node = '"
            + node
            + "' AND lease_until IS NOT NULL AND state <> 'done'");
  }

  private long held(String node) {
    return heldIds(node).size();
  }

  /** Ids for SQL's {@code IN (...)}. */
  private static String inList(Collection<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private long count(String sql) {
    return db.count(sql);
  }

  private String text(String sql) {
    return db.text(sql);
  }

  private static long seconds(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000;
  }

  /** The folders all daemons share, and what the test dropped into them. */
  private static final class Shared {
    final Path root;
    final Path in;
    final Path out;
    final Path failed;
    final Path done;
    private final Map<String, byte[]> good = new TreeMap<>();
    private final Map<String, int[]> sizes = new TreeMap<>();
    private final Map<String, byte[]> bad = new TreeMap<>();
    private int next;

    Shared(Path root) throws IOException {
      this.root = root;
      this.in = Files.createDirectories(root.resolve("in"));
      this.out = root.resolve("out");
      this.failed = root.resolve("failed");
      this.done = root.resolve("done");
    }

    /** One daemon's configuration file: the shared folders, its own state and node name. */
    String config(String node, String url) {
      return "hotshrink {\n"
          + " input = \""
          + in
          + "\"\n output = \""
          + out
          + "\"\n failed = \""
          + failed
          + "\"\n archive = \""
          + done
          + "\"\n state = \""
          + root.resolve("state-" + node)
          + "\"\n after-success = archive\n"
          + " watch.settle = 500ms\n"
          + " pool { workers = 1, threads = 1, heap = 256m }\n"
          + " cluster {\n  store = postgres\n  url = \""
          + url
          + "\"\n  user = "
          + PostgresServer.USER
          + "\n  password-env = "
          + PASSWORD_ENV
          + "\n  lease = 3s\n  node = "
          + node
          + "\n }\n}\n";
    }

    /**
     * Drops {@code photos} photos, {@code minWidth} to {@code maxWidth} wide, with {@code corrupt}
     * corrupt JPEGs spread among them (random data after the header, or fatal sampling factors), in
     * nested folders. All are made first, then written one after the other: the daemons get them as
     * one burst.
     */
    void drop(int photos, int corrupt, int minWidth, int maxWidth) throws IOException {
      int steps = Math.max(1, (maxWidth - minWidth) / 16);
      int total = photos + corrupt;
      Map<String, byte[]> burst = new LinkedHashMap<>();
      for (int i = 0, b = 0; i < total; i++) {
        int k = next++;
        if (b < corrupt && i >= (long) (b + 1) * total / (corrupt + 1)) {
          String rel = path(k, "BAD");
          byte[] bytes =
              b++ % 2 == 0
                  ? UndecodableBytes.withShortFirstSegment()
                  : DamagedJpegs.bogusSampling(
                      TestImages.jpeg(TestImages.photo(320, 240, k), 0.85f, false));
          bad.put(rel, bytes);
          burst.put(rel, bytes);
        } else {
          int w = minWidth + 16 * (k % steps);
          int h = w * 3 / 4 / 2 * 2;
          String rel = path(k, "IMG");
          byte[] bytes = TestImages.jpeg(TestImages.photo(w, h, k), 0.85f, k % 5 == 0);
          good.put(rel, bytes);
          sizes.put(rel, new int[] {w / 2, h / 2});
          burst.put(rel, bytes);
        }
      }
      for (Map.Entry<String, byte[]> e : burst.entrySet()) {
        Path p = in.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
    }

    private static String path(int k, String prefix) {
      String sub = "day" + k % 6 + (k % 4 == 0 ? "/roll" + k % 3 : "");
      return String.format("%s/%s_%04d.jpg", sub, prefix, k);
    }

    int inputs() {
      return good.size() + bad.size();
    }

    List<String> outputs() {
      return List.copyOf(good.keySet());
    }

    List<String> failedFiles() {
      List<String> list = new ArrayList<>();
      for (String b : bad.keySet()) {
        list.add(b);
        list.add(b + ".error.json");
      }
      list.sort(null);
      return list;
    }

    /**
     * How the folders differ from how they must end (each input in its place once, the hot folder
     * empty), in words; "" when they do not.
     */
    String unfinished() {
      return differs("in", files(in), List.of())
          + differs("out", files(out), outputs())
          + differs("done", files(done), outputs())
          + differs("failed", files(failed), failedFiles());
    }

    private static String differs(String folder, List<String> found, List<String> expected) {
      if (found.equals(expected)) {
        return "";
      }
      List<String> missing = new ArrayList<>(expected);
      missing.removeAll(found);
      List<String> extra = new ArrayList<>(found);
      extra.removeAll(expected);
      return String.format(
          " %s/: %d missing %s, %d extra %s;",
          folder,
          missing.size(),
          missing.subList(0, Math.min(5, missing.size())),
          extra.size(),
          extra.subList(0, Math.min(5, extra.size())));
    }

    void assertEachEndedOnce() throws IOException {
      assertEquals(List.of(), temps(), "temp files left");
      assertEquals(List.of(), files(in), "the hot folder is empty");
      assertEquals(outputs(), files(out), "one output per photo, nothing else");
      assertEquals(outputs(), files(done), "one archived source per photo");
      assertEquals(
          failedFiles(), files(failed), "each corrupt input once in failed/, with sidecar");
      int i = 0;
      for (Map.Entry<String, byte[]> e : good.entrySet()) {
        String rel = e.getKey();
        assertArrayEquals(e.getValue(), Files.readAllBytes(done.resolve(rel)), rel + " archived");
        int[] got = TestImages.size(out.resolve(rel));
        assertArrayEquals(sizes.get(rel), got, rel);
        if (i++ % 10 == 0) {
          ImageAssertions.assertScaledCopy(done.resolve(rel), out.resolve(rel), 0.5);
        }
      }
      for (Map.Entry<String, byte[]> e : bad.entrySet()) {
        String rel = e.getKey();
        assertArrayEquals(e.getValue(), Files.readAllBytes(failed.resolve(rel)), rel + " intact");
        String sidecar = Files.readString(failed.resolve(rel + ".error.json"));
        assertTrue(sidecar.contains("\"reason\""), sidecar);
        assertTrue(sidecar.contains("\"source\" : \"" + rel + "\""), sidecar);
      }
    }

    private List<String> temps() {
      List<String> t = new ArrayList<>();
      for (Path p : List.of(in, out, done, failed)) {
        files(p).stream().filter(f -> f.endsWith(".hstmp")).forEach(f -> t.add(p + "/" + f));
      }
      return t;
    }
  }
}
