package io.hotshrink.resize;

import java.util.Random;

/** Not a test: times the resampler's passes on one 4000x3000 plane, warm. */
public final class ResamplerProfile {
  private ResamplerProfile() {}

  public static void main(String[] args) {
    int w = 4000;
    int h = 3000;
    byte[] px = new byte[w * h];
    new Random(1).nextBytes(px);
    Resampler.Image img = new Resampler.Image(px, w, h, 1);
    for (int r = 0; r < 8; r++) {
      long a = System.nanoTime();
      Resampler.Image v = Resampler.vertical(img, h / 2, Resampler.Filter.LANCZOS3);
      long b = System.nanoTime();
      Resampler.Image t = Resampler.transpose(v);
      long c = System.nanoTime();
      Resampler.Image v2 = Resampler.vertical(t, w / 2, Resampler.Filter.LANCZOS3);
      long d = System.nanoTime();
      Resampler.Image t2 = Resampler.transpose(v2);
      long e = System.nanoTime();
      Resampler.Image all = Resampler.resize(img, w / 2, h / 2, Resampler.Filter.LANCZOS3, 2.0);
      long f = System.nanoTime();
      System.out.printf(
          "vertical %.1f transpose %.1f vertical2 %.1f transpose2 %.1f | resize %.1f ms (%d)%n",
          (b - a) / 1e6,
          (c - b) / 1e6,
          (d - c) / 1e6,
          (e - d) / 1e6,
          (f - e) / 1e6,
          t2.pixels().length + all.pixels().length);
    }
  }
}
