package io.hotshrink.testing;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Photo-like test JPEGs made on the fly: smooth gradients, hard-edged shapes and fine noise, so a
 * resizer has real detail to get right (or wrong), without committing megabytes of fixtures.
 */
public final class TestImages {
  private TestImages() {}

  /** A colour picture of {@code w × h}, deterministic for a seed. */
  public static BufferedImage photo(int w, int h, long seed) {
    Random rnd = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, randomColor(rnd), w, h, randomColor(rnd)));
    g.fillRect(0, 0, w, h);
    for (int i = 0; i < 12; i++) {
      g.setColor(randomColor(rnd));
      int x = rnd.nextInt(w);
      int y = rnd.nextInt(h);
      int s = 1 + rnd.nextInt(Math.max(2, Math.min(w, h) / 3));
      if (i % 2 == 0) {
        g.fillOval(x, y, s, s);
      } else {
        g.fillRect(x, y, s, s / 2 + 1);
      }
    }
    g.dispose();
    // Fine grain, like sensor noise.
    for (int y = 0; y < h; y += 2) {
      for (int x = 0; x < w; x += 2) {
        int rgb = img.getRGB(x, y);
        int d = rnd.nextInt(17) - 8;
        int r = clamp(((rgb >> 16) & 0xff) + d);
        int gg = clamp(((rgb >> 8) & 0xff) + d);
        int b = clamp((rgb & 0xff) + d);
        img.setRGB(x, y, (r << 16) | (gg << 8) | b);
      }
    }
    return img;
  }

  private static Color randomColor(Random rnd) {
    return new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  public static byte[] jpeg(BufferedImage img, float quality, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      if (progressive) {
        p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Writes a photo JPEG of {@code w × h} to {@code file} (creating folders); returns the file. */
  public static Path write(Path file, int w, int h, long seed, boolean progressive) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, jpeg(photo(w, h, seed), 0.9f, progressive));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path write(Path file, int w, int h, long seed) {
    return write(file, w, h, seed, false);
  }

  /** Decodes a file; fails the test when it is not a complete image. */
  public static BufferedImage read(Path file) {
    try {
      BufferedImage img = ImageIO.read(file.toFile());
      if (img == null) {
        throw new AssertionError(file + " is not an image");
      }
      return img;
    } catch (IOException e) {
      throw new AssertionError(file + " does not decode: " + e, e);
    }
  }

  /** Width and height from the file, decoding it fully (a truncated file throws). */
  public static int[] size(Path file) {
    BufferedImage img = read(file);
    return new int[] {img.getWidth(), img.getHeight()};
  }
}
