/**
 * Decode, orient, scale, encode: {@link io.hotshrink.resize.Resizer} (the entry interface; {@code
 * Engines} makes one) with its two engines, native TurboJPEG through JNA and pure Java, the
 * fixed-point {@code Resampler}, the JPEG header, EXIF and metadata handling, and the value records
 * a job is told and answers with ({@code Target}, {@code Options}, {@code ResizeResult}). It runs
 * in the child JVMs and knows nothing of folders, pools or the protocol that carries its records.
 * May import: none of our packages.
 */
package io.hotshrink.resize;
