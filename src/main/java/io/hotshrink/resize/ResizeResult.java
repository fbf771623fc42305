package io.hotshrink.resize;

import java.util.List;

/**
 * What an engine made of one source.
 *
 * @param width the source's width as decoded
 * @param height the source's height
 * @param outputs one per target, in the same order
 */
public record ResizeResult(
    String engine,
    int width,
    int height,
    List<Output> outputs,
    long decodeMillis,
    long resizeMillis,
    long encodeMillis) {

  public ResizeResult {
    outputs = List.copyOf(outputs);
  }

  /** One written rendition. */
  public record Output(String name, int width, int height, long bytes) {}
}
