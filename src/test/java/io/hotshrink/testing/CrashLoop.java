package io.hotshrink.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code kill -9} of the packaged daemon at random moments while it works through a drop of photos,
 * restarted each time, then left to finish; then every input is checked. Used by CrashLoopIT (a
 * small drop) and by {@code bench/crash-loop.sh} (300 photos, 10 kills):
 *
 * <pre>
 *   java io.hotshrink.testing.CrashLoop DIR PHOTOS KILLS keep|archive|delete [SEED]
 * </pre>
 *
 * <p>"Processed twice" is observed from outside the daemon: a thread of this process watches the
 * drop folder (inotify) and counts every time each output name appears there, which is what a
 * downstream reader would see. Each one must appear exactly once, whatever the kills.
 *
 * <p>A kill comes either when a random number of outputs have appeared since the start (often
 * between the two renditions of one job, which is the moment a crash hurts most), or at a random
 * time after the start (during start-up, the roll-forward of the previous crash, the scan).
 */
public final class CrashLoop {
  /** What the loop saw, and what it found at the end. */
  public record Report(
      long seed,
      int photos,
      int kills,
      String mode,
      int outputsExpected,
      int outputsFound,
      int outputsUndecodable,
      int appearedTwice,
      List<String> twice,
      int inputsLeft,
      int archived,
      int archivedIntact,
      int failed,
      int tempFiles,
      boolean eventsLost,
      long seconds) {
    /** Everything as it must be. */
    public boolean ok() {
      boolean sourcesRight =
          switch (mode) {
            case "keep" -> inputsLeft == photos && archived == 0;
            case "archive" -> inputsLeft == 0 && archived == photos && archivedIntact == photos;
            default -> inputsLeft == 0 && archived == 0;
          };
      return outputsFound == outputsExpected
          && outputsUndecodable == 0
          && appearedTwice == 0
          && failed == 0
          && tempFiles == 0
          && !eventsLost
          && sourcesRight;
    }
  }

  private static final String[] RENDITIONS = {"large", "thumb"};

  private final Path dir;
  private final int photos;
  private final int kills;
  private final String mode;
  private final Random random;
  private final long seed;
  private final Path in;
  private final Path out;
  private final Path done;
  private final Map<String, AtomicInteger> appeared = new ConcurrentHashMap<>();
  private final AtomicInteger appearedTotal = new AtomicInteger();
  private final AtomicBoolean eventsLost = new AtomicBoolean();
  private final AtomicReference<Runnable> onAppeared = new AtomicReference<>();

  public CrashLoop(Path dir, int photos, int kills, String mode, long seed) {
    this.dir = dir;
    this.photos = photos;
    this.kills = kills;
    this.mode = mode;
    this.seed = seed;
    this.random = new Random(seed);
    this.in = dir.resolve("in");
    this.out = dir.resolve("out");
    this.done = dir.resolve("done");
  }

  public static void main(String[] args) throws Exception {
    long seed = args.length > 4 ? Long.parseLong(args[4]) : System.nanoTime();
    Report r =
        new CrashLoop(
                Path.of(args[0]),
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                args[3],
                seed)
            .run();
    System.out.println(r);
    System.exit(r.ok() ? 0 : 1);
  }

  public Report run() throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(in);
    Files.createDirectories(out);
    Path conf = dir.resolve("crash.conf");
    Files.writeString(
        conf,
        "hotshrink {\n input = in\n output = out\n failed = failed\n archive = done\n"
            + " state = state\n after-success = "
            + mode
            + "\n watch.settle = 300ms\n"
            + " pool { workers = 1, threads = 2, heap = 256m }\n"
            + " renditions = [\n"
            + "  { name = large, fit = \"800x800\", path = \"{stem}-{rendition}.jpg\" }\n"
            + "  { name = thumb, fit = \"160x160\", path = \"{stem}-{rendition}.jpg\" }\n"
            + " ]\n}\n");
    Path staging = Files.createDirectories(dir.resolve("staging"));
    for (int i = 0; i < photos; i++) {
      // 1.2 to 3.1 megapixels: each job takes long enough for kills to land inside one.
      int w = 1280 + 64 * (i % 10);
      TestImages.write(staging.resolve(String.format("p%04d.jpg", i)), w, w * 3 / 4, seed + i);
    }
    Thread watcher = watchOutputs();
    Path log = dir.resolve("daemon.log");
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      // Dropped while nothing runs: the first daemon finds them all in its start-up scan.
      for (File f : sorted(staging)) {
        Files.copy(f.toPath(), in.resolve(f.getName()));
      }
      int expected = photos * RENDITIONS.length;
      for (int k = 0; k < kills && appearedTotal.get() < expected; k++) {
        int before = appearedTotal.get();
        Process p = start(conf, log);
        if (random.nextInt(3) == 0) {
          timer.schedule(p::destroyForcibly, random.nextInt(2500), TimeUnit.MILLISECONDS);
        } else {
          int spread = Math.max(2, 2 * (expected - before) / (kills - k + 1));
          int target = before + 1 + random.nextInt(spread);
          onAppeared.set(
              () -> {
                if (appearedTotal.get() >= target) {
                  p.destroyForcibly(); // SIGKILL
                }
              });
        }
        await()
            .atMost(Duration.ofMinutes(5))
            .until(() -> !p.isAlive() || appearedTotal.get() >= expected);
        onAppeared.set(null);
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        p.waitFor();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
      }
      // The last run is left to finish, then stopped politely.
      Process last = start(conf, log);
      await().atMost(Duration.ofMinutes(10)).until(() -> finished(expected) && tempFiles() == 0);
      last.destroy(); // SIGTERM
      if (!last.waitFor(60, TimeUnit.SECONDS)) {
        last.destroyForcibly();
      }
    } finally {
      timer.shutdownNow();
      watcher.interrupt();
    }
    return report(staging, (System.nanoTime() - t0) / 1_000_000_000);
  }

  private boolean finished(int expected) {
    boolean sources =
        switch (mode) {
          case "keep" -> true;
          default -> RunningDaemon.files(in).isEmpty();
        };
    return sources && outputs().size() >= expected;
  }

  private Process start(Path conf, Path log) throws IOException {
    return Launcher.builder(dir, Map.of(), "run", "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** Counts each output name appearing in the drop folder (they only ever appear by rename). */
  private Thread watchOutputs() throws IOException {
    WatchService ws = FileSystems.getDefault().newWatchService();
    out.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
    Thread t =
        new Thread(
            () -> {
              try (ws) {
                while (true) {
                  WatchKey key = ws.take();
                  for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                      eventsLost.set(true);
                      continue;
                    }
                    String name = e.context().toString();
                    if (!name.startsWith(".")) {
                      appeared.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                      appearedTotal.incrementAndGet();
                      Runnable r = onAppeared.get();
                      if (r != null) {
                        r.run();
                      }
                    }
                  }
                  key.reset();
                }
              } catch (InterruptedException | ClosedWatchServiceException e) {
                // done
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "crash-loop-outputs");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private List<String> outputs() {
    return RunningDaemon.files(out).stream().filter(n -> !n.startsWith(".")).toList();
  }

  private int tempFiles() {
    int n = 0;
    for (Path root : List.of(in, out, done, dir.resolve("failed"))) {
      n += (int) RunningDaemon.files(root).stream().filter(f -> f.endsWith(".hstmp")).count();
    }
    return n;
  }

  private Report report(Path staging, long seconds) throws IOException {
    int found = 0;
    int undecodable = 0;
    for (File f : sorted(staging)) {
      String stem = f.getName().substring(0, f.getName().length() - 4);
      int[] wh = TestImages.size(f.toPath());
      for (String r : RENDITIONS) {
        Path o = out.resolve(stem + "-" + r + ".jpg");
        if (!Files.exists(o)) {
          continue;
        }
        found++;
        int box = r.equals("large") ? 800 : 160;
        double scale = Math.min(1.0, Math.min((double) box / wh[0], (double) box / wh[1]));
        try {
          int[] got = TestImages.size(o);
          if (Math.abs(got[0] - Math.round(wh[0] * scale)) > 1
              || Math.abs(got[1] - Math.round(wh[1] * scale)) > 1) {
            undecodable++;
          }
        } catch (AssertionError e) {
          undecodable++;
        }
      }
    }
    Map<String, Integer> twice = new TreeMap<>();
    appeared.forEach(
        (name, n) -> {
          if (n.get() > 1) {
            twice.put(name, n.get());
          }
        });
    int intact = 0;
    for (File f : sorted(staging)) {
      Path a = done.resolve(f.getName());
      if (Files.exists(a) && Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(f.toPath()))) {
        intact++;
      }
    }
    List<String> twiceList = new ArrayList<>();
    twice.forEach((k, v) -> twiceList.add(k + " x" + v));
    return new Report(
        seed,
        photos,
        kills,
        mode,
        photos * RENDITIONS.length,
        found,
        undecodable,
        twice.size(),
        twiceList,
        RunningDaemon.files(in).size(),
        RunningDaemon.files(done).size(),
        intact,
        RunningDaemon.files(dir.resolve("failed")).size(),
        tempFiles(),
        eventsLost.get(),
        seconds);
  }

  private static List<File> sorted(Path folder) {
    File[] files = folder.toFile().listFiles();
    if (files == null) {
      return List.of();
    }
    Arrays.sort(files);
    return List.of(files);
  }
}
