package io.hotshrink.resize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker segments an output carries over from its source, by the {@code metadata} policy:
 *
 * <ul>
 *   <li>{@code keep}: EXIF (orientation reset to 1, thumbnail dropped), XMP (its orientation reset
 *       too) and IPTC;
 *   <li>{@code copyright}: only who made it and who owns it: EXIF Artist and Copyright, IPTC
 *       By-line, Credit, Source and Copyright Notice, XMP dc:creator and dc:rights;
 *   <li>{@code strip}: nothing.
 * </ul>
 *
 * An ICC profile is colour, not metadata: it is written whenever the pixels are still in its space
 * (see {@link Options.Color}), whatever the policy.
 */
final class Metadata {
  private static final int MAX_PAYLOAD = 65533;
  private static final Pattern XMP_ORIENTATION_ATTR =
      Pattern.compile("(tiff:Orientation\\s*=\\s*[\"'])\\d([\"'])");
  private static final Pattern XMP_ORIENTATION_ELEM =
      Pattern.compile("(<tiff:Orientation>)\\s*\\d\\s*(</tiff:Orientation>)");
  private static final Pattern DC_CREATOR =
      Pattern.compile("<dc:creator\\b.*?</dc:creator>", Pattern.DOTALL);
  private static final Pattern DC_RIGHTS =
      Pattern.compile("<dc:rights\\b.*?</dc:rights>", Pattern.DOTALL);

  /** IPTC datasets of record 2 kept by {@code copyright}: By-line, Credit, Source, Copyright. */
  private static final int[] IPTC_COPYRIGHT = {80, 110, 115, 116};

  private Metadata() {}

  /**
   * The segments (each complete: FF marker, length, payload) to put after the output's SOI/JFIF.
   *
   * @param icc the profile to embed, or null
   */
  static byte[] segments(JpegHeader h, Options.Meta policy, byte[] icc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (policy) {
      case KEEP -> {
        byte[] exif = h.exif == null ? null : Exif.forOutput(h.exif);
        if (exif != null) {
          segment(out, 0xE1, JpegHeader.EXIF_ID, exif);
        }
        if (h.xmp != null) {
          segment(out, 0xE1, JpegHeader.XMP_ID, resetXmpOrientation(h.xmp));
        }
      }
      case COPYRIGHT -> {
        Map<Integer, String> tags = h.exif == null ? Map.of() : Exif.creatorAndCopyright(h.exif);
        if (!tags.isEmpty()) {
          segment(out, 0xE1, JpegHeader.EXIF_ID, Exif.build(tags));
        }
        byte[] xmp = h.xmp == null ? null : copyrightXmp(h.xmp);
        if (xmp != null) {
          segment(out, 0xE1, JpegHeader.XMP_ID, xmp);
        }
      }
      case STRIP -> {}
    }
    if (icc != null) {
      iccSegments(out, icc);
    }
    if (h.photoshop != null && policy != Options.Meta.STRIP) {
      byte[] ps = policy == Options.Meta.KEEP ? h.photoshop : copyrightIptc(h.photoshop);
      if (ps != null) {
        segment(out, 0xED, JpegHeader.IPTC_ID, ps);
      }
    }
    return out.toByteArray();
  }

  static void iccSegments(ByteArrayOutputStream out, byte[] icc) {
    int chunk = MAX_PAYLOAD - JpegHeader.ICC_ID.length() - 2;
    int count = (icc.length + chunk - 1) / chunk;
    for (int i = 0; i < count; i++) {
      int from = i * chunk;
      int n = Math.min(chunk, icc.length - from);
      byte[] payload = new byte[n + 2];
      payload[0] = (byte) (i + 1);
      payload[1] = (byte) count;
      System.arraycopy(icc, from, payload, 2, n);
      segment(out, 0xE2, JpegHeader.ICC_ID, payload);
    }
  }

  private static void segment(ByteArrayOutputStream out, int marker, String id, byte[] payload) {
    byte[] idBytes = id.getBytes(StandardCharsets.ISO_8859_1);
    int len = 2 + idBytes.length + payload.length;
    if (len > MAX_PAYLOAD + 2) {
      return; // cannot be written as one segment (the source's was split oddly): leave it out
    }
    out.write(0xFF);
    out.write(marker);
    out.write(len >> 8);
    out.write(len);
    out.writeBytes(idBytes);
    out.writeBytes(payload);
  }

  static byte[] resetXmpOrientation(byte[] xmp) {
    String s = new String(xmp, StandardCharsets.UTF_8);
    String t = XMP_ORIENTATION_ATTR.matcher(s).replaceAll("$11$2");
    t = XMP_ORIENTATION_ELEM.matcher(t).replaceAll("$11$2");
    return t.equals(s) ? xmp : t.getBytes(StandardCharsets.UTF_8);
  }

  /** A new XMP packet with only dc:creator and dc:rights, or null when the source has neither. */
  static byte[] copyrightXmp(byte[] xmp) {
    String s = new String(xmp, StandardCharsets.UTF_8);
    StringBuilder kept = new StringBuilder();
    for (Pattern p : new Pattern[] {DC_CREATOR, DC_RIGHTS}) {
      Matcher m = p.matcher(s);
      if (m.find()) {
        kept.append("   ").append(m.group()).append('\n');
      }
    }
    if (kept.length() == 0) {
      return null;
    }
    String packet =
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
            + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            + "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
            + kept
            + "  </rdf:Description>\n"
            + " </rdf:RDF>\n"
            + "</x:xmpmeta>\n"
            + "<?xpacket end=\"w\"?>";
    return packet.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A Photoshop APP13 block with one IPTC resource holding only the creator and copyright datasets
   * (and the character set, which says how to read them), or null if none is there.
   */
  static byte[] copyrightIptc(byte[] ps) {
    byte[] iptc = iptcResource(ps);
    if (iptc == null) {
      return null;
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    int p = 0;
    boolean any = false;
    while (p + 5 <= iptc.length && iptc[p] == 0x1C) {
      int record = iptc[p + 1] & 0xff;
      int dataset = iptc[p + 2] & 0xff;
      int size = ((iptc[p + 3] & 0xff) << 8) | (iptc[p + 4] & 0xff);
      if ((size & 0x8000) != 0 || p + 5 + size > iptc.length) {
        break; // extended sizes are not used for text fields; stop at anything odd
      }
      boolean keep = record == 1 && dataset == 90;
      for (int d : IPTC_COPYRIGHT) {
        if (record == 2 && dataset == d) {
          keep = true;
          any = true;
        }
      }
      if (keep) {
        kept.write(iptc, p, 5 + size);
      }
      p += 5 + size;
    }
    if (!any) {
      return null;
    }
    byte[] data = kept.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("8BIM".getBytes(StandardCharsets.ISO_8859_1));
    out.write(0x04);
    out.write(0x04);
    out.write(0); // empty Pascal name, padded to an even length
    out.write(0);
    out.write(data.length >>> 24);
    out.write(data.length >>> 16);
    out.write(data.length >>> 8);
    out.write(data.length);
    out.writeBytes(data);
    if (data.length % 2 == 1) {
      out.write(0);
    }
    return out.toByteArray();
  }

  /** The data of the IPTC resource (ID 0x0404) in a Photoshop image-resource block. */
  static byte[] iptcResource(byte[] ps) {
    int p = 0;
    while (p + 12 <= ps.length) {
      if (!JpegHeader.startsWith(ps, p, ps.length, "8BIM")) {
        return null;
      }
      int id = ((ps[p + 4] & 0xff) << 8) | (ps[p + 5] & 0xff);
      int nameLen = ps[p + 6] & 0xff;
      int q = p + 6 + ((nameLen + 2) & ~1); // length byte + name, padded to even
      if (q + 4 > ps.length) {
        return null;
      }
      int size =
          ((ps[q] & 0xff) << 24)
              | ((ps[q + 1] & 0xff) << 16)
              | ((ps[q + 2] & 0xff) << 8)
              | (ps[q + 3] & 0xff);
      int data = q + 4;
      if (size < 0 || data + size > ps.length) {
        return null;
      }
      if (id == 0x0404) {
        byte[] r = new byte[size];
        System.arraycopy(ps, data, r, 0, size);
        return r;
      }
      p = data + size + (size & 1);
    }
    return null;
  }
}
