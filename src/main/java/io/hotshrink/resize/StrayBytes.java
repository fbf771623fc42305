package io.hotshrink.resize;

import java.io.ByteArrayOutputStream;

/**
 * For the java engine: a JPEG's header as libjpeg reads it, without what libjpeg passes over (stray
 * bytes before a marker, FF 00 pairs, TEM and RSTn markers, APPn or COM segments whose length says
 * less than 2). TwelveMonkeys' reader walks the segments itself and loses its way on some of these
 * ("No SOF segment in stream" after an APP0 of length 1 followed by a TEM marker), where libjpeg,
 * and so the turbojpeg engine, decodes the file with a warning. Only bytes libjpeg ignores are
 * dropped; the segments and the image data are kept byte for byte.
 */
final class StrayBytes {
  private StrayBytes() {}

  /** {@code jpeg} (read into {@code h}) with the header rebuilt when anything was passed over. */
  static byte[] remove(byte[] jpeg, JpegHeader h) {
    if (!h.passedOver || h.scanAt < 0) {
      return jpeg;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
    out.write(jpeg, 0, 2); // SOI
    for (int[] s : h.segments) {
      out.write(jpeg, s[0], s[1] - s[0]);
    }
    out.write(jpeg, h.scanAt, jpeg.length - h.scanAt);
    return out.toByteArray();
  }
}
