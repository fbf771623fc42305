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

class SettingsLoaderTest {
  @TempDir Path dir;

  private SettingsLoader loader(Map<String, String> env, int cores) {
    return new SettingsLoader(dir, env, cores);
  }

  private Path conf(String text) throws Exception {
    Path f = dir.resolve("application.conf");
    Files.writeString(f, text);
    return f;
  }

  private ConfigProblem onlyProblem(String text) throws Exception {
    Path f = conf(text);
    SettingsException e =
        assertThrows(SettingsException.class, () -> loader(Map.of(), 8).load(Optional.of(f)));
    assertEquals(1, e.problems().size(), e.getMessage());
    ConfigProblem p = e.problems().get(0);
    assertEquals(f.toString(), p.file());
    return p;
  }

  @Test
  void defaultsLiveUnderTheWorkingDirectory() throws Exception {
    Settings s = loader(Map.of(), 2).load(Optional.empty());
    assertEquals(dir.resolve("hotfolder/in"), s.input());
    assertEquals(dir.resolve("hotfolder/out"), s.output());
    assertEquals(dir.resolve("hotfolder/failed"), s.failed());
    assertEquals(1, s.renditions().size());
    Settings.Rendition r = s.renditions().get(0);
    assertEquals("half", r.name());
    assertEquals(0.5, r.sizing().scale());
    assertEquals(85, r.quality());
    assertEquals("{dir}/{stem}.jpg", r.pathTemplate());
    assertEquals(Duration.ofSeconds(1), s.watch().settle());
    assertEquals(Duration.ofMinutes(1), s.watch().rescanInterval());
    assertEquals(Settings.Watch.Mode.AUTO, s.watch().mode());
    assertEquals(Duration.ofSeconds(2), s.watch().pollInterval());
    assertEquals(Duration.ofMinutes(10), s.watch().incompleteTimeout());
    assertEquals(500, s.pool().recycleAfter());
    assertEquals(50, s.pool().recycleJitter());
    assertEquals("512m", s.pool().heap());
    assertEquals(1024L << 20, s.pool().maxRssBytes(), "max-rss auto = 2 x heap");
  }

  /** The builders' defaults are written out in Java; this keeps them equal to reference.conf's. */
  @Test
  void theBuildersStartFromTheDefaultsOfReferenceConf() throws Exception {
    Settings s = loader(Map.of(), 4).load(Optional.empty());
    assertEquals(Settings.Watch.builder().build(), s.watch());
    assertEquals(Settings.Resize.builder().build(), s.resize());
    assertEquals(Settings.Pool.builder().workers(1).threads(4).build(), s.pool());
    assertEquals(
        Settings.Lifecycle.builder()
            .archive(dir.resolve("hotfolder/done"))
            .state(dir.resolve("hotfolder/.hotshrink"))
            .build(),
        s.lifecycle());
    assertEquals(
        Settings.Rendition.builder()
            .name("half")
            .sizing(Settings.Sizing.scale(0.5))
            .pathTemplate("{dir}/{stem}.jpg")
            .build(),
        s.renditions().get(0));
    assertEquals(s, s.toBuilder().build());
  }

  @Test
  void withFoldersChangesOnlyInputAndOutput() throws Exception {
    Settings s = loader(Map.of(), 2).load(Optional.empty());
    Settings b = s.withFolders(dir.resolve("b/in"), dir.resolve("b/out"));
    assertEquals(dir.resolve("b/in"), b.input());
    assertEquals(dir.resolve("b/out"), b.output());
    assertEquals(s, b.withFolders(s.input(), s.output()));
  }

  @Test
  void autoPoolIsOneChildPerFourCoresSharingTheCores() throws Exception {
    assertEquals(List.of(1, 2), sizes(2));
    assertEquals(List.of(1, 4), sizes(4));
    assertEquals(List.of(2, 2), sizes(5));
    assertEquals(List.of(4, 4), sizes(16));
  }

  private List<Integer> sizes(int cores) throws Exception {
    Settings s = loader(Map.of(), cores).load(Optional.empty());
    return List.of(s.pool().workers(), s.pool().threads());
  }

  @Test
  void severalRenditionsGetDistinctDefaultPaths() throws Exception {
    Path f =
        conf(
            """
            hotshrink.renditions = [
              { name = large, fit = "1600x1200", quality = 90 }
              { name = thumb, fit = "320x320" }
            ]
            """);
    Settings s = loader(Map.of(), 2).load(Optional.of(f));
    assertEquals("{dir}/{stem}-{rendition}.jpg", s.renditions().get(0).pathTemplate());
    assertEquals(Settings.Sizing.fit(1600, 1200), s.renditions().get(0).sizing());
    assertEquals(90, s.renditions().get(0).quality());
    assertEquals(85, s.renditions().get(1).quality());
  }

  @Test
  void resizeAndLimitsHaveTheirDocumentedDefaults() throws Exception {
    Settings.Resize r = loader(Map.of(), 2).load(Optional.empty()).resize();
    assertEquals("auto", r.engine());
    assertEquals("default", r.mode());
    assertEquals("lanczos3", r.filter());
    assertEquals("keep", r.color());
    assertEquals("keep", r.metadata());
    assertEquals(420, r.subsampling());
    assertEquals(false, r.progressive());
    assertEquals(false, r.enlarge());
    assertEquals(new Settings.Limits(200_000_000L, 0), r.limits());
  }

  @Test
  void resizeAndLimitsAreReadAndChecked() throws Exception {
    Path f =
        conf(
            "hotshrink {\n resize { engine = java, mode = fast, filter = bilinear, color = srgb,"
                + " metadata = copyright, progressive = true, subsampling = 444, enlarge = true }\n"
                + " limits { max-pixels = 50M, max-file-size = 20M }\n}\n");
    Settings.Resize r = loader(Map.of(), 2).load(Optional.of(f)).resize();
    assertEquals(
        Settings.Resize.builder()
            .engine("java")
            .mode("fast")
            .filter("bilinear")
            .color("srgb")
            .metadata("copyright")
            .progressive(true)
            .subsampling(444)
            .enlarge(true)
            .limits(new Settings.Limits(50_000_000L, 20L << 20))
            .build(),
        r);
    assertTrue(
        onlyProblem("hotshrink.resize.engine = turbo\n")
            .message()
            .contains("auto, turbojpeg, java"));
    assertTrue(onlyProblem("hotshrink.resize.subsampling = 411\n").message().contains("420"));
    assertTrue(onlyProblem("hotshrink.resize.metadata = all\n").message().contains("copyright"));
    assertTrue(onlyProblem("hotshrink.resize.progressive = maybe\n").message().contains("true"));
    assertTrue(
        onlyProblem("hotshrink.limits.max-pixels = lots\n").message().contains("pixel count"));
    assertEquals(
        0,
        loader(Map.of(), 2)
            .load(Optional.of(conf("hotshrink.limits.max-pixels = off\n")))
            .resize()
            .limits()
            .maxPixels());
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndASuggestion() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink {\n  watch {\n    setle = 2s\n  }\n}\n");
    assertEquals(3, p.line());
    assertEquals("hotshrink.watch.setle", p.key());
    assertTrue(p.message().contains("unknown key"), p.message());
    assertTrue(p.message().contains("settle"), p.message());
  }

  @Test
  void aWrongTypeIsNamedWithItsLine() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink {\n\n  watch.settle = soon\n}\n");
    assertEquals(3, p.line());
    assertEquals("hotshrink.watch.settle", p.key());
    assertTrue(p.toString().matches(".*: 3: hotshrink.watch.settle: .*duration.*"), p.toString());
  }

  @Test
  void scaleMustBeInZeroToOne() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink.renditions = [\n { name = big, scale = 1.5 }\n]\n");
    assertEquals(2, p.line());
    assertEquals("hotshrink.renditions[0].scale", p.key());
    onlyProblem("hotshrink.renditions = [ { name = z, scale = 0 } ]");
  }

  @Test
  void fitMustBeWidthByHeight() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink.renditions = [ { name = a, fit = \"1600\" } ]");
    assertEquals("hotshrink.renditions[0].fit", p.key());
    onlyProblem("hotshrink.renditions = [ { name = a, fit = \"0x10\" } ]");
    onlyProblem("hotshrink.renditions = [ { name = a, fit = \"1600x1600\", scale = 0.5 } ]");
  }

  @Test
  void outputInsideInputIsALoop() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink {\n input = data\n output = data/out\n}\n");
    assertEquals("hotshrink.output", p.key());
    assertEquals(3, p.line());
    assertTrue(p.message().contains("inside input"), p.message());
  }

  @Test
  void outputEqualToInputAndFailedInsideInputAreRefused() throws Exception {
    assertEquals("hotshrink.output", onlyProblem("hotshrink { input = a, output = a }").key());
    assertEquals("hotshrink.failed", onlyProblem("hotshrink { input = a, failed = a/f }").key());
  }

  @Test
  void whatHappensAroundAJobHasItsDocumentedDefaults() throws Exception {
    Settings.Lifecycle l = loader(Map.of(), 2).load(Optional.empty()).lifecycle();
    assertEquals(Settings.Lifecycle.AfterSuccess.KEEP, l.afterSuccess());
    assertEquals(dir.resolve("hotfolder/done"), l.archive());
    assertEquals(dir.resolve("hotfolder/.hotshrink"), l.state());
    assertEquals(Settings.Lifecycle.OnConflict.REPLACE, l.onConflict());
    assertEquals(Duration.ofMinutes(5), l.retryMaxDelay());
  }

  @Test
  void afterSuccessOnConflictArchiveStateAndRetryAreRead() throws Exception {
    Path f =
        conf(
            "hotshrink { after-success = archive, archive = /srv/done, state = st,"
                + " on-conflict = rename, retry.max-delay = 30s }");
    Settings.Lifecycle l = loader(Map.of(), 2).load(Optional.of(f)).lifecycle();
    assertEquals(Settings.Lifecycle.AfterSuccess.ARCHIVE, l.afterSuccess());
    assertEquals(Path.of("/srv/done"), l.archive());
    assertEquals(dir.resolve("st"), l.state());
    assertEquals(Settings.Lifecycle.OnConflict.RENAME, l.onConflict());
    assertEquals(Duration.ofSeconds(30), l.retryMaxDelay());
    assertTrue(onlyProblem("hotshrink.after-success = move").message().contains("keep, archive"));
    assertEquals("hotshrink.on-conflict", onlyProblem("hotshrink.on-conflict = overwrite").key());
  }

  @Test
  void theArchiveMustNotLeadBackIntoTheHotFolderNorMixWithOutputs() throws Exception {
    ConfigProblem p =
        onlyProblem("hotshrink {\n input = in\n after-success = archive\n archive = in/done\n}");
    assertEquals("hotshrink.archive", p.key());
    assertEquals(4, p.line());
    assertTrue(p.message().contains("inside input"), p.message());
    assertEquals(
        "hotshrink.archive",
        onlyProblem("hotshrink { after-success = archive, archive = hotfolder/out/a }").key());
    assertEquals(
        "hotshrink.archive",
        onlyProblem("hotshrink { after-success = archive, archive = hotfolder/failed }").key());
    // Only checked when it is used: keep mode never writes there.
    Path f = conf("hotshrink { input = in, archive = in/done }");
    assertEquals(
        dir.resolve("in/done"), loader(Map.of(), 2).load(Optional.of(f)).lifecycle().archive());
  }

  @Test
  void theStateMayBeInsideTheHotFolderOnlyAsAHiddenFolder() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink { input = in, state = in/state }");
    assertEquals("hotshrink.state", p.key());
    assertTrue(p.message().contains("hidden folder"), p.message());
    assertEquals("hotshrink.state", onlyProblem("hotshrink { input = in, state = in }").key());
    assertEquals("hotshrink.state", onlyProblem("hotshrink { state = hotfolder/out/.st }").key());
    Path f = conf("hotshrink { input = in, state = in/.hotshrink }");
    assertEquals(
        dir.resolve("in/.hotshrink"), loader(Map.of(), 2).load(Optional.of(f)).lifecycle().state());
  }

  @Test
  void aSymlinkCannotHideALoop() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Files.createSymbolicLink(dir.resolve("link"), real);
    assertEquals(
        "hotshrink.output", onlyProblem("hotshrink { input = real, output = link/out }").key());
  }

  @Test
  void environmentOverridesTheFileForInputAndOutput() throws Exception {
    Path f = conf("hotshrink { input = a, output = b }");
    Settings s =
        loader(Map.of("HOTSHRINK_INPUT", "/srv/in", "HOTSHRINK_OUTPUT", "/srv/out"), 2)
            .load(Optional.of(f));
    assertEquals(Path.of("/srv/in"), s.input());
    assertEquals(Path.of("/srv/out"), s.output());
  }

  @Test
  void theHttpEndpointIsOnByDefaultOnLoopbackPort9464() throws Exception {
    Settings.Http h = loader(Map.of(), 2).load(Optional.empty()).http();
    assertEquals(Settings.Http.DEFAULT, h);
    assertEquals(new Settings.Http(true, "127.0.0.1", 9464), h);
  }

  @Test
  void httpSettingsAreReadAndChecked() throws Exception {
    Path f = conf("hotshrink.http { enabled = false, port = 0, bind = \"::1\" }");
    assertEquals(
        new Settings.Http(false, "::1", 0), loader(Map.of(), 2).load(Optional.of(f)).http());
    ConfigProblem p = onlyProblem("hotshrink {\n  http.port = 70000\n}\n");
    assertEquals("hotshrink.http.port", p.key());
    assertEquals(2, p.line());
    assertTrue(p.message().contains("between 0 and 65535"), p.message());
    assertEquals(
        "hotshrink.http.bind", onlyProblem("hotshrink.http.bind = \"no.such.host.invalid\"").key());
    assertEquals("hotshrink.http.enabled", onlyProblem("hotshrink.http.enabled = sometimes").key());
    assertTrue(onlyProblem("hotshrink.http.prot = 1").message().contains("did you mean port?"));
  }

  @Test
  void environmentOverridesTheHttpPort() throws Exception {
    Path f = conf("hotshrink.http.port = 9000");
    assertEquals(
        0, loader(Map.of("HOTSHRINK_HTTP_PORT", "0"), 2).load(Optional.of(f)).http().port());
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () -> loader(Map.of("HOTSHRINK_HTTP_PORT", "high"), 2).load(Optional.of(f)));
    assertTrue(e.getMessage().contains("hotshrink.http.port"), e.getMessage());
    assertTrue(e.getMessage().contains("HOTSHRINK_HTTP_PORT"), e.getMessage());
  }

  @Test
  void testFaultHooksCannotBeSwitchedOnFromAConfigFile() throws Exception {
    ConfigProblem p =
        onlyProblem("hotshrink.pool.jvm-options = [\"-Dhotshrink.test.faults=crash=x\"]");
    assertEquals("hotshrink.pool.jvm-options", p.key());
  }

  @Test
  void pathTemplatesMustStayInsideTheOutputAndNameTheStem() throws Exception {
    onlyProblem("hotshrink.renditions = [ { name = a, scale = 0.5, path = \"../{stem}.jpg\" } ]");
    onlyProblem("hotshrink.renditions = [ { name = a, scale = 0.5, path = \"{dir}/x.jpg\" } ]");
    onlyProblem(
        "hotshrink.renditions = [ { name = a, scale = 0.5, path = \"{dir}/{nope}.jpg\" } ]");
  }

  @Test
  void everyProblemIsReportedAtOnce() throws Exception {
    Path f = conf("hotshrink {\n pool.heap = lots\n pool.workers = -1\n colour = red\n}\n");
    SettingsException e =
        assertThrows(SettingsException.class, () -> loader(Map.of(), 2).load(Optional.of(f)));
    assertEquals(3, e.problems().size(), e.getMessage());
  }

  @Test
  void aSyntaxErrorHasItsLine() throws Exception {
    Path f = conf("hotshrink {\n input = \"a\n}\n");
    SettingsException e =
        assertThrows(SettingsException.class, () -> loader(Map.of(), 2).load(Optional.of(f)));
    assertEquals(2, e.problems().get(0).line(), e.getMessage());
  }

  @Test
  void configFileLookupOrder() throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve("conf/application.conf"), "");
    Path cli = Path.of("/x/cli.conf");
    assertEquals(
        Optional.of(cli),
        SettingsLoader.locate(cli, Map.of("HOTSHRINK_CONFIG", "/env.conf"), Optional.of(home)));
    assertEquals(
        Optional.of(Path.of("/env.conf")),
        SettingsLoader.locate(null, Map.of("HOTSHRINK_CONFIG", "/env.conf"), Optional.of(home)));
    assertEquals(
        Optional.of(home.resolve("conf/application.conf")),
        SettingsLoader.locate(null, Map.of(), Optional.of(home)));
    assertEquals(
        Optional.empty(), SettingsLoader.locate(null, Map.of(), Optional.of(dir.resolve("none"))));
  }

  @Test
  void watchModesAndIntervalsAreRead() throws Exception {
    Path f =
        conf("hotshrink.watch { mode = poll, poll-interval = 500ms, incomplete-timeout = 3s }\n");
    Settings.Watch w = loader(Map.of(), 2).load(Optional.of(f)).watch();
    assertEquals(Settings.Watch.Mode.POLL, w.mode());
    assertEquals(Duration.ofMillis(500), w.pollInterval());
    assertEquals(Duration.ofSeconds(3), w.incompleteTimeout());
  }

  @Test
  void anUnknownWatchModeIsReportedWithItsLine() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink {\n  watch.mode = inotify\n}\n");
    assertEquals("hotshrink.watch.mode", p.key());
    assertEquals(2, p.line());
    assertTrue(p.message().contains("auto, events, poll"), p.message());
  }

  @Test
  void aPollIntervalTooShortToBeSaneIsRefused() throws Exception {
    ConfigProblem p = onlyProblem("hotshrink.watch.poll-interval = 10ms\n");
    assertEquals("hotshrink.watch.poll-interval", p.key());
  }
}
