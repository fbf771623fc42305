#!/usr/bin/env bash
# Flood soak with the packaged daemon: FILES small JPEGs (default 10,000) copied into one folder of
# the hot folder as fast as cp goes, then: how long until every output is there, and whether any
# input is missing or was processed twice (each job logs one line per input).
#   bench/watch-flood.sh [FILES] [events|poll]
. "$(dirname "$0")/lib.sh"
files=${1:-10000}
mode=${2:-events}
build
work=$(mktemp -d /tmp/hotshrink-flood.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
java_bench io.hotshrink.watch.WatchBench gen "$work/staging" "$files"
mkdir -p "$work/in"
cat > "$work/hotshrink.conf" <<CONF
hotshrink {
  input = in, output = out, failed = failed
  watch { mode = $mode, settle = 1s }
}
CONF
cd "$work"
"$ROOT/target/hotshrink/bin/hotshrink" run -c hotshrink.conf > daemon.log 2>&1 &
pid=$!
until grep -q "w1 started" daemon.log; do sleep 0.2; done

t0=$(now_ms)
cp staging/*.jpg in/
t1=$(now_ms)
deadline=$((t0 + 900000))
while :; do
  n=$(count_jpegs out)
  [ "$n" -ge "$files" ] && break
  [ "$(now_ms)" -gt "$deadline" ] && break
  sleep 0.2
done
t2=$(now_ms)
sleep 3 # anything processed twice would show up now
published=$(grep -c "Pipeline - IMG_[0-9]*\.jpg .* -> " daemon.log || true)
unique=$(grep -o "Pipeline - IMG_[0-9]*\.jpg" daemon.log | sort -u | wc -l)
outputs=$(count_jpegs out)
failed=$({ find failed -type f 2>/dev/null || true; } | wc -l)
lost=$(grep -c "events were lost" daemon.log || true)
echo "flood ($mode): $files files copied in $((t1 - t0)) ms; all $outputs outputs after $((t2 - t0)) ms"
echo "  jobs: $published for $unique distinct inputs; missing: $((files - outputs)); processed twice: $((published - unique)); failed: $failed"
echo "  event losses noticed (overflow -> re-register + rescan): $lost"
grep -E "WARN|ERROR" daemon.log | head -5 || true
