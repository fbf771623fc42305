package io.hotshrink.resize;

import java.nio.file.Path;

/**
 * One rendition to make: its size rule and where to write it.
 *
 * @param name the rendition's name
 * @param file where the engine writes it (a temp file; publishing it is not the engine's job)
 * @param scale 0 < scale <= 1, or 0 when {@code fitWidth}/{@code fitHeight} are used
 * @param fitWidth the box to fit in, or 0
 * @param fitHeight the box to fit in, or 0
 * @param quality JPEG quality 1..100
 */
public record Target(
    String name, Path file, double scale, int fitWidth, int fitHeight, int quality) {

  /** The output size for a source of {@code w × h}; see {@link Geometry}. */
  public int[] sizeFor(int w, int h) {
    return Geometry.target(w, h, scale, fitWidth, fitHeight);
  }
}
