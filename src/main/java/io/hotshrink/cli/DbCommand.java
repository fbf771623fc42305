package io.hotshrink.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hotshrink db}: the cluster's database; for now only {@code db init}. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description =
        "The cluster's PostgreSQL database (cluster.store = postgres): db init [-c FILE]"
            + " creates or migrates its schema.",
    subcommands = {DbInitCommand.class})
final class DbCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code db} alone is a usage error, as {@code hotshrink} alone is. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.CONFIG_ERROR;
  }
}
