package io.hotshrink.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration once: the user's file on top of the built-in {@code reference.conf}, then
 * the environment overrides, then validates every value and builds {@link Settings}. All problems
 * are reported together, each with its file and line.
 */
public final class SettingsLoader {
  static final String ROOT = "hotshrink";
  static final List<String> ENGINES = List.of("auto", "turbojpeg", "java");
  static final List<String> MODES = List.of("default", "fast");
  static final List<String> FILTERS = List.of("lanczos3", "bilinear");
  static final List<String> COLORS = List.of("keep", "srgb");
  static final List<String> METADATA = List.of("keep", "strip", "copyright");
  static final List<String> SUBSAMPLINGS = List.of("420", "422", "444");
  static final List<String> AFTER_SUCCESS = List.of("keep", "archive", "delete");
  static final List<String> ON_CONFLICT = List.of("replace", "skip", "rename");
  private static final Pattern COUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgG])?[bB]?");

  private final Path workDir;
  private final Map<String, String> env;
  private final int cores;

  /**
   * @param workDir relative paths in the file resolve against it
   * @param env the environment, for {@code HOTSHRINK_INPUT}, {@code HOTSHRINK_OUTPUT} and {@code
   *     HOTSHRINK_HTTP_PORT}
   * @param cores the number of cores, for the {@code auto} pool sizes
   */
  public SettingsLoader(Path workDir, Map<String, String> env, int cores) {
    this.workDir = workDir.toAbsolutePath().normalize();
    this.env = Map.copyOf(env);
    this.cores = Math.max(1, cores);
  }

  /** A loader for this process: its working directory, environment and cores. */
  public static SettingsLoader forThisProcess() {
    return new SettingsLoader(
        Path.of("").toAbsolutePath(), System.getenv(), Runtime.getRuntime().availableProcessors());
  }

  /**
   * Which file to read: {@code -c FILE}, else {@code $HOTSHRINK_CONFIG}, else {@code
   * conf/application.conf} of the installation when it exists, else none (built-in defaults).
   */
  public static Optional<Path> locate(Path cliFile, Map<String, String> env, Optional<Path> home) {
    if (cliFile != null) {
      return Optional.of(cliFile);
    }
    String fromEnv = env.get("HOTSHRINK_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Path.of(fromEnv));
    }
    return home.map(h -> h.resolve("conf").resolve("application.conf"))
        .filter(Files::isRegularFile);
  }

  /** Reads and validates; {@code file} empty means the built-in defaults only. */
  public Settings load(Optional<Path> file) throws SettingsException {
    return load(file, Map.of());
  }

  /**
   * As {@link #load(Optional)}, with values from the command line that win over everything, e.g.
   * {@code input} and {@code output} for {@code batch IN OUT}.
   */
  public Settings load(Optional<Path> file, Map<String, String> commandLine)
      throws SettingsException {
    List<ConfigProblem> problems = new ArrayList<>();
    Config user = ConfigFactory.empty();
    Optional<Path> source = file.map(f -> workDir.resolve(f).normalize());
    if (source.isPresent()) {
      Path f = source.get();
      if (!Files.isRegularFile(f)) {
        throw new SettingsException(
            List.of(new ConfigProblem(f.toString(), 0, "-", "no such file")));
      }
      try {
        user =
            ConfigFactory.parseFile(
                f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new SettingsException(List.of(fromException(e, "-")));
      }
    }
    Config reference = ConfigFactory.parseResources(SettingsLoader.class, "/reference.conf");
    UnknownKeys.check(user, reference, problems);

    Config merged;
    try {
      Config cli = ConfigFactory.empty();
      for (Map.Entry<String, String> e : commandLine.entrySet()) {
        cli =
            cli.withValue(
                ROOT + "." + e.getKey(),
                ConfigValueFactory.fromAnyRef(e.getValue(), "command line"));
      }
      merged =
          cli.withFallback(envOverrides()).withFallback(user).withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new SettingsException(List.of(fromException(e, "-")));
    }
    Settings settings = build(new Values(merged, problems), source);
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
    return settings;
  }

  private Config envOverrides() {
    Config c = ConfigFactory.empty();
    String port = env.get("HOTSHRINK_HTTP_PORT");
    if (port != null && !port.isBlank()) {
      Object value = port.trim().matches("\\d{1,9}") ? Integer.valueOf(port.trim()) : port;
      c =
          c.withValue(
              ROOT + ".http.port",
              ConfigValueFactory.fromAnyRef(value, "environment variable HOTSHRINK_HTTP_PORT"));
    }
    for (String[] pair :
        new String[][] {{"HOTSHRINK_INPUT", "input"}, {"HOTSHRINK_OUTPUT", "output"}}) {
      String v = env.get(pair[0]);
      if (v != null && !v.isBlank()) {
        c =
            c.withValue(
                ROOT + "." + pair[1],
                ConfigValueFactory.fromAnyRef(v, "environment variable " + pair[0]));
      }
    }
    return c;
  }

  private Settings build(Values v, Optional<Path> source) {
    Path input = path(v, ROOT + ".input");
    Path output = path(v, ROOT + ".output");
    Path failed = path(v, ROOT + ".failed");
    checkFolders(v, input, output, failed);
    Settings.Lifecycle lifecycle = lifecycle(v);
    checkLifecycleFolders(v, input, output, failed, lifecycle);

    List<Settings.Rendition> renditions = new RenditionRules(v).read();

    Settings.Watch watch = watch(v);

    return new Settings(
        source, input, output, failed, renditions, watch, pool(v), resize(v), lifecycle, http(v));
  }

  private static Settings.Http http(Values v) {
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
          java.net.InetAddress.getByName(bind);
        } catch (java.net.UnknownHostException e) {
          v.problem(h + "bind", "cannot resolve \"" + bind + "\" to an address of this machine");
        }
      }
    }
    return new Settings.Http(
        enabled == null || enabled,
        bind == null ? Settings.Http.DEFAULT.bind() : bind,
        port == null ? Settings.Http.DEFAULT.port() : port);
  }

  private Settings.Lifecycle lifecycle(Values v) {
    String after = v.oneOf(ROOT + ".after-success", AFTER_SUCCESS);
    String conflict = v.oneOf(ROOT + ".on-conflict", ON_CONFLICT);
    Duration maxDelay = v.duration(ROOT + ".retry.max-delay", Duration.ofMillis(100));
    return new Settings.Lifecycle(
        after == null
            ? Settings.Lifecycle.AfterSuccess.KEEP
            : Settings.Lifecycle.AfterSuccess.valueOf(after.toUpperCase(java.util.Locale.ROOT)),
        path(v, ROOT + ".archive"),
        path(v, ROOT + ".state"),
        conflict == null
            ? Settings.Lifecycle.OnConflict.REPLACE
            : Settings.Lifecycle.OnConflict.valueOf(conflict.toUpperCase(java.util.Locale.ROOT)),
        maxDelay == null ? Duration.ofMinutes(5) : maxDelay);
  }

  /**
   * The archive (when it is used) and the state folder must not lead back into the hot folder
   * either. The state folder may sit inside it as a hidden folder ({@code in/.hotshrink}): the
   * watcher never looks into hidden folders. It must not be inside the drop folder, where
   * downstream readers would find the journal.
   */
  private static void checkLifecycleFolders(
      Values v, Path input, Path output, Path failed, Settings.Lifecycle l) {
    if (input == null || output == null || failed == null) {
      return;
    }
    Path in = real(input);
    Path out = real(output);
    Path fail = real(failed);
    if (l.archive() != null && l.afterSuccess() == Settings.Lifecycle.AfterSuccess.ARCHIVE) {
      Path arch = real(l.archive());
      String a = ROOT + ".archive";
      if (arch.equals(in) || arch.startsWith(in)) {
        v.problem(a, "must not be inside input (" + input + "): archived files would come back");
      } else if (in.startsWith(arch)) {
        v.problem(a, "must not contain input (" + input + ")");
      } else if (arch.equals(out) || arch.startsWith(out) || out.startsWith(arch)) {
        v.problem(
            a, "must be apart from output (" + output + "): originals would mix with outputs");
      } else if (arch.equals(fail)) {
        v.problem(a, "must not be the same folder as failed (" + failed + ")");
      }
    }
    if (l.state() != null) {
      Path st = real(l.state());
      String k = ROOT + ".state";
      if (st.equals(in)
          || (st.startsWith(in) && !in.relativize(st).getName(0).toString().startsWith("."))) {
        v.problem(
            k,
            "must not be inside input ("
                + input
                + ") unless as a hidden folder such as "
                + input.resolve(".hotshrink")
                + " (the watcher skips hidden folders)");
      } else if (st.equals(out) || st.startsWith(out)) {
        v.problem(k, "must not be inside output (" + output + "): downstream would see it");
      } else if (st.equals(fail)) {
        v.problem(k, "must not be the same folder as failed (" + failed + ")");
      } else if (l.archive() != null && st.equals(real(l.archive()))) {
        v.problem(k, "must not be the same folder as archive (" + l.archive() + ")");
      }
    }
  }

  private static Settings.Resize resize(Values v) {
    String p = ROOT + ".resize.";
    String sub = v.oneOf(p + "subsampling", SUBSAMPLINGS);
    Boolean progressive = v.bool(p + "progressive");
    Boolean enlarge = v.bool(p + "enlarge");
    return new Settings.Resize(
        v.oneOf(p + "engine", ENGINES),
        v.oneOf(p + "mode", MODES),
        v.oneOf(p + "filter", FILTERS),
        v.oneOf(p + "color", COLORS),
        v.oneOf(p + "metadata", METADATA),
        progressive != null && progressive,
        sub == null ? 420 : Integer.parseInt(sub),
        enlarge != null && enlarge,
        new Settings.Limits(
            limit(v, ROOT + ".limits.max-pixels", false),
            limit(v, ROOT + ".limits.max-file-size", true)));
  }

  /** A count ({@code 200M}, {@code 50000000}) or a size ({@code 100M} = MiB), or 0 / off. */
  private static long limit(Values v, String key, boolean bytes) {
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
    String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(java.util.Locale.ROOT);
    double mult =
        switch (unit) {
          case "K" -> bytes ? 1024 : 1e3;
          case "M" -> bytes ? 1024 * 1024 : 1e6;
          case "G" -> bytes ? 1024.0 * 1024 * 1024 : 1e9;
          default -> 1;
        };
    return (long) (n * mult);
  }

  private static Settings.Watch watch(Values v) {
    String w = ROOT + ".watch.";
    String mode = v.oneOf(w + "mode", List.of("auto", "events", "poll"));
    return new Settings.Watch(
        v.duration(w + "settle", Duration.ofMillis(1)),
        v.duration(w + "rescan-interval", Duration.ofSeconds(1)),
        mode == null
            ? Settings.Watch.Mode.AUTO
            : Settings.Watch.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
        v.duration(w + "poll-interval", Duration.ofMillis(100)),
        v.duration(w + "incomplete-timeout", Duration.ofSeconds(1)));
  }

  private Settings.Pool pool(Values v) {
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
    return new Settings.Pool(
        w,
        t,
        orZero(v.integer(p + "recycle-after", 1, Integer.MAX_VALUE)),
        orZero(v.integer(p + "recycle-jitter", 0, Integer.MAX_VALUE)),
        heap == null ? "512m" : (heap >> 20) + "m",
        jvmOptions == null ? List.of() : jvmOptions,
        v.duration(p + "job-timeout", Duration.ofSeconds(1)),
        v.duration(p + "shutdown-grace", Duration.ZERO),
        maxRss(v, p + "max-rss", heap),
        orZero(v.integer(p + "max-boot-failures", 1, 1000)));
  }

  /** {@code auto} is twice the heap: a JVM's native memory comes on top of its heap. */
  private static long maxRss(Values v, String key, Long heap) {
    Config c = v.config();
    if (c.hasPath(key)
        && c.getValue(key).valueType() == ConfigValueType.STRING
        && "auto".equals(c.getString(key))) {
      return heap == null ? 0 : 2 * heap;
    }
    Long b = v.bytes(key, 64L << 20);
    return b == null ? 0 : b;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private Path path(Values v, String key) {
    String s = v.string(key);
    if (s == null) {
      return null;
    }
    if (s.isBlank()) {
      v.problem(key, "must not be empty");
      return null;
    }
    return workDir.resolve(s).normalize();
  }

  /** The folders must not feed into each other, or outputs would become inputs. */
  private static void checkFolders(Values v, Path input, Path output, Path failed) {
    if (input == null || output == null || failed == null) {
      return;
    }
    Path in = real(input);
    Path out = real(output);
    Path fail = real(failed);
    String o = ROOT + ".output";
    String f = ROOT + ".failed";
    if (out.equals(in)) {
      v.problem(o, "must not be the same folder as input (" + input + ")");
    } else if (out.startsWith(in)) {
      v.problem(o, "must not be inside input (" + input + "): outputs would be taken as inputs");
    } else if (in.startsWith(out)) {
      v.problem(o, "must not contain input (" + input + "): outputs could land in the hot folder");
    }
    if (fail.equals(in) || fail.startsWith(in)) {
      v.problem(f, "must not be inside input (" + input + "): failed files would come back");
    } else if (fail.equals(out)) {
      v.problem(f, "must not be the same folder as output (" + output + ")");
    }
  }

  /** The path with symbolic links of its existing part resolved, so links cannot hide a loop. */
  static Path real(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    } catch (IOException e) {
      return p;
    }
  }

  private static ConfigProblem fromException(ConfigException e, String key) {
    if (e.origin() == null) {
      return new ConfigProblem("-", 0, key, e.getMessage());
    }
    String msg = e.getMessage();
    String prefix = e.origin().description() + ": ";
    if (msg.startsWith(prefix)) {
      msg = msg.substring(prefix.length());
    }
    return Values.problemAt(e.origin(), key, msg);
  }
}
