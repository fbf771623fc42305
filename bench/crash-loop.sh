#!/usr/bin/env bash
# kill -9 of the packaged daemon at random moments while it works through a drop of photos,
# restart, repeat; then checks every input: exactly one complete, decodable output set (two
# renditions), each output appeared exactly once in the drop folder (watched with inotify from
# outside the daemon: nothing processed twice), sources archived intact / deleted / kept, nothing in
# failed/, no temp file anywhere. Exit status 0 when all of that holds.
#   bench/crash-loop.sh [PHOTOS] [KILLS] [keep|archive|delete] [SEED]     (default 300 10 archive)
. "$(dirname "$0")/lib.sh"
photos=${1:-300}
kills=${2:-10}
mode=${3:-archive}
seed=${4:-$(date +%s)}
build
work=$(mktemp -d /tmp/hotshrink-crash.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "crash loop: $photos photos, $kills kills, after-success = $mode, seed $seed, in $work"
status=0
java_bench io.hotshrink.testing.CrashLoop "$work" "$photos" "$kills" "$mode" "$seed" || status=$?
echo "daemon log: $(grep -c '' "$work/daemon.log") lines;" \
  "$(grep -c 'finished publishing its' "$work/daemon.log" || true) publishes finished after a crash;" \
  "$(grep -c 'published before the last restart' "$work/daemon.log" || true) sources only archived/deleted after a restart;" \
  "$(grep -c 'temp files left by an earlier run' "$work/daemon.log" || true) clean-ups of temp files"
exit $status
