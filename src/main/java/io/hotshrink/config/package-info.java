/**
 * The configuration: {@link io.hotshrink.config.SettingsLoader} (the entry class) reads the HOCON
 * once into the immutable {@link io.hotshrink.config.Settings} records, every value validated with
 * a message naming the key and its file and line ({@code ConfigProblem}, {@code
 * SettingsException}); {@code SettingsReport} prints the effective settings. Every stage reads its
 * section of the records; nothing here knows what they drive. May import: none of our packages.
 */
package io.hotshrink.config;
