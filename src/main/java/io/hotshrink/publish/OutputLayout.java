package io.hotshrink.publish;

import io.hotshrink.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each rendition of an input goes: the rendition's path template filled in with the input's
 * sub-folder ({dir}), its name without extension ({stem}) and the rendition's name, under the
 * output folder.
 */
public final class OutputLayout {
  /** Marks hotshrink's own temp files, so they can be told apart and cleaned up. */
  public static final String TEMP_SUFFIX = ".hstmp";

  /** The longest file name (in bytes) on ext4, XFS, btrfs, NTFS, APFS... */
  static final int MAX_NAME_BYTES = 255;

  /**
   * This process's mark in its temp file names ({@code .x.jpg.<run>-<job>.hstmp}), so that temp
   * files left by an earlier run (a crash) can be told from those of jobs running now.
   */
  static final String RUN = runId();

  private static String runId() {
    long r = new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
    String id = Long.toString(r, 36);
    return id.substring(0, Math.min(6, id.length()));
  }

  private final Path outputRoot;
  private final List<Settings.Rendition> renditions;

  public OutputLayout(Path outputRoot, List<Settings.Rendition> renditions) {
    this.outputRoot = outputRoot.toAbsolutePath().normalize();
    this.renditions = List.copyOf(renditions);
  }

  /** The renditions of the input at {@code relative}, with temp names unique to {@code jobId}. */
  public List<Planned> plan(Path relative, long jobId) {
    List<Planned> out = new ArrayList<>(renditions.size());
    for (Settings.Rendition r : renditions) {
      Path target = target(relative, r);
      Path temp = target.resolveSibling(tempName(target.getFileName().toString(), jobId));
      out.add(new Planned(r.name(), temp, target));
    }
    return out;
  }

  /**
   * {@code .name.<run>-<job>.hstmp}; for a name near the 255-byte limit of most file systems, the
   * name part is shortened (the run and job ids keep it unique).
   */
  public static String tempName(String name, long jobId) {
    String tail = "." + RUN + "-" + jobId + TEMP_SUFFIX;
    int room = MAX_NAME_BYTES - 1 - tail.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder kept = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > room) {
        break;
      }
      kept.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    return "." + kept + tail;
  }

  Path target(Path relative, Settings.Rendition r) {
    Path parent = relative.getParent();
    String dir = parent == null ? "" : parent.toString().replace('\\', '/');
    String name = relative.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String path =
        r.pathTemplate()
            .replace("{dir}", dir)
            .replace("{stem}", stem)
            .replace("{rendition}", r.name());
    // An empty {dir} leaves "/x.jpg" or "a//x.jpg": collapse, so top-level files land at the top.
    path = path.replaceAll("/{2,}", "/");
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    Path target = outputRoot.resolve(path).normalize();
    if (!target.startsWith(outputRoot) || target.equals(outputRoot)) {
      throw new IllegalArgumentException("rendition path escapes the output folder: " + path);
    }
    return target;
  }

  /** True for the name of one of our temp files. */
  public static boolean isTemp(String fileName) {
    return fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX);
  }

  /** This process's mark in its temp file names. */
  public static String run() {
    return RUN;
  }

  /** The run mark in a temp file's name ({@code .x.jpg.<run>-<job>.hstmp}), or null. */
  public static String runOf(String fileName) {
    if (!isTemp(fileName)) {
      return null;
    }
    String rest = fileName.substring(0, fileName.length() - TEMP_SUFFIX.length());
    int dash = rest.lastIndexOf('-');
    int dot = dash < 0 ? -1 : rest.lastIndexOf('.', dash);
    return dot < 0 ? null : rest.substring(dot + 1, dash);
  }

  /** True for the name of a temp file that an earlier run of hotshrink left behind. */
  public static boolean isStray(String fileName) {
    return isTemp(fileName) && !fileName.contains("." + RUN + "-");
  }
}
