package io.hotshrink.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP endpoint: exactly {@code GET /health} and {@code GET /metrics} (and HEAD of both).
 * Any other path is 404; another method on those two paths is 405. Served by the JDK's own {@code
 * com.sun.net.httpserver} on one named thread: a scrape every few seconds is all it serves.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

  /** The two paths served. */
  public static final String HEALTH = "/health";

  public static final String METRICS = "/metrics";

  private final HttpServer server;
  private final ExecutorService thread;
  private final Metrics metrics;

  private HttpEndpoint(HttpServer server, ExecutorService thread, Metrics metrics) {
    this.server = server;
    this.thread = thread;
    this.metrics = metrics;
  }

  /**
   * Listens on {@code http.bind():http.port()} and serves until {@link #close}.
   *
   * @throws IOException when it cannot listen there (the port is taken, the address is not this
   *     machine's), with a message that says what to change
   */
  public static HttpEndpoint start(Settings.Http http, Metrics metrics) throws IOException {
    String where = SettingsReport.hostPort(http.bind(), http.port());
    HttpServer server;
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByName(http.bind()), http.port()), 16);
    } catch (IOException e) {
      String hint =
          e instanceof BindException
              ? e.getMessage()
                  + " (another hotshrink, or another program, may hold the port): set http.port"
                  + " to a free port or http.bind to an address of this machine, or http.enabled"
                  + " = false"
              : e + " (set http.enabled = false to run without the endpoint)";
      throw new IOException("cannot listen on " + where + " for /health and /metrics: " + hint, e);
    }
    ExecutorService thread = Executors.newSingleThreadExecutor(Threads.named("hotshrink-http"));
    HttpEndpoint endpoint = new HttpEndpoint(server, thread, metrics);
    server.createContext("/", endpoint::handle);
    server.setExecutor(thread);
    server.start();
    log.info(
        "serving GET {} and {} on http://{}",
        HEALTH,
        METRICS,
        SettingsReport.hostPort(http.bind(), endpoint.port()));
    return endpoint;
  }

  /** The port listened on (the one chosen when {@code http.port = 0}). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (!HEALTH.equals(path) && !METRICS.equals(path)) {
        send(exchange, 404, "text/plain; charset=utf-8", "not found: only /health and /metrics\n");
        return;
      }
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", method + " not allowed: GET or HEAD\n");
        return;
      }
      if (HEALTH.equals(path)) {
        Health h = metrics.health();
        send(exchange, h.httpStatus(), "application/json", h.json() + "\n", head);
      } else {
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        String type = metrics.write(body, exchange.getRequestHeaders().getFirst("Accept"));
        send(exchange, 200, type, body.toByteArray(), head);
      }
    } catch (IOException | RuntimeException e) {
      // One bad request (or a scrape that hits a bug) must not stop the endpoint.
      log.warn(
          "http {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
    }
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    send(x, status, type, body, false);
  }

  private static void send(HttpExchange x, int status, String type, String body, boolean head)
      throws IOException {
    send(x, status, type, body.getBytes(StandardCharsets.UTF_8), head);
  }

  private static void send(HttpExchange x, int status, String type, byte[] body, boolean head)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      x.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops listening at once (a scrape in progress is cut short). */
  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
