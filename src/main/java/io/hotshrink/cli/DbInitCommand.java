package io.hotshrink.cli;

import io.hotshrink.cluster.ClaimStore;
import io.hotshrink.cluster.ClusterException;
import io.hotshrink.cluster.ClusterSettings;
import io.hotshrink.config.Settings;
import io.hotshrink.daemon.ClusterConfigException;
import io.hotshrink.daemon.ClusterSettingsFrom;
import io.hotshrink.daemon.ConfigOption;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hotshrink db init}: creates the cluster's schema in the database of {@code cluster.url},
 * or migrates it to this release's version; safe to run again. Run once before the first host
 * starts, and after an upgrade, by someone allowed to create tables there.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create or migrate the cluster's schema in the database of cluster.url (safe to repeat).",
      "Exit status: 0 done, 1 the database cannot be reached or refused, 2 configuration error"
          + " (cluster.store is not postgres, the password cannot be read)."
    })
final class DbInitCommand implements Callable<Integer> {
  @Mixin ConfigOption config = new ConfigOption();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Settings> loaded = config.load(err, Map.of());
    if (loaded.isEmpty()) {
      return Main.CONFIG_ERROR;
    }
    Settings s = loaded.get();
    if (!s.cluster().isShared()) {
      err.println(
          "cluster.store is local in "
              + s.source().map(Object::toString).orElse("the built-in defaults")
              + ": there is no database to set up (set cluster.store = postgres and cluster.url)");
      err.flush();
      return Main.CONFIG_ERROR;
    }
    ClusterSettings cluster;
    try {
      cluster = ClusterSettingsFrom.of(s.cluster());
    } catch (ClusterConfigException e) {
      err.println("cannot set up the cluster's database: " + e.getMessage());
      err.flush();
      return Main.CONFIG_ERROR;
    }
    try (ClaimStore store = ClaimStore.open(cluster)) {
      int version = store.init();
      out.println("schema of hotshrink at " + cluster.server() + " is at version " + version);
      out.flush();
      return Main.OK;
    } catch (ClusterException e) {
      // The message names the server and what it said; the driver's may run over several lines.
      err.println(firstLine(e.getMessage()));
      err.flush();
      return Main.FAILURE;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "cannot set up the cluster's database";
    }
    int eol = s.indexOf('\n');
    return (eol < 0 ? s : s.substring(0, eol)).strip();
  }
}
