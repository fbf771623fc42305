package io.hotshrink.journal;

import io.hotshrink.input.JobKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * input wrote itself is never a conflict). The file is append-only, one line per record:
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
 * <p>A crash can tear only the last line (written, not yet forced): it is recognised by its missing
 * newline or CRC and cut off at the next start. The file is rewritten with only the live entries
 * (compaction) once it holds twice as many records as entries plus 1,000, so it stays bounded by
 * the number of inputs remembered. Entries of inputs that are no longer in the hot folder are
 * dropped by {@link #sweep}. A lock file keeps two daemons from sharing a journal.
 *
 * <p>Thread-safe.
 */
public final class Journal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  static final String FILE = "journal";
  static final String LOCK = "lock";
  private static final String MAGIC = "hotshrink-journal 1";
  static final int SLACK = 1000;

  /** {@link #SLACK}, but tests make it smaller: each record of theirs costs an fsync. */
  private final int slack;

  /** One rename a publish is about to do. */
  public record Rename(Path temp, Path target) {}

  /** A publish that a crash cut short: its key and the renames it meant to do. */
  public record Interrupted(JobKey key, List<Rename> renames) {}

  private record Entry(long size, long mtime, boolean done, long[] outputs, List<Rename> pending) {
    boolean is(JobKey k) {
      return size == k.size() && mtime == k.mtimeMillis();
    }
  }

  private final Path dir; // null: in memory only (batch, tests)
  private final String inputRoot;
  private final Map<String, Entry> entries = new HashMap<>();
  private FileChannel channel;
  private boolean closed;
  private FileChannel lockChannel;
  private FileLock lock;
  private long records;

  /** After a compaction failed: not tried again before the file holds this many records. */
  private long compactNotBefore;

  private Journal(Path dir, String inputRoot, int slack) {
    this.slack = slack;
    this.dir = dir;
    this.inputRoot = inputRoot;
  }

  /** A journal that remembers only while this process runs ({@code batch}). */
  public static Journal inMemory() {
    return new Journal(null, "", SLACK);
  }

  /**
   * Opens (creating it if needed) the journal of the hot folder {@code inputRoot} in {@code
   * stateDir}: {@link #lock}, then {@link #load}.
   *
   * @throws IOException when the folder cannot be written, or another process holds its lock
   */
  public static Journal open(Path stateDir, Path inputRoot) throws IOException {
    return open(stateDir, inputRoot, SLACK);
  }

  /** As {@link #open(Path, Path)}, compacting past {@code slack} extra records (tests). */
  static Journal open(Path stateDir, Path inputRoot, int slack) throws IOException {
    Journal j = lock(stateDir, inputRoot, slack);
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
    return lock(stateDir, inputRoot, SLACK);
  }

  private static Journal lock(Path stateDir, Path inputRoot, int slack) throws IOException {
    Files.createDirectories(stateDir);
    Journal j = new Journal(stateDir, inputRoot.toString(), slack);
    j.lock();
    return j;
  }

  private void lock() throws IOException {
    Path file = dir.resolve(LOCK);
    lockChannel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      // A file system without locks (some network shares): go on, but say what is at stake.
      log.warn(
          "cannot lock {} ({}): make sure no other hotshrink uses the state folder {}",
          file,
          e.toString(),
          dir);
      return;
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      lockChannel.close();
      throw new IOException(
          "the state folder "
              + dir
              + " is in use by another hotshrink process"
              + (holder.isEmpty() ? "" : " (pid " + holder + ")")
              + ": each daemon needs its own (set state)");
    }
    lockChannel.truncate(0);
    lockChannel.write(
        ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
        0);
  }

  /**
   * Reads the file: a journal written for another hot folder is started afresh, a torn last record
   * is cut off, damaged records are skipped; then compacts it if it has grown.
   */
  public synchronized void load() throws IOException {
    long t0 = System.nanoTime();
    Path file = dir.resolve(FILE);
    Files.deleteIfExists(dir.resolve(FILE + ".tmp")); // a compaction cut short
    byte[] buf = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    int good = 0;
    int damaged = 0;
    boolean headerOk = false;
    int start = 0;
    int lastEnd = 0; // just past the last complete line
    for (int i = 0; i < buf.length; i++) {
      if (buf[i] != '\n') {
        continue;
      }
      List<String> f = JournalCodec.decode(buf, start, i);
      lastEnd = i + 1;
      start = i + 1;
      if (f == null) {
        damaged++;
        continue;
      }
      if (good == 0 && !headerOk) {
        headerOk = f.size() == 3 && f.get(0).equals("H") && f.get(1).equals(MAGIC);
        if (!headerOk) {
          break;
        }
        if (!f.get(2).equals(inputRoot)) {
          log.info(
              "the journal in {} was kept for the hot folder {}, not {}: starting a new one",
              dir,
              f.get(2),
              inputRoot);
          headerOk = false;
          break;
        }
        good++;
        continue;
      }
      if (apply(f)) {
        good++;
      } else {
        damaged++;
      }
    }
    boolean torn = lastEnd < buf.length && headerOk;
    if (torn) {
      // The last record was being written when the process died: it never counted.
      log.info("journal {}: ignoring an incomplete last record", file);
    }
    if (damaged > 0) {
      log.warn("journal {}: skipped {} damaged records", file, damaged);
    }
    if (!headerOk) {
      entries.clear();
    }
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    if (headerOk) {
      channel.truncate(lastEnd);
      channel.position(lastEnd);
      records = good;
    }
    if (!headerOk) {
      compact(); // a new header for this hot folder: without it the journal is not ours
    } else if (damaged > 0 || tooBig()) {
      compactSafely();
    }
    log.info(
        "journal {}: {} inputs remembered, {} of them with a publish to finish; read in {} ms",
        file,
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
    write(f, true);
    put(key.relative(), key.size(), key.mtimeMillis(), false, renames);
  }

  /** Records, durably, that every rendition of this version is in place (at {@code outputs}). */
  public synchronized void done(JobKey key, List<Path> outputs) throws IOException {
    long[] prints = new long[outputs.size()];
    for (int i = 0; i < prints.length; i++) {
      prints[i] = JournalCodec.fingerprint(outputs.get(i).toString());
    }
    write(record("D", key, prints), true);
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
    write(record("U", key, outputs), true);
    entries.put(key.relative(), new Entry(key.size(), key.mtimeMillis(), false, outputs, null));
  }

  /** The input has left the hot folder (archived, deleted): nothing to remember. */
  public synchronized void forget(String relative) throws IOException {
    if (entries.remove(relative) == null) {
      return;
    }
    write(List.of("F", relative), false);
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
      if (dropped > 0) {
        compactSafely();
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

  private static String s(long n) {
    return Long.toString(n);
  }

  private boolean tooBig() {
    return records > 2L * entries.size() + slack;
  }

  private void write(List<String> fields, boolean force) throws IOException {
    if (dir == null || closed) {
      // In memory only; or closed by a reload that moved the journal, and the jobs that started
      // before it finish without one (at worst, one of them is made again after a restart).
      return;
    }
    if (channel == null || !channel.isOpen()) {
      reopen(); // a compaction could not reopen the file: try again now
    }
    ByteBuffer b = ByteBuffer.wrap(JournalCodec.encode(fields));
    long end = channel.position();
    try {
      while (b.hasRemaining()) {
        channel.write(b);
      }
      if (force) {
        channel.force(false);
      }
    } catch (IOException e) {
      // Half a line must not stay in front of the next record (the state disk may be full).
      try {
        channel.truncate(end);
        channel.position(end);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    records++;
  }

  /** Compacts the file once it holds too many records, unless a compaction just failed. */
  private void compactIfDue() {
    if (tooBig() && records >= compactNotBefore) {
      compactSafely();
    }
  }

  /**
   * A compaction is housekeeping: the records already written are durable and the job that wrote
   * the last one is done, whatever happens here. A failure (a state disk too full for the new file)
   * is logged, and the next try waits for {@code slack} more records rather than coming at every
   * job.
   */
  private void compactSafely() {
    try {
      compact();
      compactNotBefore = 0;
    } catch (IOException | RuntimeException e) {
      compactNotBefore = records + slack;
      log.warn(
          "journal {}: cannot compact it now ({}); it keeps growing until a later try succeeds",
          dir.resolve(FILE),
          e.toString());
    }
  }

  /**
   * Rewrites the file with one record per live entry: temp file, force, rename, force folder. On
   * failure the journal is left as it was (the temp file removed, the channel open on the file).
   */
  private void compact() throws IOException {
    if (dir == null || closed) {
      return;
    }
    Path file = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    long n = 1;
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream(1 << 16);
      chunk.writeBytes(JournalCodec.encode(List.of("H", MAGIC, inputRoot)));
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        Entry v = e.getValue();
        JobKey key = new JobKey(e.getKey(), v.size, v.mtime);
        if (v.pending != null) {
          List<String> f = new ArrayList<>(List.of("P", s(v.size), s(v.mtime), e.getKey()));
          for (Rename r : v.pending) {
            f.add(r.temp().toString());
            f.add(r.target().toString());
          }
          chunk.writeBytes(JournalCodec.encode(f));
        } else {
          chunk.writeBytes(JournalCodec.encode(record(v.done ? "D" : "U", key, v.outputs)));
        }
        n++;
        if (chunk.size() >= 1 << 16) {
          writeFully(out, chunk.toByteArray());
          chunk.reset();
        }
      }
      writeFully(out, chunk.toByteArray());
      out.force(true);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
    if (channel != null) {
      channel.close(); // before the rename: some platforms cannot replace an open file
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      records = n;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    } finally {
      // The new file, or the old one if the rename failed: either way, whole and ours.
      try {
        reopen();
      } catch (IOException e) {
        // write() tries again before the next record.
        log.warn("journal {}: cannot reopen it: {}", file, e.toString());
      }
    }
    forceFolder(dir);
  }

  private void reopen() throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE);
    try {
      ch.position(ch.size());
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    channel = ch;
  }

  private static void deleteQuietly(Path file, Exception cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException again) {
      cause.addSuppressed(again);
    }
  }

  private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static void forceFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can open a folder; the rename itself happened.
      log.trace("cannot force {}: {}", folder, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      if (channel != null) {
        channel.close();
      }
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      log.warn("closing the journal: {}", e.toString());
    }
    channel = null;
    lock = null;
    lockChannel = null;
  }
}
