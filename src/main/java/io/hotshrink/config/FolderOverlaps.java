package io.hotshrink.config;

import com.typesafe.config.ConfigOrigin;
import java.nio.file.Path;
import java.util.List;

/**
 * The rules between hot folders, on top of each folder's own ({@link FolderRules}): no folder's
 * input may lie in (or be) another's input, output, failed, archive or state folder, or one folder
 * would take what another owns; no two outputs may be the same or nested; no two folders may share
 * a failed, archive or state folder (two journals in one state folder are refused at start). Each
 * problem names both folders.
 */
final class FolderOverlaps {
  private static final String ROOT = SettingsLoader.ROOT;
  private static final String SET_ONE =
      ": set failed, archive and state for one of them, or put each input in its own parent folder";

  private final List<ConfigProblem> problems;

  FolderOverlaps(List<ConfigProblem> problems) {
    this.problems = problems;
  }

  /** One folder's paths, with symbolic links resolved; archive is null when it is not used. */
  private record Paths(
      FolderEntries.Entry e, Path in, Path out, Path failed, Path archive, Path state) {
    static Paths of(FolderEntries.Entry e) {
      Settings s = e.settings();
      Settings.Lifecycle l = s.lifecycle();
      boolean archives = l.afterSuccess() == Settings.Lifecycle.AfterSuccess.ARCHIVE;
      return new Paths(
          e,
          real(s.input()),
          real(s.output()),
          real(s.failed()),
          archives ? real(l.archive()) : null,
          real(l.state()));
    }

    private static Path real(Path p) {
      return p == null ? null : FolderRules.real(p);
    }

    boolean complete() {
      return in != null && out != null && failed != null && state != null;
    }
  }

  void check(List<FolderEntries.Entry> entries) {
    List<Paths> all = entries.stream().map(Paths::of).filter(Paths::complete).toList();
    for (int j = 0; j < all.size(); j++) {
      for (int i = 0; i < j; i++) {
        pair(all.get(i), all.get(j));
      }
    }
  }

  /** {@code b} comes after {@code a}: a problem of both is reported on {@code b}'s key. */
  private void pair(Paths a, Paths b) {
    if (b.in.equals(a.in)) {
      report(b, "input", "is also the input of folder " + q(a) + " (" + a.in + ")");
    } else if (b.in.startsWith(a.in)) {
      report(b, "input", "is inside the input of folder " + q(a) + " (" + a.in + ")");
    } else if (a.in.startsWith(b.in)) {
      report(b, "input", "contains the input of folder " + q(a) + " (" + a.in + ")");
    }
    inputInOthers(a, b);
    inputInOthers(b, a);
    if (b.out.equals(a.out)) {
      report(b, "output", "is also the output of folder " + q(a) + " (" + a.out + ")");
    } else if (b.out.startsWith(a.out) || a.out.startsWith(b.out)) {
      report(b, "output", "is nested with the output of folder " + q(a) + " (" + a.out + ")");
    }
    shared(a, b, "failed", a.failed, b.failed);
    if (a.archive != null && b.archive != null) {
      shared(a, b, "archive", a.archive, b.archive);
    }
    shared(a, b, "state", a.state, b.state);
  }

  /** {@code x}'s input must not be (inside) {@code y}'s output, failed, archive or state. */
  private void inputInOthers(Paths x, Paths y) {
    String[] names = {"output", "failed", "archive", "state"};
    Path[] paths = {y.out, y.failed, y.archive, y.state};
    for (int k = 0; k < names.length; k++) {
      Path p = paths[k];
      if (p != null && x.in.startsWith(p)) {
        report(
            x,
            "input",
            "is inside the "
                + names[k]
                + " folder of folder "
                + q(y)
                + " ("
                + p
                + "): one folder would take what the other owns");
        return;
      }
    }
  }

  private void shared(Paths a, Paths b, String key, Path pa, Path pb) {
    if (pa.equals(pb)) {
      report(
          b,
          key,
          "is also the "
              + key
              + " folder of folder "
              + q(a)
              + " ("
              + pa
              + (derived(a, key) && derived(b, key) ? ", beside both inputs" : "")
              + ")"
              + SET_ONE);
    }
  }

  private static boolean derived(Paths p, String key) {
    return !p.e.values().config().hasPath(ROOT + "." + key);
  }

  /**
   * Reports at the entry's own value when it sets the key, at the top level's when it inherits it,
   * and at its input when the folder is derived from it (beside input).
   */
  private void report(Paths p, String key, String message) {
    FolderEntries.Entry e = p.e;
    String folder = "folder " + q(p) + ": ";
    if (e.sets(key)) {
      problems.add(
          Values.problemAt(e.raw().get(key).origin(), e.prefix() + "." + key, folder + message));
    } else if (e.values().config().hasPath(ROOT + "." + key)) {
      ConfigOrigin o = e.values().config().getValue(ROOT + "." + key).origin();
      problems.add(
          Values.problemAt(
              o, ROOT + "." + key, folder + "inherited from the top level, " + message));
    } else {
      problems.add(
          Values.problemAt(
              e.raw().get("input").origin(),
              e.prefix() + "." + key,
              folder + "left out, it is beside input, and " + message));
    }
  }

  private static String q(Paths p) {
    return "\"" + p.e.name() + "\"";
  }
}
