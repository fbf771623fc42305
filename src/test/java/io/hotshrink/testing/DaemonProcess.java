package io.hotshrink.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hotshrink run} of the packaged launcher in a process of its own, with its own
 * configuration file and a log file per run (started again, it logs to the next): what a test needs
 * to treat it as a host of a cluster — its endpoint, its JVM for {@code kill -9}, {@code SIGSTOP}
 * and {@code SIGCONT}, its logs.
 */
public final class DaemonProcess implements AutoCloseable {
  private static final Pattern PORT = Pattern.compile("/metrics on http://[^\\s:]+:(\\d+)");
  private static final Pattern CONTACT = Pattern.compile("\"contact\":\"(\\w+)\"");

  private final String name;
  private final Path dir;
  private final Path conf;
  private final Map<String, String> env;
  private final List<Path> logs = new ArrayList<>();
  // read by Awaitility's polling thread too
  private volatile Process process;
  private volatile int port;

  /**
   * @param name names its log files, {@code NAME-1.log}, {@code NAME-2.log}, ... in {@code dir}
   * @param env on top of the launcher's (see {@link Launcher#builder})
   */
  public DaemonProcess(String name, Path dir, Path conf, Map<String, String> env) {
    this.name = name;
    this.dir = dir;
    this.conf = conf;
    this.env = Map.copyOf(env);
  }

  public String name() {
    return name;
  }

  public Process process() {
    return process;
  }

  /** Its log files, one per run, oldest first. */
  public List<Path> logs() {
    return List.copyOf(logs);
  }

  /** Starts it (again), logging to a file of this run. */
  public DaemonProcess start() throws IOException {
    Path log = dir.resolve(name + "-" + (logs.size() + 1) + ".log");
    logs.add(log);
    port = 0;
    process =
        Launcher.builder(dir, env, "run", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return this;
  }

  /** Until its /health says the cluster contact is healthy: a child ready, the cluster joined. */
  public DaemonProcess awaitJoined() {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError(name + " exited " + process.exitValue() + ":\n" + log());
              }
              return clusterContact().equals("healthy");
            });
    return this;
  }

  /**
   * The cluster contact its /health reports: healthy, renewal_failing or abandoned ("" before the
   * endpoint or the cluster is up).
   */
  public String clusterContact() {
    try {
      if (port() == 0) {
        return "";
      }
      Matcher m = CONTACT.matcher(Http.get("http://127.0.0.1:" + port + "/health").body());
      return m.find() ? m.group(1) : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The endpoint's port, as the running daemon logged it; 0 before it did. */
  private int port() throws IOException {
    if (port == 0) {
      Matcher m = PORT.matcher(Files.readString(logs.get(logs.size() - 1)));
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
    }
    return port;
  }

  /** Jobs this daemon finished (published or failed), from its /metrics. */
  public double jobsDone() throws Exception {
    if (port() == 0) {
      throw new AssertionError(name + " has not logged its HTTP port");
    }
    var m = Http.scrape("http://127.0.0.1:" + port);
    return m.sum("hotshrink_jobs_done_total") + m.sum("hotshrink_jobs_failed_total");
  }

  /**
   * The daemon's own JVM. The launcher execs java, so that is the process started; checked, since
   * killing a shell in front of it would leave the daemon running.
   */
  public ProcessHandle jvm() {
    ProcessHandle h = process.toHandle();
    if (isJava(h)) {
      return h;
    }
    return h.children()
        .filter(DaemonProcess::isJava)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no java process under " + h.pid()));
  }

  /**
   * SIGKILL to its JVM; waits until it is gone, then runs {@code whileDead} (its children may still
   * be finishing a job), then waits until its children are gone too.
   */
  public void kill9(Runnable whileDead) {
    ProcessHandle jvm = jvm();
    List<ProcessHandle> children = jvm.descendants().toList();
    assertTrue(jvm.destroyForcibly(), "SIGKILL sent");
    await().atMost(Duration.ofSeconds(60)).until(() -> !jvm.isAlive());
    whileDead.run();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** SIGSTOP to its JVM (its children go on). */
  public void pause() {
    signal("-STOP");
  }

  /** SIGCONT to its JVM. */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String sig) {
    Tools.run(List.of("kill", sig, Long.toString(jvm().pid()))).ok();
  }

  /** SIGTERM, if it runs. */
  public void stop() {
    if (process.isAlive()) {
      process.destroy();
    }
  }

  /** After {@link #stop}: it exits 0 within a minute. */
  public void awaitStopped() throws InterruptedException {
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), name + " still running 60 s after SIGTERM");
    assertEquals(0, process.exitValue(), name + ":\n" + log());
  }

  /** True when a line of its logs contains {@code text}. */
  public boolean logged(String text) {
    return !lines(text).isEmpty();
  }

  /** Lines of its logs (all runs) that contain {@code text}. */
  public String lines(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : log().split("\n")) {
      if (line.contains(text)) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** All its logs, all runs. */
  public String log() {
    StringBuilder b = new StringBuilder();
    for (Path p : logs) {
      try {
        b.append(Files.readString(p));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      Tools.killTree(process); // SIGKILL ends a stopped process too
    }
  }

  private static boolean isJava(ProcessHandle h) {
    return h.info().command().orElse("").endsWith("/java");
  }
}
