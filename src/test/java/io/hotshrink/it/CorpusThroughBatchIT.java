package io.hotshrink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hotshrink.testing.Corpus;
import io.hotshrink.testing.CorpusReferences;
import io.hotshrink.testing.ImageAssertions;
import io.hotshrink.testing.Launcher;
import io.hotshrink.testing.Thumbprint;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole third-party corpus ({@link Corpus}: several hundred JPEGs from the test suites of
 * public decoders, a third of them broken) through one {@code hotshrink batch} per engine and
 * thread count, as a user would run it, scale 0.5, {@code metadata = keep}. The batch takes the
 * largest files first; each file gets a random amount of comment padding (a COM segment, which
 * decoders skip and hotshrink does not copy) so that the order is another random one each time,
 * broken files among the good ones. Then:
 *
 * <ul>
 *   <li>every file libjpeg-turbo's djpeg decodes (with a warning or without) is published, at the
 *       right size for its orientation (the java engine refuses arithmetic coding, by name);
 *   <li>every output decodes cleanly (the JDK's decoder, not a word of warning);
 *   <li>every output shows its own input (the leak check): its thumbprint is close to that of
 *       djpeg's decode of its input, and no other input's is closer by a margin (unless that input
 *       looks like this one: the corpus holds crops and re-encodings of the same pictures);
 *   <li>each engine makes the same pixels of every file in both of its batches, whatever came
 *       before it on its thread: what an output shows depends on its input alone;
 *   <li>both engines' outputs of the clean files agree: PSNR at least 40 dB on ordinary ones.
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusThroughBatchIT {
  private static final double SCALE = 0.5;

  @TempDir static Path work;

  private static List<Corpus.Entry> entries;
  // Each decodable input as djpeg decodes it, upright, at most 64 px a side.
  private static final Map<String, BufferedImage> references = new HashMap<>();
  // cells a side -> flat name -> the reference's thumbprint
  private static final Map<Integer, Map<String, Thumbprint>> prints = new HashMap<>();
  // "engine-threads" -> flat name -> a digest of the output's pixels
  private static final Map<String, Map<String, String>> digests = new HashMap<>();

  @BeforeAll
  static void referencesOfTheInputs() throws Exception {
    entries = Corpus.entries();
    assertTrue(entries.size() >= 300, "the corpus has " + entries.size() + " files");
    references.putAll(CorpusReferences.of(entries, work.resolve("references")));
    System.out.printf(
        "corpus: %d files, %d decodable by djpeg (%d cleanly), %d references%n",
        entries.size(),
        entries.stream().filter(Corpus.Entry::decodes).count(),
        entries.stream().filter(Corpus.Entry::clean).count(),
        references.size());
  }

  @ParameterizedTest(name = "{0}, {1} thread(s)")
  @CsvSource({"turbojpeg, 1, 101", "turbojpeg, 2, 102", "java, 1, 103", "java, 2, 104"})
  @Order(1)
  void oneBatchPublishesWhatLibjpegDecodesEachOutputItsOwn(String engine, int threads, long seed)
      throws Exception {
    Path out = batch(engine, threads, seed);
    List<String> problems = new ArrayList<>();
    Map<String, String> made = new HashMap<>();
    for (Corpus.Entry e : entries) {
      Path o = output(out, e);
      boolean expected = e.decodes() && !(engine.equals("java") && e.arithmetic());
      if (!Files.exists(o)) {
        if (expected) {
          problems.add(e.path() + ": djpeg decodes it (" + e.verdict() + "), not published");
        }
        continue;
      }
      BufferedImage img = decodeCleanly(o, problems, e.path());
      if (img == null) {
        continue;
      }
      made.put(e.flatName(), digest(img));
      int[] size = e.sizeAt(SCALE);
      if (e.decodes() && (img.getWidth() != size[0] || img.getHeight() != size[1])) {
        problems.add(
            String.format(
                "%s: %dx%d, expected %dx%d",
                e.path(), img.getWidth(), img.getHeight(), size[0], size[1]));
      }
      checkItShowsItsOwnInput(e, img, problems);
    }
    System.out.printf("%s, %d thread(s): %d published%n", engine, threads, made.size());
    digests.put(engine + "-" + threads, made);
    assertEquals(List.of(), problems, engine + ", " + threads + " thread(s)");
  }

  @Test
  @Order(2)
  void eachEngineMakesTheSamePixelsWhateverCameBefore() {
    for (String engine : List.of("turbojpeg", "java")) {
      Map<String, String> one = digests.get(engine + "-1");
      Map<String, String> two = digests.get(engine + "-2");
      assertTrue(one != null && two != null, engine + ": both batches ran");
      assertEquals(one.keySet(), two.keySet(), engine + ": the same files published");
      List<String> differ = new ArrayList<>();
      one.forEach(
          (name, d) -> {
            if (!d.equals(two.get(name))) {
              differ.add(name);
            }
          });
      assertEquals(List.of(), differ, engine + ": pixels that depend on the order");
    }
  }

  /**
   * The engines differ in decoding chroma (turbojpeg takes the stored samples from the decoder; the
   * java engine gets them upsampled, and undoes that) and in their encoders. On ordinary files
   * (gray, 4:4:4, 4:2:2, 4:2:0, outputs of 32 px a side or more) that stays under the noise of a 40
   * dB PSNR; on the rest (a handful of pixels, exotic subsamplings) it is measured, and must still
   * be the same picture.
   */
  @Test
  @Order(3)
  void bothEnginesAgreeOnTheCleanFiles() throws IOException {
    List<String> problems = new ArrayList<>();
    double worstOrdinary = 99;
    double worstOther = 99;
    int ordinary = 0;
    int other = 0;
    for (Corpus.Entry e : entries) {
      Path a = output(work.resolve("turbojpeg-1/out"), e);
      Path b = output(work.resolve("java-1/out"), e);
      if (!e.clean() || !Files.exists(a) || !Files.exists(b)) {
        continue;
      }
      List<String> ignored = new ArrayList<>();
      BufferedImage ia = decodeCleanly(a, ignored, "");
      double psnr = ImageAssertions.psnr(ia, decodeCleanly(b, ignored, ""));
      if (e.usualSampling() && Math.min(ia.getWidth(), ia.getHeight()) >= 32) {
        ordinary++;
        worstOrdinary = Math.min(worstOrdinary, psnr);
        if (psnr < 40) {
          problems.add(e.path() + String.format(": %.1f dB", psnr));
        }
      } else {
        other++;
        worstOther = Math.min(worstOther, psnr);
        if (psnr < 20) {
          problems.add(e.path() + String.format(": %.1f dB (small or exotic)", psnr));
        }
      }
    }
    System.out.printf(
        "turbojpeg against java: %d ordinary clean files, the worst at %.1f dB; %d small or"
            + " exotic, the worst at %.1f dB%n",
        ordinary, worstOrdinary, other, worstOther);
    assertTrue(ordinary > 150, ordinary + " ordinary clean files compared");
    assertEquals(List.of(), problems, "turbojpeg against java");
  }

  /** Runs the batch; returns its output folder. */
  private static Path batch(String engine, int threads, long seed) throws Exception {
    Path run = Files.createDirectories(work.resolve(engine + "-" + threads));
    Path in = Files.createDirectories(run.resolve("in"));
    Random rnd = new Random(seed);
    for (Corpus.Entry e : entries) {
      Files.write(
          in.resolve(e.flatName()),
          padded(Files.readAllBytes(Corpus.dir().resolve(e.path())), rnd.nextInt(60_000)));
    }
    Path conf = run.resolve("batch.conf");
    Files.writeString(
        conf,
        String.format(
            "hotshrink {%n renditions = [ { name = half, scale = %s } ]%n"
                + " resize { engine = %s, metadata = keep }%n"
                + " pool { workers = 1, threads = %d, job-timeout = 60s }%n"
                + " http.enabled = false%n}%n",
            SCALE, engine, threads));
    long t0 = System.nanoTime();
    Launcher.Result r =
        Launcher.run(
            run, Map.of(), "batch", "-c", conf.toString(), "in", "out", "--progress-every", "1m");
    System.out.printf(
        "%s, %d thread(s): %s (%.1f s)%n",
        engine, threads, r.out().trim(), (System.nanoTime() - t0) / 1e9);
    assertTrue(r.status() == 0 || r.status() == 1, "batch ran to its end: " + r.err());
    return run.resolve("out");
  }

  private static Path output(Path out, Corpus.Entry e) {
    return out.resolve(e.flatName().replaceAll("\\.[^.]*$", ".jpg"));
  }

  /**
   * The output's thumbprint is close to its own input's, and no other input's is closer by a
   * margin, unless that input is as close to this one (a crop or re-encoding of the same picture).
   * Thumbprints are as fine as the output allows (cells of 2 x 2 output pixels or more), at most 16
   * cells a side; an output under 8 px a side is too small to judge this way (the same-pixels test
   * covers it).
   */
  private static void checkItShowsItsOwnInput(Corpus.Entry e, BufferedImage img, List<String> p) {
    BufferedImage ownInput = references.get(e.flatName());
    // Each cell at least 2 x 2 output pixels, so that resamplers' differences average out.
    int n = Math.min(16, Math.min(img.getWidth(), img.getHeight()) / 2);
    if (ownInput == null || e.inkAmbiguous() || n < 4) {
      return; // no reference, or a CMYK file ImageMagick reads as inverted ink and hotshrink not
    }
    Map<String, Thumbprint> all = thumbprints(n);
    Thumbprint out = Thumbprint.of(img, n);
    Thumbprint own = all.get(e.flatName());
    double mine = out.psnr(own);
    // Coarse thumbprints of sharp-edged pictures differ more (a 16 x 16 image of four colour
    // squares, halved and 4:2:0-encoded, is 18.6 dB from its input at 4 x 4 cells).
    if (mine < (n >= 8 ? 20 : 15)) {
      p.add(e.path() + String.format(": only %.1f dB from its own input", mine));
    }
    for (Map.Entry<String, Thumbprint> other : all.entrySet()) {
      if (other.getKey().equals(e.flatName())) {
        continue;
      }
      Thumbprint theirs = other.getValue();
      double likeOther = out.psnr(theirs);
      // A leaked output shows another picture: far from its own input (a close match, however
      // close to others too, is no leak), closer to that one, which is not a near-copy of it.
      if (mine < 30 && likeOther > mine + 3 && own.psnr(theirs) < likeOther - 3) {
        p.add(
            e.path()
                + " looks like "
                + other.getKey()
                + String.format(" (%.1f dB, %.1f dB from its own)", likeOther, mine));
      }
    }
  }

  private static synchronized Map<String, Thumbprint> thumbprints(int n) {
    return prints.computeIfAbsent(
        n,
        k -> {
          Map<String, Thumbprint> m = new HashMap<>();
          references.forEach((name, img) -> m.put(name, Thumbprint.of(img, k)));
          return m;
        });
  }

  /** A digest of the pixels. */
  private static String digest(BufferedImage img) {
    int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    return img.getWidth() + "x" + img.getHeight() + ":" + java.util.Arrays.hashCode(px);
  }

  /**
   * The output decoded by the JDK (a warning or an error is a problem), as RGB without colour
   * management: the samples as stored (an output keeps its input's ICC profile, which ImageIO would
   * apply, and ImageMagick's thumbprints of the inputs do not).
   */
  private static BufferedImage decodeCleanly(Path o, List<String> problems, String what)
      throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream s = ImageIO.createImageInputStream(o.toFile())) {
      reader.setInput(s);
      reader.addIIOReadWarningListener((src, w) -> warnings.add(w));
      Raster raster = reader.readRaster(0, null);
      if (!warnings.isEmpty()) {
        problems.add(what + ": the output decodes with warnings " + warnings);
      }
      return rgb(raster);
    } catch (IOException | RuntimeException ex) {
      problems.add(what + ": the output does not decode: " + ex);
      return null;
    } finally {
      reader.dispose();
    }
  }

  /** Gray or YCbCr samples (what hotshrink writes) as RGB, by JFIF's formula. */
  private static BufferedImage rgb(Raster r) {
    int w = r.getWidth();
    int h = r.getHeight();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[w * h];
    int[] s = new int[r.getNumBands()];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.getPixel(r.getMinX() + x, r.getMinY() + y, s);
        int red;
        int green;
        int blue;
        if (s.length == 1) {
          red = green = blue = s[0];
        } else {
          double cb = s[1] - 128.0;
          double cr = s[2] - 128.0;
          red = clamp(s[0] + 1.402 * cr);
          green = clamp(s[0] - 0.344136 * cb - 0.714136 * cr);
          blue = clamp(s[0] + 1.772 * cb);
        }
        px[y * w + x] = (red << 16) | (green << 8) | blue;
      }
    }
    img.setRGB(0, 0, w, h, px, 0, w);
    return img;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  /**
   * {@code jpeg} with a comment segment of {@code n} bytes right after its start-of-image marker:
   * decoders skip it (and hotshrink does not copy comments), so only the file's size changes.
   */
  static byte[] padded(byte[] jpeg, int n) {
    if (jpeg.length < 2 || n == 0) {
      return jpeg;
    }
    int len = Math.min(n, 65_533) + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + len + 2);
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(0xFE);
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.writeBytes(new byte[len - 2]);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
