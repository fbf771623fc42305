/**
 * What has been published, kept in the state folder so that a restarted daemon neither redoes
 * finished work nor leaves a publish that a crash cut short half done: {@link
 * io.hotshrink.journal.Journal} (the entry class) is the index of inputs and its API; {@code
 * JournalFile} the file it lives in (append, force, compact, read back after a crash), {@code
 * JournalCodec} its line format, {@code StateLock} the lock that keeps two daemons from sharing a
 * state folder. May import: {@code input}.
 */
package io.hotshrink.journal;
