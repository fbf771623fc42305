package io.hotshrink.testing;

import static org.awaitility.Awaitility.await;

import io.hotshrink.config.Settings;
import io.hotshrink.config.SettingsLoader;
import io.hotshrink.daemon.HotshrinkDaemon;
import io.hotshrink.pool.ChildInfo;
import io.hotshrink.pool.JvmLauncher;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.StopReason;
import io.hotshrink.worker.FaultHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real daemon, in this JVM, with real child JVMs, on a temp folder: {@code in/}, {@code out/},
 * {@code failed/} and a config file holding whatever the test adds.
 */
public final class RunningDaemon implements AutoCloseable {
  public final Path root;
  public final Path in;
  public final Path out;
  public final Path failed;

  /** The configuration file; a test may rewrite it and reload. */
  public final Path config;

  public final Settings settings;
  public final HotshrinkDaemon daemon;
  public final List<ChildInfo> started = new CopyOnWriteArrayList<>();
  public final List<String> stopped = new CopyOnWriteArrayList<>();

  private RunningDaemon(Path root, String text, List<String> childJvmOptions) throws Exception {
    this.root = root;
    Path file = root.resolve("test.conf");
    this.config = file;
    Files.writeString(file, text);
    settings = new SettingsLoader(root, Map.of(), 2).load(Optional.of(file));
    in = settings.input();
    out = settings.output();
    failed = settings.failed();
    PoolListener listener =
        new PoolListener() {
          @Override
          public void childStarted(ChildInfo child) {
            started.add(child);
          }

          @Override
          public void childStopped(ChildInfo child, StopReason reason, String detail) {
            stopped.add(child.id() + ":" + reason);
          }
        };
    daemon =
        HotshrinkDaemon.builder()
            .settings(settings)
            // A reload that changes the heap or options starts children with the new ones.
            .launchers(
                s ->
                    JvmLauncher.builder(s.pool(), s.resize().engine())
                        .extraJvmOptions(childJvmOptions)
                        .build())
            .listener(listener)
            .build();
    daemon.start();
  }

  /** The text of the config file for {@code conf}, HOCON inside {@code hotshrink { }}. */
  public static String configText(String conf) {
    // http.port = 0: any free port (several test JVMs may run at once); a test may set another.
    return "hotshrink {\n input = in\n output = out\n failed = failed\n watch.settle = 500ms\n"
        + " pool { workers = 1, threads = 2, heap = 256m }\n"
        + " http.port = 0\n"
        + conf
        + "\n}\n";
  }

  /** Starts a daemon on {@code root}; {@code conf} is HOCON inside {@code hotshrink { }}. */
  public static RunningDaemon start(Path root, String conf) throws Exception {
    return new RunningDaemon(root, configText(conf), List.of());
  }

  /**
   * Starts a daemon on {@code root} with a configuration file of exactly {@code text} (not wrapped
   * in {@link #configText}: e.g. several hot folders, whose failed folders must not all be the top
   * level's). {@link #in}, {@link #out} and {@link #failed} are then the top level's, which a
   * configuration with {@code hotshrink.folders} does not use: see {@link #folder}.
   */
  public static RunningDaemon startWithFile(Path root, String text) throws Exception {
    return new RunningDaemon(root, text, List.of());
  }

  /** The settings of hot folder {@code name} in force (input, output, failed, state, ...). */
  public Settings folder(String name) {
    return daemon.settings().folders().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no hot folder " + name))
        .settings();
  }

  /**
   * Reads the configuration file again and applies it, as SIGHUP does; returns what changed.
   *
   * @throws Exception as the loader (the file is refused) or the reload does
   */
  public String reload() throws Exception {
    return daemon.reload(new SettingsLoader(root, Map.of(), 2).load(Optional.of(config)));
  }

  /**
   * A daemon whose children have the test-only fault hook ({@code worker.FaultHook}) switched on
   * with {@code spec}, e.g. {@code crash=CRASHME}. It goes on the children's command line through
   * the launcher, as the configuration cannot put it there (the loader refuses it).
   */
  public static Starter withFaults(String spec) {
    return new Starter(List.of("-D" + FaultHook.PROPERTY + "=" + spec));
  }

  /** Starts daemons whose children get extra JVM options. */
  public static final class Starter {
    private final List<String> childJvmOptions;

    private Starter(List<String> childJvmOptions) {
      this.childJvmOptions = childJvmOptions;
    }

    /** As {@link RunningDaemon#start(Path, String)}. */
    public RunningDaemon start(Path root, String conf) throws Exception {
      return new RunningDaemon(root, configText(conf), childJvmOptions);
    }

    /** As {@link RunningDaemon#startWithFile(Path, String)}. */
    public RunningDaemon startWithFile(Path root, String text) throws Exception {
      return new RunningDaemon(root, text, childJvmOptions);
    }
  }

  /** Waits until the first child is ready, so timing-sensitive tests do not count JVM start-up. */
  public RunningDaemon awaitReady() {
    await().atMost(30, TimeUnit.SECONDS).until(() -> !started.isEmpty());
    return this;
  }

  /**
   * Walks the hot folder again and waits until everything that walk found has been dealt with
   * (settled and processed, refused, or left alone). After it, that nothing more happened can be
   * asserted at once, without sleeping for a while and hoping it was long enough.
   */
  public RunningDaemon awaitRescanned() {
    try {
      daemon.rescan().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the rescan did not finish", e);
    }
    await().atMost(120, TimeUnit.SECONDS).until(daemon::idle);
    return this;
  }

  /** Waits until nothing is settling, running or waiting for a child. */
  public RunningDaemon awaitIdle() {
    await().atMost(120, TimeUnit.SECONDS).until(daemon::idle);
    return this;
  }

  /**
   * Regular files under a folder, as relative paths ('/'-separated), sorted. Files that vanish
   * during the walk (temp files being renamed) are skipped.
   */
  public static List<String> files(Path dir) {
    List<String> found = new java.util.ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    try {
      Files.walkFileTree(
          dir,
          new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(
                Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                found.add(dir.relativize(file).toString().replace('\\', '/'));
              }
              return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
              return java.nio.file.FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    java.util.Collections.sort(found);
    return found;
  }

  /** The daemon's endpoint: {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:"
        + daemon.httpPort().orElseThrow(() -> new IllegalStateException("no http endpoint"));
  }

  @Override
  public void close() {
    daemon.stop();
  }
}
