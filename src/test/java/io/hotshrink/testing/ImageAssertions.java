package io.hotshrink.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Checks that an output really is the input, resized: size, and pixels close to a reference. */
public final class ImageAssertions {
  private ImageAssertions() {}

  /**
   * The output decodes completely, is {@code round(W × scale) × round(H × scale)} (±1 px), and its
   * pixels match the source scaled by Java2D's area averaging (an independent resampler) to within
   * JPEG noise.
   */
  public static void assertScaledCopy(Path source, Path output, double scale) {
    BufferedImage src = TestImages.read(source);
    BufferedImage out = TestImages.read(output);
    int ew = (int) Math.round(src.getWidth() * scale);
    int eh = (int) Math.round(src.getHeight() * scale);
    assertTrue(
        Math.abs(out.getWidth() - ew) <= 1 && Math.abs(out.getHeight() - eh) <= 1,
        output + ": " + out.getWidth() + "x" + out.getHeight() + ", expected " + ew + "x" + eh);
    double psnr = psnr(reference(src, out.getWidth(), out.getHeight()), out);
    assertTrue(psnr > 28, output + ": PSNR against a reference resize is only " + psnr + " dB");
  }

  /** {@code src} scaled to {@code w × h} by Java2D's area averaging (an independent resampler). */
  public static BufferedImage reference(BufferedImage src, int w, int h) {
    Image scaled = src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
    BufferedImage ref = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = ref.createGraphics();
    g.drawImage(scaled, 0, 0, null);
    g.dispose();
    return ref;
  }

  /** Peak signal-to-noise ratio over RGB, in dB. */
  public static double psnr(BufferedImage a, BufferedImage b) {
    int w = a.getWidth();
    int h = a.getHeight();
    // In bulk: a getRGB per pixel costs more than the arithmetic.
    int[] p = a.getRGB(0, 0, w, h, null, 0, w);
    int[] q = b.getRGB(0, 0, w, h, null, 0, w);
    double se = 0;
    for (int i = 0; i < p.length; i++) {
      for (int s = 0; s < 24; s += 8) {
        int d = ((p[i] >> s) & 0xff) - ((q[i] >> s) & 0xff);
        se += d * d;
      }
    }
    double mse = se / (3.0 * p.length);
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
