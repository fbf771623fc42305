package io.hotshrink.resize;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageReaderWriterSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * The pure-Java engine, for machines without libjpeg-turbo: TwelveMonkeys' reader (which copes with
 * CMYK/YCCK and odd files) gives the raw samples, converted here exactly as libjpeg converts them,
 * so both engines see the same pixels; the JDK's writer encodes. Ordinary YCbCr files stay YCbCr
 * from reader to writer, as planes, like the turbojpeg engine's. Slower, needs nothing installed.
 */
final class JavaEngine extends JpegEngine {
  private static final String TWELVEMONKEYS = "com.twelvemonkeys.imageio.plugins.jpeg";

  static {
    // Decoding into memory, not into ImageIO's disk cache (which would need a writable temp dir).
    ImageIO.setUseCache(false);
  }

  // Found once, not per image: ImageIO's lookup by format name walks the registry and makes an
  // instance of every JPEG reader or writer on its way (TwelveMonkeys' writer opens a native JDK
  // one at once), left undisposed.
  private static final ImageReaderSpi READER = provider(ImageReaderSpi.class, TWELVEMONKEYS);
  // TwelveMonkeys rounds 16-bit quantization tables down to 8 bits for the JDK's decoder it
  // wraps ("16 bit DQT encountered"), which washes a quality-1 picture out to grey; the JDK's own
  // reader takes them as they are, as libjpeg does.
  private static final ImageReaderSpi JDK_READER =
      provider(ImageReaderSpi.class, "com.sun.imageio");
  private static final ImageWriterSpi WRITER = provider(ImageWriterSpi.class, "com.sun.imageio");
  private static final ImageTypeSpecifier THREE_BANDS =
      ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR);

  @Override
  public String name() {
    return "java";
  }

  @Override
  List<Integer> scaleDenominators() {
    return List.of();
  }

  @Override
  void checkSupported(JpegHeader h) throws ResizeException {
    if (h.arithmetic()) {
      throw new ResizeException(
          ResizeException.Kind.INPUT,
          "arithmetic-coded JPEG is not supported by the java engine"
              + " (the turbojpeg engine decodes it)");
    }
  }

  @Override
  Decoded decode(byte[] jpeg, JpegHeader h, int denom, boolean planarOk) throws ResizeException {
    Raster raster;
    ImageReader reader = reader(h.quant16 ? JDK_READER : READER);
    FirstWarning warning = new FirstWarning();
    // What libjpeg passes over in the header, the reader does not always: it gets the header as
    // libjpeg reads it.
    byte[] clean = StrayBytes.remove(jpeg, h);
    // A stream that knows where the data ends: over a plain InputStream (length unknown), the
    // reader decodes a file cut short in its image data differently from libjpeg (a damaged
    // progressive file of the corpus came out darker).
    try (ImageInputStream in = new ByteArrayImageInputStream(clean)) {
      reader.addIIOReadWarningListener(warning);
      reader.setInput(in, true, true);
      raster = reader.readRaster(0, null);
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data as IIOException, and sometimes as a RuntimeException.
      throw new ResizeException(ResizeException.Kind.INPUT, "cannot decode: " + describe(e), e);
    } finally {
      reader.dispose();
    }
    // The header's warnings come first in libjpeg; the reader does not report them all (and no
    // longer sees stray bytes).
    return new Decoded(
        picture(raster, h, planarOk), h.warning != null ? h.warning : warning.message);
  }

  /** The raster's samples (as stored in the file) as a picture, converted as libjpeg would. */
  private static Picture picture(Raster raster, JpegHeader h, boolean planarOk) {
    int w = raster.getWidth();
    int hh = raster.getHeight();
    int bands = raster.getNumBands();
    byte[] px = samples(raster);
    JpegHeader.ColorSpace cs = h.colorSpace();
    if (bands == 3 && cs == JpegHeader.ColorSpace.YCBCR && planarOk) {
      // Ordinary YCbCr stays YCbCr, as in the turbojpeg engine: no conversion to RGB and back.
      // The reader gives chroma upsampled to full size; it goes back to the file's own
      // subsampling here (the turbojpeg engine gets those planes from the decoder), in the same
      // pass that splits the planes, and is resampled from there.
      int hs = subsampled(h.lumaH, h.chromaH);
      int vs = subsampled(h.lumaV, h.chromaV);
      Resampler.Image[] planes = planes(px, w, hh, hs, vs);
      for (int i = 1; i < 3; i++) {
        Resampler.Image c = planes[i];
        FancyUpsampling.undo(c.pixels(), c.width(), c.height(), w, hh, hs, vs);
      }
      return new Picture.Planar(planes, hs, vs);
    }
    if (bands == 3 && cs == JpegHeader.ColorSpace.YCBCR) {
      YCbCr.toRgb(px, 3);
    } else if (bands == 4 && cs == JpegHeader.ColorSpace.YCCK) {
      // YCCK: the first three are YCbCr of (255 - C, 255 - M, 255 - Y), as libjpeg reads it.
      YCbCr.toRgb(px, 4);
      for (int i = 0; i < px.length; i += 4) {
        px[i] = (byte) ~px[i];
        px[i + 1] = (byte) ~px[i + 1];
        px[i + 2] = (byte) ~px[i + 2];
      }
    }
    return new Picture.Interleaved(new Resampler.Image(px, w, hh, bands));
  }

  /** Keeps the reader's first warning (libjpeg's "Corrupt JPEG data: ..."), as libjpeg does. */
  private static final class FirstWarning implements IIOReadWarningListener {
    String message;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (message == null) {
        message = warning;
      }
    }
  }

  /**
   * The raster's samples, interleaved and packed: the reader's own array when it already is (the
   * usual case, saving a copy of the whole image), else a copy.
   */
  static byte[] samples(Raster raster) {
    int w = raster.getWidth();
    int hh = raster.getHeight();
    int bands = raster.getNumBands();
    if (raster.getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && db.getOffset() == 0
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && sm.getPixelStride() == bands
        && sm.getScanlineStride() == w * bands
        && isIdentity(sm.getBandOffsets())
        && db.getData().length == w * hh * bands) {
      return db.getData();
    }
    byte[] px = new byte[w * hh * bands];
    raster.getDataElements(raster.getMinX(), raster.getMinY(), w, hh, px);
    return px;
  }

  private static boolean isIdentity(int[] offsets) {
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] != i) {
        return false;
      }
    }
    return true;
  }

  /** 2 where the file's chroma has half the luma's samples in that direction, else 1. */
  private static int subsampled(int luma, int chroma) {
    return chroma > 0 && luma == 2 * chroma ? 2 : 1;
  }

  /**
   * Y, Cb, Cr planes from interleaved YCbCr; each chroma sample the average of its {@code hs × vs}
   * block (a block cut by the edge counts its last row or column twice, as {@link Resampler#halve}
   * does).
   */
  static Resampler.Image[] planes(byte[] px, int w, int h, int hs, int vs) {
    byte[] y = new byte[w * h];
    for (int i = 0, j = 0; i < y.length; i++, j += 3) {
      y[i] = px[j];
    }
    int cw = Picture.ceilDiv(w, hs);
    int ch = Picture.ceilDiv(h, vs);
    byte[] cb = new byte[cw * ch];
    byte[] cr = new byte[cw * ch];
    for (int cy = 0, o = 0; cy < ch; cy++) {
      int r0 = cy * vs * w * 3;
      int r1 = Math.min(cy * vs + vs - 1, h - 1) * w * 3;
      for (int cx = 0; cx < cw; cx++, o++) {
        int x0 = cx * hs * 3;
        int x1 = Math.min(cx * hs + hs - 1, w - 1) * 3;
        int b =
            (px[r0 + x0 + 1] & 0xff)
                + (px[r0 + x1 + 1] & 0xff)
                + (px[r1 + x0 + 1] & 0xff)
                + (px[r1 + x1 + 1] & 0xff);
        int r =
            (px[r0 + x0 + 2] & 0xff)
                + (px[r0 + x1 + 2] & 0xff)
                + (px[r1 + x0 + 2] & 0xff)
                + (px[r1 + x1 + 2] & 0xff);
        cb[o] = (byte) ((b + 2) >> 2);
        cr[o] = (byte) ((r + 2) >> 2);
      }
    }
    return new Resampler.Image[] {
      new Resampler.Image(y, w, h, 1),
      new Resampler.Image(cb, cw, ch, 1),
      new Resampler.Image(cr, cw, ch, 1)
    };
  }

  /** The JPEG plugin whose class starts with {@code preferred}, else the first there is. */
  private static <T extends ImageReaderWriterSpi> T provider(Class<T> kind, String preferred) {
    Iterator<T> it =
        IIORegistry.getDefaultInstance()
            .getServiceProviders(
                kind,
                spi -> List.of(((ImageReaderWriterSpi) spi).getFormatNames()).contains("jpeg"),
                true);
    T first = null;
    while (it.hasNext()) {
      T spi = it.next();
      if (spi.getClass().getName().startsWith(preferred)) {
        return spi;
      }
      first = first == null ? spi : first;
    }
    return first;
  }

  private static ImageReader reader(ImageReaderSpi spi) throws ResizeException {
    try {
      return spi.createReaderInstance();
    } catch (IOException | RuntimeException e) {
      throw new ResizeException(ResizeException.Kind.INTERNAL, "no JPEG reader: " + e, e);
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof IOException && e.getMessage() != null) {
      return e.getMessage(); // the reader's own words ("Bogus Huffman table definition")
    }
    // A reader that trips over a bad file throws whatever it trips on: name it ("-2" alone says
    // nothing).
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  long encode(Picture p, Target t, byte[] segments) throws ResizeException {
    IIOImage image;
    ImageTypeSpecifier type;
    int[] f;
    if (p instanceof Picture.Planar pl) {
      // YCbCr planes go to the writer as a raster, which it takes as YCbCr (no colour conversion).
      image = new IIOImage(interleave(pl), null, null);
      type = THREE_BANDS;
      f = new int[] {pl.hs(), pl.vs()};
    } else {
      // An image is RGB or gray, which the writer converts and subsamples.
      BufferedImage bi = toBufferedImage(((Picture.Interleaved) p).image());
      image = new IIOImage(bi, null, null);
      type = ImageTypeSpecifier.createFromRenderedImage(bi);
      f = samplingFactors(t.subsampling(), false);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(p.width() * p.height() / 4 + 1024);
    ImageWriter writer;
    try {
      writer = WRITER.createWriterInstance();
    } catch (IOException e) {
      throw new ResizeException(ResizeException.Kind.INTERNAL, "no JPEG writer: " + e, e);
    }
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(t.quality() / 100f);
      if (t.progressive()) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      IIOMetadata meta = writer.getDefaultImageMetadata(type, param);
      if (type.getNumBands() == 3) {
        setSampling(meta, f[0], f[1]);
      }
      image.setMetadata(meta);
      writer.setOutput(ios);
      writer.write(null, image, param);
    } catch (IOException | RuntimeException e) {
      throw new ResizeException(ResizeException.Kind.INTERNAL, "cannot encode: " + describe(e), e);
    } finally {
      writer.dispose();
    }
    return write(t.file(), ByteBuffer.wrap(bytes.toByteArray()), segments);
  }

  /** Sets the luma sampling factors in the JDK writer's metadata (chroma stays 1×1). */
  private static void setSampling(IIOMetadata meta, int h, int v) throws IOException {
    String format = "javax_imageio_jpeg_image_1.0";
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
    NodeList specs = root.getElementsByTagName("componentSpec");
    for (int i = 0; i < specs.getLength(); i++) {
      IIOMetadataNode c = (IIOMetadataNode) specs.item(i);
      c.setAttribute("HsamplingFactor", Integer.toString(i == 0 ? h : 1));
      c.setAttribute("VsamplingFactor", Integer.toString(i == 0 ? v : 1));
    }
    meta.setFromTree(format, root);
  }

  /**
   * Y, Cb, Cr planes as one full-size YCbCr raster, each chroma sample repeated over its {@code hs
   * × vs} block: the writer's downsampling (an average of the block) gives back exactly the
   * resampled chroma.
   */
  static WritableRaster interleave(Picture.Planar p) {
    int w = p.width();
    int h = p.height();
    byte[] y = p.planes()[0].pixels();
    byte[] cb = p.planes()[1].pixels();
    byte[] cr = p.planes()[2].pixels();
    int cw = p.planes()[1].width();
    // Factors are 1 or 2: shifts, not a division per pixel.
    int sx = p.hs() >> 1;
    int sy = p.vs() >> 1;
    byte[] out = new byte[w * h * 3];
    for (int r = 0, o = 0; r < h; r++) {
      int yRow = r * w;
      int cRow = (r >> sy) * cw;
      for (int x = 0; x < w; x++, o += 3) {
        int c = cRow + (x >> sx);
        out[o] = y[yRow + x];
        out[o + 1] = cb[c];
        out[o + 2] = cr[c];
      }
    }
    return Raster.createInterleavedRaster(
        new DataBufferByte(out, out.length), w, h, w * 3, 3, new int[] {0, 1, 2}, null);
  }

  static BufferedImage toBufferedImage(Resampler.Image img) {
    int ch = img.channels();
    if (ch == 1) {
      BufferedImage out =
          new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_BYTE_GRAY);
      byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
      System.arraycopy(img.pixels(), 0, data, 0, data.length);
      return out;
    }
    WritableRaster r =
        Raster.createInterleavedRaster(
            new DataBufferByte(img.pixels(), img.pixels().length),
            img.width(),
            img.height(),
            img.width() * 3,
            3,
            new int[] {0, 1, 2},
            null);
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, r, false, null);
  }
}
