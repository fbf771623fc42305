package io.hotshrink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd/hotshrink.service}, checked by systemd's own tools. systemd is not PID 1 on the CI
 * machine, so the unit cannot be started here: it is verified and its exposure assessed offline,
 * against a root holding the systemd units of this machine, {@code /bin/kill} and the packaged
 * launcher at {@code /opt/hotshrink/bin/hotshrink}, where the unit expects them. (DebPackageIT
 * verifies the installed unit once more, against the real root.)
 */
class SystemdUnitIT {
  static final Path UNIT = Tools.repo().resolve("systemd/hotshrink.service");
  static final double MAX_EXPOSURE = 2.5;

  @TempDir Path root;

  @Test
  void systemdAnalyzeVerifyPrintsNothing() throws Exception {
    Path analyze = Tools.require("systemd-analyze");
    Tools.Run r = verify(analyze, Files.readString(UNIT));
    assertEquals("", r.err(), "systemd-analyze verify complained");
    assertEquals("", r.out());
    assertEquals(0, r.status());
  }

  /** The check above can fail: the same tool, on a unit with mistakes, does complain. */
  @Test
  void systemdAnalyzeVerifyCatchesMistakes() throws Exception {
    Path analyze = Tools.require("systemd-analyze");
    String broken =
        Files.readString(UNIT)
            .replace("KillMode=mixed", "KillMode=gently")
            .replace("[Service]", "[Service]\nRestartt=always");
    Tools.Run r = verify(analyze, broken);
    assertTrue(r.err().contains("Restartt"), r.err());
    assertTrue(r.err().contains("gently"), r.err());
  }

  @Test
  void securityExposureIsAtMost2point5() throws Exception {
    Path analyze = Tools.require("systemd-analyze");
    populateRoot(Files.readString(UNIT));
    // --threshold is in tenths: above 2.5 the command fails, as well as the check below.
    Tools.Run r =
        Tools.run(
            List.of(
                analyze.toString(),
                "security",
                "--offline=true",
                "--threshold=" + (int) (MAX_EXPOSURE * 10),
                "--root=" + root,
                "/etc/systemd/system/hotshrink.service"));
    Matcher m =
        Pattern.compile("Overall exposure level for hotshrink\\.service: ([0-9.]+)")
            .matcher(r.out());
    assertTrue(m.find(), r.out() + r.err());
    double exposure = Double.parseDouble(m.group(1));
    System.out.printf("systemd-analyze security: exposure %.1f for hotshrink.service%n", exposure);
    assertTrue(exposure <= MAX_EXPOSURE, "exposure " + exposure + "\n" + r.out());
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
  }

  @Test
  void theUnitRunsTheDaemonAsTheIssueAsks() throws Exception {
    Map<String, List<String>> s = serviceSection(Files.readString(UNIT));
    assertEquals(List.of("exec"), s.get("Type"));
    assertEquals(List.of("hotshrink"), s.get("User"));
    assertEquals(
        List.of("/opt/hotshrink/bin/hotshrink run -c /etc/hotshrink/application.conf"),
        s.get("ExecStart"));
    assertEquals(List.of("/bin/kill -HUP $MAINPID"), s.get("ExecReload"));
    assertEquals(List.of("on-failure"), s.get("Restart"));
    assertEquals(List.of("143"), s.get("SuccessExitStatus"));
    assertEquals(List.of("mixed"), s.get("KillMode"));
    assertEquals(List.of("continue"), s.get("OOMPolicy"));
    assertEquals(List.of("strict"), s.get("ProtectSystem"));
    assertEquals(List.of("/var/lib/hotshrink"), s.get("ReadWritePaths"));
    for (String yes : List.of("ProtectHome", "PrivateTmp", "NoNewPrivileges")) {
      assertEquals(List.of("yes"), s.get(yes), yes);
    }
    // The daemon's own ordered stop (shutdown grace 30 s, then 10 s for the children) fits.
    Duration stop =
        Duration.ofSeconds(Long.parseLong(s.get("TimeoutStopSec").get(0).replace("s", "")));
    assertTrue(stop.compareTo(Duration.ofSeconds(40)) >= 0, stop.toString());
    assertNotEquals(null, s.get("WorkingDirectory"));
  }

  private Tools.Run verify(Path analyze, String unit) throws Exception {
    populateRoot(unit);
    return Tools.run(
        List.of(
            analyze.toString(),
            "verify",
            "--man=no",
            "--root=" + root,
            "/etc/systemd/system/hotshrink.service"));
  }

  /** A root with what the unit refers to, so that verify checks the unit and nothing else. */
  private void populateRoot(String unit) throws IOException {
    Path units = root.resolve("usr/lib/systemd/system");
    copyTree(Path.of("/usr/lib/systemd/system"), units);
    Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.writeString(etc.resolve("hotshrink.service"), unit);
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("/bin/kill"), bin.resolve("kill"), StandardCopyOption.REPLACE_EXISTING);
    Path launcher = Files.createDirectories(root.resolve("opt/hotshrink/bin"));
    Files.copy(
        Launcher.script(), launcher.resolve("hotshrink"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (Files.isDirectory(to)) {
      return;
    }
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          if (Files.readSymbolicLink(p).isAbsolute()) {
            continue; // masked units (-> /dev/null): nothing the unit under test refers to
          }
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** The [Service] section's settings, each with all its values in order. */
  static Map<String, List<String>> serviceSection(String unit) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String section = "";
    for (String line : unit.split("\n")) {
      String t = line.strip();
      if (t.startsWith("[")) {
        section = t;
      } else if (section.equals("[Service]") && !t.isEmpty() && !t.startsWith("#")) {
        int eq = t.indexOf('=');
        out.computeIfAbsent(t.substring(0, eq), k -> new ArrayList<>()).add(t.substring(eq + 1));
      }
    }
    return out;
  }
}
