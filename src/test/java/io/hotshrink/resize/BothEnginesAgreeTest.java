package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ExternalTools;
import io.hotshrink.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs through {@code turbojpeg} and {@code java}: the same dimensions and nearly the
 * same pixels. Both resample YCbCr planes; they differ only in decoder rounding and chroma
 * upsampling (java's decoder gives full-size chroma, which FancyUpsampling takes back to the stored
 * samples), in the encoder, and for large reductions in how the first halving is done (turbojpeg's
 * DCT-scaled decode, java's box average). Measured (printed by this test): 48-55 dB for colour
 * photos, identical for 4:4:4, gray and CMYK sources.
 */
class BothEnginesAgreeTest {
  @TempDir Path tmp;

  @Test
  void sameSizesAndNearlyTheSamePixels() throws Exception {
    Resizer turbo = Fixtures.engine("turbojpeg");
    Resizer java = Fixtures.engine("java");
    List<Path> inputs =
        List.of(
            TestImages.write(tmp.resolve("photo.jpg"), 1200, 800, 1),
            TestImages.write(tmp.resolve("progressive.jpg"), 1000, 1333, 2, true),
            Fixtures.jpeg("rgb.jpg"),
            Fixtures.jpeg("orient-6.jpg"),
            Fixtures.jpeg("gray.jpg"),
            Fixtures.jpeg("cmyk-ycck.jpg"),
            Fixtures.jpeg("adobergb.jpg"));
    for (Path in : inputs) {
      for (Target t :
          List.of(
              Fixtures.scale(tmp.resolve("x.jpg"), 0.5),
              new Target("fit", tmp.resolve("x.jpg"), 0, 300, 300, 92, 420, false, false))) {
        Path a = tmp.resolve("turbo.jpg");
        Path b = tmp.resolve("java.jpg");
        ResizeResult ra = turbo.resize(in, List.of(withFile(t, a)));
        ResizeResult rb = java.resize(in, List.of(withFile(t, b)));
        String what = in.getFileName() + " " + (t.scale() > 0 ? "scale 0.5" : "fit 300x300");
        assertEquals(ra.outputs().get(0).width(), rb.outputs().get(0).width(), what);
        assertEquals(ra.outputs().get(0).height(), rb.outputs().get(0).height(), what);
        double psnr = ExternalTools.rgb(a).psnr(ExternalTools.rgb(b));
        System.out.printf("turbojpeg vs java, %s: %.1f dB%n", what, psnr);
        assertTrue(psnr > 33, what + ": PSNR between the engines " + psnr);
      }
    }
  }

  @Test
  void fastModeStaysCloseToTheDefault() throws Exception {
    Resizer turbo = Fixtures.engine("turbojpeg");
    Path in = TestImages.write(tmp.resolve("photo.jpg"), 2400, 1600, 3);
    Path a = tmp.resolve("default.jpg");
    Path b = tmp.resolve("fast.jpg");
    Target t = new Target("t", a, 0, 500, 500, 92, 420, false, false);
    turbo.resize(in, List.of(t));
    turbo.resize(
        in,
        List.of(withFile(t, b)),
        new Options(
            Options.Mode.FAST,
            Resampler.Filter.LANCZOS3,
            Options.Color.KEEP,
            Options.Meta.KEEP,
            0,
            0));
    double psnr = ExternalTools.rgb(a).psnr(ExternalTools.rgb(b));
    System.out.printf("turbojpeg fast vs default, 2400x1600 to 500: %.1f dB%n", psnr);
    assertTrue(psnr > 32, "fast vs default " + psnr);
  }

  private static Target withFile(Target t, Path f) {
    return new Target(
        t.name(),
        f,
        t.scale(),
        t.fitWidth(),
        t.fitHeight(),
        t.quality(),
        t.subsampling(),
        t.progressive(),
        t.enlarge());
  }
}
