package io.hotshrink.resize;

import java.nio.file.Path;

/**
 * One rendition to make: its size rule, its encoding and where to write it.
 *
 * @param name the rendition's name
 * @param file where the engine writes it (a temp file; publishing it is not the engine's job)
 * @param scale 0 < scale <= 1, or 0 when {@code fitWidth}/{@code fitHeight} are used
 * @param fitWidth the box to fit in, or 0
 * @param fitHeight the box to fit in, or 0
 * @param quality JPEG quality 1..100
 * @param subsampling chroma subsampling of the output: 444, 422 or 420
 * @param progressive write a progressive JPEG
 * @param enlarge a {@code fit} box larger than the source enlarges it
 */
public record Target(
    String name,
    Path file,
    double scale,
    int fitWidth,
    int fitHeight,
    int quality,
    int subsampling,
    boolean progressive,
    boolean enlarge) {

  /** A rendition with the default encoding (4:2:0, baseline, never enlarged). */
  public Target(String name, Path file, double scale, int fitWidth, int fitHeight, int quality) {
    this(name, file, scale, fitWidth, fitHeight, quality, 420, false, false);
  }

  /** The output size for a source of {@code w × h} (as displayed); see {@link Geometry}. */
  public int[] sizeFor(int w, int h) {
    return Geometry.target(w, h, scale, fitWidth, fitHeight, enlarge);
  }
}
