package io.hotshrink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code hotshrink.folders}: inheritance, derived defaults, and the rules between folders. */
class FoldersTest {
  @TempDir Path dir;

  private Path conf(String text) throws Exception {
    Path f = dir.resolve("application.conf");
    Files.writeString(f, text);
    return f;
  }

  private Settings load(String text) throws Exception {
    return new SettingsLoader(dir, Map.of(), 4).load(Optional.of(conf(text)));
  }

  private List<ConfigProblem> problems(String text) throws Exception {
    Path f = conf(text);
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> new SettingsLoader(dir, Map.of(), 4).load(Optional.of(f)));
    for (ConfigProblem p : e.problems()) {
      assertEquals(f.toString(), p.file(), e.getMessage());
    }
    return e.problems();
  }

  private ConfigProblem onlyProblem(String text) throws Exception {
    List<ConfigProblem> ps = problems(text);
    assertEquals(1, ps.size(), ps.toString());
    return ps.get(0);
  }

  private static final String TWO =
      """
      hotshrink {
        watch.settle = 3s
        after-success = archive
        renditions = [ { name = small, fit = "100x100" } ]
        folders = [
          { name = shop, priority = 3, input = "shop/in", output = "shop/out" }
          { name = scans
            input = "scans/in", output = "scans/out"
            after-success = delete
            watch { settle = 5s }
            renditions = [ { name = big, scale = 0.9 } ]
          }
        ]
      }
      """;

  @Test
  void oneFolderConfigIsOneFolderNamedDefault() throws Exception {
    Settings s = load("hotshrink { input = \"a/in\", output = \"a/out\" }");
    assertEquals(1, s.folders().size());
    Settings.Folder f = s.folders().get(0);
    assertEquals(Settings.DEFAULT_FOLDER, f.name());
    assertEquals(1, f.priority());
    assertEquals(s, f.settings());
  }

  @Test
  void failedArchiveAndStateFollowTheInput() throws Exception {
    Path far = dir.resolve("elsewhere/photos/in");
    Settings s = load("hotshrink { input = \"" + far + "\", output = \"" + dir + "/out\" }");
    assertEquals(dir.resolve("elsewhere/photos/failed"), s.failed());
    assertEquals(dir.resolve("elsewhere/photos/done"), s.lifecycle().archive());
    assertEquals(dir.resolve("elsewhere/photos/.hotshrink"), s.lifecycle().state());
  }

  @Test
  void builtInDefaultsKeepTodaysLayout() throws Exception {
    Settings s = new SettingsLoader(dir, Map.of(), 4).load(Optional.empty());
    assertEquals(dir.resolve("hotfolder/failed"), s.failed());
    assertEquals(dir.resolve("hotfolder/done"), s.lifecycle().archive());
    assertEquals(dir.resolve("hotfolder/.hotshrink"), s.lifecycle().state());
  }

  @Test
  void explicitPathsWin() throws Exception {
    Settings s =
        load(
            "hotshrink { input = a/in, output = a/out, failed = x/f, archive = x/d, state = x/s }");
    assertEquals(dir.resolve("x/f"), s.failed());
    assertEquals(dir.resolve("x/d"), s.lifecycle().archive());
    assertEquals(dir.resolve("x/s"), s.lifecycle().state());
  }

  @Test
  void entriesInheritTheTopLevelAndOverrideIt() throws Exception {
    Settings s = load(TWO);
    List<Settings.Folder> fs = s.folders();
    assertEquals(2, fs.size());
    Settings.Folder shop = fs.get(0);
    Settings.Folder scans = fs.get(1);
    assertEquals("shop", shop.name());
    assertEquals(3, shop.priority());
    assertEquals(1, scans.priority());
    assertEquals(dir.resolve("shop/in"), shop.settings().input());
    assertEquals(dir.resolve("shop/failed"), shop.settings().failed());
    assertEquals(dir.resolve("shop/.hotshrink"), shop.settings().lifecycle().state());
    assertEquals(dir.resolve("scans/done"), scans.settings().lifecycle().archive());
    assertEquals(Duration.ofSeconds(3), shop.settings().watch().settle());
    assertEquals(Duration.ofSeconds(5), scans.settings().watch().settle());
    assertEquals(
        Settings.Lifecycle.AfterSuccess.ARCHIVE, shop.settings().lifecycle().afterSuccess());
    assertEquals(
        Settings.Lifecycle.AfterSuccess.DELETE, scans.settings().lifecycle().afterSuccess());
    assertEquals("small", shop.settings().renditions().get(0).name());
    assertEquals("big", scans.settings().renditions().get(0).name());
    assertTrue(shop.settings().folders().size() == 1, "a folder's settings declare no folders");
    assertEquals(s.pool(), scans.settings().pool());
    assertEquals(s.http(), scans.settings().http());
  }

  @Test
  void topLevelInputIsNotCheckedWhenFoldersAreSet() throws Exception {
    // The top level's input and output are only defaults then: output inside input is fine.
    Settings s =
        load(
            "hotshrink { input = t/in, output = t/in/out\n"
                + "folders = [ { input = a/in, output = a/out } ] }");
    assertEquals("default", s.folders().get(0).name());
  }

  @Test
  void siblingInputsShareTheirDerivedFolders() throws Exception {
    List<ConfigProblem> ps =
        problems(
            """
            hotshrink.folders = [
              { name = a, input = "p/in1", output = "p/out1" }
              { name = b,
                input = "p/in2", output = "p/out2" }
            ]
            """);
    assertEquals(2, ps.size(), ps.toString()); // failed and state; archive is not used
    ConfigProblem failed = ps.get(0);
    assertEquals("hotshrink.folders[1].failed", failed.key());
    assertEquals(4, failed.line(), "at b's input, which it is derived from");
    assertTrue(failed.message().contains("folder \"b\""), failed.message());
    assertTrue(failed.message().contains("folder \"a\""), failed.message());
    assertTrue(failed.message().contains("set failed, archive and state"), failed.message());
    assertEquals("hotshrink.folders[1].state", ps.get(1).key());
  }

  @Test
  void anInputInsideAnotherFoldersOutputIsRefused() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "shared/out" }
              { name = b, input = "shared/out/b", output = "b/out" }
            ]
            """);
    assertEquals("hotshrink.folders[1].input", p.key());
    assertEquals(3, p.line());
    assertTrue(p.message().contains("output folder of folder \"a\""), p.message());
  }

  @Test
  void nestedInputsAreRefused() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out" }
              { name = b, input = "a/in/b", output = "b/out", state = "b/state", failed = "b/f" }
            ]
            """);
    assertEquals("hotshrink.folders[1].input", p.key());
    assertTrue(p.message().contains("inside the input of folder \"a\""), p.message());
  }

  @Test
  void anInputInsideAnotherFoldersStateIsRefused() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out", state = "st" }
              { name = b, input = "st/in", output = "b/out" }
            ]
            """);
    assertEquals("hotshrink.folders[1].input", p.key());
    assertTrue(p.message().contains("state folder of folder \"a\""), p.message());
  }

  @Test
  void twoFoldersWritingOneOutputAreRefused() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "out" }
              { name = b, input = "b/in", output = "out" }
            ]
            """);
    assertEquals("hotshrink.folders[1].output", p.key());
    assertEquals(3, p.line());
    assertTrue(p.message().contains("folder \"b\": is also the output of folder \"a\""));
  }

  @Test
  void nestedOutputsAreRefused() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "out" }
              { name = b, input = "b/in", output = "out/b" }
            ]
            """);
    assertTrue(p.message().contains("nested with the output of folder \"a\""), p.message());
  }

  @Test
  void anInheritedStateIsSharedAndSaysWhere() throws Exception {
    List<ConfigProblem> ps =
        problems(
            """
            hotshrink {
              state = "one-state"
              folders = [
                { name = a, input = "a/in", output = "a/out" }
                { name = b, input = "b/in", output = "b/out" }
              ]
            }
            """);
    assertEquals(1, ps.size(), ps.toString());
    assertEquals("hotshrink.state", ps.get(0).key());
    assertEquals(2, ps.get(0).line());
    assertTrue(ps.get(0).message().contains("inherited from the top level"));
  }

  @Test
  void poolWideKeysAreRefusedInAnEntry() throws Exception {
    List<ConfigProblem> ps =
        problems(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out"
                pool.workers = 2
                http { port = 1 }
                resize { engine = java, filter = bilinear }
              }
            ]
            """);
    assertEquals(3, ps.size(), ps.toString());
    assertEquals("hotshrink.folders[0].pool", ps.get(0).key());
    assertEquals(3, ps.get(0).line());
    assertEquals("is pool-wide, set it at the top level", ps.get(0).message());
    assertEquals("hotshrink.folders[0].http", ps.get(1).key());
    assertEquals("hotshrink.folders[0].resize.engine", ps.get(2).key());
    assertEquals(5, ps.get(2).line());
  }

  @Test
  void unknownKeysInAnEntryGetASuggestion() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out",
                watch { setle = 2s } }
            ]
            """);
    assertEquals("hotshrink.folders[0].watch.setle", p.key());
    assertEquals(3, p.line());
    assertEquals("unknown key (did you mean settle?)", p.message());
  }

  @Test
  void aWrongValueInAnEntryIsNamedAfterTheEntry() throws Exception {
    ConfigProblem p =
        onlyProblem(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out",
                on-conflict = overwrite }
            ]
            """);
    assertEquals("hotshrink.folders[0].on-conflict", p.key());
    assertEquals(3, p.line());
  }

  @Test
  void namesAreRequiredUniqueShortWords() throws Exception {
    List<ConfigProblem> ps =
        problems(
            """
            hotshrink.folders = [
              { name = a, input = "a/in", output = "a/out" }
              { name = a, input = "b/in", output = "b/out" }
              { name = "c d", input = "c/in", output = "c/out" }
              { input = "d/in", output = "d/out", priority = 0 }
              { name = e, input = "e/in" }
            ]
            """);
    assertEquals(
        List.of(
            "hotshrink.folders[1].name",
            "hotshrink.folders[2].name",
            "hotshrink.folders[3].name",
            "hotshrink.folders[3].priority",
            "hotshrink.folders[4].output"),
        ps.stream().map(ConfigProblem::key).toList(),
        ps.toString());
    assertTrue(ps.get(0).message().contains("duplicate name \"a\""));
    assertEquals(3, ps.get(0).line());
  }

  @Test
  void theReportShowsEveryFolderAndWhichPathsAreDerived() throws Exception {
    String r = SettingsReport.describe(load(TWO));
    assertTrue(r.contains("  folder:      shop, priority 3"), r);
    assertTrue(r.contains("  folder:      scans, priority 1"), r);
    assertTrue(r.contains("  failed:      " + dir.resolve("shop/failed") + " (beside input)"), r);
    assertTrue(r.contains("  archive:     " + dir.resolve("scans/done") + " (beside input)"), r);
    assertTrue(
        r.contains("  state:       " + dir.resolve("scans/.hotshrink") + " (beside input)"), r);
    assertTrue(r.contains("big: scale=0.9"), r);
    assertEquals(1, r.split("  pool:", -1).length - 1, "the pool once: " + r);
    String one =
        SettingsReport.describe(load("hotshrink { input = a/in, output = a/out, state = s }"));
    assertTrue(one.contains("  state:       " + dir.resolve("s") + "\n"), one);
    assertTrue(!one.contains("folder:"), one);
  }
}
