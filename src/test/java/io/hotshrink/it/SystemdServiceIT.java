package io.hotshrink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service for real, under systemd as PID 1. systemd is not PID 1 on this machine, so {@code
 * src/test/scripts/systemd-in-container} boots it in a systemd-nspawn container whose root is a
 * throw-away overlay of this machine's root, installs the built .deb there (its postinst enables
 * and starts hotshrink.service, hardening and all), drops a photo, reloads a good and a bad
 * configuration, reads the journal's priorities, asks systemd-analyze security of the running unit,
 * and stops it. See the script for each check; this test runs it and reads its verdict.
 */
class SystemdServiceIT {
  @Test
  void theDebianServiceRunsReloadsAndStopsUnderRealSystemd() throws Exception {
    Tools.requireRoot("systemd-nspawn and overlay mounts");
    for (String tool : List.of("systemd-nspawn", "nsenter", "unshare", "file", "pgrep")) {
      Tools.require(tool);
    }
    Path deb;
    try (Stream<Path> s = Files.list(Launcher.dist().getParent())) {
      deb =
          s.filter(p -> p.getFileName().toString().matches("hotshrink_.*_all\\.deb"))
              .findFirst()
              .orElseThrow();
    }
    Path script = Tools.repo().resolve("src/test/scripts/systemd-in-container");
    Tools.Run r = Tools.run(List.of(script.toString(), deb.toString()), Tools.repo(), Map.of());
    String all = r.out() + "\n" + r.err();
    System.out.println(r.out());
    assertEquals(0, r.status(), all);
    assertTrue(r.out().contains("systemd-in-container: all checks passed"), all);
    assertTrue(r.out().contains("Result=success ExecMainStatus=0"), all);
    Matcher m =
        Pattern.compile("Overall exposure level for hotshrink\\.service: ([0-9.]+)")
            .matcher(r.out());
    assertTrue(m.find(), all);
    assertTrue(Double.parseDouble(m.group(1)) <= 2.5, m.group());
  }
}
