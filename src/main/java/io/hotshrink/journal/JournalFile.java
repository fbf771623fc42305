package io.hotshrink.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's file, {@code <state>/journal}: a header naming the hot folder, then records (lines
 * of {@link JournalCodec}) appended one at a time, each forced to disk when it must be durable. At
 * start it is read back: a torn last record (written, not yet forced, when the process died) is cut
 * off, damaged records are skipped. It is rewritten with only the live records (compaction: temp
 * file, force, rename, force folder) once it holds twice as many records as the journal has entries
 * plus {@link #SLACK}, so it stays bounded by the number of inputs remembered.
 *
 * <p>It knows lines, not what they mean: {@link Journal} applies the records it reads and says
 * which ones are live. Not thread-safe: the journal calls it under its own lock.
 */
final class JournalFile {
  // The journal's logger: its lines read "Journal", as they did before the journal was split (and
  // the tests listen to that one).
  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  static final String NAME = "journal";
  private static final String MAGIC = "hotshrink-journal 1";
  static final int SLACK = 1000;

  /**
   * What {@link #load} found.
   *
   * @param staleHeader the header does not name this folder as it is named now (an older
   *     hotshrink's, without a name, or a folder renamed): it is rewritten
   */
  record Loaded(boolean ours, int damaged, boolean staleHeader) {}

  /** A header: the input it was kept for and the folder's name (null: an older hotshrink's). */
  private record Header(String input, String folder) {
    static Header of(List<String> f) {
      if (f == null || f.size() < 3 || f.size() > 4 || !f.get(0).equals("H")) {
        return null;
      }
      if (!f.get(1).equals(MAGIC)) {
        return null;
      }
      return new Header(f.get(2), f.size() == 4 ? f.get(3) : null);
    }
  }

  private final Path dir;
  private final String folder;
  private final String inputRoot;

  /** {@link #SLACK}, but tests make it smaller: each record of theirs costs an fsync. */
  private final int slack;

  private FileChannel channel;
  private boolean closed;
  private long records;

  /** After a compaction failed: not tried again before the file holds this many records. */
  private long compactNotBefore;

  JournalFile(Path dir, String folder, String inputRoot, int slack) {
    this.dir = dir;
    this.folder = folder;
    this.inputRoot = inputRoot;
    this.slack = slack;
  }

  Path path() {
    return dir.resolve(NAME);
  }

  /**
   * Reads only the header, so that a journal of another hot folder is refused when the state folder
   * is locked, before the daemon starts anything.
   *
   * @throws ForeignJournalException when it was kept for another input
   */
  void checkOwner() throws IOException {
    Path file = path();
    if (!Files.exists(file)) {
      return;
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (var in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.write(b);
      }
    }
    byte[] bytes = line.toByteArray();
    Header h = Header.of(JournalCodec.decode(bytes, 0, bytes.length));
    if (h != null) {
      requireOurs(h);
    }
  }

  private void requireOurs(Header h) throws ForeignJournalException {
    if (!h.input().equals(inputRoot)) {
      throw new ForeignJournalException(dir, h.folder(), h.input(), folder, inputRoot);
    }
  }

  /**
   * Reads the file, handing each record after the header to {@code apply} (false: it makes no
   * sense, and counts as damaged), cuts off a torn last record and leaves the file open for
   * appending. A file without a valid header is not ours: it is rewritten with a new header ({@link
   * #compact}) and {@code apply} has seen nothing of it.
   *
   * @throws ForeignJournalException when it was kept for another input: never replaced
   */
  Loaded load(Predicate<List<String>> apply) throws IOException {
    Path file = path();
    Files.deleteIfExists(dir.resolve(NAME + ".tmp")); // a compaction cut short
    byte[] buf = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    int good = 0;
    int damaged = 0;
    boolean headerOk = false;
    boolean staleHeader = false;
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
        Header h = Header.of(f);
        headerOk = h != null;
        if (!headerOk) {
          break;
        }
        requireOurs(h);
        // Same input: an older hotshrink's journal (no name) or a folder renamed. The input is
        // what the records are about, so it is kept, under this folder's name.
        staleHeader = !folder.equals(h.folder());
        if (staleHeader && h.folder() != null) {
          log.info(
              "the journal in {} was kept by the folder {}, now named {}", dir, h.folder(), folder);
        }
        good++;
        continue;
      }
      if (apply.test(f)) {
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
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    if (headerOk) {
      channel.truncate(lastEnd);
      channel.position(lastEnd);
      records = good;
    }
    return new Loaded(headerOk, damaged, staleHeader);
  }

  /** True when the file holds too many records for {@code live} entries. */
  boolean tooBig(int live) {
    return records > 2L * live + slack;
  }

  /** Appends one record; {@code force}: durable when this returns. */
  void append(List<String> fields, boolean force) throws IOException {
    if (closed) {
      // Closed by a reload that moved the journal: the jobs that started before it finish without
      // one (at worst, one of them is made again after a restart).
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

  /**
   * Compacts the file once it holds too many records for {@code live} entries, unless a compaction
   * just failed.
   */
  void compactIfDue(int live, Supplier<Iterator<List<String>>> liveRecords) {
    if (tooBig(live) && records >= compactNotBefore) {
      compactSafely(liveRecords.get());
    }
  }

  /**
   * A compaction is housekeeping: the records already written are durable and the job that wrote
   * the last one is done, whatever happens here. A failure (a state disk too full for the new file)
   * is logged, and the next try waits for {@code slack} more records rather than coming at every
   * job.
   */
  void compactSafely(Iterator<List<String>> liveRecords) {
    try {
      compact(liveRecords);
      compactNotBefore = 0;
    } catch (IOException | RuntimeException e) {
      compactNotBefore = records + slack;
      log.warn(
          "journal {}: cannot compact it now ({}); it keeps growing until a later try succeeds",
          path(),
          e.toString());
    }
  }

  /**
   * Rewrites the file as the header and {@code liveRecords}: temp file, force, rename, force
   * folder. On failure the file is left as it was (the temp file removed, the channel open on the
   * file).
   */
  void compact(Iterator<List<String>> liveRecords) throws IOException {
    if (closed) {
      return;
    }
    Path file = path();
    Path tmp = dir.resolve(NAME + ".tmp");
    long n = 1;
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);
      chunk.writeBytes(JournalCodec.encode(List.of("H", MAGIC, inputRoot, folder)));
      while (liveRecords.hasNext()) {
        chunk.writeBytes(JournalCodec.encode(liveRecords.next()));
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
        // append() tries again before the next record.
        log.warn("journal {}: cannot reopen it: {}", file, e.toString());
      }
    }
    forceFolder(dir);
  }

  private void reopen() throws IOException {
    FileChannel ch = FileChannel.open(path(), StandardOpenOption.WRITE);
    try {
      ch.position(ch.size());
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    channel = ch;
  }

  /** No more records: what is written stays. */
  void close() throws IOException {
    closed = true;
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      ch.close();
    }
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
}
