package io.hotshrink.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the packaged {@code bin/hotshrink} (built by {@code mvn package}) as a user would. */
public final class Launcher {
  private Launcher() {}

  /** The unpacked distribution, {@code target/hotshrink}. */
  public static Path dist() {
    String d = System.getProperty("hotshrink.dist", "target/hotshrink");
    Path p = Path.of(d).toAbsolutePath();
    if (!Files.isExecutable(p.resolve("bin/hotshrink"))) {
      throw new IllegalStateException(p + "/bin/hotshrink is missing: run mvn package first");
    }
    return p;
  }

  public static Path script() {
    return dist().resolve("bin/hotshrink");
  }

  /** A finished run: exit status and what it printed. */
  public record Result(int status, String out, String err) {}

  /**
   * The launcher with {@code args}, in {@code workDir}, with {@code env} on top of this process's
   * environment less hotshrink's own variables. A daemon started this way listens on any free port
   * ({@code HOTSHRINK_HTTP_PORT=0}: several test JVMs may run at once), unless {@code env} sets
   * {@code HOTSHRINK_HTTP_PORT} itself (to "" for the port of the configuration file).
   */
  public static ProcessBuilder builder(Path workDir, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().remove("HOTSHRINK_CONFIG");
    pb.environment().remove("HOTSHRINK_INPUT");
    pb.environment().remove("HOTSHRINK_OUTPUT");
    pb.environment().put("HOTSHRINK_HTTP_PORT", "0");
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs to completion (at most 2 minutes: then it is killed, and the test fails). */
  public static Result run(Path workDir, Map<String, String> env, String... args) {
    Tools.Run r = Tools.run(builder(workDir, env, args), Duration.ofMinutes(2));
    return new Result(r.status(), r.out(), r.err());
  }
}
