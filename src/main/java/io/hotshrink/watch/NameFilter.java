package io.hotshrink.watch;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Names that are never inputs: hidden files (including rsync's {@code .name.XXXXXX} and macOS's
 * {@code ._name}), files still being downloaded or copied under a temporary name, Office lock
 * files, and anything inside a hidden folder (.Trash, our own state folder) or a NAS's metadata
 * folder. Such a file is picked up under its final name once it is renamed into place.
 */
final class NameFilter {
  private NameFilter() {}

  static boolean ignoredFile(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return name.startsWith(".")
        || name.startsWith("~$")
        || lower.endsWith(".part")
        || lower.endsWith(".tmp")
        || lower.endsWith(".crdownload")
        || lower.endsWith(".partial")
        || lower.endsWith(".download");
  }

  /**
   * True for a name that says "JPEG": .jpg, .jpeg, .jpe, .jfif, in any case. Such a file that is
   * not a JPEG is a mistake worth reporting (it goes to the failed folder); any other file that is
   * not a JPEG (notes.txt) is simply not an input.
   */
  static boolean jpegName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jpg")
        || lower.endsWith(".jpeg")
        || lower.endsWith(".jpe")
        || lower.endsWith(".jfif");
  }

  static boolean ignoredDirectory(String name) {
    return name.startsWith(".") || name.equals("@eaDir") || name.equals("#recycle");
  }

  /** True when the file itself or any folder between the root and it is ignored. */
  static boolean ignored(Path relative) {
    int n = relative.getNameCount();
    if (n == 0) {
      return true;
    }
    for (int i = 0; i < n - 1; i++) {
      if (ignoredDirectory(relative.getName(i).toString())) {
        return true;
      }
    }
    return ignoredFile(relative.getName(n - 1).toString());
  }
}
