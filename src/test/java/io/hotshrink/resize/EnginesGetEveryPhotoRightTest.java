package io.hotshrink.resize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.ExternalTools;
import io.hotshrink.testing.ExternalTools.Rgb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines on real JPEGs made by ImageMagick, exiftool, cjpeg and Pillow (see
 * make-fixtures.sh): orientation, colour, limits, coding processes, encoding options. Pixels are
 * read back by ImageMagick, not by our own code.
 */
class EnginesGetEveryPhotoRightTest {
  @TempDir Path tmp;

  static List<String> engines() {
    return Fixtures.engines();
  }

  private Path out(String name) {
    return tmp.resolve(name);
  }

  private static void assertColor(Rgb img, int x, int y, int r, int g, int b, String what) {
    int[] p = img.at(x, y);
    assertTrue(
        Math.abs(p[0] - r) < 40 && Math.abs(p[1] - g) < 40 && Math.abs(p[2] - b) < 40,
        what + " at " + x + "," + y + " is " + p[0] + "," + p[1] + "," + p[2]);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void everyExifOrientationComesOutUprightAndSaysSo(String engine) throws Exception {
    Resizer r = Fixtures.engine(engine);
    for (int n = 1; n <= 8; n++) {
      Path o = out("o" + n + ".jpg");
      ResizeResult res =
          r.resize(Fixtures.jpeg("orient-" + n + ".jpg"), List.of(Fixtures.scale(o, 0.5)));
      String what = engine + " orientation " + n;
      assertEquals(120, res.outputs().get(0).width(), what);
      assertEquals(80, res.outputs().get(0).height(), what);
      Rgb img = ExternalTools.rgb(o);
      assertEquals(120, img.width(), what);
      assertEquals(80, img.height(), what);
      assertColor(img, 8, 6, 0xe0, 0x10, 0x10, what + ": red mark top-left");
      assertColor(img, 111, 6, 0x10, 0xc0, 0x10, what + ": green mark top-right");
      assertColor(img, 8, 73, 0x10, 0x10, 0xe0, what + ": blue mark bottom-left");
      assertEquals(1, Fixtures.header(o).orientation(), what + ": output orientation");
      assertTrue(Fixtures.header(o).exif != null, what + ": EXIF kept");
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void cmykAndYcckComeOutAsTheRgbImageMagickMakesOfThem(String engine) throws Exception {
    Resizer r = Fixtures.engine(engine);
    for (String f : List.of("cmyk-ycck.jpg", "cmyk-plain.jpg")) {
      Path o = out(f);
      r.resize(Fixtures.jpeg(f), List.of(Fixtures.scale(o, 1.0)));
      JpegHeader h = Fixtures.header(o);
      assertEquals(3, h.components, f + ": RGB (YCbCr) output");
      assertNull(h.icc, f);
      double psnr =
          ExternalTools.rgb(o).psnr(ExternalTools.rgb(Fixtures.jpeg(f), "-colorspace", "sRGB"));
      System.out.printf("%s %s: PSNR against ImageMagick %.1f dB%n", engine, f, psnr);
      assertTrue(psnr > 32, engine + " " + f + ": PSNR against ImageMagick " + psnr);
    }
    // With a CMYK profile: converted through it, as ImageMagick's -profile does.
    Path o = out("profile.jpg");
    r.resize(Fixtures.jpeg("cmyk-ycck-profile.jpg"), List.of(Fixtures.scale(o, 1.0)));
    Rgb im =
        ExternalTools.rgb(
            Fixtures.jpeg("cmyk-ycck-profile.jpg"),
            "-profile",
            "/usr/share/color/icc/ghostscript/srgb.icc");
    double psnr = ExternalTools.rgb(o).psnr(im);
    System.out.printf("%s cmyk-ycck-profile.jpg: PSNR against ImageMagick %.1f dB%n", engine, psnr);
    assertTrue(psnr > 28, engine + " CMYK with profile: PSNR against ImageMagick " + psnr);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anEmbeddedProfileIsKeptWithItsPixelsByDefault(String engine) throws Exception {
    Path src = Fixtures.jpeg("adobergb.jpg");
    Path o = out("keep.jpg");
    Fixtures.engine(engine).resize(src, List.of(Fixtures.scale(o, 1.0)));
    assertArrayEquals(Fixtures.header(src).icc, Fixtures.header(o).icc, "the same profile");
    double psnr = ExternalTools.rgb(o).psnr(ExternalTools.rgb(src));
    assertTrue(psnr > 36, engine + ": pixels unconverted, PSNR " + psnr);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void colorSrgbConvertsThePixelsAndWritesNoProfile(String engine) throws Exception {
    Path src = Fixtures.jpeg("adobergb.jpg");
    Path o = out("srgb.jpg");
    Fixtures.engine(engine)
        .resize(
            src,
            List.of(Fixtures.scale(o, 1.0)),
            Fixtures.options(Options.Color.SRGB, Options.Meta.KEEP));
    assertNull(Fixtures.header(o).icc, "no profile");
    Rgb im = ExternalTools.rgb(src, "-profile", "/usr/share/color/icc/ghostscript/srgb.icc");
    double converted = ExternalTools.rgb(o).psnr(im);
    double raw = ExternalTools.rgb(o).psnr(ExternalTools.rgb(src));
    assertTrue(converted > 30, engine + ": PSNR against ImageMagick's conversion " + converted);
    assertTrue(
        converted > raw + 3, engine + ": really converted (" + converted + " vs " + raw + ")");
  }

  @ParameterizedTest
  @MethodSource("engines")
  void rgbToldOnlyByItsComponentIdsIsReadAsRgb(String engine) throws Exception {
    // Component ids 'R', 'G', 'B', neither JFIF nor Adobe marker: libjpeg reads it as RGB.
    Path src = Fixtures.jpeg("rgb-ids.jpg");
    Path o = out("rgb-ids.jpg");
    Fixtures.engine(engine).resize(src, List.of(Fixtures.scale(o, 1.0)));
    double psnr = ExternalTools.rgb(o).psnr(ExternalTools.rgb(src));
    System.out.printf("%s rgb-ids.jpg: PSNR against ImageMagick %.1f dB%n", engine, psnr);
    assertTrue(psnr > 33, engine + ": the colours of the RGB file, PSNR " + psnr);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void grayscaleStaysGrayscale(String engine) throws Exception {
    Path o = out("gray.jpg");
    Fixtures.engine(engine).resize(Fixtures.jpeg("gray.jpg"), List.of(Fixtures.scale(o, 0.5)));
    assertEquals(1, Fixtures.header(o).components);
    assertTrue(
        ExternalTools.rgb(o)
                .psnr(ExternalTools.rgb(Fixtures.jpeg("gray.jpg"), "-resize", "120x80!"))
            > 30);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void qualityProgressiveAndSubsamplingAreWhatWasAskedFor(String engine) throws Exception {
    Resizer r = Fixtures.engine(engine);
    Path src = Fixtures.jpeg("rgb.jpg");
    long[] sizes = new long[2];
    int i = 0;
    for (int q : new int[] {40, 95}) {
      Path o = out("q" + q + ".jpg");
      r.resize(src, List.of(new Target("t", o, 1.0, 0, 0, q, 444, false, false)));
      sizes[i++] = Files.size(o);
    }
    assertTrue(
        sizes[0] * 2 < sizes[1],
        "quality 40 is much smaller than 95: " + sizes[0] + " vs " + sizes[1]);
    for (int[] s : new int[][] {{444, 1, 1}, {422, 2, 1}, {420, 2, 2}}) {
      for (boolean progressive : new boolean[] {false, true}) {
        Path o = out("s" + s[0] + progressive + ".jpg");
        r.resize(src, List.of(new Target("t", o, 0.5, 0, 0, 85, s[0], progressive, false)));
        JpegHeader h = Fixtures.header(o);
        assertEquals(s[1] + "x" + s[2], h.lumaH + "x" + h.lumaV, engine + " subsampling " + s[0]);
        assertEquals(progressive, h.progressive(), engine + " progressive");
        assertEquals(120, ExternalTools.rgb(o).width());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aFitBoxEnlargesOnlyWhenAllowed(String engine) throws Exception {
    Resizer r = Fixtures.engine(engine);
    Path a = out("a.jpg");
    Path b = out("b.jpg");
    ResizeResult res =
        r.resize(
            Fixtures.jpeg("rgb.jpg"),
            List.of(
                new Target("no", a, 0, 480, 480, 85, 420, false, false),
                new Target("yes", b, 0, 480, 480, 85, 420, false, true)));
    assertEquals(240, res.outputs().get(0).width());
    assertEquals(160, res.outputs().get(0).height());
    assertEquals(480, res.outputs().get(1).width());
    assertEquals(320, res.outputs().get(1).height());
    assertEquals(320, ExternalTools.rgb(b).height());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void limitsAreCheckedFromTheHeaderBeforeDecoding(String engine) throws Exception {
    // Only the header is valid: decoding would fail differently, so the limit came first.
    byte[] whole = Files.readAllBytes(Fixtures.jpeg("rgb.jpg"));
    int sos = 0;
    while (!((whole[sos] & 0xff) == 0xFF && (whole[sos + 1] & 0xff) == 0xDA)) {
      sos++;
    }
    byte[] head = java.util.Arrays.copyOf(whole, sos + 40);
    Path src = tmp.resolve("header-only.jpg");
    Files.write(src, head);
    Resizer r = Fixtures.engine(engine);
    Options pixels =
        new Options(
            Options.Mode.DEFAULT,
            Resampler.Filter.LANCZOS3,
            Options.Color.KEEP,
            Options.Meta.KEEP,
            240 * 160 - 1,
            0);
    ResizeException e =
        assertThrows(
            ResizeException.class,
            () -> r.resize(src, List.of(Fixtures.scale(out("x.jpg"), 0.5)), pixels));
    assertEquals(ResizeException.Kind.INPUT, e.kind());
    assertTrue(
        e.getMessage().contains("240x160") && e.getMessage().contains("limits.max-pixels"),
        e.getMessage());
    Options bytes =
        new Options(
            Options.Mode.DEFAULT,
            Resampler.Filter.LANCZOS3,
            Options.Color.KEEP,
            Options.Meta.KEEP,
            0,
            100);
    e =
        assertThrows(
            ResizeException.class,
            () -> r.resize(src, List.of(Fixtures.scale(out("x.jpg"), 0.5)), bytes));
    assertEquals(ResizeException.Kind.INPUT, e.kind());
    assertTrue(e.getMessage().contains("limits.max-file-size"), e.getMessage());
    assertTrue(Files.notExists(out("x.jpg")));
  }

  @ParameterizedTest
  @MethodSource("engines")
  void twelveBitJpegsAreRefusedWithAClearReason(String engine) {
    ResizeException e =
        assertThrows(
            ResizeException.class,
            () ->
                Fixtures.engine(engine)
                    .resize(
                        Fixtures.jpeg("twelve-bit.jpg"),
                        List.of(Fixtures.scale(out("x.jpg"), 0.5))));
    assertEquals(ResizeException.Kind.INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("12-bit JPEG"), e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void arithmeticCodedJpegsWorkWithTurbojpegAndAreRefusedClearlyByJava(String engine)
      throws Exception {
    Resizer r = Fixtures.engine(engine);
    Path o = out("arith.jpg");
    List<Target> t = List.of(Fixtures.scale(o, 0.5));
    if (engine.equals("java")) {
      ResizeException e =
          assertThrows(ResizeException.class, () -> r.resize(Fixtures.jpeg("arithmetic.jpg"), t));
      assertEquals(ResizeException.Kind.INPUT, e.kind());
      assertTrue(e.getMessage().contains("arithmetic-coded"), e.getMessage());
    } else {
      r.resize(Fixtures.jpeg("arithmetic.jpg"), t);
      Rgb ref = ExternalTools.rgb(Fixtures.jpeg("rgb.jpg"), "-resize", "120x80!");
      assertTrue(ExternalTools.rgb(o).psnr(ref) > 28);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aMissingInputIsMissingNotBad(String engine) {
    ResizeException e =
        assertThrows(
            ResizeException.class,
            () ->
                Fixtures.engine(engine)
                    .resize(tmp.resolve("gone.jpg"), List.of(Fixtures.scale(out("x.jpg"), 0.5))));
    assertEquals(ResizeException.Kind.MISSING, e.kind());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anUnwritableOutputIsAnOutputFailure(String engine) {
    Path o = tmp.resolve("no-such-folder").resolve("x.jpg");
    ResizeException e =
        assertThrows(
            ResizeException.class,
            () ->
                Fixtures.engine(engine)
                    .resize(Fixtures.jpeg("rgb.jpg"), List.of(Fixtures.scale(o, 0.5))));
    assertEquals(ResizeException.Kind.OUTPUT, e.kind());
  }
}
