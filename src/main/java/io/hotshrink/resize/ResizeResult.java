package io.hotshrink.resize;

import java.util.List;

/**
 * What an engine made of one source.
 *
 * @param width the source's width as decoded
 * @param height the source's height
 * @param outputs one per target, in the same order
 * @param warning the decoder's first warning (damaged but decodable data), or null
 */
public record ResizeResult(
    String engine,
    int width,
    int height,
    List<Output> outputs,
    long decodeMillis,
    long resizeMillis,
    long encodeMillis,
    String warning) {

  public ResizeResult {
    outputs = List.copyOf(outputs);
  }

  /** Without a warning. */
  public ResizeResult(
      String engine,
      int width,
      int height,
      List<Output> outputs,
      long decodeMillis,
      long resizeMillis,
      long encodeMillis) {
    this(engine, width, height, outputs, decodeMillis, resizeMillis, encodeMillis, null);
  }

  /** One written rendition. */
  public record Output(String name, int width, int height, long bytes) {}
}
