package io.hotshrink.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.pool.StopReason;
import io.hotshrink.watch.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The children's own messages (resize.JpegEngine, JavaEngine, TurboJpegEngine, JpegHeader). */
class FailureReasonTest {
  @Test
  void limitsAreTooLarge() {
    assertEquals(
        FailureReason.TOO_LARGE,
        FailureReason.ofInputError(
            "image is 12000x9000 = 108.0 MP, over limits.max-pixels = 100.0 MP: not decoded"));
    assertEquals(
        FailureReason.TOO_LARGE,
        FailureReason.ofInputError(
            "file is 150.0 MB, over limits.max-file-size = 100.0 MB: not decoded"));
  }

  @Test
  void kindsOfJpegNotHandledAreUnsupported() {
    for (String m :
        new String[] {
          "12-bit JPEG (sample precision 12) is not supported: only 8-bit JPEGs can be resized",
          "lossless JPEG (SOF3) is not supported",
          "JPEG with 2 colour components is not supported",
          "arithmetic-coded JPEG is not supported by the java engine (the turbojpeg engine decodes"
              + " it)"
        }) {
      assertEquals(FailureReason.UNSUPPORTED, FailureReason.ofInputError(m), m);
    }
  }

  @Test
  void everythingElseTheChildRefusedIsUndecodable() {
    assertEquals(
        FailureReason.UNDECODABLE,
        FailureReason.ofInputError("cannot decode: Not a JPEG file: starts with 0xff 0x00"));
    assertEquals(
        FailureReason.UNDECODABLE, FailureReason.ofInputError("cannot read: java.io.IOException"));
    assertEquals(FailureReason.UNDECODABLE, FailureReason.ofInputError(null));
  }

  @Test
  void aLostChildIsCountedUnderHowItWasLost() {
    assertEquals("crashed", FailureReason.ofLostChild(StopReason.CRASHED));
    assertEquals("timeout", FailureReason.ofLostChild(StopReason.TIMEOUT));
    assertEquals("protocol_error", FailureReason.ofLostChild(StopReason.PROTOCOL_ERROR));
    assertTrue(FailureReason.ALL.containsAll(List.of("crashed", "timeout", "protocol_error")));
  }

  @Test
  void aRefusedFileIsCountedUnderWhatWasWrongWithIt() {
    assertEquals("empty", FailureReason.of(Refusal.Kind.EMPTY));
    assertEquals("not_jpeg", FailureReason.of(Refusal.Kind.NOT_JPEG));
    assertEquals("truncated", FailureReason.of(Refusal.Kind.TRUNCATED));
    // A file batch could not read is not labelled truncated (as it was when the label was read
    // back out of the words, "cannot read: ...").
    assertEquals("undecodable", FailureReason.of(Refusal.Kind.UNREADABLE));
    assertTrue(FailureReason.ALL.containsAll(List.of("empty", "not_jpeg", "internal")));
  }
}
