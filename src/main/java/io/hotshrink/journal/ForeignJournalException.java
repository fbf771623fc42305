package io.hotshrink.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The state folder holds the journal of another hot folder (another input). It is refused rather
 * than replaced: replacing it would throw away that folder's memory of what it has done (two
 * daemons, or two folders, given one state folder). {@code hotshrink run} exits with status 2, as
 * for any other configuration error.
 */
public final class ForeignJournalException extends IOException {
  private static final long serialVersionUID = 1L;

  ForeignJournalException(
      Path stateDir, String theirFolder, String theirInput, String folder, String input) {
    super(
        "the state folder "
            + stateDir
            + " holds the journal of hot folder "
            + (theirFolder == null ? "" : theirFolder + " ")
            + "("
            + theirInput
            + "), not of "
            + folder
            + " ("
            + input
            + "): give this folder its own state folder, or remove "
            + stateDir.resolve(JournalFile.NAME)
            + " if you mean to start afresh");
  }
}
