package io.hotshrink.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code hotshrink.cluster}, and refuses what cluster mode cannot keep exactly once: a store
 * without a URL, several password sources, and folders whose outputs are not named from the input
 * alone ({@code on-conflict = rename}). Read once, at the top level: the section is pool-wide.
 */
final class ClusterRules {
  static final String KEY = SettingsLoader.ROOT + ".cluster";
  static final List<String> STORES = List.of("local", "postgres");
  static final String URL_PREFIX = "jdbc:postgresql:";
  static final Duration MIN_LEASE = Duration.ofSeconds(2);
  static final int MAX_CLAIM_BATCH = 1000;

  /** The same limit as the cluster package's; a longer name is refused there at start. */
  private static final int MAX_NODE = 200;

  private final Values v;
  private final FolderRules paths;

  /**
   * @param paths resolves the password file against the working directory
   */
  ClusterRules(Values v, FolderRules paths) {
    this.v = v;
    this.paths = paths;
  }

  /** The section; a wrong value is reported and replaced by its default. */
  Settings.Cluster read() {
    Settings.Cluster d = Settings.Cluster.LOCAL;
    String k = KEY + ".";
    String store = v.oneOf(k + "store", STORES);
    String url = optional(k + "url");
    String user = v.string(k + "user");
    String password = optional(k + "password");
    String passwordEnv = optional(k + "password-env");
    Path passwordFile =
        v.config().hasPath(k + "password-file") ? paths.path(k + "password-file") : null;
    Duration lease = v.duration(k + "lease", MIN_LEASE);
    String node = optional(k + "node");
    Integer batch = v.integer(k + "claim-batch", 1, MAX_CLAIM_BATCH);

    Settings.Cluster.Store s =
        store == null ? d.store() : Settings.Cluster.Store.valueOf(store.toUpperCase(Locale.ROOT));
    if (url != null && !url.startsWith(URL_PREFIX)) {
      v.problem(
          k + "url",
          "must be a URL such as jdbc:postgresql://host:5432/hotshrink, got \""
              + Settings.Cluster.withoutQuery(url)
              + "\"");
    } else if (url == null && s == Settings.Cluster.Store.POSTGRES) {
      // pointed at the line that asked for the database: the URL has none to point at
      v.problems()
          .add(
              Values.problemAt(
                  v.config().getValue(k + "store").origin(),
                  k + "url",
                  "is required with cluster.store = postgres"
                      + " (jdbc:postgresql://host:5432/database)"));
    }
    if (user != null && user.isBlank()) {
      v.problem(k + "user", "must not be empty");
    }
    if (node != null && (node.isBlank() || node.length() > MAX_NODE)) {
      v.problem(k + "node", "must be a name of 1 to " + MAX_NODE + " characters (or null)");
    }
    onePasswordSource(password, passwordEnv, passwordFile);
    return new Settings.Cluster(
        s,
        url,
        user == null ? d.user() : user,
        password,
        passwordEnv,
        passwordFile,
        lease == null ? d.lease() : lease,
        node,
        batch == null ? d.claimBatch() : batch);
  }

  /** Two sources would leave the reader guessing which one is in force. */
  private void onePasswordSource(String password, String env, Path file) {
    List<String> set = new ArrayList<>();
    if (password != null) {
      set.add("password");
    }
    if (env != null) {
      set.add("password-env");
    }
    if (file != null) {
      set.add("password-file");
    }
    if (set.size() > 1) {
      v.problem(
          KEY + "." + set.get(1),
          "at most one of cluster.password, cluster.password-env and cluster.password-file may be"
              + " set, got "
              + String.join(" and ", set));
    }
    if (env != null && env.isBlank()) {
      v.problem(KEY + ".password-env", "must be the name of an environment variable (or null)");
    }
  }

  /**
   * With a shared store, outputs must be named from the input alone: two hosts may finish one input
   * (a claim taken over from a paused host), and each rename would write the same bytes under the
   * same names. With {@code rename}, each would add a copy of its own instead.
   *
   * @param at the folder's configuration, whose {@code on-conflict} the problem points at
   */
  static ConfigProblem renameProblem(Values at) {
    String key = SettingsLoader.ROOT + ".on-conflict";
    return Values.problemAt(
        at.config().getValue(key).origin(),
        key,
        "cannot be rename with cluster.store = postgres: two hosts finishing one input could each"
            + " add a \"(2)\" copy; outputs must be named from the input alone (use replace or"
            + " skip)");
  }

  /**
   * With a shared store, a folder's {@code state} must be given: left out, it is beside the input,
   * on the share every host mounts, and all hosts would take one journal (and one lock, which NFS
   * and SMB may not honour across hosts). The problem points at {@code cluster.store}, the line
   * that makes the state folder's default wrong.
   *
   * @param at the folder's configuration (an entry laid over the top level, or the top level)
   * @param key the folder's {@code state} key, as the user would write it
   */
  static ConfigProblem stateProblem(Values top, Values at, String key) {
    if (at.config().hasPath(SettingsLoader.ROOT + ".state")) {
      return null;
    }
    return Values.problemAt(
        top.config().getValue(KEY + ".store").origin(),
        key,
        "must be set with cluster.store = postgres: left out, it is beside input, on the folder"
            + " every host shares, where all hosts would use one journal; give each host a folder"
            + " on its own disk (e.g. /var/lib/hotshrink/state)");
  }

  /**
   * What cluster mode refuses in one folder: a state folder left to its default, {@code on-conflict
   * = rename}. None with the local store.
   *
   * @param top the whole configuration (where {@code cluster.store} is)
   * @param at the folder's configuration; {@code s} its settings
   * @param stateKey the folder's {@code state} key, as the user would write it
   */
  static List<ConfigProblem> folderProblems(
      Settings.Cluster cluster, Values top, Values at, Settings s, String stateKey) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (!cluster.isShared()) {
      return problems;
    }
    ConfigProblem state = stateProblem(top, at, stateKey);
    if (state != null) {
      problems.add(state);
    }
    if (s.lifecycle().onConflict() == Settings.Lifecycle.OnConflict.RENAME) {
      problems.add(renameProblem(at));
    }
    return problems;
  }

  /** A key whose default is null: null when unset, else its string (a wrong type is reported). */
  private String optional(String key) {
    return v.config().hasPath(key) ? v.string(key) : null;
  }
}
