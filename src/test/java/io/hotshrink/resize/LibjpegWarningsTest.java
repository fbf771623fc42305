package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LibjpegWarningsTest {

  @Test
  void libjpegsWarningsAsItPrintsThemAreWarnings() {
    for (String m :
        List.of(
            "Unknown Adobe color transform code 2",
            "Corrupt JPEG data: bad arithmetic code",
            "Inconsistent progression sequence for component 0 coefficient 3",
            "Corrupt JPEG data: 3 extraneous bytes before marker 0xdb",
            "Corrupt JPEG data: 1520 extraneous bytes before marker 0xd9",
            "Corrupt JPEG data: premature end of data segment",
            "Corrupt JPEG data: bad Huffman code",
            "Warning: unknown JFIF revision number 2.01",
            "Premature end of JPEG file",
            "Corrupt JPEG data: found marker 0xd9 instead of RST3",
            "Invalid SOS parameters for sequential JPEG",
            "Application transferred too many scanlines",
            "Corrupt JPEG data: bad ICC marker")) {
      assertTrue(LibjpegWarnings.isWarning(m), m);
    }
  }

  @Test
  void everythingElseIsFatal() {
    for (String m :
        List.of(
            "Huffman table 0x03 was not defined",
            "Bogus sampling factors",
            "Invalid JPEG file structure: two SOI markers",
            "Bogus DQT index 7",
            "tjDecompressToYUVPlanes(): Could not determine subsampling type for JPEG image",
            "Progressive JPEG image has more than 500 scans",
            "No error",
            "",
            // A warning's words with more around them are not that warning.
            "Premature end of JPEG file; then: Bogus sampling factors",
            "Corrupt JPEG data: bad Huffman code\nHuffman table 0x03 was not defined")) {
      assertFalse(LibjpegWarnings.isWarning(m), m);
    }
    assertFalse(LibjpegWarnings.isWarning(null));
  }
}
