package io.hotshrink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launchd job, {@code packaging/macos/io.hotshrink.plist}, read by Python's {@code plistlib}
 * (the parser closest to launchd's own here: it rejects what is not a well-formed property list).
 * launchd itself cannot run here; the README gives the {@code launchctl bootstrap} steps.
 */
class LaunchdPlistIT {
  static final Path PLIST = Tools.repo().resolve("packaging/macos/io.hotshrink.plist");

  /** Loads the plist with plistlib and prints "key=value" lines for the keys the issue names. */
  private static final String CHECK =
      """
      import plistlib, sys
      with open(sys.argv[1], "rb") as f:
          p = plistlib.load(f)
      def show(k, v): print(k + "=" + repr(v))
      for k in ("Label", "RunAtLoad", "KeepAlive", "ProgramArguments", "WorkingDirectory",
                "StandardOutPath", "StandardErrorPath", "UserName", "ExitTimeOut"):
          show(k, p.get(k))
      show("types", sorted((k, type(v).__name__) for k, v in p.items()))
      """;

  @Test
  void plistlibReadsTheKeysLaunchdNeeds() throws Exception {
    Path python = Tools.require("python3");
    Tools.Run r = Tools.run(List.of(python.toString(), "-c", CHECK, PLIST.toString())).ok();
    String out = r.out();
    assertLine(out, "Label='io.hotshrink'");
    assertLine(out, "RunAtLoad=True");
    // Restarted when it fails, not after a clean stop.
    assertLine(out, "KeepAlive={'SuccessfulExit': False}");
    assertLine(
        out,
        "ProgramArguments=['/usr/local/hotshrink/bin/hotshrink', 'run', '-c',"
            + " '/usr/local/etc/hotshrink/application.conf']");
    assertLine(out, "WorkingDirectory='/usr/local/var/hotshrink'");
    assertLine(out, "StandardOutPath='/usr/local/var/log/hotshrink/hotshrink.log'");
    assertLine(out, "StandardErrorPath='/usr/local/var/log/hotshrink/hotshrink.log'");
    assertLine(out, "UserName='_hotshrink'");
    // Long enough for the daemon's ordered stop before launchd sends SIGKILL.
    assertLine(out, "ExitTimeOut=60");
    assertTrue(out.contains("('ProgramArguments', 'list')"), out);
  }

  /** The check can fail: plistlib rejects a damaged file. */
  @Test
  void plistlibRejectsABrokenPlist() throws Exception {
    Path python = Tools.require("python3");
    Path broken = Files.createTempFile("broken", ".plist");
    try {
      Files.writeString(broken, Files.readString(PLIST).replace("</dict>\n</plist>", "</plist>"));
      Tools.Run r = Tools.run(List.of(python.toString(), "-c", CHECK, broken.toString()));
      assertTrue(r.status() != 0, r.out());
    } finally {
      Files.deleteIfExists(broken);
    }
  }

  private static void assertLine(String out, String line) {
    assertTrue(out.lines().anyMatch(line::equals), "no line " + line + " in:\n" + out);
    assertEquals(1, out.lines().filter(line::equals).count());
  }
}
