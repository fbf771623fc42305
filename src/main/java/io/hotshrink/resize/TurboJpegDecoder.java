package io.hotshrink.resize;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * One job thread's TurboJPEG decoding. Whatever a file does to the library, the next one starts
 * clean: each image gets a fresh handle ({@link TurboJpegHandle}); the output buffers are
 * zero-filled before each decode, and read only as far as the library writes them; and a decode
 * that ended in a fatal error, even one reported as a warning, is never returned. Not thread-safe:
 * one per thread.
 */
final class TurboJpegDecoder {
  private final TurboJpeg tj;
  private final TurboJpegHandle handle;

  TurboJpegDecoder(TurboJpeg tj) {
    this.tj = tj;
    this.handle = TurboJpegHandle.decompressor(tj);
  }

  /**
   * Decodes at 1/{@code denom} scale, into {@code buffers} (slot 0 the JPEG, 1..3 the planes or 1
   * the pixels): planes when {@code planarOk} and the file is YCbCr or gray, else pixels.
   */
  JpegEngine.Decoded decode(
      byte[] jpeg, JpegHeader h, int denom, boolean planarOk, NativeScratch buffers)
      throws ResizeException {
    // A fresh handle for every image, not only after errors: libjpeg keeps the Huffman and
    // quantization tables of one datastream for the next (that is how it reads "abbreviated"
    // streams), so a Motion JPEG frame, which defines no Huffman tables, would be decoded with the
    // previous image's instead of the standard ones, and a file without its quantization tables
    // with the previous image's instead of failing. Making one costs microseconds.
    handle.discard();
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
      if (w.getValue() != h.width || hh.getValue() != h.height) {
        // The buffers are sized from the header hotshrink read: they must be what is decoded.
        throw failed(
            "cannot read the JPEG header",
            "the decoder finds a "
                + w.getValue()
                + "x"
                + hh.getValue()
                + " image where the frame header says "
                + h.width
                + "x"
                + h.height);
      }
      int sw = (h.width + denom - 1) / denom;
      int sh = (h.height + denom - 1) / denom;
      int colorspace = cs.getValue();
      boolean planar =
          planarOk
              && subsamp >= 0
              && (colorspace == TurboJpeg.TJCS_YCBCR || colorspace == TurboJpeg.TJCS_GRAY);
      JpegEngine.Decoded d =
          planar
              ? decodePlanes(src, size, sw, sh, subsamp, buffers)
              : decodePixels(src, size, sw, sh, channels(h, colorspace), buffers);
      // The decode reads the header again, so it repeats the header's warning (if any) first.
      return d.warning() != null || header == null || header.fatal()
          ? d
          : new JpegEngine.Decoded(d.picture(), header.message());
    }
  }

  private static int channels(JpegHeader h, int colorspace) {
    return h.cmyk() ? 4 : colorspace == TurboJpeg.TJCS_GRAY ? 1 : 3;
  }

  /** Gray, RGB or CMYK pixels, by the number of channels. */
  private JpegEngine.Decoded decodePixels(
      Pointer src, NativeLong size, int sw, int sh, int ch, NativeScratch buffers)
      throws ResizeException {
    int pf = ch == 4 ? TurboJpeg.TJPF_CMYK : ch == 1 ? TurboJpeg.TJPF_GRAY : TurboJpeg.TJPF_RGB;
    long bytes = (long) sw * sh * ch;
    try (NativeScratch.Lease lease = buffers.lease(1, bytes)) {
      Pointer dst = lease.pointer();
      dst.clear(bytes); // whatever a decode leaves unwritten is black, never the last image
      int rc =
          tj.tjDecompress2(
              handle.get(), src, size, dst, sw, sw * ch, sh, pf, TurboJpeg.TJFLAG_ACCURATEDCT);
      String warning = check(rc);
      return new JpegEngine.Decoded(
          new Picture.Interleaved(
              new Resampler.Image(dst.getByteArray(0, (int) bytes), sw, sh, ch)),
          warning);
    }
  }

  private JpegEngine.Decoded decodePlanes(
      Pointer src, NativeLong size, int sw, int sh, int subsamp, NativeScratch buffers)
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
      String warning = check(rc);
      Resampler.Image[] planes = new Resampler.Image[n];
      for (int i = 0; i < n; i++) {
        planes[i] = new Resampler.Image(crop(ptrs[i], strides[i], pw[i], ph[i]), pw[i], ph[i], 1);
      }
      return new JpegEngine.Decoded(new Picture.Planar(planes, hs, vs), warning);
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
  private String check(int rc) throws ResizeException {
    TurboJpegHandle.Problem p = handle.after(rc);
    if (p != null && p.fatal()) {
      throw failed("cannot decode", p.message());
    }
    return p == null ? null : p.message();
  }

  private static ResizeException failed(String what, String err) {
    return new ResizeException(ResizeException.Kind.INPUT, what + ": " + err);
  }
}
