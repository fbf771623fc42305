package io.hotshrink.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmLauncherTest {
  private static Settings.Pool pool(int workers, int threads, String heap, List<String> options) {
    return new Settings.Pool(
        workers,
        threads,
        500,
        50,
        heap,
        options,
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        1L << 30,
        5);
  }

  private static JvmLauncher.Builder launcher(Settings.Pool pool, String engine) {
    return JvmLauncher.builder(pool, engine)
        .java("/usr/bin/java")
        .classPath("/opt/hotshrink/lib/*");
  }

  private static List<String> command(List<String> jvmOptions) {
    return launcher(pool(1, 2, "512m", jvmOptions), "auto").build().command("w1");
  }

  private static ChildSpec spec(int workers, int threads, String heap, List<String> options) {
    return launcher(pool(workers, threads, heap, options), "auto").build().spec();
  }

  @Test
  void childrenUseG1ByDefault() {
    List<String> cmd = command(List.of());
    assertEquals("/usr/bin/java", cmd.get(0));
    assertTrue(cmd.contains("-Xmx512m"), cmd.toString());
    assertTrue(cmd.contains("-XX:+UseG1GC"), cmd.toString());
  }

  @Test
  void aCollectorChosenInJvmOptionsReplacesG1() {
    // Two collectors on one command line: "Conflicting collector combinations", the child never
    // starts. reference.conf gives -XX:+UseParallelGC as its example.
    for (String gc : List.of("-XX:+UseParallelGC", "-XX:+UseSerialGC", "-XX:+UseZGC")) {
      List<String> cmd = command(List.of("-Xss2m", gc));
      assertFalse(cmd.contains("-XX:+UseG1GC"), cmd.toString());
      assertEquals(1, cmd.stream().filter(o -> o.matches("-XX:\\+Use\\w*GC")).count(), gc);
    }
    assertTrue(command(List.of("-XX:+UseStringDeduplication")).contains("-XX:+UseG1GC"));
  }

  @Test
  void childrenAreMadeAnotherWayWhenHeapOptionsThreadsOrEngineChange() {
    ChildSpec base = spec(1, 2, "512m", List.of());
    assertEquals(base, spec(1, 2, "512m", List.of()));
    assertEquals(base, spec(4, 2, "512m", List.of()), "the pool's size is not the children's");
    assertNotEquals(base, spec(1, 2, "768m", List.of()));
    assertNotEquals(base, spec(1, 2, "512m", List.of("-Xss2m")));
    assertNotEquals(base, spec(1, 3, "512m", List.of()));
    assertNotEquals(base, launcher(pool(1, 2, "512m", List.of()), "java").build().spec());
  }

  @Test
  void extraOptionsGoOnEveryChildsCommandLineAfterTheConfiguredOnes() {
    JvmLauncher l =
        launcher(pool(1, 2, "512m", List.of("-Xss2m")), "auto")
            .extraJvmOptions(List.of("-Dhotshrink.test.faults=crash=X"))
            .build();
    List<String> cmd = l.command("w1");
    int configured = cmd.indexOf("-Xss2m");
    int extra = cmd.indexOf("-Dhotshrink.test.faults=crash=X");
    assertTrue(configured > 0 && extra == configured + 1, cmd.toString());
    assertTrue(extra < cmd.indexOf(JvmLauncher.WORKER_MAIN), cmd.toString());
    assertEquals(List.of("-Xss2m", "-Dhotshrink.test.faults=crash=X"), l.spec().jvmOptions());
  }

  @Test
  void theParentsSystemPropertiesAreNotPassedOn() {
    // The fault hook is switched on through the launcher only, never through the parent.
    System.setProperty("hotshrink.test.faults", "crash=NOT-IN-ANY-NAME");
    try {
      List<String> cmd = command(List.of());
      assertTrue(cmd.stream().noneMatch(a -> a.contains("hotshrink.test")), cmd.toString());
    } finally {
      System.clearProperty("hotshrink.test.faults");
    }
  }

  @Test
  void aChildMapsTheClassDataArchiveTheLauncherNames() {
    String old = System.getProperty(JvmLauncher.CDS_CHILD);
    System.setProperty(JvmLauncher.CDS_CHILD, "/opt/hotshrink/cds/child.jsa");
    try {
      List<String> cmd = command(List.of());
      assertTrue(
          cmd.contains("-XX:SharedArchiveFile=/opt/hotshrink/cds/child.jsa"), cmd.toString());
      // Its warnings (a stale archive) in no child's log, and never on stdout, the protocol's.
      int all = cmd.indexOf("-Xlog:all=warning:stderr");
      assertTrue(all >= 0 && cmd.indexOf("-Xlog:cds=off") > all, cmd.toString());
      assertTrue(cmd.contains("-Xlog:cds+dynamic=off"), cmd.toString());
      assertTrue(
          cmd.indexOf("-XX:SharedArchiveFile=/opt/hotshrink/cds/child.jsa") < cmd.indexOf("-cp"));
    } finally {
      restore(JvmLauncher.CDS_CHILD, old);
    }
    List<String> none = command(List.of());
    assertFalse(
        none.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile")), none.toString());
    assertFalse(none.contains("-Xlog:cds=off"), none.toString());
  }

  @Test
  void makingTheArchiveReplacesUsingIt() {
    String oldChild = System.getProperty(JvmLauncher.CDS_CHILD);
    String oldDump = System.getProperty(JvmLauncher.CDS_DUMP);
    System.setProperty(JvmLauncher.CDS_CHILD, "/x/child.jsa");
    System.setProperty(JvmLauncher.CDS_DUMP, "/tmp/dump/child.jsa");
    try {
      List<String> cmd = command(List.of());
      assertTrue(cmd.contains("-XX:ArchiveClassesAtExit=/tmp/dump/child.jsa"), cmd.toString());
      assertFalse(
          cmd.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile")), cmd.toString());
    } finally {
      restore(JvmLauncher.CDS_CHILD, oldChild);
      restore(JvmLauncher.CDS_DUMP, oldDump);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
