package io.hotshrink.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * Damage done to a good JPEG, the way real files come damaged (the kinds fuzzers and broken writers
 * produce), each with what libjpeg-turbo's djpeg says about it. Some are fatal, some only a warning
 * (djpeg still writes the image).
 */
public final class DamagedJpegs {
  private DamagedJpegs() {}

  /** A segment: where its marker starts, the marker, and its length field (0 for none). */
  record Segment(int at, int marker, int length) {
    int payload() {
      return at + 4;
    }

    int end() {
      return at + 2 + length;
    }
  }

  /** Fatal: "Bogus sampling factors" (the first component's sampling factors are 5 x 0). */
  public static byte[] bogusSampling(byte[] jpeg) {
    byte[] b = jpeg.clone();
    Segment sof = first(b, m -> m == 0xC0 || m == 0xC1 || m == 0xC2);
    b[sof.payload() + 7] = 0x50;
    return b;
  }

  /**
   * Fatal after a warning: "3 extraneous bytes before marker 0xda", then "Huffman table 0x03 was
   * not defined" for a later scan of a progressive JPEG. TurboJPEG 2.1 reports such a call as a
   * warning, and its output buffer then holds whatever was there before.
   */
  public static byte[] warningThenFatal(byte[] progressiveJpeg) {
    byte[] b = progressiveJpeg.clone();
    Segment acScan = null;
    for (Segment s : segments(b)) {
      // An AC scan (spectral start > 0): its Huffman table is looked up before it is decoded.
      if (s.marker() == 0xDA && b[s.payload() + 1 + 2 * (b[s.payload()] & 0xff)] != 0) {
        acScan = s;
        break;
      }
    }
    if (acScan == null) {
      throw new IllegalArgumentException("not a progressive JPEG with an AC scan");
    }
    b[acScan.payload() + 2] = 0x33; // the first component's tables: DC 3 and AC 3, never defined
    return insert(b, acScan.at(), new byte[] {0x00, 0x11, 0x22});
  }

  /** Warning: "Corrupt JPEG data: 3 extraneous bytes before marker 0xdb" (before a DQT). */
  public static byte[] extraneousBytes(byte[] jpeg) {
    return insert(jpeg, first(jpeg, m -> m == 0xDB).at(), new byte[] {0x00, 0x11, 0x22});
  }

  /** Warning: "Corrupt JPEG data: 2 extraneous bytes before marker 0xdb" (an FF 00 pair). */
  public static byte[] ff00InHeader(byte[] jpeg) {
    return insert(jpeg, first(jpeg, m -> m == 0xDB).at(), new byte[] {(byte) 0xFF, 0x00});
  }

  /**
   * Warning: "Corrupt JPEG data: 14 extraneous bytes before marker 0xdb": a JFIF segment whose
   * length says 1 (libjpeg reads it as empty, and its 14 bytes as stray ones).
   */
  public static byte[] app0LengthOne(byte[] jpeg) {
    byte[] b = jpeg.clone();
    Segment app0 = first(b, m -> m == 0xE0);
    b[app0.at() + 2] = 0;
    b[app0.at() + 3] = 1;
    return b;
  }

  /**
   * Warning: "Corrupt JPEG data: 4 extraneous bytes before marker 0x01": as {@link #app0LengthOne},
   * with a TEM marker (FF 01) in what was the segment, after "JFIF", as in a file of jpeg-decoder's
   * crash tests.
   */
  public static byte[] app0LengthOneThenTem(byte[] jpeg) {
    byte[] b = app0LengthOne(jpeg);
    Segment app0 = first(b, m -> m == 0xE0);
    b[app0.payload() + 4] = (byte) 0xFF;
    b[app0.payload() + 5] = 0x01;
    return b;
  }

  /** Warning: "Warning: unknown JFIF revision number 2.01" (needs a JFIF APP0 segment). */
  public static byte[] jfifRevision2(byte[] jpeg) {
    byte[] b = jpeg.clone();
    b[first(b, m -> m == 0xE0).payload() + 5] = 2;
    return b;
  }

  /**
   * Warning: "Unknown Adobe color transform code 2" for a 3-component image: its JFIF segment
   * replaced by an Adobe one with transform 2 (libjpeg then reads it as YCbCr).
   */
  public static byte[] adobeTransform2(byte[] jpeg) {
    Segment app0 = first(jpeg, m -> m == 0xE0);
    byte[] adobe = new byte[16];
    adobe[0] = (byte) 0xFF;
    adobe[1] = (byte) 0xEE;
    adobe[3] = 14;
    System.arraycopy("Adobe".getBytes(StandardCharsets.US_ASCII), 0, adobe, 4, 5);
    adobe[10] = 100; // version
    adobe[15] = 2; // transform
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, app0.at());
    out.write(adobe, 0, adobe.length);
    out.write(jpeg, app0.end(), jpeg.length - app0.end());
    return out.toByteArray();
  }

  /**
   * Warning: "Corrupt JPEG data: 16 extraneous bytes before marker 0xe0": the start-of-image marker
   * followed by bytes that are not a marker (libjpeg skips them; so does libvips).
   */
  public static byte[] bytesAfterStart(byte[] jpeg) {
    return insert(jpeg, 2, new byte[16]);
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  private static Segment first(byte[] b, IntPredicate marker) {
    return segments(b).stream()
        .filter(s -> marker.test(s.marker()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such segment"));
  }

  /** The segments of a well-formed JPEG, scan headers included, entropy-coded data skipped. */
  static List<Segment> segments(byte[] b) {
    List<Segment> out = new ArrayList<>();
    int p = 2;
    while (p + 1 < b.length) {
      if ((b[p] & 0xff) != 0xFF) {
        p++; // entropy-coded data
        continue;
      }
      int m = b[p + 1] & 0xff;
      if (m == 0x00 || m == 0xFF || (m >= 0xD0 && m <= 0xD7)) {
        p += m == 0xFF ? 1 : 2;
        continue;
      }
      if (m == 0xD9) {
        break;
      }
      int len = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
      out.add(new Segment(p, m, len));
      p += 2 + len;
    }
    return out;
  }

  /** Each kind of damage, with what djpeg says of it (checked by DamagedJpegsTest). */
  public enum Damage {
    BOGUS_SAMPLING(true, "Bogus sampling factors", DamagedJpegs::bogusSampling),
    WARNING_THEN_FATAL(true, "Huffman table 0x03 was not defined", DamagedJpegs::warningThenFatal),
    EXTRANEOUS_BYTES(
        false,
        "Corrupt JPEG data: 3 extraneous bytes before marker 0xdb",
        DamagedJpegs::extraneousBytes),
    FF00_IN_HEADER(
        false,
        "Corrupt JPEG data: 2 extraneous bytes before marker 0xdb",
        DamagedJpegs::ff00InHeader),
    APP0_LENGTH_ONE(
        false,
        "Corrupt JPEG data: 14 extraneous bytes before marker 0xdb",
        DamagedJpegs::app0LengthOne),
    APP0_LENGTH_ONE_THEN_TEM(
        false,
        "Corrupt JPEG data: 4 extraneous bytes before marker 0x01",
        DamagedJpegs::app0LengthOneThenTem),
    JFIF_REVISION_2(
        false, "Warning: unknown JFIF revision number 2.02", DamagedJpegs::jfifRevision2),
    ADOBE_TRANSFORM_2(false, "Unknown Adobe color transform code 2", DamagedJpegs::adobeTransform2),
    BYTES_AFTER_START(
        false,
        "Corrupt JPEG data: 16 extraneous bytes before marker 0xe0",
        DamagedJpegs::bytesAfterStart);

    /** djpeg fails on it (else it writes the image, with a warning). */
    public final boolean fatal;

    /** djpeg's last message: the fatal error, or the first warning. */
    public final String message;

    private final UnaryOperator<byte[]> damage;

    Damage(boolean fatal, String message, UnaryOperator<byte[]> damage) {
      this.fatal = fatal;
      this.message = message;
      this.damage = damage;
    }

    /** {@code img} as a JPEG (ImageIO's: JFIF, 4:2:0; progressive where needed), so damaged. */
    public byte[] of(BufferedImage img) {
      return damage.apply(TestImages.jpeg(img, 0.9f, this == WARNING_THEN_FATAL));
    }
  }
}
