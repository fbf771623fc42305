package io.hotshrink.resize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few EXIF (TIFF) operations hotshrink needs, done on the bytes in place so that everything
 * else in the block (maker notes with their own offsets included) survives untouched: read the
 * orientation, reset it to 1, drop the embedded thumbnail, or build a block with only the creator
 * and copyright.
 */
final class Exif {
  static final int ORIENTATION = 0x0112;
  static final int ARTIST = 0x013B;
  static final int COPYRIGHT = 0x8298;
  private static final int EXIF_IFD = 0x8769;
  private static final int GPS_IFD = 0x8825;
  private static final int INTEROP_IFD = 0xA005;
  private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};

  private final byte[] b;
  private final boolean little;

  private Exif(byte[] b) {
    this.b = b;
    this.little = b.length >= 8 && b[0] == 'I' && b[1] == 'I';
  }

  /** Orientation 1..8 from a TIFF block; 1 when absent, unreadable or out of range. */
  static int orientation(byte[] tiff) {
    try {
      Exif e = new Exif(tiff);
      int entry = e.find(e.ifd0(), ORIENTATION);
      if (entry < 0) {
        return 1;
      }
      int v = e.u16(entry + 8);
      return v >= 1 && v <= 8 ? v : 1;
    } catch (IndexOutOfBoundsException ex) {
      return 1;
    }
  }

  /**
   * A copy for the output: orientation set to 1 (the pixels are already turned), and the thumbnail
   * (IFD1) unlinked and, when it lies after everything else as it nearly always does, cut off.
   * Returns null when the block is not a readable TIFF structure.
   */
  static byte[] forOutput(byte[] tiff) {
    try {
      byte[] copy = tiff.clone();
      Exif e = new Exif(copy);
      int ifd0 = e.ifd0();
      int entry = e.find(ifd0, ORIENTATION);
      if (entry >= 0) {
        e.put16(entry + 8, 1);
      }
      int nextPtr = ifd0 + 2 + 12 * e.u16(ifd0);
      int ifd1 = (int) e.u32(nextPtr);
      if (ifd1 == 0) {
        return copy;
      }
      e.put32(nextPtr, 0);
      int end = e.extent(ifd0, 0);
      if (ifd1 >= end && end <= copy.length) {
        byte[] cut = new byte[end];
        System.arraycopy(copy, 0, cut, 0, end);
        return cut;
      }
      return copy;
    } catch (IndexOutOfBoundsException ex) {
      return null;
    }
  }

  /** The artist and copyright strings of IFD0, if any (tag → value). */
  static Map<Integer, String> creatorAndCopyright(byte[] tiff) {
    Map<Integer, String> m = new LinkedHashMap<>();
    try {
      Exif e = new Exif(tiff);
      int ifd0 = e.ifd0();
      for (int tag : new int[] {ARTIST, COPYRIGHT}) {
        int entry = e.find(ifd0, tag);
        if (entry >= 0 && e.u16(entry + 2) == 2) {
          int n = (int) e.u32(entry + 4);
          int at = n <= 4 ? entry + 8 : (int) e.u32(entry + 8);
          String s = new String(tiff, at, n, StandardCharsets.ISO_8859_1);
          int nul = s.indexOf('\0');
          s = nul >= 0 ? s.substring(0, nul) : s;
          if (!s.isBlank()) {
            m.put(tag, s);
          }
        }
      }
    } catch (IndexOutOfBoundsException ex) {
      // unreadable: nothing to keep
    }
    return m;
  }

  /** A big-endian TIFF block with one IFD holding the given ASCII tags (in ascending tag order). */
  static byte[] build(Map<Integer, String> asciiTags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = asciiTags.size();
    int dataAt = 8 + 2 + 12 * n + 4;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
    out.write(n >> 8);
    out.write(n);
    for (Map.Entry<Integer, String> t : new java.util.TreeMap<>(asciiTags).entrySet()) {
      byte[] s = (t.getValue() + "\0").getBytes(StandardCharsets.ISO_8859_1);
      writeInt(out, (t.getKey() << 16) | 2, 4);
      writeInt(out, s.length, 4);
      if (s.length <= 4) {
        byte[] v = new byte[4];
        System.arraycopy(s, 0, v, 0, s.length);
        out.writeBytes(v);
      } else {
        writeInt(out, dataAt + data.size(), 4);
        data.writeBytes(s);
        if (data.size() % 2 == 1) {
          data.write(0); // TIFF values start on word boundaries
        }
      }
    }
    writeInt(out, 0, 4);
    out.writeBytes(data.toByteArray());
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      out.write(v >>> (8 * i));
    }
  }

  /** The end of everything an IFD (and the sub-IFDs it points to) uses. */
  private int extent(int ifd, int depth) {
    int n = u16(ifd);
    int end = ifd + 2 + 12 * n + 4;
    for (int i = 0; i < n; i++) {
      int e = ifd + 2 + 12 * i;
      int tag = u16(e);
      int type = u16(e + 2);
      long count = u32(e + 4);
      long size = type < TYPE_SIZE.length ? TYPE_SIZE[type] * count : 0;
      if (size > 4) {
        end = (int) Math.max(end, u32(e + 8) + size);
      }
      if ((tag == EXIF_IFD || tag == GPS_IFD || tag == INTEROP_IFD) && depth < 3) {
        end = Math.max(end, extent((int) u32(e + 8), depth + 1));
      }
    }
    return end;
  }

  private int ifd0() {
    if (!(little || (b[0] == 'M' && b[1] == 'M'))) {
      throw new IndexOutOfBoundsException("not a TIFF header");
    }
    return (int) u32(4);
  }

  private int find(int ifd, int tag) {
    int n = u16(ifd);
    for (int i = 0; i < n; i++) {
      int e = ifd + 2 + 12 * i;
      if (u16(e) == tag) {
        return e;
      }
    }
    return -1;
  }

  private int u16(int at) {
    int x = b[at] & 0xff;
    int y = b[at + 1] & 0xff;
    return little ? x | (y << 8) : (x << 8) | y;
  }

  private long u32(int at) {
    long hi = u16(little ? at + 2 : at);
    long lo = u16(little ? at : at + 2);
    return (hi << 16) | lo;
  }

  private void put16(int at, int v) {
    b[at + (little ? 0 : 1)] = (byte) v;
    b[at + (little ? 1 : 0)] = (byte) (v >> 8);
  }

  private void put32(int at, long v) {
    put16(little ? at : at + 2, (int) (v & 0xffff));
    put16(little ? at + 2 : at, (int) (v >>> 16));
  }
}
