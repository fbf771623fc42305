package io.hotshrink.input;

/**
 * Identifies one version of one input: relative path plus size plus modification time. Events,
 * start-up scans and rescans may report the same file many times; they all map to one key, so a
 * file is processed once, and a file replaced by new content (new size or time) is processed again.
 */
public record JobKey(String relative, long size, long mtimeMillis) {}
