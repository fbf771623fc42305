package io.hotshrink.cli;

import io.hotshrink.config.Settings;
import io.hotshrink.daemon.ConfigOption;
import io.hotshrink.daemon.StartupSummary;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hotshrink check-config}: validate and print the effective settings. */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    description = "Validate the configuration and print the effective settings.")
final class CheckConfigCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Optional<Settings> s = config.load(spec.commandLine().getErr(), Map.of());
    if (s.isEmpty()) {
      return Main.CONFIG_ERROR;
    }
    spec.commandLine().getOut().println("configuration OK");
    spec.commandLine().getOut().println(StartupSummary.effectiveSettings(s.get()));
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
