package io.hotshrink.watch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Names what a file that is not a JPEG is, from its first bytes, for the reason in its sidecar: "a
 * PNG image" reads better than "does not start with FF D8". (A file that does start with FF D8 is a
 * JPEG to libjpeg, whatever follows: it never gets here.)
 */
final class ContentKind {
  private ContentKind() {}

  /** How many bytes {@link #describe} looks at. */
  static final int HEAD = 16;

  /**
   * Why {@code file}, named like a JPEG, is not one: "not a JPEG: the content is a PNG image
   * (...)".
   */
  static Refusal notJpeg(FileProbe probe, Path file) throws IOException {
    return Refusal.notJpeg("the content is " + describe(probe.head(file, HEAD)));
  }

  /** E.g. "a PNG image (it starts with 89 50 4E 47)". */
  static String describe(byte[] head) {
    if (head.length == 0) {
      return "an empty file";
    }
    String what = kind(head);
    return (what == null ? "not an image format hotshrink knows" : what)
        + " (it starts with "
        + hex(head, 4)
        + ")";
  }

  private static String kind(byte[] h) {
    if (starts(h, 0x89, 'P', 'N', 'G')) {
      return "a PNG image";
    }
    if (starts(h, 'G', 'I', 'F', '8')) {
      return "a GIF image";
    }
    if (starts(h, 'R', 'I', 'F', 'F') && h.length >= 12 && h[8] == 'W' && h[9] == 'E') {
      return "a WebP image";
    }
    if (h.length >= 12 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') {
      return "an ISO media file (HEIC/HEIF/AVIF image or a video)";
    }
    if (starts(h, 'I', 'I', 0x2A, 0) || starts(h, 'M', 'M', 0, 0x2A)) {
      return "a TIFF image (or a camera raw file)";
    }
    if (starts(h, 'B', 'M')) {
      return "a BMP image";
    }
    if (starts(h, '%', 'P', 'D', 'F')) {
      return "a PDF document";
    }
    if (starts(h, 'P', 'K', 3, 4)) {
      return "a ZIP archive";
    }
    return null;
  }

  private static boolean starts(byte[] h, int... bytes) {
    if (h.length < bytes.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if ((h[i] & 0xff) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] h, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, h.length); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02X", h[i] & 0xff));
    }
    return sb.toString();
  }
}
