/**
 * hotshrink watches a hot folder and turns every JPEG dropped into it into resized copies in a drop
 * folder, the work done in a pool of child JVMs. Data flows one way, a package per stage: {@code
 * watch} (settle) → {@code job} (the lifecycle) → {@code pool} (queue, children) → {@code worker} →
 * {@code resize} → {@code publish}, remembered in the {@code journal}; the {@code daemon} runs it
 * all, the {@code cli} starts it (docs/architecture.md draws it). This root package holds only what
 * several stages share and none owns: {@link io.hotshrink.Threads} (named daemon threads), its
 * entry class. May import: none of our packages.
 */
package io.hotshrink;
