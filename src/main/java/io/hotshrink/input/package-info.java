/**
 * An input version: where a file of the hot folder is, its size and its modification time. {@link
 * io.hotshrink.input.Source} (the entry class) is a file that has settled, {@link
 * io.hotshrink.input.JobKey} the identity that dedupes events, remembers finished work and keeps
 * one job per file. It imports none of our packages, and must stay a leaf: the watcher makes these
 * records, the journal and the publisher record them, the metrics count them and the job lifecycle
 * runs them, while the lifecycle ({@code job}) itself imports the watcher, the journal, the
 * publisher and the metrics. Kept in {@code job}, where they were, they made a cycle of each of
 * those (watch → job → watch, journal → job → journal, publish → job → publish); below all of them
 * they make none.
 */
package io.hotshrink.input;
