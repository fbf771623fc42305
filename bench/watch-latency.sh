#!/usr/bin/env bash
# Drop -> job latency at low load in events mode: one small JPEG written every INTERVAL ms; the
# time from the end of its write to its hand-on to the pool. It includes the settle window by
# design (a file is complete once unchanged for watch.settle); the overhead beyond it is printed
# too. Run with the default settle (1s) and with a short one.
#   bench/watch-latency.sh [FILES] [INTERVAL_MS]
. "$(dirname "$0")/lib.sh"
files=${1:-200}
interval=${2:-100}
build
for settle in 1000 200; do
  work=$(mktemp -d /tmp/hotshrink-latency.XXXXXX)
  java_bench io.hotshrink.watch.WatchBench latency "$work" "$files" "$interval" "$settle"
  rm -rf "$work"
done
