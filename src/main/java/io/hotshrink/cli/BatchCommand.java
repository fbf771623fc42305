package io.hotshrink.cli;

import io.hotshrink.Threads;
import io.hotshrink.config.Settings;
import io.hotshrink.daemon.ConfigOption;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline;
import io.hotshrink.pool.JvmLauncher;
import io.hotshrink.pool.PoolListener;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.watch.Refusal;
import io.hotshrink.watch.TreeScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code hotshrink batch IN OUT}: every JPEG under IN, once, into OUT, with the same pool and
 * settings as the daemon; then a summary line. Inputs are never moved: a failed image is reported
 * and counted, and the exit status is 1 when any failed.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = "Resize every JPEG under IN into OUT once, then exit.")
final class BatchCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BatchCommand.class);

  @Mixin ConfigOption config = new ConfigOption();

  @Parameters(index = "0", paramLabel = "IN", description = "folder to read (recursively)")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "folder to write to")
  Path out;

  @CommandLine.Option(
      names = "--progress-every",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "when standard error is not a terminal, write a progress line this often"
              + " (default: ${DEFAULT-VALUE}); on a terminal a live progress bar is drawn instead")
  Duration progressEvery;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** How IN is walked (tests put in one that fails). */
  interface Scan {
    void walk(Path root, Consumer<Source> sink, BiConsumer<Source, Refusal> refused)
        throws IOException;
  }

  Scan scan = TreeScanner::scanOnce;

  @Override
  public Integer call() throws IOException {
    Optional<Settings> loaded =
        config.load(
            spec.commandLine().getErr(), Map.of("input", in.toString(), "output", out.toString()));
    if (loaded.isEmpty()) {
      return Main.CONFIG_ERROR;
    }
    Settings s = loaded.get();
    if (!Files.isDirectory(s.input())) {
      spec.commandLine().getErr().println(in + ": no such folder");
      return Main.CONFIG_ERROR;
    }
    Files.createDirectories(s.output());
    long t0 = System.nanoTime();
    Clock clock = Clock.systemUTC();
    CompletableFuture<String> fatal = new CompletableFuture<>();
    WorkerPool pool =
        new WorkerPool(
            s.pool(),
            new JvmLauncher(s.pool(), s.resize().engine()),
            clock,
            new SecureRandom(),
            new PoolListener() {
              @Override
              public void fatal(String why) {
                fatal.complete(why);
              }
            },
            WorkerPool.Timing.DEFAULT);
    ExecutorService publishing =
        Executors.newSingleThreadExecutor(Threads.named("hotshrink-publish"));
    // Batch's pipeline: inputs are never moved, nothing is remembered or tried again.
    Pipeline pipeline =
        Pipeline.builder().settings(s).pool(pool).publishOn(publishing).clock(clock).build();
    List<CompletableFuture<Pipeline.Outcome>> jobs = new ArrayList<>();
    long published;
    long failed;
    // Whatever happens (a scan that fails, an error in a job), the children and the publishing
    // thread are stopped before this returns.
    try (BatchProgress progress =
        BatchProgress.open(
            Terminal.stderrIsTerminal(System.getenv()), progressEvery, System.err, clock)) {
      pool.start();
      // What is waited for is the job with its progress step, so the bar has its last step
      // before it is closed and the counts below are complete.
      Consumer<CompletableFuture<Pipeline.Outcome>> track =
          job ->
              jobs.add(
                  job.whenComplete((o, e) -> progress.finished(o == Pipeline.Outcome.PUBLISHED)));
      // A JPEG-named file that is not one is refused, and counted as failed.
      scan.walk(
          s.input(),
          src -> track.accept(pipeline.process(src)),
          (src, why) -> track.accept(pipeline.refuse(src, why, null)));
      progress.total(jobs.size());
      log.info("batch: {} JPEGs under {}", jobs.size(), s.input());
      CompletableFuture.allOf(jobs.toArray(new CompletableFuture<?>[0])).join();
      published = progress.done();
      failed = progress.failed();
    } finally {
      pool.shutdown(s.pool().shutdownGrace());
      publishing.shutdown();
    }

    double seconds = (System.nanoTime() - t0) / 1e9;
    spec.commandLine()
        .getOut()
        .printf(
            "processed=%d failed=%d seconds=%.2f images_per_second=%.2f%n",
            published, failed, seconds, published / Math.max(seconds, 1e-9));
    spec.commandLine().getOut().flush();
    if (fatal.isDone()) {
      spec.commandLine().getErr().println("error: " + fatal.join());
      return Main.POOL_FATAL;
    }
    return failed > 0 ? Main.FAILURE : Main.OK;
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m}: HOCON's duration syntax, as in the configuration. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration d =
            com.typesafe.config.ConfigFactory.parseString("d = \"" + value + "\"").getDuration("d");
        if (d.isNegative() || d.isZero()) {
          throw new CommandLine.TypeConversionException("must be more than 0, got " + value);
        }
        return d;
      } catch (com.typesafe.config.ConfigException e) {
        throw new CommandLine.TypeConversionException(
            "not a duration such as 10s or 500ms: " + value);
      }
    }
  }
}
