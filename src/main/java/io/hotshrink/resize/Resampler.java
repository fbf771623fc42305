package io.hotshrink.resize;

/**
 * Separable, fixed-point image scaling on interleaved 8-bit pixels ({@code channels} bytes per
 * pixel, any channel order).
 *
 * <p>Each axis is done by a 1-D convolution with the filter stretched by the reduction factor, so
 * every source pixel contributes (no point sampling, no aliasing). The weights for each output
 * column/row are computed once per call, normalised, and turned into 14-bit integers that sum to
 * exactly 1.0, so flat areas stay exactly flat. For large reductions an integer box average first
 * brings the image to within 2–4× of the target (Pillow's {@code reducing_gap}): the filter then
 * still sees at least 2 source pixels per output pixel, which keeps its quality, while the box step
 * costs one add per source pixel.
 */
public final class Resampler {
  private static final int BITS = 14;
  private static final int ONE = 1 << BITS;
  private static final int HALF = 1 << (BITS - 1);

  /** The reconstruction filter. */
  public enum Filter {
    LANCZOS3(3.0),
    BILINEAR(1.0);

    final double support;

    Filter(double support) {
      this.support = support;
    }

    double weight(double x) {
      x = Math.abs(x);
      if (this == BILINEAR) {
        return x < 1 ? 1 - x : 0;
      }
      if (x >= 3) {
        return 0;
      }
      return sinc(x) * sinc(x / 3);
    }

    private static double sinc(double x) {
      if (x == 0) {
        return 1;
      }
      double px = Math.PI * x;
      return Math.sin(px) / px;
    }
  }

  private Resampler() {}

  /** An image: {@code width × height} pixels of {@code channels} bytes, rows packed. */
  public record Image(byte[] pixels, int width, int height, int channels) {}

  /**
   * Scales {@code src} to {@code dw × dh}.
   *
   * @param reducingGap box-reduce first while more than this factor remains (≤ 0: never)
   */
  public static Image resize(Image src, int dw, int dh, Filter filter, double reducingGap) {
    Image img = src;
    if (reducingGap > 0) {
      int kx = Math.max(1, (int) ((double) img.width / dw / reducingGap));
      int ky = Math.max(1, (int) ((double) img.height / dh / reducingGap));
      if (kx > 1 || ky > 1) {
        img = boxReduce(img, kx, ky);
      }
    }
    if (img.width == dw && img.height == dh) {
      return img;
    }
    // Vertical first: the costlier horizontal pass (two transposes) then has fewer rows.
    Image v = img.height == dh ? img : vertical(img, dh, filter);
    return v.width == dw ? v : horizontal(v, dw, filter);
  }

  /** Averages blocks of {@code kx × ky} pixels (the last partial block averages what it has). */
  static Image boxReduce(Image src, int kx, int ky) {
    if (src.channels == 1 && kx == 2 && ky == 2) {
      return halve(src);
    }
    if (src.channels == 1 && kx == 1 && ky == 2) {
      return halveRows(src);
    }
    int ch = src.channels;
    int sw = src.width;
    int sh = src.height;
    int dw = (sw + kx - 1) / kx;
    int dh = (sh + ky - 1) / ky;
    byte[] in = src.pixels;
    byte[] out = new byte[dw * dh * ch];
    int[] acc = new int[dw * ch];
    for (int oy = 0; oy < dh; oy++) {
      java.util.Arrays.fill(acc, 0);
      int y0 = oy * ky;
      int y1 = Math.min(y0 + ky, sh);
      for (int y = y0; y < y1; y++) {
        int row = y * sw * ch;
        for (int ox = 0; ox < dw; ox++) {
          int x0 = ox * kx;
          int x1 = Math.min(x0 + kx, sw);
          int a = ox * ch;
          for (int x = x0; x < x1; x++) {
            int p = row + x * ch;
            for (int c = 0; c < ch; c++) {
              acc[a + c] += in[p + c] & 0xff;
            }
          }
        }
      }
      int rows = y1 - y0;
      int o = oy * dw * ch;
      for (int ox = 0; ox < dw; ox++) {
        int n = (Math.min(ox * kx + kx, sw) - ox * kx) * rows;
        int half = n / 2;
        for (int c = 0; c < ch; c++) {
          out[o + ox * ch + c] = (byte) ((acc[ox * ch + c] + half) / n);
        }
      }
    }
    return new Image(out, dw, dh, ch);
  }

  /**
   * The most common box step, a single plane halved both ways (a 4:4:4 source's chroma going to
   * 4:2:0, say), without the general loop's per-pixel bookkeeping: two rows at a time, pairs
   * summed.
   */
  static Image halve(Image src) {
    int w = src.width;
    int h = src.height;
    int dw = (w + 1) / 2;
    int dh = (h + 1) / 2;
    byte[] in = src.pixels;
    byte[] out = new byte[dw * dh];
    int[] sum = new int[w + 1];
    for (int oy = 0; oy < dh; oy++) {
      int r0 = 2 * oy * w;
      // A last odd row counts twice, a last odd column below likewise: partial blocks are
      // averages of what they have, like the general case.
      int r1 = 2 * oy + 1 < h ? r0 + w : r0;
      // Vertical pairs first, over contiguous memory (vectorised), then horizontal pairs.
      for (int x = 0; x < w; x++) {
        sum[x] = (in[r0 + x] & 0xff) + (in[r1 + x] & 0xff);
      }
      sum[w] = sum[w - 1];
      int o = oy * dw;
      for (int ox = 0; ox < dw; ox++) {
        out[o + ox] = (byte) ((sum[2 * ox] + sum[2 * ox + 1] + 2) >> 2);
      }
    }
    return new Image(out, dw, dh, 1);
  }

  /** A single plane halved vertically only (4:2:2 chroma going to 4:2:0): row pairs averaged. */
  static Image halveRows(Image src) {
    int w = src.width;
    int h = src.height;
    int dh = (h + 1) / 2;
    byte[] in = src.pixels;
    byte[] out = new byte[w * dh];
    for (int oy = 0; oy < dh; oy++) {
      int r0 = 2 * oy * w;
      int r1 = 2 * oy + 1 < h ? r0 + w : r0;
      int o = oy * w;
      for (int x = 0; x < w; x++) {
        out[o + x] = (byte) (((in[r0 + x] & 0xff) + (in[r1 + x] & 0xff) + 1) >> 1);
      }
    }
    return new Image(out, w, dh, 1);
  }

  /** Fixed-point weights of each output sample: taps start at {@code start[i]}, count {@code n}. */
  record Kernel(int[] start, int taps, int[] weights) {}

  private record KernelKey(int inSize, int outSize, Filter filter) {}

  // The same few sizes come back image after image (every 24 MP photo to 50%): compute once.
  private static final java.util.Map<KernelKey, Kernel> KERNELS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static Kernel kernel(int inSize, int outSize, Filter filter) {
    if (KERNELS.size() > 256) {
      KERNELS.clear();
    }
    return KERNELS.computeIfAbsent(
        new KernelKey(inSize, outSize, filter), k -> computeKernel(inSize, outSize, filter));
  }

  private static Kernel computeKernel(int inSize, int outSize, Filter filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support * filterScale;
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] weights = new int[outSize * taps];
    double[] w = new double[taps];
    for (int o = 0; o < outSize; o++) {
      double center = (o + 0.5) * scale;
      int lo = Math.max((int) (center - support + 0.5), 0);
      int hi = Math.min((int) (center + support + 0.5), inSize);
      int n = Math.min(hi - lo, taps);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        w[i] = filter.weight((lo + i - center + 0.5) / filterScale);
        sum += w[i];
      }
      int total = 0;
      int biggest = 0;
      for (int i = 0; i < n; i++) {
        int q = (int) Math.round(w[i] / sum * ONE);
        weights[o * taps + i] = q;
        total += q;
        if (q > weights[o * taps + biggest]) {
          biggest = i;
        }
      }
      // Rounding may leave the sum a little off 1.0: put the difference on the largest weight,
      // so a flat area comes out exactly flat.
      weights[o * taps + biggest] += ONE - total;
      start[o] = lo;
    }
    return new Kernel(start, taps, weights);
  }

  /**
   * The horizontal pass, done as a vertical one on the transposed image: the vertical pass works on
   * whole rows of contiguous memory, which the JIT turns into SIMD code, while a direct horizontal
   * convolution is a scalar gather per output pixel. Two transposes of the smaller image cost far
   * less than that.
   */
  static Image horizontal(Image src, int dw, Filter filter) {
    Image t = transpose(src);
    Image scaled = vertical(t, dw, filter);
    return transpose(scaled);
  }

  /** Swaps rows and columns (pixels of {@code channels} bytes), in cache-sized tiles. */
  static Image transpose(Image src) {
    int ch = src.channels;
    int w = src.width;
    int h = src.height;
    byte[] in = src.pixels;
    byte[] out = new byte[in.length];
    final int tile = 32;
    for (int y0 = 0; y0 < h; y0 += tile) {
      int y1 = Math.min(y0 + tile, h);
      for (int x0 = 0; x0 < w; x0 += tile) {
        int x1 = Math.min(x0 + tile, w);
        if (ch == 1) {
          for (int y = y0; y < y1; y++) {
            int row = y * w;
            for (int x = x0; x < x1; x++) {
              out[x * h + y] = in[row + x];
            }
          }
        } else {
          for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
              int p = (y * w + x) * ch;
              int q = (x * h + y) * ch;
              for (int c = 0; c < ch; c++) {
                out[q + c] = in[p + c];
              }
            }
          }
        }
      }
    }
    return new Image(out, h, w, ch);
  }

  static Image vertical(Image src, int dh, Filter filter) {
    int ch = src.channels;
    int w = src.width;
    int sh = src.height;
    int rowLen = w * ch;
    Kernel k = kernel(sh, dh, filter);
    int taps = k.taps;
    int[] weights = k.weights;
    byte[] in = src.pixels;
    byte[] out = new byte[rowLen * dh];
    int[] acc = new int[rowLen];
    // Source rows widened to int once each, kept while the filter window passes over them: the
    // multiply-add loop then reads int[] from index 0, which HotSpot turns into SIMD code (a
    // byte[] source is not vectorised by JDK 17's C2: it was 7x slower).
    int slots = taps + 1;
    int[][] ring = new int[slots][rowLen];
    int[] held = new int[slots];
    java.util.Arrays.fill(held, -1);
    for (int y = 0; y < dh; y++) {
      java.util.Arrays.fill(acc, HALF);
      int n = Math.min(taps, sh - k.start[y]);
      int wo = y * taps;
      int i = 0;
      // Four taps per sweep over the accumulator: a quarter of its loads and stores.
      for (; i + 4 <= n; i += 4) {
        int sy = k.start[y] + i;
        multiplyAdd4(
            acc,
            row(in, sy, rowLen, ring, held, slots),
            weights[wo + i],
            row(in, sy + 1, rowLen, ring, held, slots),
            weights[wo + i + 1],
            row(in, sy + 2, rowLen, ring, held, slots),
            weights[wo + i + 2],
            row(in, sy + 3, rowLen, ring, held, slots),
            weights[wo + i + 3],
            rowLen);
      }
      for (; i < n; i++) {
        int wt = weights[wo + i];
        if (wt != 0) {
          multiplyAdd(acc, row(in, k.start[y] + i, rowLen, ring, held, slots), wt, rowLen);
        }
      }
      int o = y * rowLen;
      for (int j = 0; j < rowLen; j++) {
        out[o + j] = (byte) Math.max(0, Math.min(255, acc[j] >> BITS));
      }
    }
    return new Image(out, w, dh, ch);
  }

  /** Source row {@code sy} widened to int, from the ring of rows the filter window covers. */
  private static int[] row(byte[] in, int sy, int rowLen, int[][] ring, int[] held, int slots) {
    int slot = sy % slots;
    int[] row = ring[slot];
    if (held[slot] != sy) {
      widen(in, sy * rowLen, row, rowLen);
      held[slot] = sy;
    }
    return row;
  }

  private static void multiplyAdd4(
      int[] acc, int[] r0, int w0, int[] r1, int w1, int[] r2, int w2, int[] r3, int w3, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += w0 * r0[j] + w1 * r1[j] + w2 * r2[j] + w3 * r3[j];
    }
  }

  private static void widen(byte[] in, int from, int[] row, int n) {
    for (int j = 0; j < n; j++) {
      row[j] = in[from + j] & 0xff;
    }
  }

  private static void multiplyAdd(int[] acc, int[] row, int wt, int n) {
    for (int j = 0; j < n; j++) {
      acc[j] += wt * row[j];
    }
  }
}
