/**
 * Turns file-system events, a start-up scan and periodic rescans into "this file is complete":
 * {@link io.hotshrink.watch.HotFolder} (the entry class) runs the watch of the hot folder (events
 * or polling, {@code WatchMode}; {@code Root} notices it going and coming back) and hands on to the
 * {@code Settler}, which passes a file on once its size and mtime stopped changing and its JPEG
 * data is whole ({@code JpegEnd}), or refuses it ({@code Refusal}). May import: {@code
 * io.hotshrink}, {@code config}, {@code input}.
 */
package io.hotshrink.watch;
