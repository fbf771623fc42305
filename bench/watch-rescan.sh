#!/usr/bin/env bash
# How long a rescan of a big hot folder takes (default 100,000 files in 100 folders): the start-up
# scan, then repeated rescans that find nothing new (what the periodic rescan, and every poll in
# poll mode, costs). No file contents are read by a rescan.
#   bench/watch-rescan.sh [FILES]
. "$(dirname "$0")/lib.sh"
files=${1:-100000}
build
work=$(mktemp -d /tmp/hotshrink-rescan.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "file system: $(stat -f -c %T "$work"), cores: $(nproc)"
java_bench io.hotshrink.watch.WatchBench rescan "$work" "$files"
