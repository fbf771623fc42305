#!/usr/bin/env bash
# The journal at start-up: a journal of N finished inputs (default 100,000, as a keep-mode daemon
# leaves it), then opened as the daemon does before it starts watching. Prints the file's size, the
# time to open it (read, check every record's CRC, build the index), the heap it takes, and the
# look-up rate the start-up scan's files meet.
#   bench/journal.sh [N]
. "$(dirname "$0")/lib.sh"
n=${1:-100000}
build
work=$(mktemp -d /tmp/hotshrink-journal.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "file system: $(stat -f -c %T "$work"), cores: $(nproc)"
for run in 1 2 3; do
  rm -rf "${work:?}"/*
  java_bench io.hotshrink.journal.JournalBench "$work" "$n"
done
