package io.hotshrink.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The hot folder itself, as found on disk now: its real path (a symbolic link to it is resolved,
 * since Linux reports no events below a link), its identity (device and inode), and whether it is a
 * mount point. {@link #compare} says what happened to it between two looks.
 *
 * @param fileKey the file system's identity for the folder; may be null where there is none
 * @param mountPoint true when it lives on another device than its parent folder
 */
record Root(Path real, Object fileKey, boolean mountPoint) {

  /** What happened to the hot folder since it was last looked at. */
  enum Change {
    /** Nothing that matters. */
    SAME,
    /** It is gone (deleted, moved away, or its share unmounted). */
    GONE,
    /** It is there, but is no longer a mount point: the share mounted on it went away. */
    UNMOUNTED,
    /** It was gone and is back. */
    BACK,
    /** It is another folder now (deleted and created again, remounted, a link retargeted). */
    REPLACED
  }

  /** The folder at {@code configured} now, or null when there is no folder there. */
  static Root observe(Path configured) {
    try {
      Path real = configured.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      if (!a.isDirectory()) {
        return null;
      }
      return new Root(real, a.fileKey(), isMountPoint(real));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isMountPoint(Path real) {
    Path parent = real.getParent();
    if (parent == null) {
      return true;
    }
    try {
      return !Objects.equals(
          Files.getAttribute(real, "unix:dev"), Files.getAttribute(parent, "unix:dev"));
    } catch (IOException | RuntimeException e) {
      return false; // no "unix" view (Windows): cannot tell, assume not
    }
  }

  /**
   * @param watched what is being watched, or null when the folder is lost
   * @param now what is there now, or null when there is nothing
   * @param mountPointExpected the folder was a mount point when watching began: an empty folder in
   *     its place is the bare mount point, not the hot folder
   */
  static Change compare(Root watched, Root now, boolean mountPointExpected) {
    boolean usable = now != null && (!mountPointExpected || now.mountPoint);
    if (watched == null) {
      return usable ? Change.BACK : Change.SAME;
    }
    if (now == null) {
      return Change.GONE;
    }
    if (!usable) {
      return Change.UNMOUNTED;
    }
    if (!now.real.equals(watched.real) || !Objects.equals(now.fileKey, watched.fileKey)) {
      return Change.REPLACED;
    }
    return Change.SAME;
  }
}
