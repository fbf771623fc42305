package io.hotshrink.journal;

import io.hotshrink.input.JobKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What hotshrink has published, kept in {@code <state>/journal} so that a restarted daemon neither
 * redoes finished work nor leaves a publish that a crash cut short half done.
 *
 * <p>One entry per input (its path relative to the hot folder): the version (size, mtime) last
 * published and fingerprints of the outputs it wrote (which {@code on-conflict} needs: an output an
 * input wrote itself is never a conflict). This class is the index of those entries and what they
 * mean; the file they are kept in is {@link JournalFile} (append-only, one line per record, forced
 * to disk when it must be durable; torn and damaged records recognised; compacted), the lock that
 * keeps two daemons from sharing it {@link StateLock}. The records:
 *
 * <ul>
 *   <li>{@code P} publishing: the renames (temp file, target) a job is about to do; forced to disk
 *       before the first rename, so a crash in the middle can be finished at the next start;
 *   <li>{@code D} done: every rendition is in place; forced to disk before the source is archived
 *       or deleted;
 *   <li>{@code U} a publish that could not be finished: not done, but the outputs it wrote are this
 *       input's own;
 *   <li>{@code F} forget: the input was archived or deleted, or is no longer in the hot folder.
 * </ul>
 *
 * <p>Entries of inputs that are no longer in the hot folder are dropped by {@link #sweep}.
 *
 * <p>Thread-safe.
 */
public final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** One rename a publish is about to do. */
  public record Rename(Path temp, Path target) {}

  /** A publish that a crash cut short: its key and the renames it meant to do. */
  public record Interrupted(JobKey key, List<Rename> renames) {}

  private record Entry(long size, long mtime, boolean done, long[] outputs, List<Rename> pending) {
    boolean is(JobKey k) {
      return size == k.size() && mtime == k.mtimeMillis();
    }
  }

  private final JournalFile file; // null: in memory only (batch, tests)
  private final StateLock lock; // null: in memory, or the file system cannot lock
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * The name a journal records when its opener does not give one: the one hot folder of a
   * configuration without {@code hotshrink.folders} (config's {@code Settings.DEFAULT_FOLDER}).
   */
  public static final String DEFAULT_FOLDER = "default";

  private Journal(JournalFile file, StateLock lock) {
    this.file = file;
    this.lock = lock;
  }

  /** A journal that remembers only while this process runs ({@code batch}). */
  public static Journal inMemory() {
    return new Journal(null, null);
  }

  /**
   * Opens (creating it if needed) the journal of the hot folder {@code inputRoot} in {@code
   * stateDir}: {@link #lock}, then {@link #load}.
   *
   * @throws IOException when the folder cannot be written, or another process holds its lock
   */
  public static Journal open(Path stateDir, Path inputRoot) throws IOException {
    return open(stateDir, DEFAULT_FOLDER, inputRoot);
  }

  /**
   * As {@link #open(Path, Path)} for the hot folder named {@code folder}.
   *
   * @throws ForeignJournalException when the state folder holds another input's journal
   */
  public static Journal open(Path stateDir, String folder, Path inputRoot) throws IOException {
    return open(stateDir, folder, inputRoot, JournalFile.SLACK);
  }

  /** As {@link #open(Path, Path)}, compacting past {@code slack} extra records (tests). */
  static Journal open(Path stateDir, Path inputRoot, int slack) throws IOException {
    return open(stateDir, DEFAULT_FOLDER, inputRoot, slack);
  }

  private static Journal open(Path stateDir, String folder, Path inputRoot, int slack)
      throws IOException {
    Journal j = lock(stateDir, folder, inputRoot, slack);
    try {
      j.load();
    } catch (IOException | RuntimeException e) {
      j.close();
      throw e;
    }
    return j;
  }

  /**
   * Takes the state folder's lock (at once: a second daemon is refused before it does anything);
   * the journal is empty until {@link #load} has read it.
   */
  public static Journal lock(Path stateDir, Path inputRoot) throws IOException {
    return lock(stateDir, DEFAULT_FOLDER, inputRoot);
  }

  /**
   * As {@link #lock(Path, Path)} for the hot folder named {@code folder}; its header is read at
   * once, so that a journal of another input is refused before anything starts.
   *
   * @throws ForeignJournalException when the state folder holds another input's journal
   */
  public static Journal lock(Path stateDir, String folder, Path inputRoot) throws IOException {
    return lock(stateDir, folder, inputRoot, JournalFile.SLACK);
  }

  private static Journal lock(Path stateDir, String folder, Path inputRoot, int slack)
      throws IOException {
    Files.createDirectories(stateDir);
    StateLock lock = StateLock.take(stateDir);
    Journal j = new Journal(new JournalFile(stateDir, folder, inputRoot.toString(), slack), lock);
    try {
      j.file.checkOwner();
    } catch (IOException | RuntimeException e) {
      j.close();
      throw e;
    }
    return j;
  }

  /**
   * Reads the file: a journal written for another input is refused ({@link
   * ForeignJournalException}), one without a valid header started afresh, a torn last record is cut
   * off, damaged records are skipped; then compacts it if it has grown.
   */
  public synchronized void load() throws IOException {
    long t0 = System.nanoTime();
    JournalFile.Loaded loaded = file.load(this::apply);
    if (!loaded.ours()) {
      entries.clear();
      // A new header for this hot folder: without it the journal is not ours.
      file.compact(records());
    } else if (loaded.damaged() > 0 || loaded.staleHeader() || file.tooBig(entries.size())) {
      // A stale header (an older hotshrink's, or a renamed folder's) is upgraded by the rewrite.
      file.compactSafely(records());
    }
    log.info(
        "journal {}: {} inputs remembered, {} of them with a publish to finish; read in {} ms",
        file.path(),
        entries.size(),
        interrupted().size(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Applies one record read back; false when it makes no sense (counted as damaged). */
  private boolean apply(List<String> f) {
    try {
      switch (f.get(0)) {
        case "P" -> {
          List<Rename> renames = new ArrayList<>();
          for (int i = 4; i + 1 < f.size(); i += 2) {
            renames.add(new Rename(Path.of(f.get(i)), Path.of(f.get(i + 1))));
          }
          put(f.get(3), Long.parseLong(f.get(1)), Long.parseLong(f.get(2)), false, renames);
        }
        case "D", "U" -> {
          long[] outputs = JournalCodec.parseFingerprints(f.size() > 4 ? f.get(4) : "");
          entries.put(
              f.get(3),
              new Entry(
                  Long.parseLong(f.get(1)),
                  Long.parseLong(f.get(2)),
                  f.get(0).equals("D"),
                  outputs,
                  null));
        }
        case "F" -> entries.remove(f.get(1));
        default -> {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A publishing entry: its outputs are the ones it is writing plus what it wrote before. */
  private void put(String rel, long size, long mtime, boolean done, List<Rename> renames) {
    Entry old = entries.get(rel);
    long[] before = old == null ? new long[0] : old.outputs;
    long[] outputs = Arrays.copyOf(before, before.length + renames.size());
    for (int i = 0; i < renames.size(); i++) {
      outputs[before.length + i] = JournalCodec.fingerprint(renames.get(i).target().toString());
    }
    entries.put(rel, new Entry(size, mtime, done, outputs, List.copyOf(renames)));
  }

  /** True when this very version of the input was published (and is not being published now). */
  public synchronized boolean isDone(JobKey key) {
    Entry e = entries.get(key.relative());
    return e != null && e.done && e.is(key);
  }

  /** True when {@code target} was written for the input {@code relative} (any version of it). */
  public synchronized boolean wrote(String relative, Path target) {
    Entry e = entries.get(relative);
    if (e == null) {
      return false;
    }
    long p = JournalCodec.fingerprint(target.toString());
    for (long o : e.outputs) {
      if (o == p) {
        return true;
      }
    }
    return false;
  }

  /** Records, durably, the renames a job is about to do: call before the first one. */
  public synchronized void publishing(JobKey key, List<Rename> renames) throws IOException {
    List<String> f = new ArrayList<>(List.of("P", s(key.size()), s(key.mtimeMillis())));
    f.add(key.relative());
    for (Rename r : renames) {
      f.add(r.temp().toString());
      f.add(r.target().toString());
    }
    append(f, true);
    put(key.relative(), key.size(), key.mtimeMillis(), false, renames);
  }

  /** Records, durably, that every rendition of this version is in place (at {@code outputs}). */
  public synchronized void done(JobKey key, List<Path> outputs) throws IOException {
    long[] prints = new long[outputs.size()];
    for (int i = 0; i < prints.length; i++) {
      prints[i] = JournalCodec.fingerprint(outputs.get(i).toString());
    }
    append(record("D", key, prints), true);
    entries.put(key.relative(), new Entry(key.size(), key.mtimeMillis(), true, prints, null));
    compactIfDue();
  }

  /**
   * A publish that could not be finished (cut short by a crash, its temp files gone; or its renames
   * failed): the input is done again, and the outputs it wrote stay its own. Forced to disk: until
   * it is, the publishing record would have the next start take whatever is at the targets for this
   * version's outputs.
   */
  public synchronized void unfinished(JobKey key) throws IOException {
    Entry e = entries.get(key.relative());
    long[] outputs = e == null ? new long[0] : e.outputs;
    append(record("U", key, outputs), true);
    entries.put(key.relative(), new Entry(key.size(), key.mtimeMillis(), false, outputs, null));
  }

  /** The input has left the hot folder (archived, deleted): nothing to remember. */
  public synchronized void forget(String relative) throws IOException {
    if (entries.remove(relative) == null) {
      return;
    }
    append(List.of("F", relative), false);
    compactIfDue();
  }

  /** Publishes that were cut short (read at start-up), to finish before anything else. */
  public synchronized List<Interrupted> interrupted() {
    List<Interrupted> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry v = e.getValue();
      if (v.pending != null) {
        out.add(new Interrupted(new JobKey(e.getKey(), v.size, v.mtime), v.pending));
      }
    }
    return out;
  }

  /**
   * Forgets the finished inputs that are no longer in the hot folder. {@code present} is asked
   * without holding the journal's lock (it touches the disk), so jobs are never held up. If none of
   * the remembered inputs is there, the hot folder is more likely unmounted than emptied, and
   * nothing is forgotten.
   *
   * @return how many entries were dropped
   */
  public int sweep(Predicate<String> present) throws IOException {
    Map<String, Entry> snapshot;
    synchronized (this) {
      snapshot = new HashMap<>(entries);
    }
    List<String> gone = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, Entry> e : snapshot.entrySet()) {
      if (e.getValue().done) {
        checked++;
        if (!present.test(e.getKey())) {
          gone.add(e.getKey());
        }
      }
    }
    if (gone.isEmpty() || gone.size() == checked) {
      return 0;
    }
    synchronized (this) {
      int dropped = 0;
      for (String rel : gone) {
        if (entries.get(rel) == snapshot.get(rel)) {
          entries.remove(rel);
          dropped++;
        }
      }
      if (dropped > 0 && file != null) {
        file.compactSafely(records());
      }
      return dropped;
    }
  }

  /** Inputs remembered. */
  public synchronized int size() {
    return entries.size();
  }

  private static List<String> record(String op, JobKey key, long[] outputs) {
    return List.of(
        op,
        s(key.size()),
        s(key.mtimeMillis()),
        key.relative(),
        JournalCodec.fingerprints(outputs));
  }

  /** The record that says all there is of one entry (a compaction writes one per entry). */
  private static List<String> record(String relative, Entry v) {
    if (v.pending != null) {
      List<String> f = new ArrayList<>(List.of("P", s(v.size), s(v.mtime), relative));
      for (Rename r : v.pending) {
        f.add(r.temp().toString());
        f.add(r.target().toString());
      }
      return f;
    }
    return record(v.done ? "D" : "U", new JobKey(relative, v.size, v.mtime), v.outputs);
  }

  /** The live records, one per entry, made as they are written (under this object's lock). */
  private Iterator<List<String>> records() {
    return entries.entrySet().stream().map(e -> record(e.getKey(), e.getValue())).iterator();
  }

  private static String s(long n) {
    return Long.toString(n);
  }

  private void append(List<String> fields, boolean force) throws IOException {
    if (file != null) {
      file.append(fields, force);
    }
  }

  private void compactIfDue() {
    if (file != null) {
      file.compactIfDue(entries.size(), this::records);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (file != null) {
        file.close();
      }
      if (lock != null) {
        lock.release();
      }
    } catch (IOException e) {
      log.warn("closing the journal: {}", e.toString());
    }
  }
}
