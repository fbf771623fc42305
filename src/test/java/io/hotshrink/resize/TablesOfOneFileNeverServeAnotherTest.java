package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libjpeg keeps the Huffman and quantization tables of one datastream for the next one decoded on
 * the same object: that is how it reads "abbreviated" streams, whose tables came earlier. A Motion
 * JPEG frame defines no Huffman tables (the standard ones are meant); decoded on a thread whose
 * previous image had tables of its own, it must still come out as it does alone, not decoded with
 * the previous image's tables (CorpusThroughBatchIT found this: 12 dB from its own input).
 */
class TablesOfOneFileNeverServeAnotherTest {
  @TempDir Path tmp;

  static List<String> engines() {
    return Fixtures.engines();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aFrameWithoutHuffmanTablesDecodesTheSameAfterAnImageWithItsOwn(String engine)
      throws Exception {
    Path mjpeg = Path.of("src/test/resources/corpus/jpeg-decoder/mjpeg.jpg");
    assertTrue(Files.exists(mjpeg), "the corpus has " + mjpeg);
    Resizer alone = Fixtures.engine(engine);
    Path first = tmp.resolve("alone.jpg");
    alone.resize(mjpeg, List.of(Fixtures.scale(first, 0.5)));

    Resizer r = Fixtures.engine(engine);
    for (int i = 0; i < 3; i++) {
      // Progressive files from the JDK's writer carry optimised Huffman tables of their own.
      BufferedImage img = TestImages.photo(320, 240, 40 + i);
      Path other =
          Files.write(tmp.resolve("other" + i + ".jpg"), TestImages.jpeg(img, 0.9f, i != 1));
      r.resize(other, List.of(Fixtures.scale(tmp.resolve("other-out" + i + ".jpg"), 0.5)));
      Path after = tmp.resolve("after" + i + ".jpg");
      r.resize(mjpeg, List.of(Fixtures.scale(after, 0.5)));
      BufferedImage a = TestImages.read(first);
      BufferedImage b = TestImages.read(after);
      double psnr = ImageAssertions.psnr(a, b);
      assertTrue(psnr > 60, engine + ": after other" + i + ", only " + psnr + " dB from alone");
      assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(after), engine);
    }
  }
}
