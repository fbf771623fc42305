package io.hotshrink.publish;

import io.hotshrink.config.Settings;
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
      Path temp = target.resolveSibling("." + target.getFileName() + "." + jobId + TEMP_SUFFIX);
      out.add(new Planned(r.name(), temp, target));
    }
    return out;
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
}
