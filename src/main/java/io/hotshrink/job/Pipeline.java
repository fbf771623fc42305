package io.hotshrink.job;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.journal.Journal;
import io.hotshrink.metrics.JobRecorder;
import io.hotshrink.pool.Reply;
import io.hotshrink.pool.WorkerPool;
import io.hotshrink.publish.Commit;
import io.hotshrink.publish.Fence;
import io.hotshrink.publish.OutputLayout;
import io.hotshrink.publish.Planned;
import io.hotshrink.publish.Publisher;
import io.hotshrink.publish.SourceDisposition;
import io.hotshrink.watch.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's way through the stages: plan its outputs, run it on the pool ({@link JobRequests}: what
 * the child is asked), then publish the renditions ({@link PublishedJobs}, through {@link Commit}:
 * journal, renames, archive or delete) or end it without ({@link FailedJobs}: the failed folder, or
 * {@link Retries} for what is not the input's fault). Shared by the daemon and {@code batch}; made
 * with {@link #builder()}.
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
    ALREADY_DONE,
    /**
     * Cluster mode: another host took the input over (this one was paused or cut off past its
     * lease). This host's work was discarded and the source left to that host.
     */
    FENCED
  }

  // Process-wide, not per pipeline: after a reload, jobs of the old and the new pipeline may run at
  // once on the same file, and their temp files must not share a name.
  private static final AtomicLong jobIds = new AtomicLong();

  private final WorkerPool pool;
  private final OutputLayout layout;
  private final Publisher publisher;
  private final Executor executor;
  private final Clock clock;
  private final Journal journal;
  private final Retries retries;
  private final Commit commit;
  private final JobRequests requests;
  private final PublishedJobs published;
  private final FailedJobs failed;
  private final String lane;

  private Pipeline(Builder b) {
    Settings settings = b.settings;
    this.pool = b.pool;
    this.layout = new OutputLayout(settings.output(), settings.renditions());
    this.publisher = new Publisher(settings.failed());
    this.executor = b.executor;
    this.clock = b.clock;
    this.journal = b.journal != null ? b.journal : Journal.inMemory(); // one per pipeline
    this.retries = b.retries;
    // Batch leaves its inputs where they are; the daemon archives or deletes them as configured.
    SourceDisposition disposition =
        b.moveFailures ? SourceDisposition.of(settings.lifecycle()) : SourceDisposition.KEEP;
    this.commit =
        Commit.builder()
            .publisher(publisher)
            .journal(journal)
            .onConflict(settings.lifecycle().onConflict())
            .disposition(disposition)
            .build();
    this.requests = new JobRequests(settings);
    this.published = new PublishedJobs(b, commit);
    this.failed = new FailedJobs(b, publisher);
    this.lane = b.lane;
  }

  /**
   * A pipeline as {@code batch} runs it unless told otherwise: inputs are never moved, nothing is
   * remembered, nothing is retried, nobody is told. Settings, pool and executor must be given.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The end of successful jobs under these settings (also finishes publishes cut short). */
  public Commit commit() {
    return commit;
  }

  public CompletableFuture<Outcome> process(Source src) {
    return process(src, Fence.NONE);
  }

  /**
   * Runs {@code src}'s job, asking {@code fence} before each step that another host could also take
   * (cluster mode: the input's claim).
   */
  public CompletableFuture<Outcome> process(Source src, Fence fence) {
    long started = clock.millis();
    if (journal.isDone(src.key())) {
      return published.alreadyDone(src, fence);
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
      return CompletableFuture.supplyAsync(
          () -> published.publish(src, planned, null, started, fence), executor);
    }
    return pool.submit(lane, src.relative().toString(), requests.request(src, planned), src.size())
        .handleAsync(
            (reply, error) -> finish(src, planned, reply, error, started, fence), executor);
  }

  private Outcome finish(
      Source src, List<Planned> planned, Reply reply, Throwable error, long started, Fence fence) {
    try {
      if (error != null) {
        publisher.discard(planned);
        return failed.lost(src, unwrap(error), fence);
      }
      if (!reply.ok()) {
        publisher.discard(planned);
        return failed.inChild(src, reply, fence);
      }
      if (changedOnDisk(src)) {
        // Made from another version than the one that settled (perhaps half of a rewrite): the
        // version now on disk is processed once it settles; this output must not be seen.
        publisher.discard(planned);
        return FailedJobs.superseded(src, "nothing published");
      }
    } catch (RuntimeException e) {
      publisher.discard(planned);
      retries.later(src, "unexpected error: " + e);
      log.debug("{}: unexpected error", src.relative(), e);
      return Outcome.RETRY;
    }
    return published.publish(src, planned, reply, started, fence);
  }

  /**
   * Cluster mode: the input's outputs were published and committed by a host that did not get to
   * its source; only the source's disposition is left ({@code after-success}).
   */
  public CompletableFuture<Outcome> dispose(Source src, Fence fence) {
    return published.disposeOnly(src, fence);
  }

  /**
   * Cluster mode: the input's failure was committed by a host that did not move it aside; it goes
   * to the failed folder now, with that host's {@code reason}.
   */
  public CompletableFuture<Outcome> failedElsewhere(Source src, String reason, Fence fence) {
    return failed.decided(src, reason, fence);
  }

  /**
   * A file the watcher judged without a job: a JPEG whose end never arrived, an empty file, a file
   * named like a JPEG that is not one. On the publishing executor, it goes to the failed folder
   * with the reason (in batch: it is counted), as a job's bad input does.
   *
   * @param again what to do at the next attempt when the failed folder cannot be written now
   */
  public CompletableFuture<Outcome> refuse(Source src, Refusal reason, Consumer<Source> again) {
    return refuse(src, reason, again, Fence.NONE);
  }

  /** As {@link #refuse(Source, Refusal, Consumer)}, asking {@code fence} before the move. */
  public CompletableFuture<Outcome> refuse(
      Source src, Refusal reason, Consumer<Source> again, Fence fence) {
    return failed.refuse(src, reason, again, fence);
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

  /**
   * What a pipeline is made of. Its defaults are {@code batch}'s, in this one place: the system
   * clock, inputs never moved, an in-memory journal, retries only logged, no recorder.
   */
  public static final class Builder {
    // Read by the steps (PublishedJobs, FailedJobs) as they are made.
    Settings settings;
    WorkerPool pool;
    Executor executor;
    Clock clock = Clock.systemUTC();
    boolean moveFailures;
    Journal journal; // null: one in memory, of the pipeline's own
    Retries retries = Retries.LOG_ONLY;
    JobRecorder recorder = JobRecorder.NONE;
    String lane = Settings.DEFAULT_FOLDER;

    private Builder() {}

    /** The pool's queue its jobs wait in: the hot folder's name (default: {@code default}). */
    public Builder lane(String lane) {
      this.lane = lane;
      return this;
    }

    /** The settings jobs of this pipeline run with (a reload makes a new pipeline). */
    public Builder settings(Settings settings) {
      this.settings = settings;
      return this;
    }

    /** Where jobs run. */
    public Builder pool(WorkerPool pool) {
      this.pool = pool;
      return this;
    }

    /** Where results are published: one thread, and not the pool's reader threads. */
    public Builder publishOn(Executor executor) {
      this.executor = executor;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * True in the daemon: failed inputs go to the failed folder, sources are archived or deleted as
     * configured, and each published job is logged at INFO. False in batch (the default).
     */
    public Builder moveFailures(boolean moveFailures) {
      this.moveFailures = moveFailures;
      return this;
    }

    /** What was published before, and what this input wrote (default: remembered in memory). */
    public Builder journal(Journal journal) {
      this.journal = journal;
      return this;
    }

    /** Where jobs go that cannot be finished now (default: logged, not tried again). */
    public Builder retries(Retries retries) {
      this.retries = retries;
      return this;
    }

    /** Hears how each job ended: the metrics (default: nobody). */
    public Builder recorder(JobRecorder recorder) {
      this.recorder = recorder;
      return this;
    }

    public Pipeline build() {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(pool, "pool");
      Objects.requireNonNull(executor, "publishOn: the executor results are published on");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(retries, "retries");
      Objects.requireNonNull(recorder, "recorder");
      Objects.requireNonNull(lane, "lane");
      return new Pipeline(this);
    }
  }
}
