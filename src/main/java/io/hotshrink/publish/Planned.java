package io.hotshrink.publish;

import java.nio.file.Path;

/**
 * One rendition of one job: written first to {@code temp} (hidden, same folder, so the final rename
 * is atomic), then renamed to {@code target}.
 */
public record Planned(String rendition, Path temp, Path target) {}
