package io.hotshrink.resize;

import java.nio.file.Path;
import java.util.List;

/**
 * An engine that turns one JPEG into its renditions: decode once, scale, turn upright, encode each
 * target to its file (flushed to disk before returning). Engines are used by several threads at
 * once.
 */
public interface Resizer {

  /** The engine's name, for logs and results. */
  String name();

  /** With the default options. */
  ResizeResult resize(Path source, List<Target> targets) throws ResizeException;

  /** With the job's options; an engine that has none (a test fake) ignores them. */
  default ResizeResult resize(Path source, List<Target> targets, Options options)
      throws ResizeException {
    return resize(source, targets);
  }
}
