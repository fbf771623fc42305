package io.hotshrink.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsReport;
import io.hotshrink.daemon.ConfigOption;
import io.hotshrink.metrics.Exposition;
import io.hotshrink.metrics.HttpEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hotshrink status}: asks the running daemon, through its HTTP endpoint (found in the
 * configuration), how it is doing, and prints a short summary. It uses only what the endpoint
 * serves to everyone: {@code /health} and {@code /metrics}.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the running daemon (at http.bind:http.port of the configuration) how it is doing.",
      "Exit status: 0 healthy, 1 unhealthy, 2 configuration error, 3 no daemon answers."
    })
final class StatusCommand implements Callable<Integer> {
  static final int NO_ANSWER = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

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
    String file = s.source().map(Object::toString).orElse("the built-in defaults");
    Settings.Http http = s.http();
    if (!http.enabled()) {
      err.println(
          "the HTTP endpoint is off in " + file + " (http.enabled = false): nothing to ask");
      return NO_ANSWER;
    }
    if (http.port() == 0) {
      err.println(
          "http.port is 0 in "
              + file
              + " (any free port): the daemon's log says which one it took; set a fixed port");
      return NO_ANSWER;
    }
    String where = "http://" + SettingsReport.hostPort(connectTo(http.bind()), http.port());
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpResponse<String> health;
    HttpResponse<String> metrics;
    try {
      health = get(client, where + HttpEndpoint.HEALTH);
      if (health.statusCode() != 200 && health.statusCode() != 503) {
        err.println(
            "no hotshrink answers at "
                + where
                + ": "
                + HttpEndpoint.HEALTH
                + " gave HTTP "
                + health.statusCode());
        return NO_ANSWER;
      }
      metrics = get(client, where + HttpEndpoint.METRICS);
    } catch (IOException e) {
      err.println(
          "no hotshrink answers at "
              + where
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + " (is it running, with this configuration, "
              + file
              + "?)");
      return NO_ANSWER;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NO_ANSWER;
    }
    String status;
    String reason;
    Map<String, String> inputs = new LinkedHashMap<>();
    try {
      Config h = ConfigFactory.parseString(health.body());
      status = h.getString("status");
      reason = h.hasPath("reason") ? h.getString("reason") : "unknown";
      if (h.hasPath("folders")) {
        for (Config f : h.getConfigList("folders")) {
          inputs.put(f.getString("name"), f.getString("input"));
        }
      }
    } catch (ConfigException e) {
      err.println(
          "no hotshrink answers at "
              + where
              + ": "
              + HttpEndpoint.HEALTH
              + " said "
              + health.body());
      return NO_ANSWER;
    }
    Exposition m;
    try {
      m = Exposition.parse(metrics.statusCode() == 200 ? metrics.body() : "");
    } catch (IllegalArgumentException e) {
      err.println("cannot read " + where + HttpEndpoint.METRICS + ": " + e.getMessage());
      m = Exposition.parse("");
    }
    boolean healthy = health.statusCode() == 200 && "ok".equals(status);
    Clock clock = Clock.systemDefaultZone();
    out.print(
        StatusReport.render(
            where, healthy ? null : reason, m, inputs, clock.instant(), clock.getZone()));
    out.flush();
    return healthy ? Main.OK : Main.FAILURE;
  }

  private static HttpResponse<String> get(HttpClient client, String url)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A daemon listening on every interface is asked on this machine's loopback. */
  static String connectTo(String bind) {
    return switch (bind) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "::0", "0:0:0:0:0:0:0:0" -> "::1";
      default -> bind;
    };
  }
}
