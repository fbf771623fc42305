package io.hotshrink.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Resident memory of a process: {@code /proc/PID/status} on Linux, {@code ps} elsewhere. */
final class Rss {
  private Rss() {}

  static OptionalLong bytes(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (Files.isReadable(status)) {
      try {
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
          if (line.startsWith("VmRSS:")) {
            String kb = line.substring(6).trim().split("\\s+")[0];
            return OptionalLong.of(Long.parseLong(kb) * 1024);
          }
        }
      } catch (IOException | RuntimeException e) {
        return OptionalLong.empty();
      }
      return OptionalLong.empty();
    }
    return fromPs(pid);
  }

  private static OptionalLong fromPs(long pid) {
    try {
      Process p = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(2, TimeUnit.SECONDS) || out.isEmpty()) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(Long.parseLong(out) * 1024);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }
}
