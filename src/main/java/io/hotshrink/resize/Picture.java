package io.hotshrink.resize;

/**
 * Decoded pixels on their way to a rendition: either interleaved (gray, RGB, or CMYK before its
 * conversion) or planar YCbCr straight from the decoder, with each chroma plane at its own
 * resolution. The planar form skips colour conversion and chroma up- and down-sampling on both
 * sides, and halves the resampling work for 4:2:0 sources.
 */
sealed interface Picture {
  int width();

  int height();

  /** Scaled to {@code w × h} luma pixels; chroma planes follow {@code hs × vs} subsampling. */
  Picture resize(int w, int h, int hs, int vs, Resampler.Filter filter);

  /** Turned from stored to displayed orientation. */
  Picture orient(int orientation);

  /** Interleaved pixels, {@code channels} per pixel, RGB order. */
  record Interleaved(Resampler.Image image) implements Picture {
    @Override
    public int width() {
      return image.width();
    }

    @Override
    public int height() {
      return image.height();
    }

    @Override
    public Picture resize(int w, int h, int hs, int vs, Resampler.Filter filter) {
      return new Interleaved(Resampler.resize(image, w, h, filter, 2.0));
    }

    @Override
    public Picture orient(int orientation) {
      return new Interleaved(Orientation.apply(image, orientation));
    }
  }

  /**
   * Y, Cb, Cr planes (or Y alone for grayscale); chroma planes are {@code ceil(w / hs) × ceil(h /
   * vs)}.
   */
  record Planar(Resampler.Image[] planes, int hs, int vs) implements Picture {
    @Override
    public int width() {
      return planes[0].width();
    }

    @Override
    public int height() {
      return planes[0].height();
    }

    boolean gray() {
      return planes.length == 1;
    }

    @Override
    public Picture resize(int w, int h, int hs, int vs, Resampler.Filter filter) {
      Resampler.Image[] out = new Resampler.Image[planes.length];
      out[0] = Resampler.resize(planes[0], w, h, filter, 2.0);
      for (int i = 1; i < planes.length; i++) {
        Resampler.Image c = planes[i];
        // Coarser chroma subsampling than the source's (4:4:4 to 4:2:0, say) is a plain average
        // of each 2x2 (or 2x1) block, as libjpeg's own downsampling does; only what remains of
        // the image's scaling goes through the filter. Chroma detail is the eye's least concern.
        int rx = hs > this.hs && hs % this.hs == 0 ? hs / this.hs : 1;
        int ry = vs > this.vs && vs % this.vs == 0 ? vs / this.vs : 1;
        if (rx > 1 || ry > 1) {
          c = Resampler.boxReduce(c, rx, ry);
        }
        out[i] = Resampler.resize(c, ceilDiv(w, hs), ceilDiv(h, vs), filter, 2.0);
      }
      return new Planar(out, hs, vs);
    }

    @Override
    public Picture orient(int orientation) {
      if (orientation <= 1) {
        return this;
      }
      Resampler.Image[] out = new Resampler.Image[planes.length];
      for (int i = 0; i < planes.length; i++) {
        out[i] = Orientation.apply(planes[i], orientation);
      }
      boolean t = Orientation.transposes(orientation);
      return new Planar(out, t ? vs : hs, t ? hs : vs);
    }
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
