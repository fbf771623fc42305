package io.hotshrink.watch;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link Settler} remembers of files it is done with: each file handed on, with what it
 * looked like then and when, so that the same (size, mtime) is not handed on again however many
 * events and rescans report it; and the files that could not be read, so that is said once, not at
 * every rescan. Separate from the settler's candidates ({@link Candidates}), which it outlives: a
 * file is remembered here until it is gone. Not thread-safe: the settler's thread owns it.
 */
final class HandedOn {
  /** A file already handed on, with what it looked like and when. */
  private record Handed(FileProbe.Stat stat, long at) {}

  private final Map<Path, Handed> handed = new HashMap<>();

  /** Files that could not be read, already warned about. */
  private final Set<Path> unreadable = new HashSet<>();

  /** True when {@code file} was handed on looking as {@code stat} says. */
  boolean already(Path file, FileProbe.Stat stat) {
    Handed h = handed.get(file);
    return h != null && h.stat.equals(stat);
  }

  void add(Path file, FileProbe.Stat stat, long at) {
    handed.put(file, new Handed(stat, at));
  }

  /** {@code file} cannot be read: true the first time (since it could last be read). */
  boolean unreadable(Path file) {
    return unreadable.add(file);
  }

  /** {@code file} could be read: true when it could not before. */
  boolean readableAgain(Path file) {
    return unreadable.remove(file);
  }

  /** The file is gone. */
  void forget(Path file) {
    handed.remove(file);
    unreadable.remove(file);
  }

  /** Files handed on before {@code before} and not seen by a complete scan since are forgotten. */
  void retainOnly(Set<Path> seen, long before) {
    handed.entrySet().removeIf(e -> e.getValue().at < before && !seen.contains(e.getKey()));
    unreadable.removeIf(p -> !seen.contains(p));
  }
}
