package io.hotshrink.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What each decodable corpus file looks like, decoded by libjpeg-turbo's djpeg (the reference for
 * what libjpeg-turbo decodes, damaged files included: ImageMagick gives up on some of those and
 * returns a black image), reduced to about 64 px on the long side and turned upright by its EXIF
 * orientation. djpeg cannot write CMYK: those are decoded by ImageMagick (which reads CMYK as
 * Adobe-inverted ink).
 */
public final class CorpusReferences {
  private CorpusReferences() {}

  /** By {@link Corpus.Entry#flatName()}; files no tool could decode are missing. */
  public static Map<String, BufferedImage> of(List<Corpus.Entry> entries, Path work)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    ExternalTools.require(ExternalTools.DJPEG, "libjpeg-turbo-progs");
    ExternalTools.require(ExternalTools.CONVERT, "imagemagick");
    Map<String, BufferedImage> out = new HashMap<>();
    List<String> cmyk =
        new ArrayList<>(
            List.of(
                "/usr/bin/mogrify",
                "-path",
                work.toString(),
                "-format",
                "ppm",
                "-colorspace",
                "sRGB",
                "-type",
                "TrueColor",
                "-depth",
                "8",
                "-strip"));
    int files = cmyk.size();
    Map<String, Path> made = new HashMap<>();
    Map<String, Corpus.Entry> byName = new HashMap<>();
    for (Corpus.Entry e : entries) {
      if (!e.decodes()) {
        continue;
      }
      Path in = Corpus.dir().resolve(e.path());
      String stem = e.flatName().replaceAll("\\.[^.]*$", "");
      if (e.components().startsWith("4")) {
        Path copy = work.resolve(e.flatName());
        Files.copy(in, copy);
        cmyk.add(copy.toString());
        made.put(e.flatName(), work.resolve(stem + ".ppm"));
        byName.put(e.flatName(), e);
        continue;
      }
      // Whole, not scaled in the decoder: a DCT-scaled image is aligned to blocks, not to the
      // picture's proportions (its last pixel covers what is left of a block).
      byte[] pnm = output(List.of(ExternalTools.DJPEG.toString(), in.toString()));
      if (pnm.length > 0) {
        out.put(e.flatName(), upright(small(Thumbprint.readPnm(pnm)), e.orientation()));
      }
    }
    if (cmyk.size() > files) {
      run(cmyk);
    }
    for (Map.Entry<String, Path> m : made.entrySet()) {
      if (Files.exists(m.getValue())) {
        Corpus.Entry e = byName.get(m.getKey());
        BufferedImage img = Thumbprint.readPnm(Files.readAllBytes(m.getValue()));
        out.put(e.flatName(), upright(small(img), e.orientation()));
      }
    }
    return out;
  }

  /** About 64 px on the long side, each pixel the average of its part (proportions kept). */
  static BufferedImage small(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    // 64 px on the long side, but no less than 16 on the short one (a 255 x 2448 strip).
    double f = Math.min(1, Math.max(64.0 / Math.max(w, h), 16.0 / Math.min(w, h)));
    if (f == 1) {
      return img;
    }
    int sw = Math.max(1, (int) Math.round(w * f));
    int sh = Math.max(1, (int) Math.round(h * f));
    int[] px = img.getRGB(0, 0, w, h, null, 0, w);
    long[] sum = new long[sw * sh * 3];
    long[] n = new long[sw * sh];
    for (int y = 0; y < h; y++) {
      int cy = (int) ((long) y * sh / h);
      for (int x = 0; x < w; x++) {
        int c = cy * sw + (int) ((long) x * sw / w);
        int p = px[y * w + x];
        sum[c * 3] += (p >> 16) & 0xff;
        sum[c * 3 + 1] += (p >> 8) & 0xff;
        sum[c * 3 + 2] += p & 0xff;
        n[c]++;
      }
    }
    int[] outPx = new int[sw * sh];
    for (int c = 0; c < outPx.length; c++) {
      outPx[c] =
          (int) (sum[c * 3] / n[c]) << 16
              | (int) (sum[c * 3 + 1] / n[c]) << 8
              | (int) (sum[c * 3 + 2] / n[c]);
    }
    BufferedImage out = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, sw, sh, outPx, 0, sw);
    return out;
  }

  /** A command's standard output (its errors and warnings are thrown away). */
  private static byte[] output(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] bytes;
    try (var in = p.getInputStream()) {
      bytes = in.readAllBytes();
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + cmd.get(0));
    }
    return bytes;
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + cmd.get(0));
    }
  }

  /** Turned from stored to displayed by EXIF orientation 1..8. */
  static BufferedImage upright(BufferedImage src, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return src;
    }
    int w = src.getWidth();
    int h = src.getHeight();
    boolean swap = orientation >= 5;
    BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] d =
            switch (orientation) {
              case 2 -> new int[] {w - 1 - x, y};
              case 3 -> new int[] {w - 1 - x, h - 1 - y};
              case 4 -> new int[] {x, h - 1 - y};
              case 5 -> new int[] {y, x};
              case 6 -> new int[] {h - 1 - y, x};
              case 7 -> new int[] {h - 1 - y, w - 1 - x};
              default -> new int[] {y, w - 1 - x}; // 8
            };
        dst.setRGB(d[0], d[1], src.getRGB(x, y));
      }
    }
    return dst;
  }
}
