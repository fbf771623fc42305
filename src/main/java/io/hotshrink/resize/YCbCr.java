package io.hotshrink.resize;

/** JFIF YCbCr to RGB, in place, with libjpeg's fixed-point arithmetic (so both engines agree). */
final class YCbCr {
  private static final int SCALE = 16;
  private static final int HALF = 1 << (SCALE - 1);
  private static final int[] CR_R = new int[256];
  private static final int[] CB_B = new int[256];
  private static final int[] CR_G = new int[256];
  private static final int[] CB_G = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_R[i] = (fix(1.40200) * x + HALF) >> SCALE;
      CB_B[i] = (fix(1.77200) * x + HALF) >> SCALE;
      CR_G[i] = -fix(0.71414) * x;
      CB_G[i] = -fix(0.34414) * x + HALF;
    }
  }

  private YCbCr() {}

  private static int fix(double x) {
    return (int) (x * (1 << SCALE) + 0.5);
  }

  /** Converts the first three of every {@code stride} bytes. */
  static void toRgb(byte[] px, int stride) {
    for (int i = 0; i + 2 < px.length; i += stride) {
      int y = px[i] & 0xff;
      int cb = px[i + 1] & 0xff;
      int cr = px[i + 2] & 0xff;
      px[i] = clip(y + CR_R[cr]);
      px[i + 1] = clip(y + ((CB_G[cb] + CR_G[cr]) >> SCALE));
      px[i + 2] = clip(y + CB_B[cb]);
    }
  }

  private static byte clip(int v) {
    return (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
  }
}
