package io.hotshrink.resize;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What both engines do the same way: check the limits from the header before anything is decoded,
 * plan the decode-time scaling, make every rendition from one decode (the smaller ones from a
 * larger one when that keeps quality), turn them upright, and write them with their metadata. The
 * engines only decode and encode.
 */
abstract class JpegEngine implements Resizer {

  /** The 1/n scale factors the decoder offers (empty: none). */
  abstract List<Integer> scaleDenominators();

  /**
   * Refuses, with a reason, what this engine cannot decode (after the common checks).
   *
   * @throws ResizeException of kind INPUT
   */
  abstract void checkSupported(JpegHeader h) throws ResizeException;

  /**
   * Decodes at 1/{@code denom} scale. Returns planar YCbCr when {@code planarOk} and the file
   * allows it, else interleaved gray, RGB, or CMYK as stored; with the decoder's first warning
   * (damaged but decodable data), if any.
   *
   * @throws ResizeException of kind INPUT on any fatal error: a failed decode is never encoded
   */
  abstract Decoded decode(byte[] jpeg, JpegHeader h, int denom, boolean planarOk)
      throws ResizeException;

  /** A decoded image, and the decoder's warning about it (null when there was none). */
  record Decoded(Picture picture, String warning) {}

  /** Encodes {@code p} (already upright) and writes SOI, {@code segments}, the rest to the file. */
  abstract long encode(Picture p, Target t, byte[] segments) throws ResizeException;

  @Override
  public ResizeResult resize(Path source, List<Target> targets) throws ResizeException {
    return resize(source, targets, Options.DEFAULT);
  }

  @Override
  public ResizeResult resize(Path source, List<Target> targets, Options opt)
      throws ResizeException {
    long t0 = System.nanoTime();
    byte[] jpeg = read(source, opt);
    JpegHeader h = JpegHeader.parse(jpeg);
    checkLimits(h, opt);
    checkSupported(h);

    int o = h.orientation();
    boolean t = Orientation.transposes(o);
    int dispW = t ? h.height : h.width;
    int dispH = t ? h.width : h.height;
    int[][] sizes = new int[targets.size()][];
    int maxW = 1;
    int maxH = 1;
    for (int i = 0; i < targets.size(); i++) {
      int[] s = targets.get(i).sizeFor(dispW, dispH);
      // Stored (unturned) size: the pixels are scaled first, turned last.
      sizes[i] = t ? new int[] {s[1], s[0]} : s;
      maxW = Math.max(maxW, sizes[i][0]);
      maxH = Math.max(maxH, sizes[i][1]);
    }
    int denom =
        DecodePlan.denominator(h.width, h.height, maxW, maxH, opt.mode(), scaleDenominators());

    boolean convertIcc =
        opt.color() == Options.Color.SRGB
            && h.components == 3
            && ColorConvert.needsConversion(h.icc);
    Decoded d = decode(jpeg, h, denom, !convertIcc && !h.cmyk());
    Picture decoded = d.picture();
    jpeg = null; // let it go before the big allocations
    if (decoded instanceof Picture.Interleaved il && il.image().channels() == 4) {
      decoded =
          new Picture.Interleaved(ColorConvert.cmykToRgb(il.image(), h.adobeTransform >= 0, h.icc));
    } else if (convertIcc && decoded instanceof Picture.Interleaved il) {
      decoded = new Picture.Interleaved(ColorConvert.rgbToSrgb(il.image(), h.icc));
    }
    // The profile stays with the pixels it describes: kept unless they were converted to sRGB.
    byte[] icc = opt.color() == Options.Color.KEEP && !h.cmyk() ? h.icc : null;
    byte[] segments = Metadata.segments(h, opt.metadata(), icc);
    long t1 = System.nanoTime();

    // Largest first, so each smaller one can start from a larger one already made.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong(i -> -(long) sizes[i][0] * sizes[i][1]));
    List<Picture> made = new ArrayList<>();
    List<Integer> madeSampling = new ArrayList<>();
    ResizeResult.Output[] outputs = new ResizeResult.Output[targets.size()];
    long resizeNanos = 0;
    long encodeNanos = 0;
    for (int i : order) {
      Target target = targets.get(i);
      int w = sizes[i][0];
      int hh = sizes[i][1];
      int[] f = samplingFactors(target.subsampling(), t);
      long r0 = System.nanoTime();
      Picture from = decoded;
      for (int k = 0; k < made.size(); k++) {
        Picture m = made.get(k);
        // A rendition at least twice the size still gives the filter 2 pixels per output pixel.
        if (m.width() >= 2 * w
            && m.height() >= 2 * hh
            && m.width() < from.width()
            && madeSampling.get(k) == target.subsampling()) {
          from = m;
        }
      }
      Picture scaled =
          from.width() == w
                  && from.height() == hh
                  && !(from instanceof Picture.Planar pl
                      && (pl.hs() != f[0] || pl.vs() != f[1])
                      && !pl.gray())
              ? from
              : from.resize(w, hh, f[0], f[1], opt.filter());
      made.add(scaled);
      madeSampling.add(target.subsampling());
      Picture upright = scaled.orient(o);
      long r1 = System.nanoTime();
      long bytes = encode(upright, target, segments);
      encodeNanos += System.nanoTime() - r1;
      resizeNanos += r1 - r0;
      outputs[i] = new ResizeResult.Output(target.name(), upright.width(), upright.height(), bytes);
    }
    return new ResizeResult(
        name(),
        dispW,
        dispH,
        List.of(outputs),
        (t1 - t0) / 1_000_000,
        resizeNanos / 1_000_000,
        encodeNanos / 1_000_000,
        d.warning());
  }

  /** Chroma subsampling factors (horizontal, vertical) of the stored (unturned) rendition. */
  static int[] samplingFactors(int subsampling, boolean transposed) {
    int[] f =
        switch (subsampling) {
          case 444 -> new int[] {1, 1};
          case 422 -> new int[] {2, 1};
          default -> new int[] {2, 2};
        };
    return transposed ? new int[] {f[1], f[0]} : f;
  }

  private static byte[] read(Path source, Options opt) throws ResizeException {
    try {
      long size = Files.size(source);
      if (opt.maxFileSize() > 0 && size > opt.maxFileSize()) {
        throw new ResizeException(
            ResizeException.Kind.INPUT,
            String.format(
                "file is %s, over limits.max-file-size = %s: not decoded",
                mb(size), mb(opt.maxFileSize())));
      }
      return Files.readAllBytes(source);
    } catch (NoSuchFileException e) {
      throw new ResizeException(ResizeException.Kind.MISSING, "input disappeared", e);
    } catch (IOException e) {
      throw new ResizeException(
          ResizeException.Kind.UNREADABLE, "cannot read the input now: " + e, e);
    }
  }

  static void checkLimits(JpegHeader h, Options opt) throws ResizeException {
    long pixels = (long) h.width * h.height;
    if (opt.maxPixels() > 0 && pixels > opt.maxPixels()) {
      throw new ResizeException(
          ResizeException.Kind.INPUT,
          String.format(
              "image is %dx%d = %.1f MP, over limits.max-pixels = %.1f MP: not decoded",
              h.width, h.height, pixels / 1e6, opt.maxPixels() / 1e6));
    }
    if (h.precision != 8) {
      throw new ResizeException(
          ResizeException.Kind.INPUT,
          h.precision
              + "-bit JPEG (sample precision "
              + h.precision
              + ") is not supported: only 8-bit JPEGs can be resized");
    }
    if (h.lossless()) {
      throw new ResizeException(
          ResizeException.Kind.INPUT,
          "lossless JPEG (SOF" + (h.sofMarker - 0xC0) + ") is not supported");
    }
    if (h.components != 1 && h.components != 3 && h.components != 4) {
      throw new ResizeException(
          ResizeException.Kind.INPUT,
          "JPEG with " + h.components + " colour components is not supported");
    }
  }

  static String mb(long bytes) {
    return bytes >= 1 << 20 ? String.format("%.1f MB", bytes / 1048576.0) : bytes + " bytes";
  }

  /**
   * Writes SOI, then the encoder's JFIF segment if it made one, then {@code segments}, then the
   * rest of the encoded image; forces it to disk.
   */
  static long write(Path file, ByteBuffer encoded, byte[] segments) throws ResizeException {
    try (FileOutputStream fos = new FileOutputStream(file.toFile());
        FileChannel ch = fos.getChannel()) {
      int split = 2;
      // Keep JFIF's APP0 first: the JFIF spec wants it right after SOI.
      if (encoded.limit() > 6
          && (encoded.get(2) & 0xff) == 0xFF
          && (encoded.get(3) & 0xff) == 0xE0) {
        split = 4 + (((encoded.get(4) & 0xff) << 8) | (encoded.get(5) & 0xff));
      }
      ByteBuffer head = encoded.duplicate();
      head.limit(split);
      ByteBuffer tail = encoded.duplicate();
      tail.position(split);
      ByteBuffer[] parts = {head, ByteBuffer.wrap(segments), tail};
      long total = (long) encoded.limit() + segments.length;
      long done = 0;
      while (done < total) {
        done += ch.write(parts);
      }
      ch.force(true);
      return total;
    } catch (IOException e) {
      throw new ResizeException(
          ResizeException.Kind.OUTPUT, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
