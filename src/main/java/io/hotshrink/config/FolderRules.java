package io.hotshrink.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders: each path key resolved against the working directory, and the rules that keep the
 * folders from feeding into each other, or outputs would become inputs. Paths are compared with the
 * symbolic links of their existing part resolved, so that a link cannot hide a loop.
 */
final class FolderRules {
  private static final String ROOT = SettingsLoader.ROOT;

  /** The names of failed, archive and state when they are left out: folders beside the input. */
  static final String FAILED_BESIDE = "failed";

  static final String ARCHIVE_BESIDE = "done";
  static final String STATE_BESIDE = ".hotshrink";

  private final Path workDir;
  private final Values v;
  private final boolean check;

  /**
   * @param workDir absolute and normal; relative paths resolve against it
   * @param check whether the rules apply: not to the top level of a configuration with {@code
   *     folders}, whose input and output are only defaults and never watched
   */
  FolderRules(Path workDir, Values v, boolean check) {
    this.workDir = workDir;
    this.v = v;
    this.check = check;
  }

  /** The three folders every job touches; each is null when its value was wrong (reported). */
  record HotFolders(Path input, Path output, Path failed) {
    boolean complete() {
      return input != null && output != null && failed != null;
    }
  }

  /** Reads input, output and failed, and checks that they do not feed into each other. */
  HotFolders hotFolders() {
    Path input = path(ROOT + ".input");
    HotFolders f =
        new HotFolders(
            input, path(ROOT + ".output"), pathOrBeside(ROOT + ".failed", input, FAILED_BESIDE));
    if (!check || !f.complete()) {
      return f;
    }
    Path in = real(f.input());
    Path out = real(f.output());
    Path fail = real(f.failed());
    String o = ROOT + ".output";
    String k = ROOT + ".failed";
    if (out.equals(in)) {
      v.problem(o, "must not be the same folder as input (" + f.input() + ")");
    } else if (out.startsWith(in)) {
      v.problem(
          o, "must not be inside input (" + f.input() + "): outputs would be taken as inputs");
    } else if (in.startsWith(out)) {
      v.problem(
          o, "must not contain input (" + f.input() + "): outputs could land in the hot folder");
    }
    if (fail.equals(in) || fail.startsWith(in)) {
      v.problem(k, "must not be inside input (" + f.input() + "): failed files would come back");
    } else if (fail.equals(out)) {
      v.problem(k, "must not be the same folder as output (" + f.output() + ")");
    }
    return f;
  }

  /**
   * The archive (when it is used) and the state folder must not lead back into the hot folder
   * either. The state folder may sit inside it as a hidden folder ({@code in/.hotshrink}): the
   * watcher never looks into hidden folders. It must not be inside the drop folder, where
   * downstream readers would find the journal.
   */
  void checkLifecycle(HotFolders f, Settings.Lifecycle l) {
    if (!check || !f.complete()) {
      return;
    }
    Path in = real(f.input());
    Path out = real(f.output());
    Path fail = real(f.failed());
    if (l.archive() != null && l.afterSuccess() == Settings.Lifecycle.AfterSuccess.ARCHIVE) {
      Path arch = real(l.archive());
      String a = ROOT + ".archive";
      if (arch.equals(in) || arch.startsWith(in)) {
        v.problem(
            a, "must not be inside input (" + f.input() + "): archived files would come back");
      } else if (in.startsWith(arch)) {
        v.problem(a, "must not contain input (" + f.input() + ")");
      } else if (arch.equals(out) || arch.startsWith(out) || out.startsWith(arch)) {
        v.problem(
            a, "must be apart from output (" + f.output() + "): originals would mix with outputs");
      } else if (arch.equals(fail)) {
        v.problem(a, "must not be the same folder as failed (" + f.failed() + ")");
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
                + f.input()
                + ") unless as a hidden folder such as "
                + f.input().resolve(".hotshrink")
                + " (the watcher skips hidden folders)");
      } else if (st.equals(out) || st.startsWith(out)) {
        v.problem(k, "must not be inside output (" + f.output() + "): downstream would see it");
      } else if (st.equals(fail)) {
        v.problem(k, "must not be the same folder as failed (" + f.failed() + ")");
      } else if (l.archive() != null && st.equals(real(l.archive()))) {
        v.problem(k, "must not be the same folder as archive (" + l.archive() + ")");
      }
    }
  }

  /** The folder at {@code key}, absolute; null when the value is not a path (reported). */
  Path path(String key) {
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

  /**
   * The folder at {@code key} when it is set, else the folder {@code leaf} beside the input: a
   * folder's own files then stay with it, wherever the daemon was started (two daemons started in
   * one directory used to share ./hotfolder/.hotshrink). Null when input is wrong (reported).
   */
  Path pathOrBeside(String key, Path input, String leaf) {
    if (v.config().hasPath(key)) { // null in reference.conf: unset
      return path(key);
    }
    if (input == null) {
      return null;
    }
    if (input.getParent() == null) {
      v.problem(key, "must be set: input (" + input + ") has no parent folder to put it beside");
      return null;
    }
    return beside(input, leaf);
  }

  /** Where a folder named {@code leaf} beside {@code input} is: {@code <input>/../leaf}. */
  static Path beside(Path input, String leaf) {
    return input.getParent() == null ? null : input.getParent().resolve(leaf);
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
}
