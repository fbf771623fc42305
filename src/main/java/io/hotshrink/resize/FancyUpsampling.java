package io.hotshrink.resize;

/**
 * Undoes libjpeg's "fancy" chroma upsampling, for the java engine. The JDK's decoder hands over
 * chroma upsampled to full size, each new sample 3/4 of the nearer stored one and 1/4 of the
 * farther; averaging each 2 x 2 block back (as {@link JavaEngine#planes} does) then gives not the
 * stored samples but a blur of them, {@code (c[i-1] + 6 c[i] + c[i+1]) / 8} in each direction,
 * which softens colour edges by up to half (the turbojpeg engine takes the stored samples from the
 * decoder). That blur is a tridiagonal system, solved here exactly, row by row and column by
 * column; what is left is the decoder's rounding.
 *
 * <p>Only for chroma subsampled 2:1 across (4:2:0, 4:2:2) and more than 2 samples wide: that is
 * where libjpeg (6b, as some JDKs bundle, and libjpeg-turbo, as Debian's links) upsamples this way;
 * narrower chroma is replicated, which the average undoes by itself.
 */
final class FancyUpsampling {
  private FancyUpsampling() {}

  /**
   * Replaces the block averages of a {@code cw × ch} chroma plane (of an image {@code w × h}
   * pixels, chroma subsampled {@code hs × vs}) by the samples the decoder upsampled.
   */
  static void undo(byte[] plane, int cw, int ch, int w, int h, int hs, int vs) {
    if (hs != 2 || cw <= 2) {
      return;
    }
    double[] a = new double[Math.max(cw, ch)];
    double[] x = new double[a.length];
    double[][] rows = new double[ch][cw];
    for (int r = 0; r < ch; r++) {
      for (int c = 0; c < cw; c++) {
        a[c] = plane[r * cw + c] & 0xff;
      }
      solve(a, cw, w % 2 == 1, x);
      System.arraycopy(x, 0, rows[r], 0, cw);
    }
    if (vs == 2 && ch > 1) {
      for (int c = 0; c < cw; c++) {
        for (int r = 0; r < ch; r++) {
          a[r] = rows[r][c];
        }
        solve(a, ch, h % 2 == 1, x);
        for (int r = 0; r < ch; r++) {
          rows[r][c] = x[r];
        }
      }
    }
    for (int r = 0; r < ch; r++) {
      for (int c = 0; c < cw; c++) {
        plane[r * cw + c] = (byte) Math.max(0, Math.min(255, Math.round(rows[r][c])));
      }
    }
  }

  /**
   * Solves {@code (x[i-1] + 6 x[i] + x[i+1]) / 8 = a[i]} for {@code n} samples, the edges
   * replicated ({@code x[-1] = x[0]}); when {@code halfLast}, the last average covers one pixel
   * only (an odd image width), {@code (2 x[n-2] + 6 x[n-1]) / 8}. Thomas' algorithm.
   */
  static void solve(double[] a, int n, boolean halfLast, double[] x) {
    double[] cp = new double[n];
    double[] dp = new double[n];
    for (int i = 0; i < n; i++) {
      double lower = i == 0 ? 0 : (i == n - 1 && halfLast ? 2 : 1);
      double diag = i == 0 ? 7 : (i == n - 1 ? (halfLast ? 6 : 7) : 6);
      double upper = i == n - 1 ? 0 : 1;
      double m = diag - lower * (i == 0 ? 0 : cp[i - 1]);
      cp[i] = upper / m;
      dp[i] = (8 * a[i] - lower * (i == 0 ? 0 : dp[i - 1])) / m;
    }
    x[n - 1] = dp[n - 1];
    for (int i = n - 2; i >= 0; i--) {
      x[i] = dp[i] - cp[i] * x[i + 1];
    }
  }
}
