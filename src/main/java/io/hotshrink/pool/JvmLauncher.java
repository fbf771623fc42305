package io.hotshrink.pool;

import io.hotshrink.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts children as JVMs running {@code io.hotshrink.worker.WorkerMain}, with the parent's own
 * {@code java} and class path, so a child always runs exactly the code its parent runs.
 *
 * <p>A child's command line is made of the settings and nothing else of the parent's: no system
 * property of the parent is passed on. What a caller wants on every child's command line besides
 * {@code pool.jvm-options} (a test switching on the child's fault hook) it says with {@link
 * Builder#extraJvmOptions}. The one exception is the class-data-sharing archive that bin/hotshrink
 * names ({@link #CDS_CHILD}): the launcher reads it, to map it, never copies it.
 */
public final class JvmLauncher implements ChildLauncher {
  static final String WORKER_MAIN = "io.hotshrink.worker.WorkerMain";

  /** The children's class-data-sharing archive, set by bin/hotshrink when there is one. */
  static final String CDS_CHILD = "hotshrink.cds.child";

  /** Where a child makes that archive at its exit (bin/hotshrink-cds). */
  static final String CDS_DUMP = "hotshrink.cds.dump";

  /** A child started ahead of the pool ({@link #startEarly}), until the pool takes it. */
  private static final AtomicReference<Early> EARLY = new AtomicReference<>();

  private record Early(List<String> command, Process process) {}

  private final Settings.Pool pool;
  private final String engine;
  private final String java;
  private final String classPath;
  private final List<String> extraJvmOptions;

  /** The production launcher: this JVM's {@code java} and class path. */
  public JvmLauncher(Settings.Pool pool, String engine) {
    this(builder(pool, engine));
  }

  private JvmLauncher(Builder b) {
    this.pool = b.pool;
    this.engine = b.engine;
    this.java = b.java;
    this.classPath = b.classPath;
    this.extraJvmOptions = List.copyOf(b.extraJvmOptions);
  }

  /**
   * @param engine the resize engine the children load ({@code resize.engine})
   */
  public static Builder builder(Settings.Pool pool, String engine) {
    return new Builder(pool, engine);
  }

  /** A launcher with this JVM's {@code java} and class path unless told otherwise. */
  public static final class Builder {
    private final Settings.Pool pool;
    private final String engine;
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private String classPath = System.getProperty("java.class.path");
    private List<String> extraJvmOptions = List.of();

    private Builder(Settings.Pool pool, String engine) {
      this.pool = pool;
      this.engine = engine;
    }

    /** The {@code java} executable (tests of the command line). */
    Builder java(String java) {
      this.java = java;
      return this;
    }

    Builder classPath(String classPath) {
      this.classPath = classPath;
      return this;
    }

    /**
     * JVM options for every child after {@code pool.jvm-options}. They do not come from a
     * configuration file, so the settings loader's checks do not apply to them: tests use them for
     * {@code -Dhotshrink.test.faults=...}, which the loader refuses.
     */
    public Builder extraJvmOptions(List<String> options) {
      this.extraJvmOptions = List.copyOf(options);
      return this;
    }

    public JvmLauncher build() {
      return new JvmLauncher(this);
    }
  }

  /** {@code -XX:+UseParallelGC}, {@code -XX:+UseG1GC}, {@code -XX:+UseZGC}, ... */
  static boolean choosesCollector(String option) {
    return option.matches("-XX:\\+Use\\w*GC");
  }

  /** The full command for child {@code id} (logged once at start). */
  public List<String> command(String id) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx" + pool.heap());
    // G1, even where the JVM would pick the serial collector (fewer than 2 CPUs or 1792 MB): an
    // image's planes are large arrays, which G1 allocates as humongous objects and frees at the
    // next young collection, where the serial and parallel collectors copy or promote them. In
    // bench/run.sh's task A (one child, two threads) G1 made 8.1 img/s against 7.1 (serial) and
    // 7.6 (parallel), with a lower peak RSS (about 520 MB against 700 MB with a 768 MB heap).
    // Unless jvm-options chooses a collector: two on one command line stop the JVM.
    if (jvmOptions().stream().noneMatch(JvmLauncher::choosesCollector)) {
      cmd.add("-XX:+UseG1GC");
    }
    // An OutOfMemoryError leaves a JVM in an unknown state: die, and let the parent retry the job.
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    // The JVM's own messages must not reach stdout, which carries the protocol: its unified
    // logging (warnings by default) goes to stderr instead. What a user's -Xlog sends to stdout
    // anyway is read as stray text between frames and logged.
    cmd.add("-XX:+DisplayVMOutputToStderr");
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr");
    // Class-data sharing (bin/hotshrink-cds): the child's classes mapped from an archive, not read
    // from the jars and verified again (a child ready for its first job in ~30 % less CPU time).
    // An archive made for other jars or another JDK is not used; its warning is not wanted in every
    // child's log, hence cds=off (after all=warning, which it overrides).
    String cds = System.getProperty(CDS_DUMP);
    if (cds != null) {
      cmd.add("-XX:ArchiveClassesAtExit=" + cds);
    } else if ((cds = System.getProperty(CDS_CHILD)) != null) {
      cmd.add("-XX:SharedArchiveFile=" + cds);
    }
    if (cds != null) {
      cmd.add("-Xlog:cds=off");
      cmd.add("-Xlog:cds+dynamic=off");
    }
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Djava.awt.headless=true");
    cmd.addAll(jvmOptions());
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(WORKER_MAIN);
    cmd.add("--id");
    cmd.add(id);
    cmd.add("--threads");
    cmd.add(Integer.toString(pool.threads()));
    cmd.add("--engine");
    cmd.add(engine);
    cmd.add("--parent-pid");
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    return cmd;
  }

  /** {@code pool.jvm-options}, then the extra options. */
  private List<String> jvmOptions() {
    List<String> all = new ArrayList<>(pool.jvmOptions());
    all.addAll(extraJvmOptions);
    return all;
  }

  /**
   * Heap, every JVM option (the extra ones too), threads and engine: what the command is made of.
   */
  @Override
  public ChildSpec spec() {
    return new ChildSpec(pool.heap(), jvmOptions(), pool.threads(), engine);
  }

  @Override
  public String describe() {
    return String.join(" ", command("w<N>"));
  }

  /**
   * Starts the first child ({@code w1}) now, before the pool exists, so that it boots while this
   * JVM is still setting up (its logging, the command line, the journal): the first output of a
   * batch comes sooner by the shorter of the two (docs/performance.md). The pool takes it at its
   * first {@link #launch} if that asks for the very same command; otherwise it is stopped. Never
   * taken, it ends with this process: its stdin closes, and its watchdog sees the parent gone.
   */
  public static void startEarly(Settings.Pool pool, String engine) {
    List<String> cmd = new JvmLauncher(pool, engine).command("w1");
    try {
      Early old = EARLY.getAndSet(new Early(cmd, builder(cmd).start()));
      if (old != null) {
        old.process.destroy();
      }
    } catch (IOException e) {
      // The pool starts it in due course, and says why it cannot.
    }
  }

  @Override
  public ChildProcess launch(String id) throws IOException {
    List<String> cmd = command(id);
    Early early = EARLY.getAndSet(null);
    if (early != null) {
      if (early.command.equals(cmd) && early.process.isAlive()) {
        return ChildProcess.of(early.process);
      }
      early.process.destroy();
    }
    return ChildProcess.of(builder(cmd).start());
  }

  private static ProcessBuilder builder(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
    pb.redirectError(ProcessBuilder.Redirect.PIPE);
    return pb;
  }
}
