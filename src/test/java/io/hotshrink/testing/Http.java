package io.hotshrink.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests to a daemon's endpoint, and free ports for tests. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** An answer: status and body. */
  public record Answer(int status, String body, java.net.http.HttpHeaders headers) {}

  public static Answer get(String url) throws IOException, InterruptedException {
    return send(url, "GET");
  }

  public static Answer send(String url, String method) throws IOException, InterruptedException {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r.headers());
  }

  /** GET {@code base}/metrics, read back. */
  public static io.hotshrink.metrics.Exposition scrape(String base)
      throws IOException, InterruptedException {
    Answer a = get(base + "/metrics");
    if (a.status() != 200) {
      throw new AssertionError("/metrics: HTTP " + a.status() + ": " + a.body());
    }
    return io.hotshrink.metrics.Exposition.parse(a.body());
  }

  /**
   * A port nobody listens on right now (the OS picks it). Another process could take it before the
   * test uses it; the OS hands out ephemeral ports in turn, so that is unlikely within a test.
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A port on 127.0.0.1 that something else holds, for as long as the socket is open. */
  public static ServerSocket occupiedPort() throws IOException {
    return new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
  }
}
