package io.hotshrink.resize;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells a libjpeg warning from a fatal error by its message. TurboJPEG 2.x cannot be trusted with
 * that: {@code tjGetErrorCode} says "warning" whenever any warning was raised during the call, even
 * when a fatal error came after it, and then the output buffer holds whatever was there before (the
 * previous image). The error string, though, is the fatal error's message when there was one
 * (libjpeg prints it last), else the image's first warning. So a call counts as warning-only when
 * its message is one of libjpeg's warnings, the {@code JWRN_*} entries of libjpeg-turbo's {@code
 * jerror.h}; anything else, including a message this list does not know, is fatal.
 */
final class LibjpegWarnings {
  private LibjpegWarnings() {}

  // jerror.h's JWRN_* messages, the same from libjpeg-turbo 2.0 to 3.2; printf conversions become
  // patterns.
  private static final List<Pattern> WARNINGS =
      List.of(
              "Unknown Adobe color transform code %d",
              "Corrupt JPEG data: bad arithmetic code",
              "Inconsistent progression sequence for component %d coefficient %d",
              "Corrupt JPEG data: %u extraneous bytes before marker 0x%02x",
              "Corrupt JPEG data: premature end of data segment",
              "Corrupt JPEG data: bad Huffman code",
              "Warning: unknown JFIF revision number %d.%02d",
              "Premature end of JPEG file",
              "Corrupt JPEG data: found marker 0x%02x instead of RST%d",
              "Invalid SOS parameters for sequential JPEG",
              "Application transferred too many scanlines",
              "Corrupt JPEG data: bad ICC marker")
          .stream()
          .map(LibjpegWarnings::pattern)
          .toList();

  /** True when {@code message} is one of libjpeg's warnings (the image was still decoded). */
  static boolean isWarning(String message) {
    if (message == null) {
      return false;
    }
    for (Pattern p : WARNINGS) {
      if (p.matcher(message).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern pattern(String format) {
    StringBuilder re = new StringBuilder();
    for (String part : format.split("(?=%)|(?<=%\\d{0,2}[dux])")) {
      if (part.matches("%\\d{0,2}[du]")) {
        re.append("-?\\d+");
      } else if (part.matches("%\\d{0,2}x")) {
        re.append("[0-9a-fA-F]+");
      } else {
        re.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(re.toString());
  }
}
