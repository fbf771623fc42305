/**
 * Turns file-system events, a start-up scan and periodic rescans into "this file is complete":
 * {@link io.hotshrink.watch.HotFolder} (the entry class, made with its builder) puts together the
 * {@code RootWatch}, which watches the hot folder itself and runs the change source (events or
 * polling, {@code WatchMode}; {@code Root} notices the folder going and coming back) and the walks
 * of the tree ({@code TreeScanner}), and the {@code SettleLoop}, whose {@code Settler} passes a
 * file on once its size and mtime stopped changing and its JPEG data is whole ({@code JpegEnd}), or
 * refuses it ({@code Refusal}). {@link io.hotshrink.watch.TreeScanner#scanOnce} is the one-off scan
 * of {@code batch}. May import: {@code io.hotshrink}, {@code config}, {@code input}.
 */
package io.hotshrink.watch;
