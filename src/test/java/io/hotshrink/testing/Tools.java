package io.hotshrink.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools that some tests need (systemd-analyze, jsvc, dpkg, python3). Where one is missing,
 * the test is skipped on a developer's machine, but under {@code HOTSHRINK_CI=1} (set by .ci/run,
 * which installs them all) it fails: CI can never skip silently.
 */
public final class Tools {
  private Tools() {}

  /** The tool's absolute path; skips the test (or fails it in CI) when it is not installed. */
  public static Path require(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    missing(name + " is not installed");
    throw new AssertionError("unreachable");
  }

  /** Skips the test (or fails it in CI) unless this process runs as root. */
  public static void requireRoot(String why) {
    if (!"root".equals(System.getProperty("user.name"))) {
      missing("needs root: " + why);
    }
  }

  /** Skips the test (or fails it under HOTSHRINK_CI=1) for want of {@code what}. */
  public static void missing(String what) {
    if ("1".equals(System.getenv("HOTSHRINK_CI"))) {
      fail(what + " (HOTSHRINK_CI=1: .ci/run must provide it)");
    }
    Assumptions.abort(what + " (skipped; under HOTSHRINK_CI=1 this fails)");
  }

  /** A finished command: exit status, standard output, standard error. */
  public record Run(int status, String out, String err) {
    public Run ok() {
      if (status != 0) {
        throw new AssertionError(
            "exit status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err);
      }
      return this;
    }
  }

  /** Runs a command to completion (at most 3 minutes). */
  public static Run run(List<String> command) throws IOException, InterruptedException {
    return run(command, null, Map.of());
  }

  public static Run run(List<String> command, Path dir, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("tool-out", ".txt");
    Path err = Files.createTempFile("tool-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(command))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in 3 minutes");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The repository's root (tests run with it as the working directory). */
  public static Path repo() {
    return Path.of("").toAbsolutePath();
  }
}
