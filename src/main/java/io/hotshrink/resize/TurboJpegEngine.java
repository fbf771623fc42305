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
  private final ThreadLocal<Pointer> decompressor;
  private final ThreadLocal<Pointer> compressor;
  // Decoding: slot 0 the JPEG, 1..3 the planes (or 1 the interleaved pixels). Encoding reuses
  // 1..3 (a decode's leases are closed before any encode; a rendition is rarely larger than what
  // was decoded, and a slot grows when it is), so a thread keeps one set of buffers, not two.
  private static final int ENCODE = 1;
  private final ThreadLocal<NativeScratch> scratch =
      ThreadLocal.withInitial(() -> new NativeScratch(4));

  TurboJpegEngine(TurboJpeg tj) {
    this.tj = tj;
    this.denominators = TurboJpeg.scaleDenominators(tj);
    this.decompressor = ThreadLocal.withInitial(tj::tjInitDecompress);
    this.compressor = ThreadLocal.withInitial(tj::tjInitCompress);
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
  Picture decode(byte[] jpeg, JpegHeader h, int denom, boolean planarOk) throws ResizeException {
    Pointer handle = decompressor.get();
    NativeScratch buffers = scratch.get();
    try (NativeScratch.Lease lease = buffers.lease(0, jpeg.length)) {
      Pointer src = lease.pointer();
      src.write(0, jpeg, 0, jpeg.length);
      NativeLong size = new NativeLong(jpeg.length);
      IntByReference w = new IntByReference();
      IntByReference hh = new IntByReference();
      IntByReference samp = new IntByReference();
      IntByReference cs = new IntByReference();
      int rc = tj.tjDecompressHeader3(handle, src, size, w, hh, samp, cs);
      int subsamp = samp.getValue();
      if (rc != 0) {
        // 2.x cannot name unusual subsampling (e.g. 3x1): still decodable to RGB.
        String err = tj.tjGetErrorStr2(handle);
        if (err == null || !err.contains("subsampling")) {
          throw failed("cannot read the JPEG header", err);
        }
        subsamp = -1;
      }
      int sw = (h.width + denom - 1) / denom;
      int sh = (h.height + denom - 1) / denom;
      int colorspace = cs.getValue();
      boolean planar =
          planarOk
              && subsamp >= 0
              && (colorspace == TurboJpeg.TJCS_YCBCR || colorspace == TurboJpeg.TJCS_GRAY);
      if (planar) {
        return decodePlanes(handle, src, size, sw, sh, subsamp, buffers);
      }
      int ch = h.cmyk() ? 4 : (colorspace == TurboJpeg.TJCS_GRAY ? 1 : 3);
      int pf = ch == 4 ? TurboJpeg.TJPF_CMYK : ch == 1 ? TurboJpeg.TJPF_GRAY : TurboJpeg.TJPF_RGB;
      try (NativeScratch.Lease lease2 = buffers.lease(1, (long) sw * sh * ch)) {
        Pointer dst = lease2.pointer();
        rc =
            tj.tjDecompress2(
                handle, src, size, dst, sw, sw * ch, sh, pf, TurboJpeg.TJFLAG_ACCURATEDCT);
        check(handle, rc);
        return new Picture.Interleaved(
            new Resampler.Image(dst.getByteArray(0, sw * sh * ch), sw, sh, ch));
      }
    }
  }

  private Picture decodePlanes(
      Pointer handle,
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
    NativeScratch.Lease[] mem = new NativeScratch.Lease[n];
    Pointer[] ptrs = new Pointer[n];
    try {
      for (int i = 0; i < n; i++) {
        pw[i] = i == 0 ? sw : Picture.ceilDiv(sw, hs);
        ph[i] = i == 0 ? sh : Picture.ceilDiv(sh, vs);
        // libjpeg-turbo 2.1 writes whole iMCU rows (up to 16 rows) into the last rows of a
        // plane whose height is not a multiple of them: give it room, or the heap is corrupted.
        mem[i] = buffers.lease(1 + i, (long) pw[i] * (ph[i] + 32) + 64);
        ptrs[i] = mem[i].pointer();
      }
      int rc =
          tj.tjDecompressToYUVPlanes(
              handle, src, size, ptrs, sw, pw.clone(), sh, TurboJpeg.TJFLAG_ACCURATEDCT);
      check(handle, rc);
      Resampler.Image[] planes = new Resampler.Image[n];
      for (int i = 0; i < n; i++) {
        planes[i] = new Resampler.Image(ptrs[i].getByteArray(0, pw[i] * ph[i]), pw[i], ph[i], 1);
      }
      return new Picture.Planar(planes, hs, vs);
    } finally {
      for (NativeScratch.Lease m : mem) {
        if (m != null) {
          m.close();
        }
      }
    }
  }

  private void check(Pointer handle, int rc) throws ResizeException {
    // A warning (corrupt but decodable data, like a truncated file) still gives an image, as in
    // every viewer; only fatal errors fail the job.
    if (rc != 0 && tj.tjGetErrorCode(handle) != 0) {
      throw failed("cannot decode", tj.tjGetErrorStr2(handle));
    }
  }

  private static ResizeException failed(String what, String err) {
    return new ResizeException(ResizeException.Kind.INPUT, what + ": " + err);
  }

  @Override
  long encode(Picture p, Target t, byte[] segments) throws ResizeException {
    Pointer handle = compressor.get();
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
                handle,
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
                handle,
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
      if (rc != 0) {
        throw new ResizeException(
            ResizeException.Kind.INTERNAL, "cannot encode: " + tj.tjGetErrorStr2(handle));
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
