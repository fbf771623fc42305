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
    double se = 0;
    long n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 24; s += 8) {
          int d = ((p >> s) & 0xff) - ((q >> s) & 0xff);
          se += d * d;
          n++;
        }
      }
    }
    double mse = se / n;
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
