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
    /** It does not start with FF D8 (the start-of-image marker): not an input at all. */
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
    if (size < 2) {
      // Empty, or the first byte of FF D8: a JPEG whose writer has only just begun, as far as
      // anyone can tell yet.
      return size < 1 || b.at(0) == 0xFF ? Verdict.NO_END : Verdict.NOT_JPEG;
    }
    if (b.at(0) != 0xFF || b.at(1) != 0xD8) {
      return Verdict.NOT_JPEG; // libjpeg's own test: the start-of-image marker, first
    }
    // The segments before the first scan: marker, 2-byte length (which counts itself), payload.
    long pos = 2;
    while (true) {
      // libjpeg passes over bytes that are not a marker (with a warning): so does this walk.
      long at = nextMarker(b, pos);
      if (at < 0) {
        // Nothing but such bytes up to the end: a writer's next segment would start with a
        // marker, so this is no JPEG still being written; the decoder will say what it is.
        return at == ENDED_AT_MARKER || pos >= size ? Verdict.NO_END : Verdict.MALFORMED;
      }
      pos = at + 1;
      int marker = b.at(pos++);
      if (marker == EOI) {
        return Verdict.COMPLETE; // no image data at all: the decoder will say so
      }
      if (standalone(marker)) {
        continue;
      }
      if (!segment(marker)) {
        return Verdict.MALFORMED; // libjpeg stops at a marker it does not know
      }
      if (pos + 2 > size) {
        return Verdict.NO_END;
      }
      int length = b.u16(pos);
      if (length < 2 && ((marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE)) {
        pos += 2; // libjpeg takes an APPn or COM length below 2 as empty, and reads on after it
        continue;
      }
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

  /** {@link #nextMarker}: the data ended within FF fill bytes, where a marker was to come. */
  private static final long ENDED_AT_MARKER = -2;

  /**
   * Where the next marker's FF is, from {@code pos}, passing over what libjpeg passes over on its
   * way to a marker: bytes other than FF, FF 00 pairs, and FF fill bytes before the marker. -1 when
   * the data ends first, {@link #ENDED_AT_MARKER} when it ends within FF bytes.
   */
  private static long nextMarker(Bytes b, long pos) throws IOException {
    long size = b.size;
    while (pos < size) {
      if (b.at(pos) != 0xFF) {
        pos++;
        continue;
      }
      long q = pos + 1;
      while (q < size && b.at(q) == 0xFF) {
        q++;
      }
      if (q >= size) {
        return ENDED_AT_MARKER;
      }
      if (b.at(q) != 0x00) {
        return q - 1;
      }
      pos = q + 1;
    }
    return -1;
  }

  /** Markers libjpeg reads a length after: SOFn, DHT, DAC, SOS, DQT, DNL, DRI, APPn, COM. */
  private static boolean segment(int marker) {
    return (marker >= 0xC0 && marker <= 0xCF)
        || (marker >= 0xDA && marker <= 0xDD)
        || (marker >= 0xE0 && marker <= 0xEF)
        || marker == 0xFE;
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
