package io.hotshrink.resize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a test: a profiling aid. Times each stage of the turbojpeg engine on a folder of JPEGs in one
 * warm thread: {@code java -cp ... io.hotshrink.resize.EngineProfile DIR [rounds] [scale] [mode]}.
 */
public final class EngineProfile {
  private EngineProfile() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    double scale = args.length > 2 ? Double.parseDouble(args[2]) : 0.5;
    String mode = args.length > 3 ? args[3] : "default";
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    TurboJpegEngine e = new TurboJpegEngine(TurboJpeg.load());
    Options opt = Options.DEFAULT;
    if (mode.equals("fast")) {
      opt =
          new Options(
              Options.Mode.FAST,
              opt.filter(),
              opt.color(),
              opt.metadata(),
              opt.maxPixels(),
              opt.maxFileSize());
    }
    Path out = Files.createTempFile("profile", ".jpg");
    for (int r = 0; r < rounds; r++) {
      long read = 0, dec = 0, res = 0, enc = 0, total = 0;
      long t0 = System.nanoTime();
      for (Path f : files) {
        long a = System.nanoTime();
        byte[] jpeg = Files.readAllBytes(f);
        JpegHeader h = JpegHeader.parse(jpeg);
        long b = System.nanoTime();
        int tw = (int) Math.round(h.width * scale);
        int th = (int) Math.round(h.height * scale);
        int denom =
            DecodePlan.denominator(h.width, h.height, tw, th, opt.mode(), e.scaleDenominators());
        Picture p = e.decode(jpeg, h, denom, true).picture();
        long c = System.nanoTime();
        Picture s = p.width() == tw && p.height() == th ? p : p.resize(tw, th, 2, 2, opt.filter());
        long d = System.nanoTime();
        if (r == rounds - 1 && System.getProperty("verbose") != null) {
          System.out.printf(
              "  %s %dx%d %s -> resize %.1f ms%n",
              f.getFileName(),
              h.width,
              h.height,
              p instanceof Picture.Planar pl ? "planar " + pl.hs() + "x" + pl.vs() : "interleaved",
              (d - c) / 1e6);
        }
        e.encode(s, new Target("x", out, scale, 0, 0, 85), new byte[0]);
        long g = System.nanoTime();
        read += b - a;
        dec += c - b;
        res += d - c;
        enc += g - d;
      }
      total = System.nanoTime() - t0;
      System.out.printf(
          "round %d: %d images, %.1f img/s one thread; ms/img: read %.1f decode %.1f resize %.1f encode+write %.1f%n",
          r,
          files.size(),
          files.size() / (total / 1e9),
          read / 1e6 / files.size(),
          dec / 1e6 / files.size(),
          res / 1e6 / files.size(),
          enc / 1e6 / files.size());
    }
    Files.delete(out);
  }
}
