package io.hotshrink.resize;

import java.util.Locale;

/**
 * How every rendition of a job is made (the per-rendition parts are in {@link Target}).
 *
 * @param mode how far decode-time DCT scaling may go
 * @param filter the resampling filter
 * @param color what happens to an embedded ICC profile
 * @param metadata which metadata is carried over
 * @param maxPixels inputs with more pixels (width × height, from the header) fail; 0 = no limit
 * @param maxFileSize inputs bigger than this many bytes fail; 0 = no limit
 */
public record Options(
    Mode mode,
    Resampler.Filter filter,
    Color color,
    Meta metadata,
    long maxPixels,
    long maxFileSize) {

  public static final Options DEFAULT =
      new Options(Mode.DEFAULT, Resampler.Filter.LANCZOS3, Color.KEEP, Meta.KEEP, 200_000_000L, 0);

  /** Decode-time scaling. */
  public enum Mode {
    /** Scale in the decoder only while at least 2× reduction is left for the filter. */
    DEFAULT,
    /** Scale in the decoder as far as it goes; the filter does the rest (box-class quality). */
    FAST
  }

  /** What to do with the source's colour profile. */
  public enum Color {
    /** Pixels untouched, profile embedded in the output. */
    KEEP,
    /** Pixels converted to sRGB (when the profile is not sRGB already); no profile written. */
    SRGB
  }

  /** Which metadata the output carries; see {@link Metadata}. */
  public enum Meta {
    KEEP,
    STRIP,
    COPYRIGHT
  }

  /** The lower-case names used in the configuration and on the wire. */
  public static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  public static <E extends Enum<E>> E parse(Class<E> type, String s) {
    return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
  }
}
