package io.hotshrink.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

  private static byte[] encode(Frame... frames) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Codec c = new Codec(null, out);
    for (Frame f : frames) {
      c.write(f);
    }
    return out.toByteArray();
  }

  @Test
  void framesRoundTripWithIdsAndUnicodeFields() throws Exception {
    Frame a = Frame.of(Frame.Type.REQUEST, 42, Map.of("source", "/in/ä ö/x\ny 📷.jpg", "n", "1"));
    Frame b = Frame.of(Frame.Type.RESULT, Long.MAX_VALUE, Map.of());
    Codec in = new Codec(new ByteArrayInputStream(encode(a, b)), null);
    assertEquals(a, in.read());
    assertEquals(b, in.read());
    assertNull(in.read(), "clean end of stream between frames");
  }

  @Test
  void strayOutputIsReportedWithTheBytesThatWerePrinted() throws Exception {
    byte[] junk = "OpenJDK 64-Bit Server VM warning: something\n".getBytes(StandardCharsets.UTF_8);
    Codec in = new Codec(new ByteArrayInputStream(junk), null);
    ProtocolException e = assertThrows(ProtocolException.class, in::read);
    assertTrue(e.getMessage().contains("OpenJDK 64-Bit Server VM warning"), e.getMessage());
    assertTrue(new String(e.raw(), StandardCharsets.UTF_8).startsWith("OpenJDK"));
  }

  @Test
  void aFrameCutShortIsAnErrorNotACleanEnd() throws Exception {
    byte[] whole = encode(Frame.of(Frame.Type.REQUEST, 7, Map.of("k", "some value")));
    Codec in = new Codec(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3)), null);
    assertThrows(EOFException.class, in::read);
  }

  @Test
  void anAbsurdLengthIsRejectedInsteadOfAllocated() throws Exception {
    byte[] whole = encode(Frame.of(Frame.Type.REQUEST, 7, Map.of("k", "v")));
    // Corrupt the key length (after magic 3 + type 1 + id 8 + count 4) to 2 GB.
    whole[16] = 0x7f;
    Codec in = new Codec(new ByteArrayInputStream(whole), null);
    assertThrows(ProtocolException.class, in::read);
  }

  @Test
  void textBetweenFramesIsHandedToTheStrayHandlerAndReadingGoesOn() throws Exception {
    Frame a = Frame.of(Frame.Type.RESULT, 1, Map.of("k", "v"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(
        "[0.012s][info][jfr,startup] Started recording 1.\n".getBytes(StandardCharsets.UTF_8));
    bytes.write(encode(a));
    bytes.write("Hello\nHS\n".getBytes(StandardCharsets.UTF_8));
    bytes.write(encode(a));
    java.util.List<String> stray = new java.util.ArrayList<>();
    Codec in = new Codec(new ByteArrayInputStream(bytes.toByteArray()), null, stray::add);
    assertEquals(a, in.read());
    assertEquals(a, in.read());
    assertNull(in.read());
    assertEquals(
        java.util.List.of("[0.012s][info][jfr,startup] Started recording 1.", "Hello", "HS"),
        stray);
  }
}
