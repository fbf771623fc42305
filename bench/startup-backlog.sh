#!/usr/bin/env bash
# Files that arrived while the daemon was down: FILES small JPEGs (default 10,000, in folders of
# 500) waiting in the hot folder at start. How long until the first output appears (the start-up
# scan is streamed, so it should not wait for the whole scan), and until the last.
#   bench/startup-backlog.sh [FILES]
. "$(dirname "$0")/lib.sh"
files=${1:-10000}
build
work=$(mktemp -d /tmp/hotshrink-backlog.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
java_bench io.hotshrink.watch.WatchBench gen "$work/in" "$files" 500
cat > "$work/hotshrink.conf" <<CONF
hotshrink { input = in, output = out, failed = failed }
CONF
cd "$work"
t0=$(now_ms)
"$ROOT/target/hotshrink/bin/hotshrink" run -c hotshrink.conf > daemon.log 2>&1 &
pid=$!
first=""
deadline=$((t0 + 900000))
while :; do
  if [ -z "$first" ] && [ -n "$(find out -name '*.jpg' -print -quit 2>/dev/null || true)" ]; then
    first=$(( $(now_ms) - t0 ))
  fi
  n=$(count_jpegs out)
  [ "$n" -ge "$files" ] && break
  [ "$(now_ms)" -gt "$deadline" ] && break
  sleep 0.1
done
echo "backlog of $files: first output $first ms after the daemon was launched (JVM and child start-up, settle 1 s included); all $n after $(( $(now_ms) - t0 )) ms"
# Where the time before the first output went, from the daemon's own log.
grep -E "HotFolder - watching|w1 started|Pipeline - " daemon.log | head -3 | cut -c12-160
