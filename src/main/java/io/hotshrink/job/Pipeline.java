package io.hotshrink.job;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.journal.Journal;
import io.hotshrink.metrics.FailureReason;
import io.hotshrink.metrics.JobRecorder;
import io.hotshrink.pool.PoolClosedException;
import io.hotshrink.pool.Reply;
import io.hotshrink.pool.WorkerLostException;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.protocol.WireFormat;
import io.hotshrink.publish.Commit;
import io.hotshrink.publish.OutputLayout;
import io.hotshrink.publish.Planned;
import io.hotshrink.publish.Publisher;
import io.hotshrink.publish.SourceDisposition;
import io.hotshrink.resize.Options;
import io.hotshrink.resize.Resampler;
import io.hotshrink.resize.ResizeException;
import io.hotshrink.resize.ResizeResult;
import io.hotshrink.resize.Target;
import io.hotshrink.watch.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's way through the stages: plan its outputs, run it on the pool, then publish the
 * renditions ({@link Commit}: journal, renames, archive or delete) or move the input to the failed
 * folder. Jobs that cannot be finished for a reason that is not the input's fault go to {@link
 * Retries}. Shared by the daemon and {@code batch}.
 */
public final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  /** How a job ended. */
  public enum Outcome {
    /** Every rendition is in the drop folder. */
    PUBLISHED,
    /** The input is bad: moved to the failed folder (or, in batch, left and counted). */
    FAILED,
    /** Not the input's fault (output not writable, an internal error): try again later. */
    RETRY,
    /** The input disappeared before or while it was processed: nothing is published. */
    GONE,
    /**
     * The input changed while it was processed, and the job failed (it read a half-rewritten file):
     * nothing is moved aside; the new version is processed once it settles.
     */
    CHANGED,
    /** The pool shut down first; the next start picks the input up again. */
    ABANDONED,
    /**
     * The journal says this very version was published before (by an earlier run): nothing is made
     * again; with {@code after-success = archive | delete} the source is archived or deleted now.
     */
    ALREADY_DONE
  }

  /** An internal error (a bug, as far as anyone can tell) is tried this many times, then failed. */
  static final int MAX_INTERNAL_ATTEMPTS = 3;

  private final Settings settings;
  private final WorkerPool pool;
  private final OutputLayout layout;
  private final Publisher publisher;
  private final Executor executor;
  private final Clock clock;
  private final boolean moveFailures;
  // Process-wide, not per pipeline: after a reload, jobs of the old and the new pipeline may run at
  // once on the same file, and their temp files must not share a name.
  private static final AtomicLong jobIds = new AtomicLong();
  private final Options options;
  private final Journal journal;
  private final Commit commit;
  private final Retries retries;
  private final JobRecorder recorder;

  /** For {@code batch}: inputs are never moved, nothing is remembered, nothing is retried. */
  public Pipeline(Settings settings, WorkerPool pool, Executor executor, Clock clock) {
    this(
        settings,
        pool,
        executor,
        clock,
        false,
        Journal.inMemory(),
        Retries.LOG_ONLY,
        JobRecorder.NONE);
  }

  /**
   * @param executor where results are published (not the pool's reader threads)
   * @param moveFailures true in the daemon (failed inputs go to the failed folder, sources are
   *     archived or deleted as configured); false in batch
   * @param journal what was published before, and what this input wrote
   * @param retries where jobs go that cannot be finished now
   * @param recorder hears how each job ended (the metrics)
   */
  public Pipeline(
      Settings settings,
      WorkerPool pool,
      Executor executor,
      Clock clock,
      boolean moveFailures,
      Journal journal,
      Retries retries,
      JobRecorder recorder) {
    this.recorder = recorder;
    this.settings = settings;
    this.pool = pool;
    this.layout = new OutputLayout(settings.output(), settings.renditions());
    this.publisher = new Publisher(settings.failed());
    this.executor = executor;
    this.clock = clock;
    this.moveFailures = moveFailures;
    this.options = options(settings.resize());
    this.journal = journal;
    this.retries = retries;
    // Batch leaves its inputs where they are; the daemon archives or deletes them as configured.
    SourceDisposition disposition =
        moveFailures ? SourceDisposition.of(settings.lifecycle()) : SourceDisposition.KEEP;
    this.commit =
        Commit.builder()
            .publisher(publisher)
            .journal(journal)
            .onConflict(settings.lifecycle().onConflict())
            .disposition(disposition)
            .build();
  }

  /** The end of successful jobs under these settings (also finishes publishes cut short). */
  public Commit commit() {
    return commit;
  }

  /** The per-job part of the resize settings, as the children receive it. */
  static Options options(Settings.Resize r) {
    return new Options(
        Options.parse(Options.Mode.class, r.mode()),
        Options.parse(Resampler.Filter.class, r.filter()),
        Options.parse(Options.Color.class, r.color()),
        Options.parse(Options.Meta.class, r.metadata()),
        r.limits().maxPixels(),
        r.limits().maxFileSize());
  }

  public CompletableFuture<Outcome> process(Source src) {
    long started = clock.millis();
    if (journal.isDone(src.key())) {
      return alreadyDone(src);
    }
    List<Planned> planned;
    try {
      planned = layout.plan(src.relative(), jobIds.incrementAndGet());
      Publisher.prepare(planned);
    } catch (IOException | RuntimeException e) {
      retries.later(src, "cannot create the output folder: " + e);
      return CompletableFuture.completedFuture(Outcome.RETRY);
    }
    if (commit.allSkipped(src, planned)) {
      // on-conflict = skip, and every output is someone else's: no point in making any.
      return CompletableFuture.supplyAsync(() -> publish(src, planned, null, started), executor);
    }
    Settings.Resize rs = settings.resize();
    List<Target> targets = new ArrayList<>(planned.size());
    for (int i = 0; i < planned.size(); i++) {
      Settings.Rendition r = settings.renditions().get(i);
      Settings.Sizing s = r.sizing();
      targets.add(
          new Target(
              r.name(),
              planned.get(i).temp(),
              s.scale(),
              s.fitWidth(),
              s.fitHeight(),
              r.quality(),
              rs.subsampling(),
              rs.progressive(),
              rs.enlarge()));
    }
    return pool.submit(
            src.relative().toString(), WireFormat.request(src.path(), targets, options), src.size())
        .handleAsync((reply, error) -> finish(src, planned, reply, error, started), executor);
  }

  private Outcome finish(
      Source src, List<Planned> planned, Reply reply, Throwable error, long started) {
    try {
      if (error != null) {
        publisher.discard(planned);
        return lost(src, unwrap(error));
      }
      if (!reply.ok()) {
        publisher.discard(planned);
        return failedInChild(src, reply);
      }
      if (changedOnDisk(src)) {
        // Made from another version than the one that settled (perhaps half of a rewrite): the
        // version now on disk is processed once it settles; this output must not be seen.
        publisher.discard(planned);
        return superseded(src, "nothing published");
      }
    } catch (RuntimeException e) {
      publisher.discard(planned);
      retries.later(src, "unexpected error: " + e);
      log.debug("{}: unexpected error", src.relative(), e);
      return Outcome.RETRY;
    }
    return publish(src, planned, reply, started);
  }

  /** Publishes the renditions ({@code reply} null: all skipped, none was made). */
  private Outcome publish(Source src, List<Planned> planned, Reply reply, long started) {
    try {
      long p0 = clock.millis();
      Commit.Done done = commit.publish(src, planned);
      long publishMillis = clock.millis() - p0;
      if (reply == null) {
        log.info(
            "{}: every output is already there, not written for this input: none made"
                + " (on-conflict = skip){}",
            src.relative(),
            sourceNote(done.source()));
        recorder.skippedAll(src);
      } else {
        ResizeResult result = WireFormat.result(reply.fields()); // parsed once: log and metrics
        long totalMillis = clock.millis() - started;
        logPublished(src, reply, result, totalMillis, publishMillis, done);
        recorder.published(src, result, publishMillis, totalMillis);
      }
      return Outcome.PUBLISHED;
    } catch (IOException | RuntimeException e) {
      // Commit has removed the temp files, or kept them for the next start on purpose.
      retries.later(src, "cannot publish: " + e);
      return Outcome.RETRY;
    }
  }

  /** A version published before: only its source may be left to archive or delete. */
  private CompletableFuture<Outcome> alreadyDone(Source src) {
    if (!moveFailures || SourceDisposition.of(settings.lifecycle()).keeps()) {
      log.debug("{}: published before (the journal says so): not made again", src.relative());
      return CompletableFuture.completedFuture(Outcome.ALREADY_DONE);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            SourceDisposition.Result r = commit.finishDone(src);
            log.info("{}: published before the last restart{}", src.relative(), sourceNote(r));
            return Outcome.ALREADY_DONE;
          } catch (IOException | RuntimeException e) {
            retries.later(
                src, "published, but the source cannot be " + commit.disposition() + ": " + e);
            return Outcome.RETRY;
          }
        },
        executor);
  }

  private String sourceNote(SourceDisposition.Result r) {
    return switch (r) {
      case ARCHIVED, DELETED -> "; source " + commit.disposition();
      case CHANGED -> "; the source changed meanwhile: its new version is done next";
      default -> "";
    };
  }

  private void logPublished(
      Source src,
      Reply reply,
      ResizeResult r,
      long totalMillis,
      long publishMillis,
      Commit.Done done) {
    StringBuilder outs = new StringBuilder();
    long bytesOut = 0;
    for (ResizeResult.Output o : r.outputs()) {
      outs.append(outs.length() == 0 ? "" : ", ")
          .append(o.name())
          .append(' ')
          .append(o.width())
          .append('x')
          .append(o.height());
      bytesOut += o.bytes();
    }
    String line =
        String.format(
            "%s %dx%d %s -> %s %s in %d ms (decode %d, resize %d, encode %d, publish %d) [%s %s,"
                + " attempt %d]%s%s%s",
            src.relative(),
            r.width(),
            r.height(),
            kb(src.size()),
            outs,
            kb(bytesOut),
            totalMillis,
            r.decodeMillis(),
            r.resizeMillis(),
            r.encodeMillis(),
            publishMillis,
            reply.worker(),
            r.engine(),
            reply.attempt() + retries.attempts(src),
            done.skipped() > 0 ? "; " + done.skipped() + " skipped (on-conflict = skip)" : "",
            sourceNote(done.source()),
            // Damaged but decodable (as in every viewer): made, and said so.
            r.warning() == null ? "" : "; decoder warning: " + r.warning());
    if (moveFailures) {
      log.info(line);
    } else {
      log.debug(line);
    }
  }

  private static String kb(long bytes) {
    return bytes >= 10L << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
  }

  private Outcome failedInChild(Source src, Reply reply) {
    String kind = reply.fields().getOrDefault("kind", "INTERNAL");
    String message = reply.fields().getOrDefault("message", "unknown error");
    switch (ResizeException.Kind.valueOf(kind)) {
      case INPUT -> {
        Map<String, Object> d =
            details(
                message,
                reply.fields().getOrDefault("error", ""),
                reply.attempt() + retries.attempts(src));
        d.put("engine", reply.fields().getOrDefault("engine", settings.resize().engine()));
        d.put("worker", reply.worker());
        return moveToFailed(src, d, FailureReason.ofInputError(message));
      }
      case MISSING -> {
        log.debug("{} disappeared before it was processed", src.relative());
        return Outcome.GONE;
      }
      case INTERNAL -> {
        int attempts = retries.attempts(src) + 1;
        if (moveFailures && attempts >= MAX_INTERNAL_ATTEMPTS) {
          Map<String, Object> d =
              details(
                  "internal error on each of " + attempts + " attempts: " + message,
                  reply.fields().getOrDefault("error", ""),
                  attempts);
          d.put("engine", reply.fields().getOrDefault("engine", settings.resize().engine()));
          d.put("worker", reply.worker());
          return moveToFailed(src, d, FailureReason.INTERNAL);
        }
        retries.later(src, "internal error: " + message);
        return Outcome.RETRY;
      }
      default -> {
        // OUTPUT (disk full, folder not writable) or UNREADABLE (the input, for now).
        retries.later(src, message);
        return Outcome.RETRY;
      }
    }
  }

  private Outcome lost(Source src, Throwable e) {
    if (e instanceof PoolClosedException) {
      return Outcome.ABANDONED;
    }
    if (e instanceof WorkerLostException w) {
      if (!Files.exists(src.path())) {
        return Outcome.GONE;
      }
      Map<String, Object> d =
          details(w.getMessage(), w.reason().name(), w.attempts() + retries.attempts(src));
      d.put("engine", settings.resize().engine());
      d.put("worker_exit", w.exitStatus());
      d.put("worker_stderr_tail", w.stderrTail());
      return moveToFailed(src, d, FailureReason.ofLostChild(w.reason()));
    }
    log.debug("{}: unexpected error", src.relative(), e);
    retries.later(src, "unexpected error: " + e);
    return Outcome.RETRY;
  }

  /** The sidecar's fields: reason, error class, attempts, then size and time. */
  private Map<String, Object> details(String reason, String errorClass, int attempts) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("reason", reason);
    d.put("error", errorClass);
    d.put("attempts", attempts);
    d.put("time", Instant.ofEpochMilli(clock.millis()).toString());
    return d;
  }

  /**
   * A file the watcher judged without a job: a JPEG whose end never arrived, an empty file, a file
   * named like a JPEG that is not one. On the publishing executor, it goes to the failed folder
   * with the reason (in batch: it is counted), as a job's bad input does.
   *
   * @param again what to do at the next attempt when the failed folder cannot be written now
   */
  public CompletableFuture<Outcome> refuse(Source src, Refusal reason, Consumer<Source> again) {
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, Object> d = details(reason.words(), reason.summary(), 0);
          d.put("engine", "none: the watcher judged it before any decoding");
          return moveToFailed(src, d, FailureReason.of(reason.kind()), again);
        },
        executor);
  }

  private Outcome moveToFailed(Source src, Map<String, Object> details, String reason) {
    return moveToFailed(src, details, reason, null);
  }

  /**
   * @param reason the reason's label in the metrics ({@link FailureReason})
   * @param again what to do at the next attempt if the move fails; null: the job again
   */
  private Outcome moveToFailed(
      Source src, Map<String, Object> details, String reason, Consumer<Source> again) {
    if (changedOnDisk(src)) {
      return superseded(src, "not moved aside (" + details.get("reason") + ")");
    }
    if (!moveFailures) {
      log.warn("{}: failed: {}", src.relative(), details.get("reason"));
      recorder.failed(src, reason);
      return Outcome.FAILED;
    }
    details.put("size", src.size());
    try {
      publisher.fail(src.path(), src.relative(), details);
      recorder.failed(src, reason);
      log.warn(
          "{}: failed, moved to {}: {}", src.relative(), settings.failed(), details.get("reason"));
      return Outcome.FAILED;
    } catch (IOException e) {
      String why =
          "failed (" + details.get("reason") + "), and cannot be moved to " + settings.failed();
      retries.later(src, why + ": " + e, again);
      return Outcome.RETRY;
    }
  }

  private static Outcome superseded(Source src, String what) {
    if (!Files.exists(src.path(), LinkOption.NOFOLLOW_LINKS)) {
      log.debug("{} was deleted while it was processed: {}", src.relative(), what);
      return Outcome.GONE;
    }
    log.info(
        "{} changed while it was processed: {}; the new version is processed once it settles",
        src.relative(),
        what);
    return Outcome.CHANGED;
  }

  /** True when the file is no longer the version that settled (other size or time, or gone). */
  public static boolean changedOnDisk(Source src) {
    try {
      BasicFileAttributes a =
          Files.readAttributes(src.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.size() != src.size() || a.lastModifiedTime().toMillis() != src.mtimeMillis();
    } catch (IOException e) {
      return true;
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
