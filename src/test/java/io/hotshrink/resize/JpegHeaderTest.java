package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.resize.JpegHeader.ColorSpace;
import io.hotshrink.testing.DamagedJpegs.Damage;
import io.hotshrink.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Reading the header as libjpeg reads it: what it passes over, and what colours it sees. */
class JpegHeaderTest {

  private static JpegHeader parse(byte[] jpeg) throws ResizeException {
    return JpegHeader.parse(jpeg);
  }

  private static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(Fixtures.jpeg(name));
  }

  /** {@code jpeg} with {@code segment} put right after its start-of-image marker. */
  private static byte[] withFirst(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  private static byte[] adobe(int transform) {
    byte[] s = new byte[16];
    s[0] = (byte) 0xFF;
    s[1] = (byte) 0xEE;
    s[3] = 14;
    System.arraycopy("Adobe".getBytes(StandardCharsets.US_ASCII), 0, s, 4, 5);
    s[10] = 100;
    s[15] = (byte) transform;
    return s;
  }

  private static byte[] jfif() {
    byte[] s = new byte[18];
    s[0] = (byte) 0xFF;
    s[1] = (byte) 0xE0;
    s[3] = 16;
    System.arraycopy("JFIF\0".getBytes(StandardCharsets.US_ASCII), 0, s, 4, 5);
    s[9] = 1;
    s[10] = 1;
    return s;
  }

  @Test
  void theColourSpaceIsDecidedAsLibjpegDecidesIt() throws Exception {
    byte[] rgbIds = fixture("rgb-ids.jpg"); // ids 'R', 'G', 'B'; neither JFIF nor Adobe marker
    assertArrayEquals(new int[] {'R', 'G', 'B'}, parse(rgbIds).componentIds);
    assertEquals(ColorSpace.RGB, parse(rgbIds).colorSpace());
    assertEquals(ColorSpace.RGB, parse(withFirst(rgbIds, adobe(0))).colorSpace());
    assertEquals(ColorSpace.YCBCR, parse(withFirst(rgbIds, adobe(1))).colorSpace());
    assertEquals(ColorSpace.YCBCR, parse(withFirst(rgbIds, jfif())).colorSpace(), "JFIF wins");
    assertEquals(ColorSpace.YCBCR, parse(fixture("rgb.jpg")).colorSpace());
    byte[] transform2 = Damage.ADOBE_TRANSFORM_2.of(TestImages.photo(32, 32, 1));
    assertEquals(ColorSpace.YCBCR, parse(transform2).colorSpace(), "unknown transform: YCbCr");
    assertEquals(ColorSpace.GRAY, parse(fixture("gray.jpg")).colorSpace());
    assertEquals(ColorSpace.YCCK, parse(fixture("cmyk-ycck.jpg")).colorSpace());
    assertEquals(ColorSpace.CMYK, parse(fixture("cmyk-plain.jpg")).colorSpace());
  }

  @Test
  void bytesBetweenSegmentsArePassedOverAndCounted() throws Exception {
    JpegHeader clean = parse(TestImages.jpeg(TestImages.photo(120, 90, 1), 0.9f, false));
    for (Damage d :
        new Damage[] {Damage.EXTRANEOUS_BYTES, Damage.FF00_IN_HEADER, Damage.BYTES_AFTER_START}) {
      JpegHeader h = parse(d.of(TestImages.photo(120, 90, 1)));
      assertEquals(120, h.width, d.toString());
      assertEquals(90, h.height, d.toString());
      assertEquals(clean.components, h.components, d.toString());
      assertTrue(h.jfif, d + ": the JFIF segment is still found");
      assertTrue(h.extraneousBytes > 0, d.toString());
    }
    assertEquals(0, clean.extraneousBytes);
    // An APP0 whose length says 1: empty to libjpeg (so no JFIF), its bytes stray ones.
    JpegHeader h = parse(Damage.APP0_LENGTH_ONE.of(TestImages.photo(120, 90, 1)));
    assertEquals(120, h.width);
    assertEquals(90, h.height);
    assertEquals(false, h.jfif);
    assertEquals(16, h.extraneousBytes);
  }

  @Test
  void aStartMarkerFollowedByNoMarkerAtAllIsSaidToBeThat() {
    byte[] junk = new byte[500];
    junk[0] = (byte) 0xFF;
    junk[1] = (byte) 0xD8;
    ResizeException e = assertThrows(ResizeException.class, () -> parse(junk));
    assertEquals(ResizeException.Kind.INPUT, e.kind());
    assertEquals(
        "cannot decode: not a valid JPEG (no JPEG marker anywhere in the 498 bytes after its"
            + " start-of-image marker)",
        e.getMessage());
  }
}
