/**
 * hotshrink's logback plugins, named in {@code conf/logback.xml} and in {@code META-INF/services}:
 * {@link io.hotshrink.logging.LogDestination} (the entry class: systemd's journal or the console),
 * {@code SyslogPrefixLayout} (each line with its syslog priority, for the journal), {@code
 * ShippedLogConfigurator} (the shipped file, recognised and set up in code without parsing it) and
 * {@code WorkerLogConfigurator} (a child JVM's log, set up in code on standard error). logback
 * loads them before anything else runs, so they stay free of the rest. May import: none of our
 * packages.
 */
package io.hotshrink.logging;
