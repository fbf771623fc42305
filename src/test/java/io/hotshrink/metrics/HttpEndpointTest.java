package io.hotshrink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.config.Settings;
import io.hotshrink.testing.FakeClock;
import io.hotshrink.testing.Http;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint on a real loopback socket (any free port), over a fake daemon. */
class HttpEndpointTest {
  private final FakeLive live = new FakeLive();
  private final Metrics metrics = new Metrics(new FakeClock(), live, "1.2.3");
  private HttpEndpoint endpoint;
  private String url;

  @BeforeEach
  void open() throws IOException {
    endpoint = HttpEndpoint.start(new Settings.Http(true, "127.0.0.1", 0), metrics);
    url = "http://127.0.0.1:" + endpoint.port();
  }

  @AfterEach
  void close() {
    endpoint.close();
  }

  @Test
  void healthIs200WithJsonWhenHealthyAnd503WithTheReasonWhenNot() throws Exception {
    Http.Answer ok = Http.get(url + "/health");
    assertEquals(200, ok.status());
    assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
    assertTrue(ok.body().startsWith("{") && ok.body().contains("\"status\":\"ok\""), ok.body());

    live.liveChild = false;
    Http.Answer down = Http.get(url + "/health");
    assertEquals(503, down.status());
    assertTrue(down.body().contains("\"status\":\"unhealthy\""), down.body());
    assertTrue(down.body().contains("\"reason\":\"no child JVM is running"), down.body());
  }

  @Test
  void metricsIsThePrometheusTextFormat() throws Exception {
    metrics.failed(null, FailureReason.TOO_LARGE);
    Http.Answer m = Http.get(url + "/metrics");
    assertEquals(200, m.status());
    assertTrue(
        m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
        m.headers().toString());
    assertEquals(
        1,
        Exposition.parse(m.body()).value("hotshrink_jobs_failed_total", -1, "reason", "too_large"));
    // A query string (Prometheus may add one) changes nothing.
    assertEquals(200, Http.get(url + "/metrics?name[]=x").status());
  }

  @Test
  void openMetricsWhenAskedForIt() throws Exception {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0")
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics"),
        r.headers().toString());
    assertTrue(r.body().endsWith("# EOF\n"), r.body());
  }

  @Test
  void everyOtherPathIs404() throws Exception {
    for (String p : new String[] {"/", "/health/", "/metrics/", "/healthz", "/metrics.txt", "/x"}) {
      Http.Answer a = Http.get(url + p);
      assertEquals(404, a.status(), p);
      assertEquals("not found: only /health and /metrics\n", a.body(), p);
    }
  }

  @Test
  void otherMethodsAre405AndHeadIsAnswered() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      Http.Answer a = Http.send(url + "/metrics", method);
      assertEquals(405, a.status(), method);
      assertEquals("GET, HEAD", a.headers().firstValue("Allow").orElse(""), method);
    }
    Http.Answer head = Http.send(url + "/health", "HEAD");
    assertEquals(200, head.status());
    assertEquals("", head.body());
    assertEquals(404, Http.send(url + "/other", "POST").status());
  }

  @Test
  void aPortInUseIsRefusedWithAMessageThatSaysWhatToChange() throws Exception {
    try (ServerSocket taken = Http.occupiedPort()) {
      int port = taken.getLocalPort();
      IOException e =
          assertThrows(
              IOException.class,
              () -> HttpEndpoint.start(new Settings.Http(true, "127.0.0.1", port), metrics));
      assertTrue(
          e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + " for /health and"),
          e.getMessage());
      assertTrue(e.getMessage().contains("set http.port to a free port"), e.getMessage());
      assertTrue(e.getMessage().contains("http.enabled = false"), e.getMessage());
    }
  }

  @Test
  void afterCloseNothingListens() throws Exception {
    endpoint.close();
    assertThrows(ConnectException.class, () -> Http.get(url + "/health"));
  }
}
