package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.resize.Resampler.Filter;
import io.hotshrink.resize.Resampler.Image;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplerTest {

  private static Image gray(int w, int h, java.util.function.IntBinaryOperator f) {
    byte[] p = new byte[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        p[y * w + x] = (byte) f.applyAsInt(x, y);
      }
    }
    return new Image(p, w, h, 1);
  }

  @Test
  void aFlatImageStaysExactlyFlatAtAnySize() {
    byte[] p = new byte[333 * 217 * 3];
    for (int i = 0; i < p.length; i += 3) {
      p[i] = 10;
      p[i + 1] = (byte) 200;
      p[i + 2] = (byte) 255;
    }
    for (int[] size : new int[][] {{166, 108}, {50, 33}, {7, 5}, {1, 1}, {333, 100}}) {
      Image out =
          Resampler.resize(new Image(p, 333, 217, 3), size[0], size[1], Filter.LANCZOS3, 2.0);
      assertEquals(size[0], out.width());
      assertEquals(size[1], out.height());
      for (int i = 0; i < out.pixels().length; i += 3) {
        assertEquals(10, out.pixels()[i] & 0xff);
        assertEquals(200, out.pixels()[i + 1] & 0xff);
        assertEquals(255, out.pixels()[i + 2] & 0xff);
      }
    }
  }

  @Test
  void finePatternsAreAveragedNotAliased() {
    // One-pixel stripes: point sampling would return all black or all white.
    Image stripes = gray(400, 400, (x, y) -> (x % 2 == 0) ? 0 : 255);
    for (Filter f : Filter.values()) {
      Image out = Resampler.resize(stripes, 100, 100, f, 0);
      for (int y = 2; y < 98; y++) {
        for (int x = 2; x < 98; x++) {
          int v = out.pixels()[y * 100 + x] & 0xff;
          assertTrue(Math.abs(v - 127) <= 2, f + " at " + x + "," + y + ": " + v);
        }
      }
    }
  }

  @Test
  void aSmoothGradientHalvesToItsAverage() {
    Image ramp = gray(512, 64, (x, y) -> x / 2);
    Image out = Resampler.resize(ramp, 256, 32, Filter.LANCZOS3, 2.0);
    // Away from the edges, output x covers source 2x and 2x+1, i.e. values x and x: exactly x.
    for (int x = 4; x < 252; x++) {
      assertEquals(x, out.pixels()[10 * 256 + x] & 0xff, "x=" + x);
    }
  }

  @Test
  void theBoxPreReduceKeepsLanczosQuality() {
    // A large reduction with and without the box step: nearly the same picture.
    Image src =
        gray(1600, 1200, (x, y) -> (int) (127 + 100 * Math.sin(x / 37.0) * Math.cos(y / 23.0)));
    Image direct = Resampler.resize(src, 200, 150, Filter.LANCZOS3, 0);
    Image boxed = Resampler.resize(src, 200, 150, Filter.LANCZOS3, 2.0);
    assertTrue(psnr(direct, boxed) > 45, "PSNR " + psnr(direct, boxed));
  }

  @Test
  void boxReduceAveragesBlocksAndThePartialEdge() {
    Image src = gray(5, 2, (x, y) -> x * 10 + y * 100);
    Image out = Resampler.boxReduce(src, 2, 2);
    assertEquals(3, out.width());
    assertEquals(1, out.height());
    // blocks: x 0-1 -> (0+10+100+110)/4 = 55; x 2-3 -> 75; x 4 -> (40+140)/2 = 90
    assertEquals(Arrays.toString(new int[] {55, 75, 90}), Arrays.toString(unsigned(out.pixels())));
  }

  @Test
  void kernelWeightsSumToExactlyOne() {
    for (int[] io : new int[][] {{1000, 333}, {4000, 2000}, {17, 3}, {10, 10}}) {
      Resampler.Kernel k = Resampler.kernel(io[0], io[1], Filter.LANCZOS3);
      for (int o = 0; o < io[1]; o++) {
        int sum = 0;
        for (int i = 0; i < k.taps(); i++) {
          sum += k.weights()[o * k.taps() + i];
        }
        assertEquals(1 << 14, sum, "output " + o + " of " + io[0] + "->" + io[1]);
      }
    }
  }

  static int[] unsigned(byte[] b) {
    int[] r = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[i] & 0xff;
    }
    return r;
  }

  static double psnr(Image a, Image b) {
    double se = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      int d = (a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff);
      se += d * d;
    }
    double mse = se / a.pixels().length;
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  @Test
  void theFastHalvingAveragesEachBlockAtAnySize() {
    for (int[] size : new int[][] {{8, 6}, {7, 5}, {1, 1}, {2, 3}, {33, 17}}) {
      Image src = gray(size[0], size[1], (x, y) -> (x * 37 + y * 91 + x * y) & 0xff);
      Image fast = Resampler.halve(src);
      assertEquals((size[0] + 1) / 2, fast.width());
      assertEquals((size[1] + 1) / 2, fast.height());
      for (int oy = 0; oy < fast.height(); oy++) {
        for (int ox = 0; ox < fast.width(); ox++) {
          int s = 0;
          int n = 0;
          for (int y = 2 * oy; y < Math.min(2 * oy + 2, size[1]); y++) {
            for (int x = 2 * ox; x < Math.min(2 * ox + 2, size[0]); x++) {
              s += src.pixels()[y * size[0] + x] & 0xff;
              n++;
            }
          }
          int expected = (s + n / 2) / n;
          int got = fast.pixels()[oy * fast.width() + ox] & 0xff;
          assertTrue(
              Math.abs(expected - got) <= 1, size[0] + "x" + size[1] + " at " + ox + "," + oy);
        }
      }
    }
  }

  @Test
  void halvingRowsAveragesEachPair() {
    Image src = gray(3, 5, (x, y) -> x * 10 + y * 40);
    Image out = Resampler.boxReduce(src, 1, 2);
    assertEquals(3, out.width());
    assertEquals(3, out.height());
    // rows (0,1) -> y 20; (2,3) -> 100; the odd last row 4 alone -> 160
    assertEquals(
        Arrays.toString(new int[] {20, 30, 40, 100, 110, 120, 160, 170, 180}),
        Arrays.toString(unsigned(out.pixels())));
  }
}
