package io.hotshrink.resize;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * The pure-Java engine: ImageIO decodes and encodes, {@link Resampler} scales with Lanczos3. Slow
 * next to libjpeg-turbo but needs nothing installed.
 */
public final class JavaEngine implements Resizer {

  static {
    // Decoding into memory, not into ImageIO's disk cache (which would need a writable temp dir).
    ImageIO.setUseCache(false);
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public ResizeResult resize(Path source, List<Target> targets) throws ResizeException {
    long t0 = System.nanoTime();
    Resampler.Image image = decode(source);
    long t1 = System.nanoTime();

    long resizeNanos = 0;
    long encodeNanos = 0;
    List<ResizeResult.Output> outputs = new ArrayList<>(targets.size());
    for (Target t : targets) {
      int[] size = t.sizeFor(image.width(), image.height());
      long r0 = System.nanoTime();
      Resampler.Image scaled =
          Resampler.resize(image, size[0], size[1], Resampler.Filter.LANCZOS3, 2.0);
      long r1 = System.nanoTime();
      long bytes = encode(scaled, t.quality(), t.file());
      encodeNanos += System.nanoTime() - r1;
      resizeNanos += r1 - r0;
      outputs.add(new ResizeResult.Output(t.name(), scaled.width(), scaled.height(), bytes));
    }
    return new ResizeResult(
        name(),
        image.width(),
        image.height(),
        outputs,
        (t1 - t0) / 1_000_000,
        resizeNanos / 1_000_000,
        encodeNanos / 1_000_000);
  }

  static Resampler.Image decode(Path source) throws ResizeException {
    BufferedImage img;
    // Closing an ImageInputStream does not close the stream under it: close both, or every job
    // leaves its input open until a GC (which keeps a share from being unmounted, among others).
    try (InputStream raw = Files.newInputStream(source);
        ImageInputStream in = ImageIO.createImageInputStream(raw)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ResizeException(ResizeException.Kind.INPUT, "not a decodable image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (NoSuchFileException e) {
      throw new ResizeException(ResizeException.Kind.MISSING, "input disappeared", e);
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data as IIOException, and sometimes as a RuntimeException.
      throw new ResizeException(ResizeException.Kind.INPUT, "cannot decode: " + describe(e), e);
    }
    return toPixels(img);
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Interleaved bytes (gray, or BGR) of any decoded image. */
  static Resampler.Image toPixels(BufferedImage img) {
    int type = img.getType();
    if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      int ch = type == BufferedImage.TYPE_BYTE_GRAY ? 1 : 3;
      if (data.length == img.getWidth() * img.getHeight() * ch) {
        return new Resampler.Image(data, img.getWidth(), img.getHeight(), ch);
      }
    }
    BufferedImage bgr =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    return new Resampler.Image(data, img.getWidth(), img.getHeight(), 3);
  }

  static BufferedImage toBufferedImage(Resampler.Image img) {
    int type = img.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
    BufferedImage out = new BufferedImage(img.width(), img.height(), type);
    byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(img.pixels(), 0, data, 0, data.length);
    return out;
  }

  /** Encodes to {@code file} and forces it to disk; returns its size. */
  static long encode(Resampler.Image img, int quality, Path file) throws ResizeException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (FileOutputStream fos = new FileOutputStream(file.toFile());
        OutputStream bos = new BufferedOutputStream(fos, 1 << 16);
        ImageOutputStream ios = ImageIO.createImageOutputStream(bos)) {
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality / 100f);
      writer.setOutput(ios);
      writer.write(null, new IIOImage(toBufferedImage(img), null, null), p);
      ios.flush();
      bos.flush();
      fos.getFD().sync();
      return fos.getChannel().size();
    } catch (IOException e) {
      throw new ResizeException(
          ResizeException.Kind.OUTPUT, "cannot write " + file + ": " + describe(e), e);
    } finally {
      writer.dispose();
    }
  }
}
