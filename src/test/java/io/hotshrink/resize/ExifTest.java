package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On the EXIF block exiftool wrote into meta.jpg (orientation 6, a 60x40 thumbnail). */
class ExifTest {
  private static byte[] exif() throws Exception {
    return JpegHeader.parse(Files.readAllBytes(Fixtures.jpeg("meta.jpg"))).exif;
  }

  @Test
  void readsTheOrientation() throws Exception {
    assertEquals(6, Exif.orientation(exif()));
    for (int n = 1; n <= 8; n++) {
      byte[] b = Files.readAllBytes(Fixtures.jpeg("orient-" + n + ".jpg"));
      assertEquals(n, JpegHeader.parse(b).orientation());
    }
  }

  @Test
  void theOutputCopyIsUprightAndHasNoThumbnail() throws Exception {
    byte[] in = exif();
    byte[] out = Exif.forOutput(in);
    assertEquals(1, Exif.orientation(out));
    // The thumbnail (a JPEG of about 1 KB or more) is cut off the end.
    assertTrue(out.length < in.length - 500, in.length + " -> " + out.length);
    assertEquals(Exif.creatorAndCopyright(in), Exif.creatorAndCopyright(out));
  }

  @Test
  void aBuiltBlockHoldsExactlyTheGivenTags() throws Exception {
    Map<Integer, String> tags = Exif.creatorAndCopyright(exif());
    assertEquals(
        Map.of(Exif.ARTIST, "Ada Lovelace", Exif.COPYRIGHT, "(c) 2024 Ada Lovelace"), tags);
    assertEquals(tags, Exif.creatorAndCopyright(Exif.build(tags)));
    assertEquals(1, Exif.orientation(Exif.build(tags)));
  }

  @Test
  void garbageIsNotACrash() {
    byte[] junk = {'I', 'I', 42, 0, (byte) 0xff, (byte) 0xff, 0, 0};
    assertEquals(1, Exif.orientation(junk));
    assertEquals(null, Exif.forOutput(junk));
  }
}
