package io.hotshrink.testing;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture reduced to n x n RGB cells, each the average of its part of the picture (whatever the
 * picture's aspect): enough to tell one picture from another whatever their sizes, so that an
 * output can be matched to the input it shows.
 */
public final class Thumbprint {
  private final int n;
  private final double[] rgb; // n * n * 3

  private Thumbprint(int n, double[] rgb) {
    this.n = n;
    this.rgb = rgb;
  }

  /** Of a decoded picture, {@code n} cells a side (a picture smaller than that is sampled). */
  public static Thumbprint of(BufferedImage img, int n) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    int gw = Math.max(w, n);
    int gh = Math.max(h, n);
    double[] sum = new double[n * n * 3];
    double[] count = new double[n * n];
    for (int y = 0; y < gh; y++) {
      for (int x = 0; x < gw; x++) {
        int p = px[(int) ((long) y * h / gh) * w + (int) ((long) x * w / gw)];
        int cell = (int) ((long) y * n / gh) * n + (int) ((long) x * n / gw);
        sum[cell * 3] += (p >> 16) & 0xff;
        sum[cell * 3 + 1] += (p >> 8) & 0xff;
        sum[cell * 3 + 2] += p & 0xff;
        count[cell]++;
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= count[i / 3];
    }
    return new Thumbprint(n, sum);
  }

  /** A binary PPM or PGM (P6 or P5, 8-bit), as djpeg and ImageMagick write them. */
  public static BufferedImage readPnm(byte[] b) {
    // The header: "P6", width, height, maxval, between white space and "#" comment lines.
    List<String> head = new ArrayList<>();
    int i = 0;
    while (head.size() < 4 && i < b.length) {
      if (b[i] == '#') {
        while (i < b.length && b[i] != '\n') {
          i++;
        }
      } else if (Character.isWhitespace(b[i])) {
        i++;
      } else {
        int start = i;
        while (i < b.length && !Character.isWhitespace(b[i])) {
          i++;
        }
        head.add(new String(b, start, i - start, StandardCharsets.US_ASCII));
      }
    }
    boolean gray = head.size() == 4 && head.get(0).equals("P5");
    if (head.size() < 4 || !(gray || head.get(0).equals("P6")) || !head.get(3).equals("255")) {
      throw new IllegalArgumentException("not an 8-bit binary PPM or PGM: " + head);
    }
    int w = Integer.parseInt(head.get(1));
    int h = Integer.parseInt(head.get(2));
    int channels = gray ? 1 : 3;
    int start = b.length - w * h * channels;
    int[] px = new int[w * h];
    for (int k = 0; k < px.length; k++) {
      int o = start + channels * k;
      int r = b[o] & 0xff;
      px[k] = gray ? r * 0x010101 : (r << 16) | ((b[o + 1] & 0xff) << 8) | (b[o + 2] & 0xff);
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, px, 0, w);
    return img;
  }

  /** Peak signal-to-noise ratio against another of the same size, in dB (99: identical). */
  public double psnr(Thumbprint other) {
    if (other.n != n) {
      throw new IllegalArgumentException(n + " cells against " + other.n);
    }
    double se = 0;
    for (int i = 0; i < rgb.length; i++) {
      double d = rgb[i] - other.rgb[i];
      se += d * d;
    }
    double mse = se / rgb.length;
    return mse == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
