package io.hotshrink.resize;

/**
 * Output dimensions, computed the same way everywhere: with factor {@code f} (the scale, or for a
 * box {@code min(boxW / W, boxH / H, 1)} — never enlarged), width = round(W × f) and height =
 * round(H × f), each at least 1 and, for a box, never more than the box.
 */
public final class Geometry {
  private Geometry() {}

  public static int[] target(int w, int h, double scale, int fitWidth, int fitHeight) {
    if (fitWidth > 0) {
      double f = Math.min(1.0, Math.min((double) fitWidth / w, (double) fitHeight / h));
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
