package io.hotshrink.daemon;

import io.hotshrink.config.Settings;
import io.hotshrink.job.Pipeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's hot folders: those in force, where the gate sends each folder's jobs, and every
 * folder ever started (for the counts and the final close). A reload changes them in two steps,
 * {@link #apply} (may fail, then undone) and {@link #commit} (cannot fail), so that a failed reload
 * leaves them as they were.
 *
 * <p>Not thread-safe for changes: {@link #start}, {@link #apply} and {@link #commit} are called
 * under the daemon's lock. Reads ({@link #inForce}, {@link #route}) come from any thread.
 */
final class FolderSet {
  private static final Logger log = LoggerFactory.getLogger(FolderSet.class);

  private final Function<Settings.Folder, FolderRuntime> factory;
  private final Consumer<String> forget;
  // The folders of the settings in force, in their order; replaced whole by a reload.
  private volatile Map<String, FolderRuntime> inForce;
  // Where the gate sends a folder's jobs: the folders in force, and removed ones until drained.
  private final Map<String, FolderRuntime> route = new ConcurrentHashMap<>();
  // Every folder started, removed ones too: their jobs count in the daemon's counts.
  private final List<FolderRuntime> everyFolder = new CopyOnWriteArrayList<>();

  /**
   * @param settings the settings the daemon starts with
   * @param factory makes a folder's runtime (not yet started)
   * @param forget told the name of a removed folder once its last job has ended (its metrics go)
   */
  FolderSet(
      Settings settings,
      Function<Settings.Folder, FolderRuntime> factory,
      Consumer<String> forget) {
    this.factory = factory;
    this.forget = forget;
    Map<String, FolderRuntime> all = new LinkedHashMap<>();
    for (Settings.Folder f : settings.folders()) {
      all.put(f.name(), factory.apply(f));
    }
    this.inForce = Collections.unmodifiableMap(all);
  }

  /** The folders in force, in the configuration's order. */
  Collection<FolderRuntime> inForce() {
    return inForce.values();
  }

  /** The names of the folders in force, in the configuration's order. */
  List<String> names() {
    return List.copyOf(inForce.keySet());
  }

  /** Where the jobs of {@code folder} go; null once a removed folder has drained. */
  FolderRuntime route(String folder) {
    return route.get(folder);
  }

  /** The folders jobs may still go to: those in force and removed ones not drained yet. */
  Collection<FolderRuntime> routed() {
    return route.values();
  }

  /** Every folder started since the daemon started, removed ones too. */
  List<FolderRuntime> everyFolder() {
    return everyFolder;
  }

  /**
   * How many jobs have ended this way since start, in {@code folder} (null: in every folder),
   * counting folders a reload removed.
   */
  long count(String folder, Pipeline.Outcome outcome) {
    return everyFolder.stream()
        .filter(f -> folder == null || f.name().equals(folder))
        .mapToLong(f -> f.count(outcome))
        .sum();
  }

  /** Each folder's share of the pool, by name: the pool's lanes. */
  static Map<String, Integer> priorities(Settings s) {
    Map<String, Integer> p = new LinkedHashMap<>();
    for (Settings.Folder f : s.folders()) {
      p.put(f.name(), f.priority());
    }
    return p;
  }

  /** Starts every folder in force (journals locked by the caller). */
  void start() throws IOException {
    for (FolderRuntime f : inForce.values()) {
      route.put(f.name(), f);
      everyFolder.add(f);
      f.start();
    }
  }

  /** What {@link #apply} did, for {@link #commit} or {@link #undo}. */
  static final class Change {
    final List<FolderRuntime> added = new ArrayList<>();
    final List<String> reloaded = new ArrayList<>();
    final Map<String, Settings.Folder> before;
    final Map<String, Settings.Folder> after;

    private Change(Settings from, Settings next) {
      before = byName(from);
      after = byName(next);
    }
  }

  /**
   * First step of a reload: folders added are created, locked and started; folders whose settings
   * changed are reloaded ({@link Reload}). Removed folders are left for {@link #commit}. On an
   * error, what was done is undone and the error thrown.
   *
   * @param words what changed, in words, appended to
   */
  Change apply(Settings from, Settings next, List<String> words) throws IOException {
    Change c = new Change(from, next);
    try {
      for (Settings.Folder f : next.folders()) {
        Settings.Folder old = c.before.get(f.name());
        if (old == null) {
          FolderRuntime.createFolders(f.settings());
          FolderRuntime fresh = factory.apply(f);
          fresh.lockJournal();
          c.added.add(fresh);
          words.add("folder " + f.name() + " added");
        } else if (!old.settings().equals(f.settings())) {
          ReloadPlan plan = ReloadPlan.between(old.settings(), f.settings());
          new Reload(inForce.get(f.name())).apply(old.settings(), f.settings(), plan);
          c.reloaded.add(f.name());
          words.add("folder " + f.name() + " " + plan.describe());
        } else if (old.priority() != f.priority()) {
          words.add("folder " + f.name() + " priority " + f.priority());
        }
      }
      for (FolderRuntime f : c.added) {
        route.put(f.name(), f); // before its watcher hands on the first file
        f.start();
      }
    } catch (IOException | RuntimeException e) {
      undo(c);
      throw e;
    }
    return c;
  }

  /**
   * Second step: the folders of {@code next} are in force; removed ones stop watching, finish their
   * jobs, then close their journals.
   */
  void commit(Settings next, Change c, List<String> words) {
    Map<String, FolderRuntime> now = new LinkedHashMap<>();
    for (Settings.Folder f : next.folders()) {
      FolderRuntime r = inForce.get(f.name());
      now.put(f.name(), r != null ? r : route.get(f.name()));
    }
    everyFolder.addAll(c.added);
    for (FolderRuntime f : inForce.values()) {
      if (!c.after.containsKey(f.name())) {
        retire(f);
        words.add("folder " + f.name() + " removed");
      }
    }
    inForce = Collections.unmodifiableMap(now);
  }

  /** After a failed reload: folders added are closed, folders reloaded go back. */
  private void undo(Change c) {
    for (FolderRuntime f : c.added) {
      route.remove(f.name(), f);
      f.stopWatching();
      f.closeJournal();
    }
    for (String name : c.reloaded) {
      Settings back = c.before.get(name).settings();
      Settings from = c.after.get(name).settings();
      try {
        new Reload(inForce.get(name)).apply(from, back, ReloadPlan.between(from, back));
      } catch (IOException | RuntimeException again) {
        log.error("folder {}: cannot go back to its previous settings: {}", name, again.toString());
      }
    }
  }

  /**
   * A folder the reload removed: no more watching; its jobs finish and publish; then its journal is
   * closed and its jobs are no longer routed. Its files stay where they are.
   */
  private void retire(FolderRuntime f) {
    log.info("folder {} removed: no longer watched; its jobs in flight finish", f.name());
    f.drained()
        .thenRun(
            () -> {
              f.closeJournal();
              route.remove(f.name(), f);
              forget.accept(f.name());
              log.info(
                  "folder {} removed: its last job has ended, its journal is closed", f.name());
            });
  }

  private static Map<String, Settings.Folder> byName(Settings s) {
    Map<String, Settings.Folder> m = new LinkedHashMap<>();
    for (Settings.Folder f : s.folders()) {
      m.put(f.name(), f);
    }
    return m;
  }
}
