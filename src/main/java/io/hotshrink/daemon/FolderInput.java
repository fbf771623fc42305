package io.hotshrink.daemon;

import io.hotshrink.input.JobKey;

/** One input version of one hot folder: a key for what cluster mode remembers about it. */
record FolderInput(String folder, JobKey input) {}
