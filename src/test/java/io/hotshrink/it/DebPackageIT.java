package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Debian package built by {@code mvn package}, installed for real on this machine with {@code
 * dpkg -i}: files, conffile, the system user and its folders, {@code hotshrink --version} and a
 * {@code batch} run as that user, then {@code dpkg --purge}, which must leave nothing behind. The
 * machine is left as it was even when the test fails. systemd is not PID 1 here, so the package's
 * scripts skip enabling and starting the service (they do that only where /run/systemd/system
 * exists); the installed unit is verified with systemd-analyze instead.
 */
class DebPackageIT {
  static final Path VAR = Path.of("/var/lib/hotshrink");

  @Test
  void installsRunsAsTheHotshrinkUserAndPurgesCleanly() throws Exception {
    Tools.requireRoot("dpkg -i installs into /opt, /etc and /var/lib");
    Path dpkg = Tools.require("dpkg");
    Tools.require("dpkg-deb");
    Path runuser = Tools.require("runuser");
    Path deb = builtDeb();
    if (Tools.run(List.of("dpkg-query", "-W", "hotshrink")).status() == 0
        || Tools.run(List.of("getent", "passwd", "hotshrink")).status() == 0) {
      fail("hotshrink is already installed here (or the user hotshrink exists): not touching it");
    }
    try {
      install(dpkg, deb);
      checkInstalled(deb);
      aJdkUpgradeRemakesTheArchives(dpkg);
      asTheServiceUser(runuser);
      purge(dpkg);
      checkGone();
    } finally {
      cleanUp(dpkg);
    }
  }

  private static Path builtDeb() throws Exception {
    Path target = Launcher.dist().getParent();
    try (Stream<Path> s = Files.list(target)) {
      List<Path> debs =
          s.filter(p -> p.getFileName().toString().matches("hotshrink_.*_all\\.deb")).toList();
      assertEquals(1, debs.size(), "mvn package builds one .deb in target/: " + debs);
      return debs.get(0);
    }
  }

  private static void install(Path dpkg, Path deb) {
    // Another dpkg or apt may hold the lock for a while: wait for it, do not fail.
    await()
        .atMost(3, TimeUnit.MINUTES)
        .pollInterval(2, TimeUnit.SECONDS)
        .until(
            () -> {
              Tools.Run r = Tools.run(List.of(dpkg.toString(), "-i", deb.toString()));
              if (r.status() == 0) {
                return true;
              }
              if (r.err().contains("lock")) {
                return false;
              }
              throw new AssertionError("dpkg -i failed:\n" + r.out() + r.err());
            });
  }

  private static void checkInstalled(Path deb) throws Exception {
    String version =
        Tools.run(List.of("dpkg-deb", "-f", deb.toString(), "Version")).ok().out().strip();
    assertEquals(
        "install ok installed " + version,
        Tools.run(List.of("dpkg-query", "-W", "-f=${Status} ${Version}", "hotshrink")).ok().out());
    String depends = Tools.run(List.of("dpkg-deb", "-f", deb.toString(), "Depends")).ok().out();
    assertTrue(depends.contains("java17-runtime-headless"), depends);
    assertEquals(
        "libturbojpeg0",
        Tools.run(List.of("dpkg-deb", "-f", deb.toString(), "Recommends")).ok().out().strip());
    String conffiles =
        Tools.run(List.of("dpkg-query", "-W", "-f=${Conffiles}", "hotshrink")).ok().out();
    assertTrue(conffiles.contains("/etc/hotshrink/application.conf"), conffiles);

    assertTrue(Files.isExecutable(Path.of("/opt/hotshrink/bin/hotshrink")));
    assertTrue(Files.isSymbolicLink(Path.of("/usr/bin/hotshrink")));
    assertTrue(Files.isRegularFile(Path.of("/lib/systemd/system/hotshrink.service")));
    // Class-data-sharing archives made by postinst for /opt (not those made in target/).
    assertTrue(Files.isSymbolicLink(Path.of("/opt/hotshrink/cds")));
    for (String a : List.of("batch", "run", "child")) {
      assertTrue(Files.isRegularFile(Path.of("/var/cache/hotshrink/" + a + ".jsa")), a + ".jsa");
    }
    String[] passwd =
        Tools.run(List.of("getent", "passwd", "hotshrink")).ok().out().strip().split(":");
    assertTrue(Integer.parseInt(passwd[2]) < 1000, "a system user: " + String.join(":", passwd));
    assertEquals(VAR.toString(), passwd[5]);
    assertTrue(passwd[6].endsWith("nologin"), passwd[6]);
    for (String d : List.of("", "in", "out", "failed")) {
      Path p = VAR.resolve(d);
      assertTrue(Files.isDirectory(p), p.toString());
      assertEquals(
          "hotshrink", Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName(), p.toString());
    }
    // The installed unit, against the real root this time (the launcher and /bin/kill exist).
    Path analyze = Tools.require("systemd-analyze");
    Tools.Run v =
        Tools.run(
            List.of(
                analyze.toString(), "verify", "--man=no", "/lib/systemd/system/hotshrink.service"));
    assertEquals("", v.err(), "systemd-analyze verify on the installed unit");
  }

  /**
   * A package that changes /usr/lib/jvm (a JDK upgrade) fires the package's file trigger, and the
   * archives, which the new JDK would refuse in silence, are made again.
   */
  private static void aJdkUpgradeRemakesTheArchives(Path dpkg) throws Exception {
    List<Path> archives =
        List.of("batch", "run", "child").stream()
            .map(a -> Path.of("/var/cache/hotshrink/" + a + ".jsa"))
            .toList();
    for (Path a : archives) {
      Files.delete(a);
    }
    // what dpkg does when a JDK package's files under /usr/lib/jvm change
    Tools.run(List.of("dpkg-trigger", "--no-await", "/usr/lib/jvm")).ok();
    Tools.run(List.of(dpkg.toString(), "--triggers-only", "--pending")).ok();
    for (Path a : archives) {
      assertTrue(Files.size(a) > 0, a + " made again by the trigger");
    }
    assertEquals(
        "install ok installed",
        Tools.run(List.of("dpkg-query", "-W", "-f=${Status}", "hotshrink")).ok().out().strip());
  }

  private static void asTheServiceUser(Path runuser) throws Exception {
    List<String> as = List.of(runuser.toString(), "-u", "hotshrink", "--");
    Tools.Run version = Tools.run(concat(as, "hotshrink", "--version")).ok();
    assertTrue(version.out().startsWith("hotshrink "), version.out());

    // The commands read the service's configuration, /etc/hotshrink/application.conf.
    Tools.Run check = Tools.run(concat(as, "hotshrink", "check-config"), VAR, Map.of()).ok();
    assertTrue(check.out().contains("input:       /var/lib/hotshrink/in"), check.out());

    List<Path> photos = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      photos.add(
          TestImages.write(VAR.resolve("in/dpkg-test/p" + i + ".jpg"), 700 + 50 * i, 500, i));
    }
    Tools.Run batch =
        Tools.run(
                concat(
                    as,
                    "hotshrink",
                    "batch",
                    VAR.resolve("in").toString(),
                    VAR.resolve("out").toString()),
                VAR,
                Map.of())
            .ok();
    assertTrue(batch.out().startsWith("processed=3 failed=0 "), batch.out() + batch.err());
    for (int i = 0; i < 3; i++) {
      Path out = VAR.resolve("out/dpkg-test/p" + i + ".jpg");
      ImageAssertions.assertScaledCopy(photos.get(i), out, 0.5);
      assertEquals("hotshrink", Files.getOwner(out).getName(), "written by the service user");
    }
    // Our test files go, so that the folders are empty and purge may remove them.
    deleteTree(VAR.resolve("in/dpkg-test"));
    deleteTree(VAR.resolve("out/dpkg-test"));
  }

  private static void purge(Path dpkg) throws Exception {
    Tools.run(List.of(dpkg.toString(), "--purge", "hotshrink")).ok();
  }

  private static void checkGone() throws Exception {
    assertEquals(1, Tools.run(List.of("dpkg-query", "-W", "hotshrink")).status());
    for (String p :
        List.of(
            "/opt/hotshrink",
            "/etc/hotshrink",
            "/var/lib/hotshrink",
            "/var/cache/hotshrink",
            "/lib/systemd/system/hotshrink.service",
            "/usr/bin/hotshrink")) {
      assertFalse(Files.exists(Path.of(p), LinkOption.NOFOLLOW_LINKS), p + " is left after purge");
    }
    assertEquals(2, Tools.run(List.of("getent", "passwd", "hotshrink")).status(), "user left");
    assertEquals(2, Tools.run(List.of("getent", "group", "hotshrink")).status(), "group left");
  }

  /** Whatever happened, leave the machine as it was: it had no hotshrink before the test. */
  private static void cleanUp(Path dpkg) throws Exception {
    if (Tools.run(List.of("dpkg-query", "-W", "hotshrink")).status() == 0) {
      Tools.run(List.of(dpkg.toString(), "--purge", "--force-all", "hotshrink"));
    }
    for (String p : List.of("/opt/hotshrink", "/etc/hotshrink", "/var/lib/hotshrink")) {
      deleteTree(Path.of(p));
    }
    Files.deleteIfExists(Path.of("/usr/bin/hotshrink"));
    if (Tools.run(List.of("getent", "passwd", "hotshrink")).status() == 0) {
      Tools.run(List.of("userdel", "hotshrink"));
    }
    if (Tools.run(List.of("getent", "group", "hotshrink")).status() == 0) {
      Tools.run(List.of("groupdel", "hotshrink"));
    }
  }

  private static void deleteTree(Path p) throws Exception {
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      Tools.run(List.of("rm", "-rf", "--one-file-system", p.toString())).ok();
    }
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(List.of(b));
    return all;
  }
}
