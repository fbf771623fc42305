package io.hotshrink.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs the tests run (systemd-analyze, jsvc, dpkg, python3, ImageMagick, rsync, ...),
 * and the one way to run them.
 *
 * <p>A missing program skips the test on a developer's machine, but fails it under CI ({@code
 * HOTSHRINK_CI=1}, set by .ci/run, which installs them all): CI never skips silently.
 *
 * <p>{@link #run} has a deadline that really fires: the command's output goes to files, not to a
 * pipe that must be read to its end first, and on expiry the command and everything it started are
 * killed.
 */
public final class Tools {
  /** How long {@link #run(List)} lets a command take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  private Tools() {}

  /** True under CI ({@code HOTSHRINK_CI=1}, as .ci/run sets it). */
  public static boolean underCi() {
    return "1".equals(System.getenv("HOTSHRINK_CI"));
  }

  /** Skips the test (or fails it under CI) for want of {@code what}. */
  public static void missing(String what) {
    if (underCi()) {
      fail(what + " (HOTSHRINK_CI=1: .ci/run must provide it)");
    }
    Assumptions.abort(what + " (skipped; under HOTSHRINK_CI=1 this fails)");
  }

  /**
   * The program's absolute path, from the PATH (then the sbin folders); skips the test (or fails it
   * under CI) when it is not installed.
   */
  public static Path require(String name) {
    List<String> dirs =
        new ArrayList<>(
            List.of(
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
    for (String dir : dirs) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    missing(name + " is not installed");
    throw new AssertionError("unreachable");
  }

  /**
   * As {@link #require(String)} for a program at a fixed path (the real ImageMagick is {@code
   * /usr/bin/convert}: a stand-in of that name may come first on the PATH).
   */
  public static Path require(Path program, String debianPackage) {
    if (!Files.isExecutable(program)) {
      missing(program + " is missing (apt-get install " + debianPackage + ")");
    }
    return program;
  }

  /** Skips the test (or fails it under CI) unless this process runs as root. */
  public static void requireRoot(String why) {
    if (!"root".equals(System.getProperty("user.name"))) {
      missing("needs root: " + why);
    }
  }

  /**
   * A tmpfs of {@code size} ({@code mount}'s words: "16k") mounted on {@code at}, as root; the test
   * is skipped (failed under CI) where it cannot be. Undo with {@link #unmount}.
   */
  public static void mountTmpfs(Path at, String size) {
    requireRoot("mounts a tmpfs of " + size + " on " + at);
    Run r = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString()));
    if (r.status() != 0) {
      missing("cannot mount a tmpfs: " + r.err().trim());
    }
  }

  /** Unmounts what is mounted on {@code at} (lazily: a file still open does not stop it). */
  public static void unmount(Path at) {
    run(List.of("umount", "-l", at.toString()));
  }

  /** A finished command: exit status, standard output (bytes, or text), standard error. */
  public record Run(int status, byte[] stdout, String err) {
    public String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** This run, or an AssertionError with its output when its status is not 0. */
    public Run ok() {
      if (status != 0) {
        throw new AssertionError(
            "exit status " + status + "\nstdout:\n" + out() + "\nstderr:\n" + err);
      }
      return this;
    }
  }

  /** Runs a command to completion, within {@link #DEFAULT_TIMEOUT}. */
  public static Run run(List<String> command) {
    return run(command, null, Map.of());
  }

  /** In {@code dir} (null: this one), with {@code env} on top of this process's environment. */
  public static Run run(List<String> command, Path dir, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().putAll(env);
    return run(pb, DEFAULT_TIMEOUT);
  }

  /**
   * Runs {@code pb} (its standard input is /dev/null, its output and error are captured) to
   * completion. Past {@code timeout}, the command and its descendants are killed and the test fails
   * with what it had printed.
   */
  public static Run run(ProcessBuilder pb, Duration timeout) {
    String what = String.join(" ", pb.command());
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("tool-out", ".txt");
      err = Files.createTempFile("tool-err", ".txt");
      pb.redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        killTree(p);
        Thread.currentThread().interrupt();
        throw new AssertionError(what + ": interrupted", e);
      }
      if (!finished) {
        killTree(p);
        throw new AssertionError(
            what
                + " did not finish in "
                + timeout.toSeconds()
                + " s: killed\nstdout:\n"
                + Files.readString(out, StandardCharsets.UTF_8)
                + "\nstderr:\n"
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Run(
          p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + what, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Kills a process and everything it started, youngest first. */
  public static void killTree(Process p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    java.util.Collections.reverse(all);
    all.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path f) {
    if (f != null) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // a temp file: left for the OS
      }
    }
  }

  /** The repository's root (tests run with it as the working directory). */
  public static Path repo() {
    return Path.of("").toAbsolutePath();
  }

  /** True when this process ignores SIGHUP (bit 0 of SigIgn in /proc/self/status). */
  public static boolean hangupsIgnoredHere() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1) != 0;
      }
    }
    return false;
  }
}
