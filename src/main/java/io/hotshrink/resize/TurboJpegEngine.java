package io.hotshrink.resize;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
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
  private final ThreadLocal<TurboJpegHandle> decompressor;
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
    this.decompressor = ThreadLocal.withInitial(() -> TurboJpegHandle.decompressor(tj));
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
    TurboJpegHandle handle = decompressor.get();
    NativeScratch buffers = scratch.get();
    try (NativeScratch.Lease lease = buffers.lease(0, jpeg.length)) {
      Pointer src = lease.pointer();
      src.write(0, jpeg, 0, jpeg.length);
      NativeLong size = new NativeLong(jpeg.length);
      IntByReference w = new IntByReference();
      IntByReference hh = new IntByReference();
      IntByReference samp = new IntByReference();
      IntByReference cs = new IntByReference();
      int rc = tj.tjDecompressHeader3(handle.get(), src, size, w, hh, samp, cs);
      TurboJpegHandle.Problem header = handle.after(rc);
      int subsamp = samp.getValue();
      if (header != null && header.message().contains("Could not determine subsampling")) {
        // 2.x cannot name unusual subsampling (e.g. 3x1): still decodable to RGB.
        subsamp = -1;
      } else if (header != null && header.fatal()) {
        throw failed("cannot read the JPEG header", header.message());
      }
      int sw = (h.width + denom - 1) / denom;
      int sh = (h.height + denom - 1) / denom;
      int colorspace = cs.getValue();
      boolean planar =
          planarOk
              && subsamp >= 0
              && (colorspace == TurboJpeg.TJCS_YCBCR || colorspace == TurboJpeg.TJCS_GRAY);
      Decoded d =
          planar
              ? decodePlanes(handle, src, size, sw, sh, subsamp, buffers)
              : decodePixels(handle, src, size, sw, sh, channels(h, colorspace), buffers);
      // The decode reads the header again, so it repeats the header's warning (if any) first.
      return d.warning() != null || header == null || header.fatal()
          ? d
          : new Decoded(d.picture(), header.message());
    }
  }

  private static int channels(JpegHeader h, int colorspace) {
    return h.cmyk() ? 4 : colorspace == TurboJpeg.TJCS_GRAY ? 1 : 3;
  }

  /** Gray, RGB or CMYK pixels, by the number of channels. */
  private Decoded decodePixels(
      TurboJpegHandle handle,
      Pointer src,
      NativeLong size,
      int sw,
      int sh,
      int ch,
      NativeScratch buffers)
      throws ResizeException {
    int pf = ch == 4 ? TurboJpeg.TJPF_CMYK : ch == 1 ? TurboJpeg.TJPF_GRAY : TurboJpeg.TJPF_RGB;
    long bytes = (long) sw * sh * ch;
    try (NativeScratch.Lease lease = buffers.lease(1, bytes)) {
      Pointer dst = lease.pointer();
      dst.clear(bytes); // whatever a decode leaves unwritten is black, never the last image
      int rc =
          tj.tjDecompress2(
              handle.get(), src, size, dst, sw, sw * ch, sh, pf, TurboJpeg.TJFLAG_ACCURATEDCT);
      String warning = check(handle, rc);
      return new Decoded(
          new Picture.Interleaved(
              new Resampler.Image(dst.getByteArray(0, (int) bytes), sw, sh, ch)),
          warning);
    }
  }

  private Decoded decodePlanes(
      TurboJpegHandle handle,
      Pointer src,
      NativeLong size,
      int sw,
      int sh,
      int subsamp,
      NativeScratch buffers)
      throws ResizeException {
    int n = subsamp == TurboJpeg.TJSAMP_GRAY ? 1 : 3;
    int hs = TurboJpeg.SAMPLING[subsamp][0];
    int vs = TurboJpeg.SAMPLING[subsamp][1];
    int[] pw = new int[n];
    int[] ph = new int[n];
    int[] strides = new int[n];
    int[] rows = new int[n];
    NativeScratch.Lease[] mem = new NativeScratch.Lease[n];
    Pointer[] ptrs = new Pointer[n];
    try {
      for (int i = 0; i < n; i++) {
        pw[i] = i == 0 ? sw : Picture.ceilDiv(sw, hs);
        ph[i] = i == 0 ? sh : Picture.ceilDiv(sh, vs);
        // The planes as the library writes them: the luma plane of a subsampled image padded to
        // whole chroma samples (16 x 16 for a 15 x 15 4:2:0 image). A narrower stride makes it
        // write each row's padding over the first pixel of the next row.
        strides[i] = tj.tjPlaneWidth(i, sw, subsamp);
        rows[i] = tj.tjPlaneHeight(i, sh, subsamp);
        if (strides[i] < pw[i] || rows[i] < ph[i]) {
          throw new ResizeException(
              ResizeException.Kind.INTERNAL,
              "TurboJPEG plane "
                  + i
                  + " is "
                  + strides[i]
                  + "x"
                  + rows[i]
                  + " for "
                  + sw
                  + "x"
                  + sh);
        }
        long bytes = (long) strides[i] * rows[i];
        mem[i] = buffers.lease(1 + i, bytes);
        ptrs[i] = mem[i].pointer();
        ptrs[i].clear(bytes); // whatever a decode leaves unwritten is black, never the last image
      }
      int rc =
          tj.tjDecompressToYUVPlanes(
              handle.get(), src, size, ptrs, sw, strides.clone(), sh, TurboJpeg.TJFLAG_ACCURATEDCT);
      String warning = check(handle, rc);
      Resampler.Image[] planes = new Resampler.Image[n];
      for (int i = 0; i < n; i++) {
        planes[i] = new Resampler.Image(crop(ptrs[i], strides[i], pw[i], ph[i]), pw[i], ph[i], 1);
      }
      return new Decoded(new Picture.Planar(planes, hs, vs), warning);
    } finally {
      for (NativeScratch.Lease m : mem) {
        if (m != null) {
          m.close();
        }
      }
    }
  }

  /** The top-left {@code w × h} of a plane whose rows are {@code stride} apart. */
  private static byte[] crop(Pointer plane, int stride, int w, int h) {
    if (stride == w) {
      return plane.getByteArray(0, w * h);
    }
    byte[] out = new byte[w * h];
    for (int r = 0; r < h; r++) {
      plane.read((long) r * stride, out, r * w, w);
    }
    return out;
  }

  /**
   * Fails the job on a fatal error; returns the warning of a decode that still made its image
   * (corrupt but decodable data, like a truncated file: every viewer shows it), else null.
   */
  private static String check(TurboJpegHandle handle, int rc) throws ResizeException {
    TurboJpegHandle.Problem p = handle.after(rc);
    if (p != null && p.fatal()) {
      throw failed("cannot decode", p.message());
    }
    return p == null ? null : p.message();
  }

  private static ResizeException failed(String what, String err) {
    return new ResizeException(ResizeException.Kind.INPUT, what + ": " + err);
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
