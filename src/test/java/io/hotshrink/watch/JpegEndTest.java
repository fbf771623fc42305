package io.hotshrink.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hotshrink.testing.DamagedJpegs;
import io.hotshrink.testing.TestImages;
import io.hotshrink.testing.UndecodableBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The end-of-image check on JPEGs in memory: whole, cut anywhere, with data after the end. */
class JpegEndTest {
  private static final byte[] BASELINE = TestImages.jpeg(TestImages.photo(96, 64, 1), 0.9f, false);
  private static final byte[] PROGRESSIVE =
      TestImages.jpeg(TestImages.photo(96, 64, 2), 0.9f, true);

  static JpegEnd.Verdict check(byte[] bytes) {
    try {
      return JpegEnd.check(new Channel(bytes));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * A camera-style file: SOI, an APP1 "Exif" segment holding a whole thumbnail JPEG (with its own
   * FF D9), then the main image's segments.
   */
  static byte[] withThumbnail(byte[] main) {
    byte[] thumb = TestImages.jpeg(TestImages.photo(16, 12, 3), 0.8f, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    byte[] payload =
        concat("Exif\0\0MM\0*".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), thumb);
    out.write(0xFF);
    out.write(0xE1);
    int length = payload.length + 2;
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(payload);
    out.write(main, 2, main.length - 2); // the main image without its own SOI
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void wholeImagesAreComplete() {
    assertEquals(JpegEnd.Verdict.COMPLETE, check(BASELINE));
    assertEquals(JpegEnd.Verdict.COMPLETE, check(PROGRESSIVE));
    assertEquals(JpegEnd.Verdict.COMPLETE, check(withThumbnail(BASELINE)));
  }

  @Test
  void everyCutShortVersionIsIncomplete() {
    // Wherever a copy stops, even right after the thumbnail's own end marker.
    for (byte[] jpeg : new byte[][] {BASELINE, PROGRESSIVE, withThumbnail(BASELINE)}) {
      for (int n = 3; n < jpeg.length; n++) {
        assertEquals(
            JpegEnd.Verdict.NO_END, check(Arrays.copyOf(jpeg, n)), "cut at " + n + " bytes");
      }
    }
  }

  @Test
  void dataAfterTheEndOfTheImageIsAllowed() {
    // A "motion photo": a video appended after the image, random bytes that may hold FF D9 too.
    byte[] video = new byte[3 << 20];
    new Random(7).nextBytes(video);
    assertEquals(JpegEnd.Verdict.COMPLETE, check(concat(withThumbnail(BASELINE), video)));
    assertEquals(JpegEnd.Verdict.COMPLETE, check(concat(PROGRESSIVE, video)));
    // Padding with zeros, as some cameras do.
    assertEquals(JpegEnd.Verdict.COMPLETE, check(concat(BASELINE, new byte[4096])));
  }

  @Test
  void aCutInsideTheScanIsIncompleteWhateverItsLastByte() {
    byte[] cut = Arrays.copyOf(BASELINE, BASELINE.length / 2);
    assertEquals(JpegEnd.Verdict.NO_END, check(cut));
    assertEquals(JpegEnd.Verdict.NO_END, check(concat(cut, new byte[] {(byte) 0xFF})));
    assertEquals(JpegEnd.Verdict.NO_END, check(concat(cut, new byte[] {(byte) 0xFF, 0})));
  }

  @Test
  void randomBytesAfterTheStartMarkerAreCutShortOrMalformedByWhatTheirLengthsSay() {
    byte[] broken = UndecodableBytes.random();
    // The first segment's length (random) runs past the end of the file: by structure, cut short.
    assertEquals(JpegEnd.Verdict.NO_END, check(broken));
    // UndecodableInputIsMovedToFailedIT's file: a 16-byte APP0, then no marker where one must be.
    assertEquals(JpegEnd.Verdict.MALFORMED, check(UndecodableBytes.withShortFirstSegment()));
  }

  @Test
  void anEmptyFileOrTheFirstBytesOfAJpegAreAJpegStillBeingWritten() {
    // A writer may create the file first and fill it later: nothing says it is not a JPEG yet.
    assertEquals(JpegEnd.Verdict.NO_END, check(new byte[0]));
    assertEquals(JpegEnd.Verdict.NO_END, check(new byte[] {(byte) 0xFF}));
    assertEquals(JpegEnd.Verdict.NO_END, check(new byte[] {(byte) 0xFF, (byte) 0xD8}));
  }

  @Test
  void otherFilesAreNotJpegsOrNotFollowable() {
    assertEquals(JpegEnd.Verdict.NOT_JPEG, check("GIF89a....".getBytes()));
    assertEquals(JpegEnd.Verdict.NOT_JPEG, check(new byte[] {(byte) 0xFF, 0x00}));
    assertEquals(JpegEnd.Verdict.NOT_JPEG, check(new byte[] {0x42}));
    // A marker with a length below 2, and a marker libjpeg does not know.
    assertEquals(
        JpegEnd.Verdict.MALFORMED,
        check(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0, 1, 9, 9}));
    assertEquals(
        JpegEnd.Verdict.MALFORMED,
        check(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0x42, 0, 2, 7, 7, 7}));
  }

  @Test
  void bytesThatAreNotAMarkerArePassedOverAsLibjpegDoes() {
    // Between segments, and right after the start-of-image marker (libvips decodes these, and so
    // does libjpeg, with a warning): still a JPEG, and still whole or cut short by its structure.
    byte[] between = DamagedJpegs.Damage.EXTRANEOUS_BYTES.of(TestImages.photo(64, 48, 1));
    byte[] afterStart = DamagedJpegs.Damage.BYTES_AFTER_START.of(TestImages.photo(64, 48, 2));
    byte[] ff00 = DamagedJpegs.Damage.FF00_IN_HEADER.of(TestImages.photo(64, 48, 3));
    // An APP0 length of 1: libjpeg reads the segment as empty, and what follows as stray bytes.
    byte[] app0 = DamagedJpegs.Damage.APP0_LENGTH_ONE.of(TestImages.photo(64, 48, 4));
    for (byte[] jpeg : List.of(between, afterStart, ff00, app0)) {
      assertEquals(JpegEnd.Verdict.COMPLETE, check(jpeg));
      assertEquals(JpegEnd.Verdict.COMPLETE, check(concat(jpeg, new byte[4096])), "with a tail");
      assertEquals(JpegEnd.Verdict.NO_END, check(Arrays.copyOf(jpeg, jpeg.length / 2)));
    }
    // The start-of-image marker, then nothing that is a marker: no writer writes that, so not a
    // JPEG still being written; the decoder says what it is.
    byte[] junk = new byte[1000];
    junk[0] = (byte) 0xFF;
    junk[1] = (byte) 0xD8;
    assertEquals(JpegEnd.Verdict.MALFORMED, check(junk));
  }

  /** A read-only channel over a byte array. */
  static final class Channel implements SeekableByteChannel {
    private final byte[] bytes;
    private long position;

    Channel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      position += n;
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long p) {
      position = p;
      return this;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
