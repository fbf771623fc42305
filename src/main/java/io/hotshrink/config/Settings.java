package io.hotshrink.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The effective configuration: immutable, validated, built once by {@link SettingsLoader}. Every
 * path is absolute.
 *
 * @param source the file it was read from, if any (empty when only the built-in defaults apply)
 */
public record Settings(
    Optional<Path> source,
    Path input,
    Path output,
    Path failed,
    List<Rendition> renditions,
    Watch watch,
    Pool pool,
    Resize resize) {

  public Settings {
    renditions = List.copyOf(renditions);
  }

  /** Returns a copy with other input and output folders (used by {@code batch}). */
  public Settings withFolders(Path newInput, Path newOutput) {
    return new Settings(source, newInput, newOutput, failed, renditions, watch, pool, resize);
  }

  /** One resized copy to make of each input. */
  public record Rendition(String name, Sizing sizing, int quality, String pathTemplate) {}

  /**
   * How big a rendition is: either a scale factor or a box to fit in. Exactly one of {@code scale}
   * and {@code fitWidth}/{@code fitHeight} is set (the others are 0).
   */
  public record Sizing(double scale, int fitWidth, int fitHeight) {
    public static Sizing scale(double s) {
      return new Sizing(s, 0, 0);
    }

    public static Sizing fit(int w, int h) {
      return new Sizing(0, w, h);
    }

    public boolean isFit() {
      return fitWidth > 0;
    }

    /** The wire and log form: {@code scale=0.5} or {@code fit=1600x1600}. */
    @Override
    public String toString() {
      return isFit() ? "fit=" + fitWidth + "x" + fitHeight : "scale=" + scale;
    }
  }

  /** How the hot folder is watched. */
  public record Watch(Duration settle, Duration rescanInterval) {}

  /** The pool of child JVMs; {@code workers} and {@code threads} are resolved (never "auto"). */
  public record Pool(
      int workers,
      int threads,
      int recycleAfter,
      int recycleJitter,
      String heap,
      List<String> jvmOptions,
      Duration jobTimeout,
      Duration shutdownGrace,
      long maxRssBytes,
      int maxBootFailures) {
    public Pool {
      jvmOptions = List.copyOf(jvmOptions);
    }
  }

  /** The resize engine. */
  public record Resize(String engine) {}
}
