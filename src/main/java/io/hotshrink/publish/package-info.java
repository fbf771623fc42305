/**
 * The end of a job, in the drop and failed folders: {@link io.hotshrink.publish.Commit} (the entry
 * class) does it in crash-safe order (journal, renames, the source's disposition) and rolls an
 * interrupted one forward at the next start; {@code Publisher} moves temp files into place
 * atomically (then forces the folder), applies {@code on-conflict} and moves failed inputs aside
 * with their {@code .error.json}; {@code OutputLayout} says where each rendition goes, {@code
 * SourceDisposition} keeps, archives or deletes the source, {@code StrayTemps} removes what an
 * earlier run left. May import: {@code config}, {@code input}, {@code journal}.
 */
package io.hotshrink.publish;
