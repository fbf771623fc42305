package io.hotshrink.resize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The committed JPEG fixtures (made by src/test/resources/jpeg/make-fixtures.sh) and engines. */
final class Fixtures {
  private Fixtures() {}

  static Path jpeg(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/jpeg/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("no fixture " + name, e);
    }
  }

  /** The engine by name; turbojpeg needs libturbojpeg (skipped without it, failed under CI). */
  static Resizer engine(String name) {
    try {
      return Engines.create(name);
    } catch (IllegalStateException e) {
      if ("1".equals(System.getenv("HOTSHRINK_CI"))) {
        throw new AssertionError("libturbojpeg0 should be installed by .ci/run", e);
      }
      Assumptions.abort(e.getMessage());
      return null;
    }
  }

  static List<String> engines() {
    return List.of("turbojpeg", "java");
  }

  static Target scale(Path out, double s) {
    return new Target("t", out, s, 0, 0, 92, 420, false, false);
  }

  static Options options(Options.Color color, Options.Meta meta) {
    return new Options(
        Options.Mode.DEFAULT, Resampler.Filter.LANCZOS3, color, meta, 200_000_000L, 0);
  }

  static JpegHeader header(Path file) {
    try {
      return JpegHeader.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ResizeException e) {
      throw new AssertionError(file + ": " + e.getMessage(), e);
    }
  }
}
