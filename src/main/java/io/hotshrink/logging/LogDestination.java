package io.hotshrink.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the console log goes, for {@code conf/logback.xml}: {@code journal} when standard output is
 * systemd's journal stream, else {@code console}.
 *
 * <p>systemd sets {@code JOURNAL_STREAM=DEVICE:INODE} for a service whose output goes to the
 * journal. The variable is inherited by everything started from there (a terminal opened from a
 * desktop session has it too), so, as systemd.exec(5) advises, it counts only when it names the
 * file our standard output really is.
 */
public final class LogDestination extends PropertyDefinerBase {
  static final String JOURNAL = "journal";
  static final String CONSOLE = "console";

  @Override
  public String getPropertyValue() {
    return decide(System.getenv("JOURNAL_STREAM"), stdoutDeviceAndInode());
  }

  /**
   * @param journalStream the value of {@code JOURNAL_STREAM}, or null
   * @param stdout the device and inode of standard output, when they can be read
   */
  static String decide(String journalStream, Optional<String> stdout) {
    if (journalStream == null || journalStream.isBlank()) {
      return CONSOLE;
    }
    // Where stdout cannot be examined (no /proc), trust the variable.
    return stdout.map(s -> s.equals(journalStream.trim()) ? JOURNAL : CONSOLE).orElse(JOURNAL);
  }

  /** {@code "DEVICE:INODE"} of file descriptor 1, as systemd writes them (decimal). */
  static Optional<String> stdoutDeviceAndInode() {
    Path fd1 = Path.of("/proc/self/fd/1");
    try {
      Map<String, Object> a = Files.readAttributes(fd1, "unix:dev,ino");
      return Optional.of(a.get("dev") + ":" + a.get("ino"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** True when this process logs to the journal (for the start-up summary). */
  public static boolean toJournal() {
    return JOURNAL.equals(decide(System.getenv("JOURNAL_STREAM"), stdoutDeviceAndInode()));
  }
}
