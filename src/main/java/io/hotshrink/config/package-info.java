/**
 * The configuration: {@link io.hotshrink.config.SettingsLoader} (the entry class) reads the HOCON
 * once, the user's file over reference.conf with the environment and command line on top, into the
 * immutable {@link io.hotshrink.config.Settings} records (the larger ones with a builder, e.g.
 * {@code PoolBuilder}), every value validated with a message naming the key and its file and line
 * ({@code ConfigProblem}, {@code SettingsException}). The loader leaves the checks to
 * package-private classes: {@code UnknownKeys} (keys reference.conf lacks), {@code FolderRules}
 * (paths, and folders that must not feed into each other), {@code RenditionRules} (the renditions
 * list), {@code Sections} (the other sections, key by key), all reading through {@code Values};
 * {@code SettingsReport} prints the effective settings. Every stage reads its section of the
 * records; nothing here knows what they drive. May import: none of our packages.
 */
package io.hotshrink.config;
