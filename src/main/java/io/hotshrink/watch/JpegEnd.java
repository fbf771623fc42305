package io.hotshrink.watch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Tells whether a JPEG file holds a whole image, by its structure rather than by its timing: a
 * writer that pauses, or a copy that keeps an old modification time, can leave a file that looks
 * settled but is cut short, and a JPEG decoder will happily turn that into a picture whose bottom
 * is grey.
 *
 * <p>The check walks the segments before the first scan (a few small reads: a segment whose length
 * runs past the end of the file means the file is cut short, even when its last bytes happen to be
 * an embedded thumbnail's end marker), then looks at the last two bytes: {@code FF D9} is the end
 * of the image. Files may carry data after the image (phones append a video to "motion photos",
 * cameras pad), so when the tail is something else, the entropy-coded data is walked to find the
 * end-of-image marker: inside it every {@code FF} data byte is followed by {@code 00}, so the first
 * {@code FF D9} there is the end. Only reached when the tail is not the end marker.
 */
final class JpegEnd {
  private JpegEnd() {}

  /** What a file is, as far as completeness goes. */
  enum Verdict {
    /** It does not start with FF D8 FF: not an input at all. */
    NOT_JPEG,
    /** The end-of-image marker is there (possibly followed by other data). */
    COMPLETE,
    /** The file ends before the image does: still being written, or cut short for good. */
    NO_END,
    /** Not a JPEG structure we can follow; the decoder will judge (and likely fail) it. */
    MALFORMED
  }

  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  static Verdict check(SeekableByteChannel ch) throws IOException {
    try {
      return walk(new Bytes(ch));
    } catch (EOFException e) {
      return Verdict.NO_END; // it shrank while we read it: being rewritten
    }
  }

  private static Verdict walk(Bytes b) throws IOException {
    long size = b.size;
    if (size < 3) {
      // Empty, or the first byte or two of FF D8 FF: a JPEG whose writer has only just begun,
      // as far as anyone can tell yet.
      boolean prefix = (size < 1 || b.at(0) == 0xFF) && (size < 2 || b.at(1) == 0xD8);
      return prefix ? Verdict.NO_END : Verdict.NOT_JPEG;
    }
    if (b.at(0) != 0xFF || b.at(1) != 0xD8 || b.at(2) != 0xFF) {
      return Verdict.NOT_JPEG;
    }
    // The segments before the first scan: marker, 2-byte length (which counts itself), payload.
    long pos = 2;
    while (true) {
      if (pos >= size) {
        return Verdict.NO_END;
      }
      if (b.at(pos) != 0xFF) {
        return Verdict.MALFORMED;
      }
      while (pos < size && b.at(pos) == 0xFF) {
        pos++; // a marker may be preceded by fill bytes
      }
      if (pos >= size) {
        return Verdict.NO_END;
      }
      int marker = b.at(pos++);
      if (marker == EOI) {
        return Verdict.COMPLETE; // no image data at all: the decoder will say so
      }
      if (standalone(marker)) {
        continue;
      }
      if (marker == 0x00) {
        return Verdict.MALFORMED;
      }
      if (pos + 2 > size) {
        return Verdict.NO_END;
      }
      int length = b.u16(pos);
      if (length < 2) {
        return Verdict.MALFORMED;
      }
      pos += length;
      if (pos > size) {
        return Verdict.NO_END;
      }
      if (marker == SOS) {
        break;
      }
    }
    if (size - pos >= 2 && b.at(size - 2) == 0xFF && b.at(size - 1) == EOI) {
      return Verdict.COMPLETE;
    }
    return findEnd(b, pos);
  }

  /** Walks entropy-coded data and the segments between scans, from {@code pos}, to the end. */
  private static Verdict findEnd(Bytes b, long pos) throws IOException {
    long size = b.size;
    while (pos < size) {
      if (b.at(pos++) != 0xFF) {
        continue;
      }
      while (pos < size && b.at(pos) == 0xFF) {
        pos++;
      }
      if (pos >= size) {
        return Verdict.NO_END;
      }
      int marker = b.at(pos++);
      if (marker == 0x00 || standalone(marker)) {
        continue; // a stuffed FF data byte, or a restart marker
      }
      if (marker == EOI) {
        return Verdict.COMPLETE;
      }
      // A segment between scans (tables, the next scan's header, a comment): skip it whole, so
      // that its payload is not mistaken for markers.
      if (pos + 2 > size) {
        return Verdict.NO_END;
      }
      int length = b.u16(pos);
      if (length < 2) {
        return Verdict.MALFORMED;
      }
      pos += length;
    }
    return Verdict.NO_END;
  }

  /** Markers without a length: SOI, RSTn, TEM. */
  private static boolean standalone(int marker) {
    return marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01;
  }

  /** Random access to a channel's bytes through one 64 KB window: sequential walks read once. */
  private static final class Bytes {
    private final SeekableByteChannel ch;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(64 * 1024);
    private long start = -1;

    Bytes(SeekableByteChannel ch) throws IOException {
      this.ch = ch;
      this.size = ch.size();
    }

    int at(long pos) throws IOException {
      if (start < 0 || pos < start || pos >= start + window.limit()) {
        load(pos);
      }
      return window.get((int) (pos - start)) & 0xFF;
    }

    int u16(long pos) throws IOException {
      return (at(pos) << 8) | at(pos + 1);
    }

    private void load(long pos) throws IOException {
      window.clear();
      ch.position(pos);
      while (window.hasRemaining()) {
        if (ch.read(window) < 0) {
          break;
        }
      }
      window.flip();
      start = pos;
      if (window.limit() == 0) {
        // The file shrank since its size was read: as good as cut short.
        throw new EOFException("file ended at " + pos);
      }
    }
  }
}
