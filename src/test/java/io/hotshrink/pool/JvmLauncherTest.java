package io.hotshrink.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmLauncherTest {
  private static List<String> command(List<String> jvmOptions) {
    Settings.Pool pool =
        new Settings.Pool(
            1,
            2,
            500,
            50,
            "512m",
            jvmOptions,
            Duration.ofMinutes(2),
            Duration.ofSeconds(30),
            1L << 30,
            5);
    return new JvmLauncher(pool, "auto", "/usr/bin/java", "/opt/hotshrink/lib/*").command("w1");
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
