package io.hotshrink.config;

/**
 * Builds a {@link Settings.Resize}, starting from reference.conf's defaults: five words and three
 * flags in a row are easy to get out of order by position.
 */
public final class ResizeBuilder {
  private String engine = "auto";
  private String mode = "default";
  private String filter = "lanczos3";
  private String color = "keep";
  private String metadata = "keep";
  private boolean progressive = false;
  private int subsampling = 420;
  private boolean enlarge = false;
  private Settings.Limits limits = Settings.Limits.DEFAULT;

  ResizeBuilder() {}

  public ResizeBuilder engine(String engine) {
    this.engine = engine;
    return this;
  }

  public ResizeBuilder mode(String mode) {
    this.mode = mode;
    return this;
  }

  public ResizeBuilder filter(String filter) {
    this.filter = filter;
    return this;
  }

  public ResizeBuilder color(String color) {
    this.color = color;
    return this;
  }

  public ResizeBuilder metadata(String metadata) {
    this.metadata = metadata;
    return this;
  }

  public ResizeBuilder progressive(boolean progressive) {
    this.progressive = progressive;
    return this;
  }

  public ResizeBuilder subsampling(int subsampling) {
    this.subsampling = subsampling;
    return this;
  }

  public ResizeBuilder enlarge(boolean enlarge) {
    this.enlarge = enlarge;
    return this;
  }

  public ResizeBuilder limits(Settings.Limits limits) {
    this.limits = limits;
    return this;
  }

  public Settings.Resize build() {
    return new Settings.Resize(
        engine, mode, filter, color, metadata, progressive, subsampling, enlarge, limits);
  }
}
