package io.hotshrink.resize;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;

/**
 * The fast engine: libjpeg-turbo through its TurboJPEG API. Ordinary YCbCr and grayscale JPEGs are
 * decoded straight to planes (with DCT scaling), resampled plane by plane and encoded from planes,
 * with no colour conversion at all; CMYK/YCCK files and sRGB conversion go through RGB.
 */
final class TurboJpegEngine extends JpegEngine {
  private final TurboJpeg tj;
  private final List<Integer> denominators;
  // TurboJPEG handles are not thread-safe; each job thread has its own pair.
  private final ThreadLocal<TurboJpegDecoder> decoder;
  private final ThreadLocal<TurboJpegHandle> compressor;
  // Decoding: slot 0 the JPEG, 1..3 the planes (or 1 the interleaved pixels). Encoding reuses
  // 1..3 (a decode's leases are closed before any encode; a rendition is rarely larger than what
  // was decoded, and a slot grows when it is), so a thread keeps one set of buffers, not two.
  private static final int ENCODE = 1;
  private final ThreadLocal<NativeScratch> scratch =
      ThreadLocal.withInitial(() -> new NativeScratch(4));

  TurboJpegEngine(TurboJpeg tj) {
    this.tj = tj;
    this.denominators = TurboJpeg.scaleDenominators(tj);
    this.decoder = ThreadLocal.withInitial(() -> new TurboJpegDecoder(tj));
    this.compressor = ThreadLocal.withInitial(() -> TurboJpegHandle.compressor(tj));
  }

  @Override
  public String name() {
    return "turbojpeg";
  }

  @Override
  List<Integer> scaleDenominators() {
    return denominators;
  }

  @Override
  void checkSupported(JpegHeader h) {
    // libjpeg-turbo decodes baseline, extended, progressive and arithmetic-coded 8-bit JPEGs.
  }

  @Override
  Decoded decode(byte[] jpeg, JpegHeader h, int denom, boolean planarOk) throws ResizeException {
    return decoder.get().decode(jpeg, h, denom, planarOk, scratch.get());
  }

  @Override
  long encode(Picture p, Target t, byte[] segments) throws ResizeException {
    TurboJpegHandle handle = compressor.get();
    PointerByReference out = new PointerByReference();
    NativeLongByReference outSize = new NativeLongByReference();
    int flags = TurboJpeg.TJFLAG_ACCURATEDCT | (t.progressive() ? TurboJpeg.TJFLAG_PROGRESSIVE : 0);
    int rc;
    if (p instanceof Picture.Planar pl) {
      int n = pl.planes().length;
      NativeScratch buffers = scratch.get();
      NativeScratch.Lease[] mem = new NativeScratch.Lease[n];
      Pointer[] ptrs = new Pointer[n];
      int[] strides = new int[n];
      int subsamp = tjSubsamp(pl);
      try {
        for (int i = 0; i < n; i++) {
          // The library reads the planes at its own geometry: the luma plane of a subsampled
          // image padded to whole chroma samples (16 x 16 for 15 x 15 at 4:2:0). Laid out so,
          // with the last column and row repeated into the padding as libjpeg repeats edges;
          // else it would read the next row's first pixel, and below the last row whatever the
          // buffer held from an earlier image.
          strides[i] = tj.tjPlaneWidth(i, pl.width(), subsamp);
          int rows = tj.tjPlaneHeight(i, pl.height(), subsamp);
          mem[i] = buffers.lease(ENCODE + i, (long) strides[i] * rows);
          ptrs[i] = mem[i].pointer();
          padded(pl.planes()[i], ptrs[i], strides[i], rows);
        }
        rc =
            tj.tjCompressFromYUVPlanes(
                handle.get(),
                ptrs,
                pl.width(),
                strides,
                pl.height(),
                subsamp,
                out,
                outSize,
                t.quality(),
                flags);
      } finally {
        for (NativeScratch.Lease m : mem) {
          if (m != null) {
            m.close();
          }
        }
      }
    } else {
      Resampler.Image img = ((Picture.Interleaved) p).image();
      int ch = img.channels();
      int samp = ch == 1 ? TurboJpeg.TJSAMP_GRAY : tjSubsamp(t.subsampling());
      try (NativeScratch.Lease lease = scratch.get().lease(ENCODE, img.pixels().length)) {
        Pointer src = lease.pointer();
        src.write(0, img.pixels(), 0, img.pixels().length);
        rc =
            tj.tjCompress2(
                handle.get(),
                src,
                img.width(),
                img.width() * ch,
                img.height(),
                ch == 1 ? TurboJpeg.TJPF_GRAY : TurboJpeg.TJPF_RGB,
                out,
                outSize,
                samp,
                t.quality(),
                flags);
      }
    }
    Pointer buf = out.getValue();
    try {
      TurboJpegHandle.Problem problem = handle.after(rc);
      if (problem != null) {
        throw new ResizeException(
            ResizeException.Kind.INTERNAL, "cannot encode: " + problem.message());
      }
      return write(t.file(), buf.getByteBuffer(0, outSize.getValue().longValue()), segments);
    } finally {
      if (buf != null) {
        tj.tjFree(buf);
      }
    }
  }

  /** {@code plane} into {@code dst}, {@code stride} apart, its last column and row repeated. */
  static void padded(Resampler.Image plane, Pointer dst, int stride, int rows) {
    int w = plane.width();
    int h = plane.height();
    byte[] px = plane.pixels();
    if (stride < w || rows < h) {
      throw new IllegalArgumentException(w + "x" + h + " into " + stride + "x" + rows);
    }
    for (int r = 0; r < rows; r++) {
      int from = Math.min(r, h - 1) * w;
      long to = (long) r * stride;
      dst.write(to, px, from, w);
      if (stride > w) {
        dst.setMemory(to + w, stride - w, px[from + w - 1]);
      }
    }
  }

  private static int tjSubsamp(Picture.Planar p) {
    if (p.gray()) {
      return TurboJpeg.TJSAMP_GRAY;
    }
    for (int i = 0; i < TurboJpeg.SAMPLING.length; i++) {
      if (i != TurboJpeg.TJSAMP_GRAY
          && TurboJpeg.SAMPLING[i][0] == p.hs()
          && TurboJpeg.SAMPLING[i][1] == p.vs()) {
        return i;
      }
    }
    throw new IllegalStateException("no TurboJPEG subsampling for " + p.hs() + "x" + p.vs());
  }

  private static int tjSubsamp(int subsampling) {
    return switch (subsampling) {
      case 444 -> TurboJpeg.TJSAMP_444;
      case 422 -> TurboJpeg.TJSAMP_422;
      default -> TurboJpeg.TJSAMP_420;
    };
  }
}
