package io.hotshrink.resize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What hotshrink needs to know about a JPEG before decoding it, read from its markers alone: size,
 * components, precision and coding process (for the limits and the clear refusals), the Adobe
 * colour transform (for CMYK/YCCK), and the metadata segments to carry over (EXIF with its
 * orientation, XMP, IPTC, the ICC profile reassembled from its chunks).
 */
final class JpegHeader {
  static final String EXIF_ID = "Exif\0\0";
  static final String XMP_ID = "http://ns.adobe.com/xap/1.0/\0";
  static final String ICC_ID = "ICC_PROFILE\0";
  static final String IPTC_ID = "Photoshop 3.0\0";

  int width;
  int height;
  int components;
  int precision;

  /**
   * The SOF marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless, 0xC9..
   * arithmetic.
   */
  int sofMarker;

  /** Sampling factors of the first component, horizontal and vertical (2, 2 for 4:2:0). */
  int lumaH;

  int lumaV;

  /** Sampling factors of the second component (1, 1 in an ordinary YCbCr file), 0 if none. */
  int chromaH;

  int chromaV;

  /**
   * The Adobe APP14 transform flag (0 none/CMYK, 1 YCbCr, 2 YCCK), or -1 without an Adobe marker.
   */
  int adobeTransform = -1;

  /** The JFIF APP0 marker was present. */
  boolean jfif;

  /** The frame header's component identifiers, in order (1, 2, 3 in a JFIF file). */
  int[] componentIds = new int[0];

  /**
   * Bytes that were neither a marker nor a segment, skipped on the way to the next marker (libjpeg
   * skips them too, with the warning "N extraneous bytes before marker").
   */
  int extraneousBytes;

  /**
   * The first warning libjpeg gives while reading this header ("Corrupt JPEG data: 3 extraneous
   * bytes before marker 0xdb", "Warning: unknown JFIF revision number 2.01", "Unknown Adobe color
   * transform code 2"), or null. The java engine's reader does not report all of these.
   */
  String warning;

  /** A quantization table has 16-bit entries (precision 1), as very low qualities need. */
  boolean quant16;

  /** Whether anything before the first scan was passed over: stray bytes, TEM, RSTn, empty APPn. */
  boolean passedOver;

  /** The segments read before the first scan, as {from, to} offsets, marker included. */
  final List<int[]> segments = new ArrayList<>();

  /** Where the first scan's SOS marker (or the EOI) is, -1 when the header ended first. */
  int scanAt = -1;

  /** How the components are to be read, decided as libjpeg decides it. */
  enum ColorSpace {
    GRAY,
    YCBCR,
    RGB,
    CMYK,
    YCCK,
    OTHER
  }

  /** The whole APP1 Exif payload (after "Exif\0\0"): a TIFF structure. */
  byte[] exif;

  /** The APP1 XMP payload (after its identifier). */
  byte[] xmp;

  /** The APP13 Photoshop payload (after its identifier), holding the IPTC record. */
  byte[] photoshop;

  /** The ICC profile, reassembled from its APP2 chunks. */
  byte[] icc;

  private JpegHeader() {}

  boolean arithmetic() {
    return sofMarker >= 0xC9 && sofMarker <= 0xCF;
  }

  boolean lossless() {
    return sofMarker == 0xC3 || sofMarker == 0xC7 || sofMarker == 0xCB || sofMarker == 0xCF;
  }

  boolean progressive() {
    return sofMarker == 0xC2 || sofMarker == 0xC6 || sofMarker == 0xCA || sofMarker == 0xCE;
  }

  /** EXIF orientation 1..8 (1 when absent or invalid). */
  int orientation() {
    return exif == null ? 1 : Exif.orientation(exif);
  }

  /**
   * The colour space libjpeg reads the components in (its {@code default_decompress_parms}): a JFIF
   * marker means YCbCr; else the Adobe marker's transform (0 RGB or CMYK; 1 YCbCr; any other YCbCr
   * or YCCK); else component ids 'R', 'G', 'B' mean RGB, and anything else YCbCr (4 components:
   * CMYK).
   */
  ColorSpace colorSpace() {
    return switch (components) {
      case 1 -> ColorSpace.GRAY;
      case 3 -> {
        if (jfif) {
          yield ColorSpace.YCBCR;
        }
        if (adobeTransform >= 0) {
          yield adobeTransform == 0 ? ColorSpace.RGB : ColorSpace.YCBCR;
        }
        boolean rgbIds =
            componentIds.length == 3
                && componentIds[0] == 'R'
                && componentIds[1] == 'G'
                && componentIds[2] == 'B';
        yield rgbIds ? ColorSpace.RGB : ColorSpace.YCBCR;
      }
      case 4 -> adobeTransform > 0 ? ColorSpace.YCCK : ColorSpace.CMYK;
      default -> ColorSpace.OTHER;
    };
  }

  /** A CMYK or YCCK image (four components). */
  boolean cmyk() {
    return components == 4;
  }

  /**
   * Reads the markers up to the first frame header (SOF) and the metadata before and after it, up
   * to the start of the scan.
   *
   * @throws ResizeException of kind INPUT when this is not a JPEG or its header is cut short
   */
  static JpegHeader parse(byte[] b) throws ResizeException {
    if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
      throw input("not a JPEG file (no start-of-image marker)");
    }
    JpegHeader h = new JpegHeader();
    List<byte[]> iccChunks = new ArrayList<>();
    int p = 2;
    while (true) {
      int at = nextMarker(b, p);
      if (at < 0) {
        if (h.width > 0) {
          break; // the scan data may not be reached by a cut-short file; the header is enough
        }
        throw input(
            p == 2
                ? "not a valid JPEG (no JPEG marker anywhere in the "
                    + (b.length - 2)
                    + " bytes after its start-of-image marker)"
                : "not a valid JPEG (its header is cut short or corrupt)");
      }
      int marker = b[at + 1] & 0xff;
      if (at > p) {
        h.extraneousBytes += at - p;
        h.passedOver = true;
        h.warn(
            String.format(
                "Corrupt JPEG data: %d extraneous bytes before marker 0x%02x", at - p, marker));
      }
      p = at;
      if (marker == 0xD9 || marker == 0xDA) {
        h.scanAt = p;
        break; // end of image, or start of scan: all header segments are behind us
      }
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        p += 2; // RSTn and TEM have no length; libjpeg passes over them
        h.passedOver = true;
        continue;
      }
      if (p + 4 > b.length) {
        if (h.width > 0) {
          break;
        }
        throw input("not a valid JPEG (its header is cut short or corrupt)");
      }
      int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
      int start = p + 4;
      int end = p + 2 + len;
      if (len < 2 && appOrComment(marker)) {
        // libjpeg reads such a length as "nothing in it" and looks for the next marker after it.
        h.extraneousBytes += 2;
        h.passedOver = true;
        p = start;
        continue;
      }
      if (len < 2) {
        throw input(
            "not a valid JPEG (segment FF"
                + Integer.toHexString(marker)
                + " has length "
                + len
                + ")");
      }
      if (end > b.length) {
        throw input(
            "not a valid JPEG (segment FF" + Integer.toHexString(marker) + " is cut short)");
      }
      if (isSof(marker) && h.width == 0) {
        if (len < 8 || len < 8 + 3 * (b[start + 5] & 0xff)) {
          throw input("not a valid JPEG (frame header too short)");
        }
        h.sofMarker = marker;
        h.precision = b[start] & 0xff;
        h.height = ((b[start + 1] & 0xff) << 8) | (b[start + 2] & 0xff);
        h.width = ((b[start + 3] & 0xff) << 8) | (b[start + 4] & 0xff);
        h.components = b[start + 5] & 0xff;
        if (len >= 11) {
          h.lumaH = (b[start + 7] & 0xff) >> 4;
          h.lumaV = b[start + 7] & 0x0f;
        }
        if (len >= 14 && h.components >= 3) {
          h.chromaH = (b[start + 10] & 0xff) >> 4;
          h.chromaV = b[start + 10] & 0x0f;
        }
        h.componentIds = new int[h.components];
        for (int i = 0; i < h.components; i++) {
          h.componentIds[i] = b[start + 6 + 3 * i] & 0xff;
        }
      } else if (marker == 0xDB) {
        h.quant16 |= sixteenBitTable(b, start, end);
      } else if (marker == 0xE0 && startsWith(b, start, end, "JFIF\0") && end - start >= 14) {
        // libjpeg takes APP0 as JFIF only with its 14 bytes of version, density and thumbnail size.
        h.jfif = true;
        if ((b[start + 5] & 0xff) != 1) {
          h.warn(
              String.format(
                  "Warning: unknown JFIF revision number %d.%02d",
                  b[start + 5] & 0xff, b[start + 6] & 0xff));
        }
      } else if (marker == 0xE1 && startsWith(b, start, end, EXIF_ID) && h.exif == null) {
        h.exif = slice(b, start + EXIF_ID.length(), end);
      } else if (marker == 0xE1 && startsWith(b, start, end, XMP_ID) && h.xmp == null) {
        h.xmp = slice(b, start + XMP_ID.length(), end);
      } else if (marker == 0xE2 && startsWith(b, start, end, ICC_ID) && end - start > 14) {
        iccChunks.add(slice(b, start + ICC_ID.length(), end)); // [seq, count, data...]
      } else if (marker == 0xED && startsWith(b, start, end, IPTC_ID) && h.photoshop == null) {
        h.photoshop = slice(b, start + IPTC_ID.length(), end);
      } else if (marker == 0xEE && startsWith(b, start, end, "Adobe") && end - start >= 12) {
        h.adobeTransform = b[start + 11] & 0xff;
      }
      h.segments.add(new int[] {p, end});
      p = end;
    }
    if (h.width == 0 || h.height == 0) {
      throw input(
          h.sofMarker == 0
              ? "not a valid JPEG (no frame header before the image data)"
              : "JPEG with no height in its frame header (DNL) is not supported");
    }
    h.icc = assembleIcc(iccChunks);
    // After the markers, libjpeg decides the colour space, and warns of a transform it does not
    // know.
    boolean unknownTransform =
        h.components == 3 && !h.jfif && h.adobeTransform > 1
            || h.components == 4 && h.adobeTransform != 0 && h.adobeTransform != 2;
    if (unknownTransform && h.adobeTransform >= 0) {
      h.warn("Unknown Adobe color transform code " + h.adobeTransform);
    }
    return h;
  }

  /**
   * Where the next marker starts, from {@code p}: as libjpeg's reader does, bytes that are not a
   * marker (anything up to an FF, and FF 00 pairs) are skipped, and fill bytes (FF FF ...) lead up
   * to the marker. -1 when the data ends first.
   */
  static int nextMarker(byte[] b, int p) {
    while (p < b.length) {
      if ((b[p] & 0xff) != 0xFF) {
        p++;
        continue;
      }
      int q = p + 1;
      while (q < b.length && (b[q] & 0xff) == 0xFF) {
        q++;
      }
      if (q >= b.length) {
        return -1;
      }
      if (b[q] != 0) {
        return q - 1; // FF m: the marker (after its fill bytes)
      }
      p = q + 1; // FF 00: not a marker
    }
    return -1;
  }

  /** Whether a DQT segment's payload holds a table of 16-bit entries. */
  private static boolean sixteenBitTable(byte[] b, int start, int end) {
    for (int q = start; q < end; ) {
      boolean sixteen = (b[q] & 0xf0) != 0;
      if (sixteen) {
        return true;
      }
      q += 1 + 64;
    }
    return false;
  }

  private void warn(String message) {
    if (warning == null) {
      warning = message; // libjpeg prints only an image's first warning
    }
  }

  /** APPn and COM: segments libjpeg skips (or reads a few bytes of), whatever their length. */
  static boolean appOrComment(int m) {
    return (m >= 0xE0 && m <= 0xEF) || m == 0xFE;
  }

  private static boolean isSof(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  private static byte[] assembleIcc(List<byte[]> chunks) {
    if (chunks.isEmpty()) {
      return null;
    }
    // Chunks carry their sequence number (1-based); writers put them in order, but sort anyway.
    chunks.sort((x, y) -> Integer.compare(x[0] & 0xff, y[0] & 0xff));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] c : chunks) {
      out.write(c, 2, c.length - 2);
    }
    return out.toByteArray();
  }

  static boolean startsWith(byte[] b, int from, int end, String id) {
    byte[] s = id.getBytes(StandardCharsets.ISO_8859_1);
    if (end - from < s.length) {
      return false;
    }
    for (int i = 0; i < s.length; i++) {
      if (b[from + i] != s[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from, int to) {
    byte[] r = new byte[to - from];
    System.arraycopy(b, from, r, 0, r.length);
    return r;
  }

  private static ResizeException input(String why) {
    return new ResizeException(ResizeException.Kind.INPUT, "cannot decode: " + why);
  }
}
