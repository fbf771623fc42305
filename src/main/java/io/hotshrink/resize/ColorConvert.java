package io.hotshrink.resize;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;

/** Colour conversions on interleaved pixels: CMYK to RGB, and an ICC profile's RGB to sRGB. */
final class ColorConvert {
  private ColorConvert() {}

  /**
   * CMYK (as stored: Adobe-marked files store inverted samples, 255 = no ink) to RGB. With a CMYK
   * profile the conversion goes through it (LittleCMS, as in the JDK); without one it is the usual
   * device formula {@code R = (1 - C)(1 - K)}, the same as ImageMagick's.
   */
  static Resampler.Image cmykToRgb(Resampler.Image src, boolean adobeInverted, byte[] icc) {
    byte[] in = src.pixels();
    int n = src.width() * src.height();
    if (adobeInverted) {
      // Back to "ink" values: 0 = none.
      in = in.clone();
      for (int i = 0; i < in.length; i++) {
        in[i] = (byte) ~in[i];
      }
    }
    ICC_Profile profile = profile(icc, ColorSpace.TYPE_CMYK);
    if (profile != null) {
      return convert(in, src.width(), src.height(), 4, new ICC_ColorSpace(profile));
    }
    byte[] out = new byte[n * 3];
    for (int i = 0, p = 0, q = 0; i < n; i++, p += 4, q += 3) {
      int k = 255 - (in[p + 3] & 0xff);
      out[q] = (byte) div255((255 - (in[p] & 0xff)) * k);
      out[q + 1] = (byte) div255((255 - (in[p + 1] & 0xff)) * k);
      out[q + 2] = (byte) div255((255 - (in[p + 2] & 0xff)) * k);
    }
    return new Resampler.Image(out, src.width(), src.height(), 3);
  }

  private static int div255(int x) {
    return (x + 127) / 255;
  }

  /** RGB pixels in the given profile's space, converted to sRGB. */
  static Resampler.Image rgbToSrgb(Resampler.Image src, byte[] icc) {
    ICC_Profile profile = profile(icc, ColorSpace.TYPE_RGB);
    if (profile == null) {
      return src;
    }
    return convert(src.pixels(), src.width(), src.height(), 3, new ICC_ColorSpace(profile));
  }

  /**
   * Whether converting from this profile to sRGB would change anything worth the time: true for RGB
   * profiles other than sRGB itself (recognised by its description, as sRGB variants differ in
   * their bytes but not in their colours).
   */
  static boolean needsConversion(byte[] icc) {
    ICC_Profile p = profile(icc, ColorSpace.TYPE_RGB);
    return p != null && !description(icc).toLowerCase(java.util.Locale.ROOT).contains("srgb");
  }

  /** The profile, if it parses and is of the given colour-space type; null otherwise. */
  static ICC_Profile profile(byte[] icc, int type) {
    if (icc == null) {
      return null;
    }
    try {
      ICC_Profile p = ICC_Profile.getInstance(icc);
      return p.getColorSpaceType() == type ? p : null;
    } catch (IllegalArgumentException e) {
      return null; // a broken profile is ignored, as every viewer does
    }
  }

  /** The profile's description text (the 'desc' tag), or "" when it has none. */
  static String description(byte[] icc) {
    try {
      byte[] desc = ICC_Profile.getInstance(icc).getData(ICC_Profile.icSigProfileDescriptionTag);
      if (desc == null || desc.length < 12) {
        return "";
      }
      String type = new String(desc, 0, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("desc")) {
        int n =
            ((desc[8] & 0xff) << 24)
                | ((desc[9] & 0xff) << 16)
                | ((desc[10] & 0xff) << 8)
                | (desc[11] & 0xff);
        return new String(
                desc, 12, Math.max(0, Math.min(n, desc.length - 12)), StandardCharsets.ISO_8859_1)
            .trim();
      }
      // 'mluc' (ICC v4): the first record's UTF-16 text.
      int len =
          ((desc[20] & 0xff) << 24)
              | ((desc[21] & 0xff) << 16)
              | ((desc[22] & 0xff) << 8)
              | (desc[23] & 0xff);
      int off =
          ((desc[24] & 0xff) << 24)
              | ((desc[25] & 0xff) << 16)
              | ((desc[26] & 0xff) << 8)
              | (desc[27] & 0xff);
      return new String(desc, off, Math.min(len, desc.length - off), StandardCharsets.UTF_16BE)
          .trim();
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static Resampler.Image convert(byte[] in, int w, int h, int ch, ColorSpace from) {
    BufferedImage src = wrap(in, w, h, ch, from);
    byte[] out = new byte[w * h * 3];
    BufferedImage dst = wrap(out, w, h, 3, ColorSpace.getInstance(ColorSpace.CS_sRGB));
    new ColorConvertOp(null).filter(src, dst);
    return new Resampler.Image(out, w, h, 3);
  }

  private static BufferedImage wrap(byte[] data, int w, int h, int ch, ColorSpace cs) {
    int[] offsets = new int[ch];
    for (int i = 0; i < ch; i++) {
      offsets[i] = i;
    }
    WritableRaster r =
        Raster.createInterleavedRaster(
            new DataBufferByte(data, data.length), w, h, w * ch, ch, offsets, null);
    ComponentColorModel cm =
        new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, r, false, null);
  }
}
