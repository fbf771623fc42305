package io.hotshrink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hotshrink db init} against a real PostgreSQL. */
class DbInitCommandTest {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();

  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  private Run dbInit(String config) throws Exception {
    // cluster mode wants a state folder on the host's own disk, which db init does not use
    Path conf =
        Files.writeString(
            dir.resolve("cluster.conf"), config + "\nhotshrink.state = \"local-state\"\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute("db", "init", "-c", conf.toString());
    return new Run(status, out.toString(), err.toString());
  }

  private static String postgres(String url, String password) {
    return """
        hotshrink.cluster {
          store = postgres
          url = "%s"
          user = "%s"
          password = "%s"
        }
        """
        .formatted(url, PostgresServer.USER, password);
  }

  @Test
  void createsTheSchemaAndSaysItsVersionAndASecondRunChangesNothing() throws Exception {
    String url = PG.newDatabase();
    String server = url.substring("jdbc:postgresql://".length());
    Run first = dbInit(postgres(url, PG.password()));
    assertEquals(0, first.status(), first.err());
    assertTrue(
        first.out().matches("schema of hotshrink at " + server + " is at version \\d+\\n"),
        first.out());
    Run again = dbInit(postgres(url, PG.password()));
    assertEquals(0, again.status(), again.err());
    assertEquals(first.out(), again.out());
  }

  @Test
  void aWrongPasswordIsOneLineAndExitOne() throws Exception {
    Run r = dbInit(postgres(PG.newDatabase(), "not-the-password"));
    assertEquals(1, r.status(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("password authentication failed"), r.err());
    assertFalse(r.err().contains("not-the-password"), r.err());
  }

  @Test
  void theLocalStoreHasNoDatabaseToSetUp() throws Exception {
    Run r = dbInit("hotshrink.cluster.store = local\n");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("cluster.store is local in "), r.err());
  }

  @Test
  void aPasswordVariableThatIsNotSetIsAConfigurationError() throws Exception {
    String var = "HOTSHRINK_TEST_UNSET_" + ProcessHandle.current().pid();
    Run r =
        dbInit(
            """
            hotshrink.cluster {
              store = postgres
              url = "%s"
              password-env = %s
            }
            """
                .formatted(PG.newDatabase(), var));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(var), r.err());
  }

  @Test
  void anInvalidClusterSectionIsAConfigurationError() throws Exception {
    Run r = dbInit("hotshrink.cluster { store = postgres, lease = 1s }\n");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains(": hotshrink.cluster.url: "), r.err());
    assertTrue(r.err().contains(": hotshrink.cluster.lease: "), r.err());
  }
}
