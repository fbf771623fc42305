package io.hotshrink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hotshrink.cluster}: its defaults, its values, and what cluster mode refuses. */
class ClusterSectionTest {
  private static final String URL = "jdbc:postgresql://db.example:5432/hotshrink";

  @TempDir Path dir;

  /**
   * A configuration file of {@code text}; with one hot folder and no state of its own, a state
   * folder on this host's disk is added at the end (cluster mode requires one; lines stay put).
   */
  private Path conf(String text) throws Exception {
    Path f = dir.resolve("application.conf");
    boolean oneFolderWithoutState = !text.contains("folders") && !text.contains("state");
    Files.writeString(f, oneFolderWithoutState ? text + "\nhotshrink.state = local-state\n" : text);
    return f;
  }

  private Path bare(String text) throws Exception {
    return Files.writeString(dir.resolve("bare.conf"), text);
  }

  private Settings load(String text) throws Exception {
    return load(conf(text));
  }

  private Settings load(Path f) throws Exception {
    return new SettingsLoader(dir, Map.of(), 4).load(Optional.of(f));
  }

  private List<ConfigProblem> problems(String text) throws Exception {
    return problems(conf(text));
  }

  /** The problems {@code f} has; each names {@code f}. */
  private List<ConfigProblem> problems(Path f) {
    SettingsException e = assertThrows(SettingsException.class, () -> load(f));
    for (ConfigProblem p : e.problems()) {
      assertEquals(f.toString(), p.file(), e.getMessage());
    }
    return e.problems();
  }

  private ConfigProblem onlyProblem(String text) throws Exception {
    return onlyProblem(conf(text));
  }

  private ConfigProblem onlyProblem(Path f) {
    List<ConfigProblem> ps = problems(f);
    assertEquals(1, ps.size(), ps.toString());
    return ps.get(0);
  }

  @Test
  void theDefaultIsLocalAndEqualsReferenceConf() throws Exception {
    Settings s = new SettingsLoader(dir, Map.of(), 4).load(Optional.empty());
    assertEquals(Settings.Cluster.LOCAL, s.cluster());
    assertFalse(s.cluster().isShared());
    assertEquals(Settings.Cluster.Store.LOCAL, s.cluster().store());
    assertEquals("hotshrink", s.cluster().user());
    assertEquals(Duration.ofSeconds(30), s.cluster().lease());
    assertEquals(8, s.cluster().claimBatch());
    assertEquals(null, s.cluster().node());
    assertEquals(Settings.Cluster.LOCAL, Settings.builder().build().cluster());
    assertEquals(s, s.toBuilder().build());
  }

  @Test
  void aPostgresSectionIsReadWholeAndEveryFolderSharesIt() throws Exception {
    Settings s =
        load(
            """
            hotshrink.cluster {
              store = postgres
              url = "%s"
              user = shrinker
              password-file = "secrets/db"
              lease = 10s
              node = host-a
              claim-batch = 32
            }
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out", state = "a/st" }
              { name = b, input = "b/in", output = "b/out", state = "b/st" }
            ]
            """
                .formatted(URL));
    Settings.Cluster c = s.cluster();
    assertEquals(
        new Settings.Cluster(
            Settings.Cluster.Store.POSTGRES,
            URL,
            "shrinker",
            null,
            null,
            dir.resolve("secrets/db"),
            Duration.ofSeconds(10),
            "host-a",
            32),
        c);
    assertTrue(c.isShared());
    for (Settings.Folder f : s.folders()) {
      assertEquals(c, f.settings().cluster(), f.name());
    }
  }

  @Test
  void postgresNeedsAJdbcPostgresqlUrl() throws Exception {
    ConfigProblem missing = onlyProblem("hotshrink.cluster.store = postgres\n");
    assertEquals("hotshrink.cluster.url", missing.key());
    assertEquals(1, missing.line(), "the line of store = postgres");
    assertTrue(missing.message().startsWith("is required with cluster.store = postgres"));

    ConfigProblem wrong =
        onlyProblem(
            """
            hotshrink.cluster {
              store = postgres
              url = "jdbc:mysql://db/x?password=secret"
            }
            """);
    assertEquals("hotshrink.cluster.url", wrong.key());
    assertEquals(3, wrong.line());
    assertTrue(wrong.message().contains("jdbc:mysql://db/x"), wrong.message());
    assertFalse(wrong.toString().contains("secret"), "the query may carry a password: " + wrong);
  }

  @Test
  void theLeaseIsAtLeastTwoSeconds() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink.cluster.lease = 1500ms\n");
    assertEquals("hotshrink.cluster.lease", p.key());
    assertEquals(1, p.line());
    assertEquals("must be at least 2000ms, got 1500ms", p.message());
  }

  @Test
  void aClaimTakesOneToAThousandInputs() throws Exception {
    for (String n : List.of("0", "1001")) {
      ConfigProblem p = onlyProblem("hotshrink.cluster.claim-batch = " + n + "\n");
      assertEquals("hotshrink.cluster.claim-batch", p.key());
      assertEquals("must be between 1 and 1000, got " + n, p.message());
    }
  }

  @Test
  void atMostOnePasswordSource() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.cluster {
              store = postgres
              url = "%s"
              password = "x"
              password-env = DB_PASSWORD
            }
            """
                .formatted(URL));
    assertEquals("hotshrink.cluster.password-env", p.key());
    assertEquals(5, p.line());
    assertTrue(p.message().startsWith("at most one of cluster.password,"), p.message());
    assertTrue(p.message().endsWith("got password and password-env"), p.message());
  }

  @Test
  void renameIsRefusedWithPostgresAtTheTopLevel() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink {
              on-conflict = rename
              cluster { store = postgres, url = "%s" }
            }
            """
                .formatted(URL));
    assertEquals("hotshrink.on-conflict", p.key());
    assertEquals(2, p.line());
    assertTrue(p.message().contains("two hosts finishing one input"), p.message());
    assertTrue(p.message().contains("\"(2)\" copy"), p.message());
  }

  @Test
  void renameIsRefusedWithPostgresInTheFolderThatSetsIt() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink {
              cluster { store = postgres, url = "%s" }
              folders = [
                { name = a, input = "a/in", output = "a/out", state = "a/st" }
                { name = b, input = "b/in", output = "b/out", state = "b/st"
                  on-conflict = rename }
              ]
            }
            """
                .formatted(URL));
    assertEquals("hotshrink.folders[1].on-conflict", p.key());
    assertEquals(6, p.line());
  }

  @Test
  void renameStaysAllowedWithTheLocalStore() throws Exception {
    Settings s = load("hotshrink.on-conflict = rename\n");
    assertEquals(Settings.Lifecycle.OnConflict.RENAME, s.lifecycle().onConflict());
  }

  @Test
  void aFolderEntryMayNotSetTheCluster() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out"
                cluster { store = postgres } }
            ]
            """);
    assertEquals("hotshrink.folders[0].cluster", p.key());
    assertEquals(3, p.line());
    assertEquals("is daemon-wide, set it at the top level", p.message());
  }

  @Test
  void unknownKeysAndStoresAreNamed() throws Exception {
    List<ConfigProblem> ps =
        problems(
            """
            hotshrink.cluster {
              store = mysql
              leese = 10s
            }
            """);
    assertEquals(2, ps.size(), ps.toString());
    assertEquals("hotshrink.cluster.leese", ps.get(0).key());
    assertEquals("unknown key (did you mean lease?)", ps.get(0).message());
    assertEquals("hotshrink.cluster.store", ps.get(1).key());
    assertEquals("must be one of local, postgres, got \"mysql\"", ps.get(1).message());
  }

  @Test
  void theReportSaysWhereThePasswordComesFromButNeverWhatItIs() throws Exception {
    Settings s =
        load(
            """
            hotshrink.cluster {
              store = postgres
              url = "%s?sslmode=require&password=in-the-url"
              password = "s3cr3t"
              node = host-a
              lease = 2500ms
            }
            """
                .formatted(URL));
    String report = SettingsReport.describe(s);
    assertTrue(
        report.contains(
            "cluster:     postgres at db.example:5432/hotshrink, user hotshrink, password given in"
                + " the configuration"),
        report);
    assertTrue(report.contains("node host-a, lease 2500 ms, claims of up to 8 inputs"), report);
    assertFalse(report.contains("s3cr3t"), report);
    assertFalse(report.contains("in-the-url"), report);
    assertFalse(s.cluster().toString().contains("s3cr3t"), s.cluster().toString());
    assertFalse(s.cluster().toString().contains("in-the-url"), s.cluster().toString());

    Settings env =
        load(
            """
            hotshrink.cluster { store = postgres, url = "%s", password-env = DB_PASSWORD }
            """
                .formatted(URL));
    String r = SettingsReport.describe(env);
    assertTrue(r.contains("password from environment variable DB_PASSWORD"), r);
    assertTrue(r.contains("(the host name), lease 30 s"), r);

    String local = SettingsReport.describe(load("hotshrink {}\n"));
    assertTrue(local.contains("cluster:     local (this host alone)"), local);
  }

  @Test
  void postgresWantsEachFolderToHaveAStateFolderOfItsOwnHost() throws Exception {
    ConfigProblem p =
        onlyProblem(bare("hotshrink.cluster { store = postgres, url = \"%s\" }\n".formatted(URL)));
    assertEquals("hotshrink.state", p.key());
    assertEquals(1, p.line(), "the line of store = postgres: what makes the default wrong");
    assertTrue(p.message().contains("all hosts would use one journal"), p.message());

    Path two =
        bare(
            """
            hotshrink {
              cluster { store = postgres, url = "%s" }
              folders = [
                { name = a, input = "a/in", output = "a/out", state = "/var/lib/h/a" }
                { name = b, input = "b/in", output = "b/out" }
              ]
            }
            """
                .formatted(URL));
    assertEquals("hotshrink.folders[1].state", onlyProblem(two).key());
  }

  @Test
  void aLocalStoreKeepsTheStateBesideTheInput() throws Exception {
    Settings s = load(bare("hotshrink {}\n"));
    assertEquals(dir.resolve("hotfolder/.hotshrink"), s.lifecycle().state());
  }
}
