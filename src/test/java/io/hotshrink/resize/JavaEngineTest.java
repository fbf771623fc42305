package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/** The java engine's own handling of samples between ImageIO's rasters and the planes. */
class JavaEngineTest {

  @Test
  void aPackedRasterIsUsedAsItIsAndAnyOtherIsCopiedInOrder() {
    byte[] data = new byte[4 * 3 * 3];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    WritableRaster packed =
        Raster.createInterleavedRaster(
            new DataBufferByte(data, data.length), 4, 3, 12, 3, new int[] {0, 1, 2}, null);
    assertSame(data, JavaEngine.samples(packed), "no copy of an ordinary raster");

    // A child raster (columns 1..2 of rows 1..2) shares the array with an offset and a wider row.
    Raster child = packed.createChild(1, 1, 2, 2, 0, 0, null);
    byte[] copy = JavaEngine.samples(child);
    assertEquals(2 * 2 * 3, copy.length);
    assertArrayEquals(new byte[] {15, 16, 17, 18, 19, 20, 27, 28, 29, 30, 31, 32}, copy);

    // Bands in another order are put back in band order.
    WritableRaster bgr =
        Raster.createInterleavedRaster(
            new DataBufferByte(data.clone(), data.length), 4, 3, 12, 3, new int[] {2, 1, 0}, null);
    byte[] ordered = JavaEngine.samples(bgr);
    assertEquals(2, ordered[0]);
    assertEquals(0, ordered[2]);
  }

  @Test
  void interleavedYCbCrSplitsIntoPlanesWithChromaAveragedOverItsBlocks() {
    // 3x3 pixels (Y, Cb, Cr): Y = 1..9, Cb = 10 * Y, Cr = 255 - Y.
    byte[] px = new byte[27];
    for (int i = 0; i < 9; i++) {
      px[3 * i] = (byte) (i + 1);
      px[3 * i + 1] = (byte) (10 * (i + 1));
      px[3 * i + 2] = (byte) (255 - (i + 1));
    }
    Resampler.Image[] full = JavaEngine.planes(px, 3, 3, 1, 1);
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, full[0].pixels());
    assertEquals(3, full[1].width());
    assertEquals(50, full[1].pixels()[4] & 0xff);
    assertEquals(250, full[2].pixels()[4] & 0xff);

    Resampler.Image[] half = JavaEngine.planes(px, 3, 3, 2, 2);
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, half[0].pixels());
    assertEquals(2, half[1].width());
    assertEquals(2, half[1].height());
    // Blocks: {1,2,4,5} -> 3; {3,3,6,6} -> 4.5 -> 5 (rounded); {7,8,7,8} -> 7.5 -> 8; {9} -> 9.
    assertArrayEquals(new byte[] {30, 45, 75, 90}, half[1].pixels());
    assertArrayEquals(
        new byte[] {(byte) 252, (byte) 251, (byte) 248, (byte) 246}, half[2].pixels());

    Resampler.Image[] rows = JavaEngine.planes(px, 3, 3, 2, 1);
    assertEquals(2, rows[1].width());
    assertEquals(3, rows[1].height());
    assertArrayEquals(new byte[] {15, 30, 45, 60, 75, 90}, rows[1].pixels());
  }

  @Test
  void planesBecomeOneRasterWithEachChromaSampleOverItsBlock() {
    // 3x3 luma, 4:2:0 chroma planes of 2x2 (the last column and row cover a single pixel).
    Resampler.Image y = new Resampler.Image(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3, 1);
    Resampler.Image cb = new Resampler.Image(new byte[] {10, 11, 12, 13}, 2, 2, 1);
    Resampler.Image cr = new Resampler.Image(new byte[] {20, 21, 22, 23}, 2, 2, 1);
    Raster r = JavaEngine.interleave(new Picture.Planar(new Resampler.Image[] {y, cb, cr}, 2, 2));
    assertEquals(3, r.getWidth());
    assertEquals(3, r.getHeight());
    int[][] expected = {
      {1, 10, 20}, {2, 10, 20}, {3, 11, 21},
      {4, 10, 20}, {5, 10, 20}, {6, 11, 21},
      {7, 12, 22}, {8, 12, 22}, {9, 13, 23}
    };
    for (int i = 0; i < 9; i++) {
      assertArrayEquals(expected[i], r.getPixel(i % 3, i / 3, (int[]) null), "pixel " + i);
    }
  }
}
