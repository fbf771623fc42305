package io.hotshrink.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One journal record per line: fields separated by tabs, then a tab and the CRC-32 of the rest (8
 * hex digits), then a newline. A line whose CRC does not match (a torn write, a damaged disk) is
 * recognised and skipped. Tabs, newlines, carriage returns and backslashes inside a field (file
 * names may hold any of them) are escaped with a backslash.
 */
final class JournalCodec {
  private JournalCodec() {}

  /** The line for {@code fields}, newline included. */
  static byte[] encode(List<String> fields) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        body.append('\t');
      }
      escape(fields.get(i), body);
    }
    byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
    String line = body + "\t" + String.format("%08x", crc(b, 0, b.length)) + "\n";
    return line.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The fields of the line in {@code buf[from, to)} (without its newline), or null when the line is
   * damaged (no CRC, or a CRC that does not match).
   */
  static List<String> decode(byte[] buf, int from, int to) {
    int tab = -1;
    for (int i = to - 1; i >= from; i--) {
      if (buf[i] == '\t') {
        tab = i;
        break;
      }
    }
    if (tab < 0 || to - tab - 1 != 8) {
      return null;
    }
    long expected;
    try {
      expected =
          Long.parseLong(new String(buf, tab + 1, 8, StandardCharsets.US_ASCII), 16) & 0xffffffffL;
    } catch (NumberFormatException e) {
      return null;
    }
    if (crc(buf, from, tab - from) != expected) {
      return null;
    }
    String body = new String(buf, from, tab - from, StandardCharsets.UTF_8);
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\t') {
        fields.add(f.toString());
        f.setLength(0);
      } else if (c == '\\' && i + 1 < body.length()) {
        char n = body.charAt(++i);
        f.append(
            switch (n) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        f.append(c);
      }
    }
    fields.add(f.toString());
    return fields;
  }

  private static void escape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }

  private static long crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return c.getValue();
  }

  /**
   * A 64-bit fingerprint of an output path (FNV-1a over its UTF-8 bytes): the journal remembers
   * which outputs an input wrote by these, 16 hex digits each, not by whole paths.
   */
  static long fingerprint(String path) {
    long h = 0xcbf29ce484222325L;
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  static String fingerprints(long[] prints) {
    StringBuilder sb = new StringBuilder();
    for (long p : prints) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(Long.toHexString(p));
    }
    return sb.toString();
  }

  static long[] parseFingerprints(String s) {
    if (s.isEmpty()) {
      return new long[0];
    }
    String[] parts = s.split(",");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseUnsignedLong(parts[i], 16);
    }
    return out;
  }
}
