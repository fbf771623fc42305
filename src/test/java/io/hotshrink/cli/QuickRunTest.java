package io.hotshrink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.daemon.ConfigOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code run}'s command line read without picocli: the same answer, or none at all. */
class QuickRunTest {

  /** The configuration file picocli finds in the same command line. */
  private static Optional<Path> byPicocli(String... args) {
    CommandLine.ParseResult r = new CommandLine(new Main()).parseArgs(args);
    RunCommand run = (RunCommand) r.subcommand().commandSpec().userObject();
    return run.config.file();
  }

  @Test
  void thePlainRunCommandLinesGiveWhatPicocliGives() {
    for (String[] args :
        List.of(
            new String[] {"run"},
            new String[] {"run", "-c", "/etc/hotshrink/application.conf"},
            new String[] {"run", "--config", "relative/hot shrink.conf"},
            new String[] {"run", "--config=/srv/a=b.conf"})) {
      Optional<ConfigOption> quick = QuickRun.parse(args);
      assertTrue(quick.isPresent(), String.join(" ", args));
      assertEquals(byPicocli(args), quick.get().file(), String.join(" ", args));
    }
    assertEquals(Optional.empty(), QuickRun.parse(new String[] {"run"}).orElseThrow().file());
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"batch", "in", "out"},
            new String[] {"check-config", "-c", "a.conf"},
            new String[] {"run", "--help"},
            new String[] {"run", "-h"},
            new String[] {"run", "-V"},
            new String[] {"run", "--version"},
            new String[] {"run", "-c"},
            new String[] {"run", "-c", "a.conf", "-c", "b.conf"},
            new String[] {"run", "-ca.conf"},
            new String[] {"run", "--config="},
            new String[] {"run", "-c", "--help"},
            new String[] {"run", "extra"},
            new String[] {"run", "--bogus"},
            new String[] {"run", "-c", "a\0.conf"})) {
      assertTrue(QuickRun.parse(args).isEmpty(), String.join(" ", args));
    }
  }

  /** Fails when {@code run} gains an option or a parameter: teach QuickRun about it first. */
  @Test
  void runHasNoOptionQuickRunDoesNotKnow() {
    CommandLine.Model.CommandSpec spec = new CommandLine(new RunCommand()).getCommandSpec();
    Set<String> names = new HashSet<>();
    spec.options().forEach(o -> names.addAll(List.of(o.names())));
    assertEquals(Set.of("-c", "--config", "-h", "--help", "-V", "--version"), names);
    assertTrue(spec.positionalParameters().isEmpty());
    assertTrue(spec.subcommands().isEmpty());
  }
}
