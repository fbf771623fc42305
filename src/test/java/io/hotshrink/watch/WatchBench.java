package io.hotshrink.watch;

import io.hotshrink.config.Settings;
import io.hotshrink.input.Source;
import io.hotshrink.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Measurements of the watcher alone, for the scripts in bench/ (not a test: nothing runs it in the
 * suite). Prints one line per result.
 *
 * <pre>
 *   gen DIR N [PER_FOLDER]           N small JPEGs (64x48) in DIR, PER_FOLDER to a sub-folder
 *   rescan DIR N                     a tree of N files: start-up scan, then rescans, timed
 *   latency DIR N INTERVAL_MS SETTLE_MS  one file every INTERVAL_MS, events: drop -> hand-on
 * </pre>
 */
public final class WatchBench {
  private WatchBench() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "gen" ->
          gen(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              args.length > 3 ? Integer.parseInt(args[3]) : 0);
      case "rescan" -> rescan(Path.of(args[1]), Integer.parseInt(args[2]));
      case "latency" ->
          latency(
              Path.of(args[1]),
              Integer.parseInt(args[2]),
              Long.parseLong(args[3]),
              Duration.ofMillis(Long.parseLong(args[4])));
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }

  static byte[][] photos() {
    byte[][] photos = new byte[10][];
    for (int i = 0; i < photos.length; i++) {
      photos[i] = TestImages.jpeg(TestImages.photo(64, 48, i), 0.8f, false);
    }
    return photos;
  }

  static List<Path> gen(Path dir, int n, int perFolder) throws IOException {
    byte[][] photos = photos();
    List<Path> files = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = String.format("IMG_%05d.jpg", i);
      Path f =
          perFolder > 0
              ? dir.resolve(String.format("d%04d", i / perFolder)).resolve(name)
              : dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.write(f, photos[i % photos.length]);
      files.add(f);
    }
    return files;
  }

  private static Settings.Watch watch(Settings.Watch.Mode mode, Duration settle) {
    return new Settings.Watch(
        settle, Duration.ofHours(1), mode, Duration.ofSeconds(2), Duration.ofMinutes(10));
  }

  /** The watcher in events mode on {@code in}. */
  private static HotFolder.Builder hotFolder(Path in, Duration settle, Consumer<Source> sink) {
    return HotFolder.builder()
        .root(in)
        .settings(watch(Settings.Watch.Mode.EVENTS, settle))
        .clock(Clock.systemUTC())
        .sink(sink);
  }

  static void rescan(Path dir, int n) throws Exception {
    Path in = dir.resolve("in");
    if (!Files.isDirectory(in)) {
      long t0 = System.nanoTime();
      gen(in, n, 1000);
      System.out.printf("created %d files in %d folders in %d ms%n", n, (n + 999) / 1000, ms(t0));
    }
    AtomicLong handed = new AtomicLong();
    long t0 = System.nanoTime();
    try (HotFolder hf =
        hotFolder(in, Duration.ofMillis(200), src -> handed.incrementAndGet()).build()) {
      hf.start();
      long started = ms(t0);
      while (hf.lastScan() == null) {
        Thread.sleep(5);
      }
      long scanned = ms(t0);
      while (handed.get() < n) {
        Thread.sleep(5);
      }
      System.out.printf(
          "start-up: watching after %d ms (every folder registered), start-up scan done after %d"
              + " ms, all %d handed on after %d ms%n",
          started, scanned, n, ms(t0));
      long[] times = new long[7];
      for (int i = 0; i < times.length; i++) {
        long r0 = System.nanoTime();
        // Done once the walk is over and the settler has taken in all it found.
        hf.rescanNow("bench rescan " + i).join();
        times[i] = ms(r0);
        if (hf.lastScan().files() != n) {
          throw new AssertionError("rescan saw " + hf.lastScan().files() + " files");
        }
      }
      Arrays.sort(times);
      System.out.printf(
          "rescan of %d files (nothing new; walk + settler check): median %d ms, min %d ms, max"
              + " %d ms over %d runs; handed on again: %d%n",
          n,
          times[times.length / 2],
          times[0],
          times[times.length - 1],
          times.length,
          handed.get() - n);
    }
    long w0 = System.nanoTime();
    long[] count = {0};
    TreeScanner.scan(in.toRealPath(), in.toRealPath(), (f, s) -> count[0]++, l -> {});
    System.out.printf(
        "the bare walk (readdir + stat, no settler): %d files in %d ms%n", count[0], ms(w0));
  }

  static void latency(Path dir, int n, long intervalMs, Duration settle) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    byte[] photo = photos()[0];
    Map<String, Long> dropped = new ConcurrentHashMap<>();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    try (HotFolder hf =
        hotFolder(
                in,
                settle,
                src -> {
                  Long t = dropped.get(src.relative().toString());
                  if (t != null) {
                    latencies.add((System.nanoTime() - t) / 1_000);
                  }
                })
            .build()) {
      hf.start();
      Thread.sleep(500);
      for (int i = 0; i < n; i++) {
        String name = "drop" + i + ".jpg";
        Files.write(in.resolve(name), photo); // written and closed: the drop is complete now
        dropped.put(name, System.nanoTime());
        Thread.sleep(intervalMs);
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (latencies.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
    long[] us = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "drop -> job (events, settle %d ms, one file every %d ms, %d of %d files): p50 %.1f ms,"
            + " p90 %.1f ms, p99 %.1f ms, max %.1f ms; beyond the settle window: p50 %.1f ms,"
            + " p99 %.1f ms%n",
        settle.toMillis(),
        intervalMs,
        us.length,
        n,
        pct(us, 50),
        pct(us, 90),
        pct(us, 99),
        us[us.length - 1] / 1000.0,
        pct(us, 50) - settle.toMillis(),
        pct(us, 99) - settle.toMillis());
  }

  private static double pct(long[] sortedMicros, int p) {
    int i = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, i)] / 1000.0;
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
