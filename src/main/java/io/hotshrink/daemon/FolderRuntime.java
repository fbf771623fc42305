package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline;
import io.hotshrink.job.RetryScheduler;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.publish.Fence;
import io.hotshrink.watch.HotFolder;
import io.hotshrink.watch.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hot folder's runtime: its watcher, its journal (and the state folder's lock), the pipeline
 * its jobs start with (in the pool's lane named after the folder), its retries, and how its jobs
 * ended. The daemon owns what is shared — the pool, the publishing and upkeep threads, the
 * monitoring, the one-job-per-file gate the watcher and the retries hand files to — and makes one
 * of these for each hot folder; {@link Reload} replaces its parts when the folder's configuration
 * changes.
 *
 * <p>Its life: {@link #lockJournal}, then {@link #start} (the first pipeline, the journal read and
 * the publishes a crash cut short finished in the background, the watcher started), then {@link
 * #stopWatching} and {@link #closeJournal}. A folder a reload removes stops watching at once and
 * closes its journal once its last job has ended ({@link #drained}).
 */
final class FolderRuntime {
  // Its lines are the daemon's ("HotshrinkDaemon - cannot read the journal in ...").
  private static final Logger log = LoggerFactory.getLogger(HotshrinkDaemon.class);

  private final String name;
  private final Clock clock;
  private final WorkerPool pool;
  private final Executor publishing;
  private final Upkeep upkeep;
  private final Monitoring monitoring;
  private final BiFunction<FolderRuntime, Settings, HotFolder> watchers;
  private final Consumer<String> fatal;
  private final boolean clustered;
  private final RetryScheduler retries;

  private final FolderJournal journal;

  // Replaced together by a reload, under the daemon's lock; read without it by job threads.
  private volatile Settings settings;
  private final AtomicReference<Pipeline> pipeline = new AtomicReference<>();
  private volatile HotFolder hotFolder;

  /** Refused files on their way to the failed folder (see {@link #idle}). */
  private final AtomicInteger refusing = new AtomicInteger();

  private final Map<Pipeline.Outcome, LongAdder> outcomes = new EnumMap<>(Pipeline.Outcome.class);

  // Jobs between process() and their end; once retired, drained() completes when none is left.
  private final Drain drain = new Drain();

  FolderRuntime(FolderRuntimeBuilder b) {
    this.name = b.name;
    this.settings = b.settings;
    this.clock = b.clock;
    this.pool = b.pool;
    this.publishing = b.publishing;
    this.upkeep = b.upkeep;
    this.monitoring = b.monitoring;
    this.watchers = b.watchers;
    this.fatal = b.fatal;
    this.clustered = b.clustered;
    this.journal = new FolderJournal(upkeep);
    for (Pipeline.Outcome o : Pipeline.Outcome.values()) {
      outcomes.put(o, new LongAdder());
    }
    this.retries =
        RetryScheduler.builder()
            .maxDelay(settings.lifecycle().retryMaxDelay())
            .clock(clock)
            .timer(upkeep)
            .resubmit(b.gate)
            .sameVersionThere(this::sameVersionThere)
            .build();
    this.hotFolder = watchers.apply(this, settings);
  }

  /** Every part must be given: they are the daemon's. */
  static FolderRuntimeBuilder builder() {
    return new FolderRuntimeBuilder();
  }

  /** The folders {@code s} names, created if missing. */
  static void createFolders(Settings s) throws IOException {
    Files.createDirectories(s.input());
    Files.createDirectories(s.output());
    Files.createDirectories(s.failed());
    Files.createDirectories(s.lifecycle().state());
    if (s.lifecycle().afterSuccess() == Settings.Lifecycle.AfterSuccess.ARCHIVE) {
      Files.createDirectories(s.lifecycle().archive());
    }
  }

  /** The pipeline for jobs that start under {@code s} (needs the journal: after the lock). */
  private Pipeline newPipeline(Settings s) {
    return Pipeline.builder()
        .settings(s)
        .pool(pool)
        .publishOn(publishing)
        .clock(clock)
        .moveFailures(true)
        .journal(journal.current())
        .retries(retries)
        .recorder(monitoring.metrics().recorder(name))
        .lane(name)
        .build();
  }

  /** For a job waiting to be tried again: false, and no longer waiting, once it changed or went. */
  private boolean sameVersionThere(Source src) {
    if (Pipeline.changedOnDisk(src)) {
      monitoring.dropped(name, src); // the watcher hands on the new version, if there is one
      return false;
    }
    return true;
  }

  // ---- start and stop --------------------------------------------------------------------------

  /**
   * Takes the state folder's lock; the journal is read later, by {@link #start}.
   *
   * @throws IOException when the folder cannot be written, or another daemon uses it
   */
  void lockJournal() throws IOException {
    journal.lock(name, settings);
  }

  /**
   * Jobs may come from now on. In the background: the journal is read and any publish the previous
   * run's end cut short is finished, before any job runs (a journal that cannot be read is fatal);
   * then temp files an earlier run left are removed. Meanwhile the watcher starts, with its
   * start-up scan.
   */
  void start() throws IOException {
    Pipeline first = newPipeline(settings);
    pipeline.set(first);
    journal.recover(() -> settings, first.commit(), clustered, fatal);
    hotFolder.start();
  }

  /** Returns once the journal is read (or could not be). */
  void awaitRecovered() {
    journal.recovered().join();
  }

  /** No more files from the watcher, no more attempts: what waits is taken at the next start. */
  void stopWatching() {
    hotFolder.close();
    retries.close();
  }

  /** Frees the state folder (after the last publish). */
  void closeJournal() {
    journal.close();
  }

  // ---- jobs ------------------------------------------------------------------------------------

  /** The folder's name: its lane in the pool, its label in the metrics. */
  String name() {
    return name;
  }

  /** The settings its jobs start with now. */
  Settings settings() {
    return settings;
  }

  /** Runs {@code src}'s job, once the journal is read, on the pipeline in force. */
  CompletableFuture<Pipeline.Outcome> process(Source src) {
    return process(src, Fence.NONE);
  }

  /** As {@link #process(Source)}, asking {@code fence} (cluster mode: the input's claim). */
  CompletableFuture<Pipeline.Outcome> process(Source src, Fence fence) {
    return run(src, p -> p.process(src, fence));
  }

  /** Cluster mode: only the source's disposition is left (see {@link Pipeline#dispose}). */
  CompletableFuture<Pipeline.Outcome> dispose(Source src, Fence fence) {
    return run(src, p -> p.dispose(src, fence));
  }

  /** Cluster mode: another host decided the failure (see {@link Pipeline#failedElsewhere}). */
  CompletableFuture<Pipeline.Outcome> failedElsewhere(Source src, String reason, Fence fence) {
    return run(src, p -> p.failedElsewhere(src, reason, fence));
  }

  /** True when its sources stay in the hot folder once done ({@code after-success = keep}). */
  boolean keepsSources() {
    return settings.lifecycle().afterSuccess() == Settings.Lifecycle.AfterSuccess.KEEP;
  }

  private CompletableFuture<Pipeline.Outcome> run(
      Source src, Function<Pipeline, CompletableFuture<Pipeline.Outcome>> step) {
    drain.started();
    CompletableFuture<Pipeline.Outcome> job;
    try {
      job = runWhenRecovered(src, step);
    } catch (RuntimeException e) {
      drain.ended();
      throw e;
    }
    return job.whenComplete((o, e) -> drain.ended());
  }

  private CompletableFuture<Pipeline.Outcome> runWhenRecovered(
      Source src, Function<Pipeline, CompletableFuture<Pipeline.Outcome>> step) {
    CompletableFuture<Void> recovered = journal.recovered();
    if (!recovered.isDone()) {
      return recovered.thenCompose(v -> runWhenRecovered(src, step));
    }
    CompletableFuture<Pipeline.Outcome> job;
    try {
      job = step.apply(pipeline.get());
    } catch (RuntimeException e) {
      monitoring.dropped(name, src);
      throw e;
    }
    return job.thenApply(outcome -> ended(src, outcome));
  }

  /**
   * A reload removed the folder: it stops watching and retrying now; the future completes once
   * every job it had started has ended (published, failed, ...). Its journal is still open then.
   */
  CompletableFuture<Void> drained() {
    stopWatching();
    return drain.whenEmpty();
  }

  /**
   * A file the watcher judged without a job: a JPEG whose end never arrived, an empty file, a file
   * named like a JPEG that is not one. It goes to the failed folder, with the reason.
   */
  void refuse(Source src, Refusal reason) {
    monitoring.dropped(name, src); // decided on now: it is not waiting for a child
    refusing.incrementAndGet();
    pipeline
        .get()
        .refuse(src, reason, again -> refuse(again, reason))
        .thenAccept(outcome -> ended(src, outcome))
        .whenComplete((v, e) -> refusing.decrementAndGet());
  }

  /**
   * Cluster mode: a refused file whose claim this host holds goes to the failed folder as {@link
   * #refuse(Source, Refusal)} says, asking {@code fence} first.
   */
  CompletableFuture<Pipeline.Outcome> refuse(Source src, Refusal reason, Fence fence) {
    return run(src, p -> p.refuse(src, reason, again -> refuse(again, reason, fence), fence));
  }

  private Pipeline.Outcome ended(Source src, Pipeline.Outcome outcome) {
    outcomes.get(outcome).increment();
    monitoring.ended(name, src, outcome);
    if (outcome != Pipeline.Outcome.RETRY) {
      retries.done(src); // a RETRY was put off by the pipeline, with its reason
    }
    return outcome;
  }

  /** How many jobs have ended this way since start. */
  long count(Pipeline.Outcome outcome) {
    return outcomes.get(outcome).sum();
  }

  /** True when no file is settling in the hot folder and no refused one is on its way out. */
  boolean idle() {
    return hotFolder.waiting().files() == 0 && refusing.get() == 0;
  }

  /** The watcher in force (another one after a reload that restarts it). */
  HotFolder hotFolder() {
    return hotFolder;
  }

  // ---- what a reload replaces (see Reload) -----------------------------------------------------

  /** See {@link FolderJournal#move}. */
  void moveJournal(Settings from, Settings to) throws IOException {
    journal.move(name, from, to);
  }

  /** Jobs that start from now on run with {@code s}; a retry's next pause follows it too. */
  void startJobsWith(Settings s) {
    pipeline.set(newPipeline(s));
    retries.maxDelay(s.lifecycle().retryMaxDelay());
    settings = s;
  }

  /**
   * Closes the watcher, then starts one on {@code s}: closed first, so the two never hand on the
   * same file; whatever arrives in between is found by the new watcher's start-up scan. If the new
   * one cannot start, it is closed and the reason thrown: then nothing watches (see {@link
   * #watchAgain}).
   */
  void restartWatcher(Settings s) throws IOException {
    hotFolder.close();
    HotFolder fresh = watchers.apply(this, s);
    try {
      fresh.start();
    } catch (IOException | RuntimeException e) {
      fresh.close();
      throw e;
    }
    hotFolder = fresh;
  }

  /** After a restart that failed: watching again, on {@code s}. */
  void watchAgain(Settings s) throws IOException {
    hotFolder = watchers.apply(this, s);
    hotFolder.start();
  }
}
