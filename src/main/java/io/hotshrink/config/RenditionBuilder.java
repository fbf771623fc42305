package io.hotshrink.config;

/**
 * Builds a {@link Settings.Rendition}, so that its name and its path template (two strings) cannot
 * change places. Quality starts at the default, 85; the name, sizing and path template have no
 * default (the default template depends on how many renditions there are).
 */
public final class RenditionBuilder {
  private String name;
  private Settings.Sizing sizing;
  private int quality = RenditionRules.DEFAULT_QUALITY;
  private String pathTemplate;

  RenditionBuilder() {}

  public RenditionBuilder name(String name) {
    this.name = name;
    return this;
  }

  public RenditionBuilder sizing(Settings.Sizing sizing) {
    this.sizing = sizing;
    return this;
  }

  public RenditionBuilder quality(int quality) {
    this.quality = quality;
    return this;
  }

  /** Relative to the output folder, with {@code {dir}}, {@code {stem}} and {@code {rendition}}. */
  public RenditionBuilder pathTemplate(String pathTemplate) {
    this.pathTemplate = pathTemplate;
    return this;
  }

  public Settings.Rendition build() {
    return new Settings.Rendition(name, sizing, quality, pathTemplate);
  }
}
