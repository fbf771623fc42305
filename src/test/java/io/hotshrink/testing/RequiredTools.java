package io.hotshrink.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs a test runs. A missing one skips the test on a developer's machine, but fails
 * it under CI ({@code HOTSHRINK_CI} set, by .ci/run, which installs them): CI never skips silently.
 */
public final class RequiredTools {
  private RequiredTools() {}

  /** The program's path on the PATH; skips or fails the test when there is none. */
  public static Path require(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String why = program + " is not installed (.ci/run installs it)";
    if (System.getenv("HOTSHRINK_CI") != null) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
    return null;
  }
}
