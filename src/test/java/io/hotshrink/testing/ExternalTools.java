package io.hotshrink.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The external tools some tests compare against (ImageMagick, exiftool), through {@link Tools}: a
 * missing one skips the test, or fails it under CI.
 */
public final class ExternalTools {
  /** The real ImageMagick 6 (a stand-in named "convert" may come first on the PATH). */
  public static final Path CONVERT = Path.of("/usr/bin/convert");

  public static final Path EXIFTOOL = Path.of("/usr/bin/exiftool");

  /** libjpeg-turbo's own decoder: what it decodes is what hotshrink must decode. */
  public static final Path DJPEG = Path.of("/usr/bin/djpeg");

  private ExternalTools() {}

  /** Skips the test (or fails it under CI) when the tool is not installed. */
  public static void require(Path tool, String debianPackage) {
    Tools.require(tool, debianPackage);
  }

  /** Runs a command; returns its stdout; fails the test on a non-zero exit. */
  public static byte[] run(List<String> cmd) {
    return Tools.run(cmd).ok().stdout();
  }

  /**
   * A file's pixels as 8-bit RGB, decoded by ImageMagick with {@code options} applied first (e.g.
   * {@code -colorspace sRGB}, {@code -profile x.icc}); no colour management unless asked for.
   */
  public static Rgb rgb(Path file, String... options) {
    require(CONVERT, "imagemagick");
    List<String> size = new ArrayList<>(List.of(CONVERT.toString(), file.toString()));
    size.addAll(List.of(options));
    size.addAll(List.of("-format", "%w %h", "info:"));
    String[] wh = new String(run(size)).trim().split(" ");
    List<String> cmd = new ArrayList<>(List.of(CONVERT.toString(), file.toString()));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-depth", "8", "rgb:-"));
    return new Rgb(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), run(cmd));
  }

  /**
   * What libjpeg-turbo's djpeg makes of a JPEG: its exit status is 0 (clean), 2 (decoded, with
   * warnings) or 1 (a fatal error), and its messages, one a line; the pixels are thrown away.
   */
  public static Djpeg djpeg(Path file) {
    require(DJPEG, "libjpeg-turbo-progs");
    Tools.Run r = Tools.run(List.of(DJPEG.toString(), "-outfile", "/dev/null", file.toString()));
    return new Djpeg(r.status(), r.err().trim());
  }

  /** djpeg's verdict on a file. */
  public record Djpeg(int status, String messages) {
    /** It wrote the image (perhaps with warnings): libjpeg-turbo decodes this file. */
    public boolean decodes() {
      return status == 0 || status == 2;
    }

    /** The last message: the fatal error, or the last warning. */
    public String last() {
      String[] lines = messages.split("\n");
      return lines[lines.length - 1];
    }
  }

  /** Tags as exiftool prints them with {@code -s -G1}: "[Group] Tag : value" lines. */
  public static String exif(Path file) {
    require(EXIFTOOL, "libimage-exiftool-perl");
    return new String(run(List.of(EXIFTOOL.toString(), "-s", "-G1", "-a", file.toString())));
  }

  /** Packed RGB pixels. */
  public record Rgb(int width, int height, byte[] pixels) {
    /** The pixel at (x, y) as {r, g, b}. */
    public int[] at(int x, int y) {
      int i = (y * width + x) * 3;
      return new int[] {pixels[i] & 0xff, pixels[i + 1] & 0xff, pixels[i + 2] & 0xff};
    }

    /** Peak signal-to-noise ratio against another image of the same size, in dB. */
    public double psnr(Rgb other) {
      assertEquals(width + "x" + height, other.width + "x" + other.height, "sizes differ");
      double se = 0;
      for (int i = 0; i < pixels.length; i++) {
        int d = (pixels[i] & 0xff) - (other.pixels[i] & 0xff);
        se += d * d;
      }
      double mse = se / pixels.length;
      return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
    }
  }
}
