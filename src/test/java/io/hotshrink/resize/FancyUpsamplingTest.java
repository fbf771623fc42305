package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chroma upsampled as libjpeg's h2v1_fancy_upsample does it (integer rounding included), averaged
 * back as {@link JavaEngine#planes} does, then undone: the stored samples come back to within the
 * rounding, where the average alone is a blur of them.
 */
class FancyUpsamplingTest {

  @Test
  void theStoredChromaComesBackFromTheUpsampledOne() {
    Random rnd = new Random(5);
    for (int n = 3; n <= 40; n++) {
      for (boolean oddWidth : new boolean[] {false, true}) {
        int w = 2 * n - (oddWidth ? 1 : 0);
        byte[] stored = new byte[n];
        for (int i = 0; i < n; i++) {
          stored[i] = (byte) rnd.nextInt(256);
        }
        int[] up = upsample(stored, w);
        byte[] averaged = new byte[n];
        for (int i = 0; i < n; i++) {
          int a = up[2 * i];
          int b = up[Math.min(2 * i + 1, w - 1)];
          averaged[i] = (byte) ((2 * a + 2 * b + 2) >> 2);
        }
        int blurred = maxDiff(stored, averaged);
        FancyUpsampling.undo(averaged, n, 1, w, 1, 2, 1);
        int recovered = maxDiff(stored, averaged);
        String what = n + " samples, image " + w + " wide";
        assertTrue(recovered <= 2, what + ": off by " + recovered + " after undoing");
        assertTrue(n < 4 || blurred > 8, what + ": the average alone is off by " + blurred);
      }
    }
  }

  @Test
  void narrowChromaIsLeftAsItIs() {
    byte[] two = {10, (byte) 200};
    FancyUpsampling.undo(two, 2, 1, 4, 1, 2, 1);
    assertTrue(two[0] == 10 && two[1] == (byte) 200, "replicated, not upsampled: nothing to undo");
  }

  /** libjpeg-turbo's h2v1_fancy_upsample, to {@code w} pixels. */
  private static int[] upsample(byte[] c, int w) {
    int n = c.length;
    int[] out = new int[2 * n];
    out[0] = c[0] & 0xff;
    out[1] = (3 * (c[0] & 0xff) + (c[1] & 0xff) + 2) >> 2;
    for (int i = 1; i < n - 1; i++) {
      int v = 3 * (c[i] & 0xff);
      out[2 * i] = (v + (c[i - 1] & 0xff) + 1) >> 2;
      out[2 * i + 1] = (v + (c[i + 1] & 0xff) + 2) >> 2;
    }
    out[2 * n - 2] = (3 * (c[n - 1] & 0xff) + (c[n - 2] & 0xff) + 1) >> 2;
    out[2 * n - 1] = c[n - 1] & 0xff;
    return java.util.Arrays.copyOf(out, w);
  }

  private static int maxDiff(byte[] a, byte[] b) {
    int m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
    }
    return m;
  }
}
