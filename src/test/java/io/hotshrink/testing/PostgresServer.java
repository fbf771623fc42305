package io.hotshrink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server of its own for one test class: {@code @RegisterExtension static final
 * PostgresServer PG = new PostgresServer();}. Debian's binaries (/usr/lib/postgresql/N/bin, the
 * newest N), a data folder in a temp folder (its unix socket there too), a free TCP port on
 * 127.0.0.1, fsync off (the data is thrown away). A server already running on the machine (the
 * package's own cluster on 5432) is neither used nor disturbed. Without the binaries the class is
 * skipped on a developer's machine and fails under CI ({@link Tools#missing}: {@code
 * HOTSHRINK_CI=1}, set by .ci/run, which installs the {@code postgresql} package).
 *
 * <p>As root (CI), the server runs as the {@code postgres} user ({@code runuser}), since PostgreSQL
 * refuses to run as root; as anyone else, as that user.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
  public static final String USER = "hotshrink";

  private final String password = "pw-" + UUID.randomUUID();
  private final AtomicInteger databases = new AtomicInteger();
  private Path bin;
  private Path dir;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    bin = binaries();
    dir = Files.createTempDirectory("hotshrink-pg");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      UserPrincipal postgres =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    port = freePort();
    run(
        "initdb",
        "-D",
        data().toString(),
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync");
    start();
    psql("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
    // the first connection of a JVM loads the driver, its SCRAM and TLS code: not in a test's time
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, password)) {
      c.isValid(5);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (dir == null) {
      return;
    }
    try {
      if (Files.exists(data().resolve("postmaster.pid"))) {
        run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Starts the server (again, after {@link #stop}), on the same port; waits until it accepts. */
  public void start() {
    String options =
        String.join(
            " ",
            "-p " + port,
            "-k " + dir,
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off");
    run(
        "pg_ctl",
        "-D",
        data().toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start");
  }

  /** Stops the server (fast: open sessions are ended, as by a restart of the service). */
  public void stop() {
    run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop");
  }

  /** A new, empty database owned by {@link #USER}; returns its JDBC URL. */
  public String newDatabase() {
    String name = "test" + databases.incrementAndGet();
    psql("CREATE DATABASE " + name + " OWNER " + USER);
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  /** Runs SQL as the superuser over the unix socket. */
  public void psql(String sql) {
    run(
        "psql",
        "-h",
        dir.toString(),
        "-p",
        Integer.toString(port),
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-qc",
        sql);
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void run(String program, String... args) {
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of(Tools.require("runuser").toString(), "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(program).toString());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("commands.log");
    try {
      Files.writeString(
          out,
          "$ " + String.join(" ", cmd) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(program + " did not finish in 90 s; see " + out);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(
            program + " failed (exit " + p.exitValue() + "):\n" + tail(out) + tail(serverLog()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Path serverLog() {
    return dir.resolve("server.log");
  }

  private static String tail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
  }

  /** The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    Path best = null;
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        best =
            versions
                .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                .max(Comparator.comparingDouble(b -> version(b)))
                .orElse(null);
      }
    }
    if (best == null) {
      Tools.missing("PostgreSQL's server is not installed (apt-get install postgresql)");
    }
    return best;
  }

  private static double version(Path bin) {
    return Double.parseDouble(bin.getParent().getFileName().toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
