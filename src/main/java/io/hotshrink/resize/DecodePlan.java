package io.hotshrink.resize;

import java.util.List;

/**
 * How far the decoder scales (1/2, 1/4, 1/8: libjpeg's DCT scaling, which costs almost nothing). In
 * the default mode only while at least 2× reduction is left for the filter (libvips' rule), so the
 * filter decides the quality; in fast mode as far as it goes without going below the largest
 * rendition.
 */
final class DecodePlan {
  private DecodePlan() {}

  /**
   * @param w the stored width
   * @param h the stored height
   * @param tw the largest rendition's stored width
   * @param th its height
   * @return n for a 1/n decode (1 = full size)
   */
  static int denominator(int w, int h, int tw, int th, Options.Mode mode, List<Integer> offered) {
    int need = mode == Options.Mode.FAST ? 1 : 2;
    int best = 1;
    for (int d : offered) {
      int sw = (w + d - 1) / d; // libjpeg rounds scaled sizes up
      int sh = (h + d - 1) / d;
      if (d > best && sw >= need * tw && sh >= need * th) {
        best = d;
      }
    }
    return best;
  }
}
