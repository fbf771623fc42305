/**
 * An input version: where a file of the hot folder is, its size and its modification time. {@link
 * io.hotshrink.input.Source} (the entry class) is a file that has settled, {@link
 * io.hotshrink.input.JobKey} the identity that dedupes events, remembers finished work and keeps
 * one job per file. Why a package of two records: the watcher makes them, the journal and the
 * publisher record them, the metrics count them and the job lifecycle runs them, while the
 * lifecycle ({@code job}) imports the watcher, the journal, the publisher and the metrics. Kept in
 * {@code job}, where they were, they made a cycle of each of those (watch → job → watch, journal →
 * job → journal, publish → job → publish); in a leaf below all of them they make none. So it must
 * stay a leaf. May import: none of our packages.
 */
package io.hotshrink.input;
