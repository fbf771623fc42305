package io.hotshrink.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Reads the resident memory of child processes: {@code /proc/PID/status} on Linux (a file read, so
 * after every job and at every tick of the pool), {@code ps} elsewhere (a process start: one {@code
 * ps} for all the children at once, every {@link #PS_INTERVAL}, never after a job).
 */
interface Rss {
  /** How often {@code ps} is run, where there is no /proc. */
  Duration PS_INTERVAL = Duration.ofSeconds(5);

  /** Resident bytes of those of {@code pids} that could be read. */
  Map<Long, Long> sample(Collection<Long> pids);

  /** True when one read costs next to nothing: worth doing after every job. */
  boolean cheap();

  /** How long between two samples of every child. */
  Duration interval();

  /** {@code /proc} where there is one, else {@code ps}. */
  static Rss forThisSystem() {
    return Files.isDirectory(Path.of("/proc/self")) ? new Proc() : new Ps();
  }

  /** Linux: {@code VmRSS} in {@code /proc/PID/status}. */
  final class Proc implements Rss {
    @Override
    public Map<Long, Long> sample(Collection<Long> pids) {
      Map<Long, Long> out = new HashMap<>();
      for (long pid : pids) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
          for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
              String kb = line.substring(6).trim().split("\\s+")[0];
              out.put(pid, Long.parseLong(kb) * 1024);
              break;
            }
          }
        } catch (IOException | RuntimeException e) {
          // Gone meanwhile, or not readable: no sample for it this time.
        }
      }
      return out;
    }

    @Override
    public boolean cheap() {
      return true;
    }

    @Override
    public Duration interval() {
      return Duration.ZERO; // every tick
    }
  }

  /**
   * Elsewhere (macOS, the BSDs): {@code ps -o pid=,rss= -p PID,PID,...}, one process for every
   * child, with a deadline. Lines it cannot parse and children it does not list have no sample.
   */
  final class Ps implements Rss {
    private final List<String> command;

    Ps() {
      this(List.of("ps"));
    }

    /**
     * @param command the {@code ps} to run (tests give another path)
     */
    Ps(List<String> command) {
      this.command = List.copyOf(command);
    }

    @Override
    public Map<Long, Long> sample(Collection<Long> pids) {
      Map<Long, Long> out = new HashMap<>();
      if (pids.isEmpty()) {
        return out;
      }
      List<String> cmd = new java.util.ArrayList<>(command);
      cmd.addAll(
          List.of(
              "-o",
              "pid=,rss=",
              "-p",
              pids.stream().map(String::valueOf).collect(Collectors.joining(","))));
      Process p = null;
      try {
        p =
            new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        // A few lines: the pipe's buffer holds them all, so waiting before reading cannot block.
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
          return out;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
          String[] f = line.trim().split("\\s+");
          if (f.length == 2) {
            try {
              long pid = Long.parseLong(f[0]);
              if (pids.contains(pid)) {
                out.put(pid, Long.parseLong(f[1]) * 1024);
              }
            } catch (NumberFormatException e) {
              // not a line of ours
            }
          }
        }
      } catch (IOException e) {
        // no ps: no samples
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (p != null && p.isAlive()) {
          p.destroyForcibly();
        }
      }
      return out;
    }

    @Override
    public boolean cheap() {
      return false;
    }

    @Override
    public Duration interval() {
      return PS_INTERVAL;
    }
  }
}
