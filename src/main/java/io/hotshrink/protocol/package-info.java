/**
 * The narrow waist between the parent and a child: {@link io.hotshrink.protocol.Codec} (the entry
 * class) frames messages with request ids on a child's stdin and stdout, and {@code WireFormat} is
 * their schema, how a resize request and its result travel as fields, one definition for both ends.
 * Nothing here knows about pools or files. The schema carries {@code resize}'s value records
 * ({@code Target}, {@code Options}, {@code ResizeResult}, {@code ResizeException.Kind}), so this
 * package may import them; {@code resize} must never import this one. May import: {@code resize}.
 */
package io.hotshrink.protocol;
