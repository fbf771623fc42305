package io.hotshrink.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the configuration once: the user's file on top of the built-in {@code reference.conf}, then
 * the environment overrides, then validates every value and builds {@link Settings}. All problems
 * are reported together, each with its file and line.
 */
public final class SettingsLoader {
  static final String ROOT = "hotshrink";

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
            List.of(ConfigProblem.withoutLine(f.toString(), "-", "no such file")));
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
    Settings settings = build(new Values(merged, problems), reference, source);
    if (!problems.isEmpty()) {
      // A value every folder inherits is read once per folder: one problem, said once.
      throw new SettingsException(List.copyOf(new LinkedHashSet<>(problems)));
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

  /**
   * The top level, and with {@code hotshrink.folders} each entry laid over it, whose folders are
   * then checked against each other.
   */
  private Settings build(Values v, Config reference, Optional<Path> source) {
    boolean several = declaresFolders(v.config());
    Settings.Cluster cluster = new ClusterRules(v, new FolderRules(workDir, v, false)).read();
    Settings top = build(v, source, !several).toBuilder().cluster(cluster).build();
    if (!several) {
      v.problems().addAll(ClusterRules.folderProblems(cluster, v, v, top, ROOT + ".state"));
      return top;
    }
    List<FolderEntries.Entry> entries =
        new FolderEntries(
                v,
                reference,
                fv ->
                    build(fv, source, true).toBuilder()
                        .pool(top.pool())
                        .http(top.http())
                        .cluster(cluster)
                        .build())
            .read();
    new FolderOverlaps(v.problems()).check(entries);
    for (FolderEntries.Entry e : entries) {
      for (ConfigProblem p :
          ClusterRules.folderProblems(
              cluster, v, e.values(), e.settings(), e.prefix() + ".state")) {
        v.problems().add(FolderEntries.rename(p, e.raw(), e.prefix()));
      }
    }
    return top.toBuilder()
        .folders(entries.stream().map(FolderEntries.Entry::folder).toList())
        .build();
  }

  /** Anything but an empty list is read as entries (and reported when it is not a list). */
  private static boolean declaresFolders(Config c) {
    String key = FolderEntries.KEY;
    return c.hasPath(key)
        && !(c.getValue(key) instanceof com.typesafe.config.ConfigList l && l.isEmpty());
  }

  /**
   * Reads every section of one folder (or of the top level: {@code checkFolders} false when it only
   * holds the defaults of {@code hotshrink.folders}). The order of the calls is the order of the
   * problems in the report, which follows reference.conf: the folders first.
   */
  private Settings build(Values v, Optional<Path> source, boolean checkFolders) {
    FolderRules folders = new FolderRules(workDir, v, checkFolders);
    FolderRules.HotFolders hot = folders.hotFolders();
    Sections sections = new Sections(v, folders, cores);
    Settings.Lifecycle lifecycle = sections.lifecycle(hot.input());
    folders.checkLifecycle(hot, lifecycle);
    return Settings.builder()
        .source(source)
        .input(hot.input())
        .output(hot.output())
        .failed(hot.failed())
        .lifecycle(lifecycle)
        .renditions(new RenditionRules(v).read())
        .watch(sections.watch())
        .pool(sections.pool())
        .resize(sections.resize())
        .http(sections.http())
        .build();
  }

  private static ConfigProblem fromException(ConfigException e, String key) {
    if (e.origin() == null) {
      return ConfigProblem.withoutLine("-", key, e.getMessage());
    }
    String msg = e.getMessage();
    String prefix = e.origin().description() + ": ";
    if (msg.startsWith(prefix)) {
      msg = msg.substring(prefix.length());
    }
    return Values.problemAt(e.origin(), key, msg);
  }
}
