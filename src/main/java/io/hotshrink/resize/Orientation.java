package io.hotshrink.resize;

/**
 * Turns stored pixels into displayed pixels for an EXIF orientation (1..8). Done on the small,
 * resized image: for 5..8 the engines scale to the transposed size first.
 */
final class Orientation {
  private Orientation() {}

  /** Orientations 5..8 swap width and height. */
  static boolean transposes(int o) {
    return o >= 5 && o <= 8;
  }

  static Resampler.Image apply(Resampler.Image src, int o) {
    if (o <= 1 || o > 8) {
      return src;
    }
    int w = src.width();
    int h = src.height();
    int ch = src.channels();
    int dw = transposes(o) ? h : w;
    int dh = transposes(o) ? w : h;
    byte[] in = src.pixels();
    byte[] out = new byte[in.length];
    // For each displayed pixel (dx, dy), the stored one is at base + dx * stepX + dy * stepY.
    int rowStride = w * ch;
    int x0;
    int y0;
    int stepX;
    int stepY;
    switch (o) {
      case 2 -> {
        x0 = w - 1;
        y0 = 0;
        stepX = -ch;
        stepY = rowStride;
      }
      case 3 -> {
        x0 = w - 1;
        y0 = h - 1;
        stepX = -ch;
        stepY = -rowStride;
      }
      case 4 -> {
        x0 = 0;
        y0 = h - 1;
        stepX = ch;
        stepY = -rowStride;
      }
      case 5 -> {
        x0 = 0;
        y0 = 0;
        stepX = rowStride;
        stepY = ch;
      }
      case 6 -> {
        x0 = 0;
        y0 = h - 1;
        stepX = -rowStride;
        stepY = ch;
      }
      case 7 -> {
        x0 = w - 1;
        y0 = h - 1;
        stepX = -rowStride;
        stepY = -ch;
      }
      default -> {
        x0 = w - 1;
        y0 = 0;
        stepX = rowStride;
        stepY = -ch;
      } // 8
    }
    int base = y0 * rowStride + x0 * ch;
    int o2 = 0;
    for (int dy = 0; dy < dh; dy++) {
      int p = base + dy * stepY;
      for (int dx = 0; dx < dw; dx++, p += stepX) {
        for (int c = 0; c < ch; c++) {
          out[o2++] = in[p + c];
        }
      }
    }
    return new Resampler.Image(out, dw, dh, ch);
  }
}
