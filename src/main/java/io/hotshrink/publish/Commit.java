package io.hotshrink.publish;

import io.hotshrink.config.Settings;
import io.hotshrink.input.JobKey;
import io.hotshrink.input.Source;
import io.hotshrink.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a successful job, in an order that a crash at any point can be recovered from:
 *
 * <ol>
 *   <li>decide where each rendition goes ({@code on-conflict});
 *   <li>record the renames in the journal, forced to disk;
 *   <li>rename every temp file into place, force the folders;
 *   <li>record in the journal that the job is done, forced to disk;
 *   <li>archive or delete the source ({@code after-success}), then forget it in the journal.
 * </ol>
 *
 * A crash before 2 leaves only temp files (removed at the next start) and the job is done again. A
 * crash between 2 and 4 is rolled forward at the next start ({@link #finishInterrupted}): the
 * remaining temp files are renamed, so the outputs become whole without the job being done twice. A
 * crash between 4 and 5 leaves a source the journal knows as done: at the next start it is only
 * archived or deleted ({@link #finishDone}).
 */
public final class Commit {
  private static final Logger log = LoggerFactory.getLogger(Commit.class);

  private final Publisher publisher;
  private final Journal journal;
  private final Settings.Lifecycle.OnConflict onConflict;
  private final SourceDisposition disposition;

  private Commit(Builder b) {
    this.publisher = b.publisher;
    this.journal = b.journal;
    this.onConflict = b.onConflict;
    this.disposition = b.disposition;
  }

  /** Publisher, journal and {@code on-conflict} must be given; the source is kept by default. */
  public static Builder builder() {
    return new Builder();
  }

  /** How a commit went: the outputs now in place, and what became of the source. */
  public record Done(List<Path> outputs, int skipped, SourceDisposition.Result source) {}

  /** True when no rendition of this job needs to be made: every target is someone else's. */
  public boolean allSkipped(Source src, List<Planned> planned) {
    if (onConflict != Settings.Lifecycle.OnConflict.SKIP) {
      return false;
    }
    String rel = src.relative().toString();
    for (Planned p : planned) {
      if (!Moves.exists(p.target()) || journal.wrote(rel, p.target())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Steps 1 to 5 above for a job whose temp files are all written. When it throws, the job's temp
   * files are gone (but see {@link #renamesFailed}) and the job can be done again.
   */
  public Done publish(Source src, List<Planned> planned) throws IOException {
    return publish(src, planned, Fence.NONE);
  }

  /**
   * As {@link #publish(Source, List)}, asking {@code fence} before the renames (no: the temp files
   * go and {@link FencedException} is thrown) and before the source is touched (no: it is left,
   * {@link SourceDisposition.Result#FENCED}).
   */
  public Done publish(Source src, List<Planned> planned, Fence fence) throws IOException {
    JobKey key = src.key();
    String rel = key.relative();
    List<Planned> resolved;
    List<Path> outputs = new ArrayList<>(planned.size());
    try {
      resolved = publisher.resolve(rel, planned, onConflict, t -> journal.wrote(rel, t));
      List<Journal.Rename> renames = new ArrayList<>(resolved.size());
      for (Planned p : resolved) {
        renames.add(new Journal.Rename(p.temp(), p.target()));
        outputs.add(p.target());
      }
      if (!fence.mayPublish(src)) {
        throw new FencedException(rel);
      }
      journal.publishing(key, renames);
    } catch (IOException | RuntimeException e) {
      publisher.discard(planned);
      throw e;
    }
    try {
      publisher.publish(resolved);
    } catch (IOException | RuntimeException e) {
      renamesFailed(key, resolved, e);
      throw e;
    }
    journal.done(key, outputs);
    return new Done(outputs, planned.size() - resolved.size(), finishDone(src, fence));
  }

  /**
   * The renames failed after the journal recorded them: without a word, the next start would take
   * "temp file gone, target there" for a rename that happened, and record this version as done on
   * top of what an older version left at the targets. So the failure is recorded ({@code U}) before
   * the temp files go. If even that cannot be written, the temp files stay: the next start then
   * finishes this publish from them, which is right too.
   */
  private void renamesFailed(JobKey key, List<Planned> resolved, Exception cause) {
    try {
      journal.unfinished(key);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
      log.error(
          "{}: its publish failed, and the journal cannot record that ({}): its temp files are"
              + " kept for the next start to finish the publish",
          key.relative(),
          e.toString());
      return;
    }
    publisher.discard(resolved);
  }

  /**
   * Step 5 once {@code fence} agrees that the outputs count as this host's; then the fence hears
   * that the input is finished.
   */
  public SourceDisposition.Result finishDone(Source src, Fence fence) throws IOException {
    if (!fence.published(src)) {
      return SourceDisposition.Result.FENCED;
    }
    SourceDisposition.Result r = dispose(src);
    fence.ended(src);
    return r;
  }

  private SourceDisposition.Result dispose(Source src) throws IOException {
    SourceDisposition.Result r = disposition.apply(src);
    if (r == SourceDisposition.Result.ARCHIVED
        || r == SourceDisposition.Result.DELETED
        || r == SourceDisposition.Result.GONE) {
      journal.forget(src.relative().toString());
    }
    return r;
  }

  /** Where {@code after-success} puts sources, for the log. */
  public String disposition() {
    return disposition.describe();
  }

  /**
   * At start-up, before any job: finishes every publish the journal says a crash cut short (its
   * temp files are renamed into place, then its source is archived or deleted as configured). One
   * whose temp files are gone is left to be done again.
   *
   * @param inputRoot the hot folder, where the sources are
   * @return how many were finished
   */
  public int finishInterrupted(Path inputRoot) {
    int finished = 0;
    for (Journal.Interrupted i : journal.interrupted()) {
      String rel = i.key().relative();
      try {
        if (rollForward(i)) {
          finished++;
          Source src =
              new Source(
                  inputRoot.resolve(rel), Path.of(rel), i.key().size(), i.key().mtimeMillis());
          SourceDisposition.Result r = dispose(src);
          log.info(
              "{}: finished publishing its {} outputs, cut short by the previous run's end{}",
              rel,
              i.renames().size(),
              r == SourceDisposition.Result.ARCHIVED || r == SourceDisposition.Result.DELETED
                  ? "; the source was " + disposition.describe()
                  : "");
        } else {
          giveUp(i);
          log.warn(
              "{}: its publish was cut short by the previous run's end and cannot be finished"
                  + " (temp files are gone): it is done again if it is still in the hot folder",
              rel);
        }
      } catch (IOException e) {
        log.error("{}: cannot finish its publish cut short: {}", rel, e.toString());
      }
    }
    return finished;
  }

  /**
   * Cluster mode's start-up instead of {@link #finishInterrupted}: a publish a crash cut short is
   * not finished here, its temp files go and the journal records it unfinished. The input's claim
   * has not been committed (that comes after the renames), so once its lease runs out whichever
   * host claims it does the job again; finishing here, without the claim, could rename over what
   * that host published or move its source away.
   *
   * @return how many were given up
   */
  public int abandonInterrupted() {
    int given = 0;
    for (Journal.Interrupted i : journal.interrupted()) {
      try {
        giveUp(i);
        given++;
        log.info(
            "{}: its publish was cut short by the previous run's end; left to the host that claims"
                + " it next (cluster mode)",
            i.key().relative());
      } catch (IOException e) {
        log.error("{}: cannot give up its publish cut short: {}", i.key().relative(), e.toString());
      }
    }
    return given;
  }

  /** An interrupted publish not to be finished: its temp files go, the journal says unfinished. */
  private void giveUp(Journal.Interrupted i) throws IOException {
    for (Journal.Rename r : i.renames()) {
      Files.deleteIfExists(r.temp());
    }
    journal.unfinished(i.key());
  }

  private boolean rollForward(Journal.Interrupted i) throws IOException {
    for (Journal.Rename r : i.renames()) {
      if (!exists(r.temp()) && !exists(r.target())) {
        return false; // given up by the caller
      }
    }
    Set<Path> dirs = new LinkedHashSet<>();
    List<Path> outputs = new ArrayList<>();
    for (Journal.Rename r : i.renames()) {
      if (exists(r.temp())) {
        Files.move(
            r.temp(),
            r.target(),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      dirs.add(r.target().getParent());
      outputs.add(r.target());
    }
    for (Path d : dirs) {
      Moves.forceFolder(d);
    }
    journal.done(i.key(), outputs);
    return true;
  }

  private static boolean exists(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }

  /** What a commit works with. */
  public static final class Builder {
    private Publisher publisher;
    private Journal journal;
    private Settings.Lifecycle.OnConflict onConflict;
    private SourceDisposition disposition = SourceDisposition.KEEP;

    private Builder() {}

    /** Renames the temp files into place (and knows the failed folder). */
    public Builder publisher(Publisher publisher) {
      this.publisher = publisher;
      return this;
    }

    /** Where the renames and the finished jobs are recorded, forced to disk. */
    public Builder journal(Journal journal) {
      this.journal = journal;
      return this;
    }

    /** {@code on-conflict}: what to do with a target that is already there. */
    public Builder onConflict(Settings.Lifecycle.OnConflict onConflict) {
      this.onConflict = onConflict;
      return this;
    }

    /**
     * What becomes of the source once its job is done ({@code after-success} in the daemon; batch
     * keeps it, the default).
     */
    public Builder disposition(SourceDisposition disposition) {
      this.disposition = disposition;
      return this;
    }

    public Commit build() {
      Objects.requireNonNull(publisher, "publisher");
      Objects.requireNonNull(journal, "journal");
      Objects.requireNonNull(onConflict, "onConflict");
      Objects.requireNonNull(disposition, "disposition");
      return new Commit(this);
    }
  }
}
