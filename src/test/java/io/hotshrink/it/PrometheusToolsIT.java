package io.hotshrink.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Http;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.RunningDaemon;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.Tools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own tool judges what hotshrink serves and ships: {@code promtool check metrics}
 * lints a real scrape of the running daemon (format and naming conventions), and {@code promtool
 * test rules} shows that the shipped alerting rules (prometheus/hotshrink-alerts.yml, linked from
 * docs/monitoring.md) fire when a file has waited over 10 minutes, and not before.
 */
class PrometheusToolsIT {
  @TempDir Path dir;

  @Test
  void aRealScrapePassesPromtoolsLint() throws Exception {
    Path promtool = Tools.require("promtool");
    try (RunningDaemon d = RunningDaemon.start(dir, "").awaitReady()) {
      TestImages.write(d.in.resolve("a.jpg"), 640, 480, 1);
      await().atMost(30, TimeUnit.SECONDS).until(() -> d.daemon.count("published") == 1);
      Http.Answer scrape = Http.get(d.url() + "/metrics");
      Path text = Files.writeString(dir.resolve("scrape.txt"), scrape.body());
      Tools.Run r =
          Tools.run(
              List.of(
                  "sh",
                  "-c",
                  "\"$0\" check metrics < \"$1\"",
                  promtool.toString(),
                  text.toString()),
              dir,
              Map.of());
      assertEquals(0, r.status(), r.out() + r.err() + "\n" + scrape.body());
      assertEquals("", (r.out() + r.err()).strip(), "no complaint about any metric");
    }
  }

  @Test
  void theShippedAlertRulesFireAfterTenMinutesOfWaiting() throws Exception {
    Path promtool = Tools.require("promtool");
    Path rules = Launcher.dist().resolve("prometheus/hotshrink-alerts.yml");
    Files.copy(rules, dir.resolve("hotshrink-alerts.yml"));
    try (InputStream in = getClass().getResourceAsStream("/prometheus/hotshrink-alerts.test.yml")) {
      Files.copy(in, dir.resolve("hotshrink-alerts.test.yml"));
    }
    Tools.Run check =
        Tools.run(
            List.of(promtool.toString(), "check", "rules", "hotshrink-alerts.yml"), dir, Map.of());
    assertEquals(0, check.status(), check.out() + check.err());
    assertTrue(check.out().contains("SUCCESS: 2 rules found"), check.out());
    Tools.Run test =
        Tools.run(
            List.of(promtool.toString(), "test", "rules", "hotshrink-alerts.test.yml"),
            dir,
            Map.of());
    assertEquals(0, test.status(), test.out() + test.err());
    assertTrue(test.out().contains("SUCCESS"), test.out());

    // The monitoring guide, shipped beside the rules, points to this very file.
    String guide = Files.readString(Launcher.dist().resolve("docs").resolve("monitoring.md"));
    assertTrue(
        guide.contains("(../packaging/prometheus/hotshrink-alerts.yml)"),
        "docs/monitoring.md links the rules it describes");
  }
}
