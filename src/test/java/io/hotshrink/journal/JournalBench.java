package io.hotshrink.journal;

import io.hotshrink.input.JobKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measurements of the journal alone, for {@code bench/journal.sh} (not a test: nothing runs it in
 * the suite). Prints one line per result.
 *
 * <pre>
 *   JournalBench DIR N     a journal of N finished inputs: written, then opened as at start-up
 * </pre>
 */
public final class JournalBench {
  private JournalBench() {}

  private static String name(int i) {
    return String.format("2024/%02d/%02d/IMG_%05d.jpg", 1 + i % 12, 1 + i % 28, i);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Path in = Path.of("/srv/photos/in");
    Path out = Path.of("/srv/photos/out");
    // The file as a keep-mode daemon leaves it after n jobs (and a compaction), written in one go:
    // recording n jobs one by one would cost 2n forced writes, which is not what is measured here.
    Journal.open(dir, in).close();
    try (var w = Files.newOutputStream(dir.resolve(JournalFile.NAME))) {
      w.write(JournalCodec.encode(List.of("H", "hotshrink-journal 1", in.toString())));
      for (int i = 0; i < n; i++) {
        String rel = name(i);
        long print = JournalCodec.fingerprint(out.resolve(rel).toString());
        w.write(
            JournalCodec.encode(
                List.of(
                    "D",
                    Long.toString(2_000_000L + i),
                    Long.toString(1_700_000_000_000L + i),
                    rel,
                    JournalCodec.fingerprints(new long[] {print}))));
      }
    }
    long bytes = Files.size(dir.resolve(JournalFile.NAME));
    System.gc();
    Runtime rt = Runtime.getRuntime();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long t1 = System.nanoTime();
    Journal j = Journal.open(dir, in);
    long opened = System.nanoTime() - t1;
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();
    long t2 = System.nanoTime();
    int done = 0;
    for (int i = 0; i < n; i++) {
      String rel = name(i);
      if (j.isDone(new JobKey(rel, 2_000_000L + i, 1_700_000_000_000L + i))) {
        done++;
      }
    }
    long looked = System.nanoTime() - t2;
    j.close();
    System.out.printf(
        "entries=%d file_bytes=%d bytes_per_entry=%d open_ms=%d heap_mb=%.1f"
            + " lookups_per_second=%.0f done=%d%n",
        n,
        bytes,
        bytes / Math.max(1, n),
        opened / 1_000_000,
        (heapAfter - heapBefore) / 1048576.0,
        n / (looked / 1e9),
        done);
  }
}
