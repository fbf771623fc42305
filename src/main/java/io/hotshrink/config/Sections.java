package io.hotshrink.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the sections whose keys are checked one by one: what happens around a job, watch, pool,
 * resize and limits, http. (Rules between folders are {@link FolderRules}'; the renditions list is
 * {@link RenditionRules}'.) A wrong value is reported and replaced by its default, so that reading
 * goes on and every problem is found in one pass.
 */
final class Sections {
  private static final String ROOT = SettingsLoader.ROOT;
  static final List<String> ENGINES = List.of("auto", "turbojpeg", "java");
  static final List<String> MODES = List.of("default", "fast");
  static final List<String> FILTERS = List.of("lanczos3", "bilinear");
  static final List<String> COLORS = List.of("keep", "srgb");
  static final List<String> METADATA = List.of("keep", "strip", "copyright");
  static final List<String> SUBSAMPLINGS = List.of("420", "422", "444");
  static final List<String> AFTER_SUCCESS = List.of("keep", "archive", "delete");
  static final List<String> ON_CONFLICT = List.of("replace", "skip", "rename");
  static final List<String> WATCH_MODES = List.of("auto", "events", "poll");
  private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgG])?[bB]?");

  private final Values v;
  private final FolderRules folders;
  private final int cores;

  /**
   * @param folders resolves the archive and state folders
   * @param cores the number of cores, for the {@code auto} pool sizes
   */
  Sections(Values v, FolderRules folders, int cores) {
    this.v = v;
    this.folders = folders;
    this.cores = cores;
  }

  /**
   * @param input the folder's input (null when it is wrong), which archive and state are beside
   *     when they are not set
   */
  Settings.Lifecycle lifecycle(java.nio.file.Path input) {
    String after = v.oneOf(ROOT + ".after-success", AFTER_SUCCESS);
    String conflict = v.oneOf(ROOT + ".on-conflict", ON_CONFLICT);
    Duration maxDelay = v.duration(ROOT + ".retry.max-delay", Duration.ofMillis(100));
    return Settings.Lifecycle.builder()
        .afterSuccess(
            after == null
                ? Settings.Lifecycle.AfterSuccess.KEEP
                : Settings.Lifecycle.AfterSuccess.valueOf(after.toUpperCase(Locale.ROOT)))
        .archive(folders.pathOrBeside(ROOT + ".archive", input, FolderRules.ARCHIVE_BESIDE))
        .state(folders.pathOrBeside(ROOT + ".state", input, FolderRules.STATE_BESIDE))
        .onConflict(
            conflict == null
                ? Settings.Lifecycle.OnConflict.REPLACE
                : Settings.Lifecycle.OnConflict.valueOf(conflict.toUpperCase(Locale.ROOT)))
        .retryMaxDelay(maxDelay == null ? Duration.ofMinutes(5) : maxDelay)
        .build();
  }

  Settings.Watch watch() {
    String w = ROOT + ".watch.";
    String mode = v.oneOf(w + "mode", WATCH_MODES);
    return Settings.Watch.builder()
        .settle(v.duration(w + "settle", Duration.ofMillis(1)))
        .rescanInterval(v.duration(w + "rescan-interval", Duration.ofSeconds(1)))
        .mode(
            mode == null
                ? Settings.Watch.Mode.AUTO
                : Settings.Watch.Mode.valueOf(mode.toUpperCase(Locale.ROOT)))
        .pollInterval(v.duration(w + "poll-interval", Duration.ofMillis(100)))
        .incompleteTimeout(v.duration(w + "incomplete-timeout", Duration.ofSeconds(1)))
        .build();
  }

  Settings.Pool pool() {
    String p = ROOT + ".pool.";
    Integer workers = v.integerOrAuto(p + "workers", 1, 256);
    Integer threads = v.integerOrAuto(p + "threads", 1, 256);
    int w = workers == null || workers == 0 ? (cores + 3) / 4 : workers;
    int t = threads == null || threads == 0 ? Math.max(1, cores / w) : threads;
    Long heap = v.bytes(p + "heap", 32L << 20);
    List<String> jvmOptions = v.strings(p + "jvm-options");
    if (jvmOptions != null) {
      for (String o : jvmOptions) {
        // The children's fault hooks are for tests only and must never be reachable from a config.
        if (o.startsWith("-Dhotshrink.test")) {
          v.problem(p + "jvm-options", "\"" + o + "\" is reserved for hotshrink's own tests");
        }
      }
    }
    return Settings.Pool.builder()
        .workers(w)
        .threads(t)
        .recycleAfter(orZero(v.integer(p + "recycle-after", 1, Integer.MAX_VALUE)))
        .recycleJitter(orZero(v.integer(p + "recycle-jitter", 0, Integer.MAX_VALUE)))
        .heap(heap == null ? "512m" : (heap >> 20) + "m")
        .jvmOptions(jvmOptions == null ? List.of() : jvmOptions)
        .jobTimeout(v.duration(p + "job-timeout", Duration.ofSeconds(1)))
        .shutdownGrace(v.duration(p + "shutdown-grace", Duration.ZERO))
        .maxRssBytes(maxRss(p + "max-rss", heap))
        .maxBootFailures(orZero(v.integer(p + "max-boot-failures", 1, 1000)))
        .build();
  }

  /** {@code auto} is twice the heap: a JVM's native memory comes on top of its heap. */
  private long maxRss(String key, Long heap) {
    Config c = v.config();
    if (c.hasPath(key)
        && c.getValue(key).valueType() == ConfigValueType.STRING
        && "auto".equals(c.getString(key))) {
      return heap == null ? 0 : 2 * heap;
    }
    Long b = v.bytes(key, 64L << 20);
    return b == null ? 0 : b;
  }

  Settings.Resize resize() {
    String p = ROOT + ".resize.";
    String sub = v.oneOf(p + "subsampling", SUBSAMPLINGS);
    Boolean progressive = v.bool(p + "progressive");
    Boolean enlarge = v.bool(p + "enlarge");
    return Settings.Resize.builder()
        .engine(v.oneOf(p + "engine", ENGINES))
        .mode(v.oneOf(p + "mode", MODES))
        .filter(v.oneOf(p + "filter", FILTERS))
        .color(v.oneOf(p + "color", COLORS))
        .metadata(v.oneOf(p + "metadata", METADATA))
        .progressive(progressive != null && progressive)
        .subsampling(sub == null ? 420 : Integer.parseInt(sub))
        .enlarge(enlarge != null && enlarge)
        .limits(
            new Settings.Limits(
                limit(ROOT + ".limits.max-pixels", false),
                limit(ROOT + ".limits.max-file-size", true)))
        .build();
  }

  /** A count ({@code 200M}, {@code 50000000}) or a size ({@code 100M} = MiB), or 0 / off. */
  private long limit(String key, boolean bytes) {
    Config c = v.config();
    if (!c.hasPath(key)) {
      return 0;
    }
    ConfigValue cv = c.getValue(key);
    String s = cv.unwrapped().toString().trim();
    if (s.equals("off") || s.equals("0") || s.equals("false")) {
      return 0;
    }
    Matcher m = COUNT.matcher(s);
    if (cv.valueType() == ConfigValueType.BOOLEAN || !m.matches()) {
      v.problem(
          key,
          bytes
              ? "must be a size such as 100M or 2G (or off), got " + Values.render(cv)
              : "must be a pixel count such as 200M or 50000000 (or off), got "
                  + Values.render(cv));
      return 0;
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
    double mult =
        switch (unit) {
          case "K" -> bytes ? 1024 : 1e3;
          case "M" -> bytes ? 1024 * 1024 : 1e6;
          case "G" -> bytes ? 1024.0 * 1024 * 1024 : 1e9;
          default -> 1;
        };
    return (long) (n * mult);
  }

  Settings.Http http() {
    String h = ROOT + ".http.";
    Boolean enabled = v.bool(h + "enabled");
    Integer port = v.integer(h + "port", 0, 65535);
    String bind = v.string(h + "bind");
    if (bind != null) {
      if (bind.isBlank()) {
        v.problem(h + "bind", "must be an address such as 127.0.0.1, ::1 or 0.0.0.0");
      } else {
        try {
          // An IP address resolves without any look-up; a name must resolve now, not at start.
          InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
          v.problem(h + "bind", "cannot resolve \"" + bind + "\" to an address of this machine");
        }
      }
    }
    return new Settings.Http(
        enabled == null || enabled,
        bind == null ? Settings.Http.DEFAULT.bind() : bind,
        port == null ? Settings.Http.DEFAULT.port() : port);
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
