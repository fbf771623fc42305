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
      try {
        for (int i = 0; i < n; i++) {
          byte[] px = pl.planes()[i].pixels();
          mem[i] = buffers.lease(ENCODE + i, Math.max(1, px.length));
          ptrs[i] = mem[i].pointer();
          ptrs[i].write(0, px, 0, px.length);
          strides[i] = pl.planes()[i].width();
        }
        rc =
            tj.tjCompressFromYUVPlanes(
                handle.get(),
                ptrs,
                pl.width(),
                strides,
                pl.height(),
                tjSubsamp(pl),
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
