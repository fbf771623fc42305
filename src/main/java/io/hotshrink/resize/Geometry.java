package io.hotshrink.resize;

/**
 * Output dimensions, computed the same way everywhere, on the image as displayed (after its EXIF
 * orientation): with factor {@code f} (the scale, or for a box {@code min(boxW / W, boxH / H)},
 * capped at 1 unless enlarging is allowed), width = round(W × f) and height = round(H × f), each at
 * least 1 and, for a box, never more than the box.
 */
public final class Geometry {
  private Geometry() {}

  public static int[] target(int w, int h, double scale, int fitWidth, int fitHeight) {
    return target(w, h, scale, fitWidth, fitHeight, false);
  }

  public static int[] target(
      int w, int h, double scale, int fitWidth, int fitHeight, boolean enlarge) {
    if (fitWidth > 0) {
      double f = Math.min((double) fitWidth / w, (double) fitHeight / h);
      if (!enlarge) {
        f = Math.min(1.0, f);
      }
      int tw = clamp(Math.round(w * f), fitWidth);
      int th = clamp(Math.round(h * f), fitHeight);
      return new int[] {tw, th};
    }
    return new int[] {clamp(Math.round(w * scale), w), clamp(Math.round(h * scale), h)};
  }

  private static int clamp(long v, int max) {
    return (int) Math.max(1, Math.min(v, max));
  }
}
