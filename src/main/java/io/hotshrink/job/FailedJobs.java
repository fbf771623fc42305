package io.hotshrink.job;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline.Outcome;
import io.hotshrink.metrics.FailureReason;
import io.hotshrink.metrics.JobRecorder;
import io.hotshrink.pool.PoolClosedException;
import io.hotshrink.pool.Reply;
import io.hotshrink.pool.WorkerLostException;
import io.hotshrink.publish.Fence;
import io.hotshrink.publish.Publisher;
import io.hotshrink.resize.ResizeException;
import io.hotshrink.watch.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a job that publishes nothing, and what it means for its input: a bad input goes to the
 * failed folder with its sidecar ({@code <name>.error.json}: the reason, the error, the attempts,
 * the engine, and a dead child's exit and stderr); what is not the input's fault goes to {@link
 * Retries}, an internal error only {@value #MAX_INTERNAL_ATTEMPTS} times; an input that went or
 * changed meanwhile is left to the watcher. In {@code batch} nothing is moved: a failure is logged
 * and counted.
 */
final class FailedJobs {
  // The log lines are the pipeline's: "Pipeline - x.jpg: failed, moved to ..." is what operators
  // (and LoggingIT) look for.
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  /** An internal error (a bug, as far as anyone can tell) is tried this many times, then failed. */
  static final int MAX_INTERNAL_ATTEMPTS = 3;

  private final Settings settings;
  private final Publisher publisher;
  private final Executor executor;
  private final Clock clock;
  private final boolean moveFailures;
  private final Retries retries;
  private final JobRecorder recorder;

  /** With the collaborators {@code b} names; failed inputs are moved by {@code publisher}. */
  FailedJobs(Pipeline.Builder b, Publisher publisher) {
    this.settings = b.settings;
    this.publisher = publisher;
    this.executor = b.executor;
    this.clock = b.clock;
    this.moveFailures = b.moveFailures;
    this.retries = b.retries;
    this.recorder = b.recorder;
  }

  /** The child answered with an error: the input's fault, gone, or to be tried again. */
  Outcome inChild(Source src, Reply reply, Fence fence) {
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
        return moveToFailed(src, d, FailureReason.ofInputError(message), fence);
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
          return moveToFailed(src, d, FailureReason.INTERNAL, fence);
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

  /** No answer came: the pool closed, or children died on this input ({@code e} unwrapped). */
  Outcome lost(Source src, Throwable e, Fence fence) {
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
      return moveToFailed(src, d, FailureReason.ofLostChild(w.reason()), fence);
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

  /** See {@link Pipeline#refuse}. */
  CompletableFuture<Outcome> refuse(
      Source src, Refusal reason, Consumer<Source> again, Fence fence) {
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, Object> d = details(reason.words(), reason.summary(), 0);
          d.put("engine", "none: the watcher judged it before any decoding");
          return moveToFailed(src, d, FailureReason.of(reason.kind()), again, fence);
        },
        executor);
  }

  /** See {@link Pipeline#failedElsewhere}: the failure was decided by another host. */
  CompletableFuture<Outcome> decided(Source src, String reason, Fence fence) {
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, Object> d = details(reason, "decided by another host", 0);
          return moveToFailed(src, d, FailureReason.ofInputError(reason), null, fence);
        },
        executor);
  }

  private Outcome moveToFailed(
      Source src, Map<String, Object> details, String reason, Fence fence) {
    return moveToFailed(src, details, reason, null, fence);
  }

  /**
   * @param reason the reason's label in the metrics ({@link FailureReason})
   * @param again what to do at the next attempt if the move fails; null: the job again
   */
  private Outcome moveToFailed(
      Source src, Map<String, Object> details, String reason, Consumer<Source> again, Fence fence) {
    if (Pipeline.changedOnDisk(src)) {
      return superseded(src, "not moved aside (" + details.get("reason") + ")");
    }
    if (!moveFailures) {
      log.warn("{}: failed: {}", src.relative(), details.get("reason"));
      recorder.failed(src, reason);
      return Outcome.FAILED;
    }
    if (!fence.failing(src, String.valueOf(details.get("reason")))) {
      log.warn(
          "{}: failed ({}), but another host holds it now: left to that host",
          src.relative(),
          details.get("reason"));
      return Outcome.FENCED;
    }
    details.put("size", src.size());
    try {
      publisher.fail(src.path(), src.relative(), details);
      fence.ended(src);
      recorder.failed(src, reason);
      log.warn(
          "{}: failed, moved to {}: {}", src.relative(), settings.failed(), details.get("reason"));
      return Outcome.FAILED;
    } catch (NoSuchFileException e) {
      return superseded(src, "not moved aside (" + details.get("reason") + "): it is gone");
    } catch (IOException e) {
      String why =
          "failed (" + details.get("reason") + "), and cannot be moved to " + settings.failed();
      retries.later(src, why + ": " + e, again);
      return Outcome.RETRY;
    }
  }

  /**
   * The input is not the version that settled any more: nothing is done with it ({@code what} says
   * what was not done); its new version, if any, comes from the watcher once it settles.
   */
  static Outcome superseded(Source src, String what) {
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
}
