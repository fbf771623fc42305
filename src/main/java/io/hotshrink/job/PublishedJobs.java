package io.hotshrink.job;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.job.Pipeline.Outcome;
import io.hotshrink.metrics.JobRecorder;
import io.hotshrink.pool.Reply;
import io.hotshrink.protocol.WireFormat;
import io.hotshrink.publish.Commit;
import io.hotshrink.publish.Fence;
import io.hotshrink.publish.FencedException;
import io.hotshrink.publish.Planned;
import io.hotshrink.publish.SourceDisposition;
import io.hotshrink.resize.ResizeResult;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a job that worked: its renditions are published through {@link Commit} (journal,
 * renames, then the source archived or deleted), the job's one line is logged and the metrics hear
 * of it. Also the end of a version the journal knows as published by an earlier run. A publish that
 * fails is not the input's fault: it goes to {@link Retries}.
 */
final class PublishedJobs {
  // The log lines are the pipeline's: "Pipeline - x.jpg 4000x3000 ..." is what operators (and
  // LoggingIT, the systemd check, docs/monitoring.md) look for.
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final Settings settings;
  private final Commit commit;
  private final Executor executor;
  private final Clock clock;
  private final boolean moveFailures;
  private final Retries retries;
  private final JobRecorder recorder;

  /** With the collaborators {@code b} names; renditions are published by {@code commit}. */
  PublishedJobs(Pipeline.Builder b, Commit commit) {
    this.settings = b.settings;
    this.commit = commit;
    this.executor = b.executor;
    this.clock = b.clock;
    this.moveFailures = b.moveFailures;
    this.retries = b.retries;
    this.recorder = b.recorder;
  }

  /**
   * Publishes the renditions ({@code reply} null: all skipped, none was made).
   *
   * @param started when the job was handed to the pipeline ({@code clock} millis)
   */
  Outcome publish(Source src, List<Planned> planned, Reply reply, long started, Fence fence) {
    try {
      long p0 = clock.millis();
      Commit.Done done = commit.publish(src, planned, fence);
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
      return done.source() == SourceDisposition.Result.FENCED ? Outcome.FENCED : Outcome.PUBLISHED;
    } catch (FencedException e) {
      log.warn("{}", e.getMessage());
      return Outcome.FENCED;
    } catch (IOException | RuntimeException e) {
      // Commit has removed the temp files, or kept them for the next start on purpose.
      retries.later(src, "cannot publish: " + e);
      return Outcome.RETRY;
    }
  }

  /** A version published before: only its source may be left to archive or delete. */
  CompletableFuture<Outcome> alreadyDone(Source src, Fence fence) {
    if (fence != Fence.NONE) {
      return disposeOnly(src, fence); // the cluster hears of it: the other hosts must not redo it
    }
    if (!moveFailures || SourceDisposition.of(settings.lifecycle()).keeps()) {
      log.debug("{}: published before (the journal says so): not made again", src.relative());
      return CompletableFuture.completedFuture(Outcome.ALREADY_DONE);
    }
    return disposeOnly(src, Fence.NONE, "published before the last restart");
  }

  /**
   * Only the source's disposition, once {@code fence} agrees (its outputs were published before, by
   * this host's earlier run or by another host).
   */
  CompletableFuture<Outcome> disposeOnly(Source src, Fence fence) {
    return disposeOnly(src, fence, "published before");
  }

  private CompletableFuture<Outcome> disposeOnly(Source src, Fence fence, String words) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            SourceDisposition.Result r = commit.finishDone(src, fence);
            if (r == SourceDisposition.Result.FENCED) {
              return Outcome.FENCED;
            }
            log.info("{}: {}{}", src.relative(), words, sourceNote(r));
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
      case FENCED -> "; the source is left to the host that holds the input now, or claims it next";
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
}
