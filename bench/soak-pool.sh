#!/usr/bin/env bash
# Pool soak: N images through the running daemon with small recycle budgets, sampling the resident
# memory (RSS) of the parent and of every child JVM once a second.
#
#   bench/soak-pool.sh [IMAGES] [RECYCLE_AFTER]      (defaults: 5000 100)
#
# Writes bench/out/soak-pool/{rss.csv,rss.png,daemon.log,summary.txt} and prints the summary:
# parent RSS at start and end, children's peak RSS, how many children were used, and the growth
# of the parent and of each child generation. Needs: a built distribution (mvn -DskipTests package),
# ImageMagick (convert) to make the source images, gnuplot for the chart.
set -euo pipefail
images=${1:-5000}
recycle=${2:-100}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
dist=$repo/target/hotshrink
out=$here/out/soak-pool
work=$(mktemp -d /tmp/hotshrink-soak.XXXXXX)
trap 'kill $sampler 2>/dev/null || true; [ -n "${daemon:-}" ] && kill -9 $daemon 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$out" "$work/in" "$work/src"
[ -x "$dist/bin/hotshrink" ] || (cd "$repo" && mvn -q -DskipTests package)

echo "making 50 distinct source photos (1600x1200) ..."
for i in $(seq 1 50); do
  convert -size 1600x1200 -seed "$i" plasma:fractal -quality 90 "$work/src/p$i.jpg"
done

cat > "$work/soak.conf" <<CONF
hotshrink {
  input = "$work/in", output = "$work/out", failed = "$work/failed"
  watch.settle = 500ms
  pool { recycle-after = $recycle, recycle-jitter = $((recycle / 10)) }
}
CONF

"$dist/bin/hotshrink" run -c "$work/soak.conf" > "$out/daemon.log" 2>&1 &
daemon=$!

# Sampler: one row per process per second: seconds since the daemon started, pid, role, rss_kb.
t0=$(date +%s)
echo "t,pid,role,rss_kb" > "$out/rss.csv"
(
  while kill -0 $daemon 2>/dev/null; do
    t=$(( $(date +%s) - t0 ))
    for pid in $daemon $(pgrep -P $daemon || true); do
      role=child; [ "$pid" = "$daemon" ] && role=parent
      rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status 2>/dev/null || true)
      [ -n "$rss" ] && echo "$t,$pid,$role,$rss" >> "$out/rss.csv"
    done
    sleep 1
  done
) &
sampler=$!

until grep -q "started (pid" "$out/daemon.log"; do sleep 0.2; done
sleep 2 # let the parent finish starting, so "start" below is its ready state
echo "dropping $images images ..."
start=$(date +%s)
for i in $(seq 1 "$images"); do
  cp "$work/src/p$(( (i % 50) + 1 )).jpg" "$work/in/img$i.jpg"
done
echo "waiting for $images outputs ..."
while [ "$(find "$work/out" -name 'img*.jpg' 2>/dev/null | wc -l)" -lt "$images" ]; do sleep 1; done
elapsed=$(( $(date +%s) - start ))
kill -TERM $daemon
wait $daemon || true
daemon=
sleep 1; kill $sampler 2>/dev/null || true

children=$(grep -c " started (pid" "$out/daemon.log" || true)
awk -F, -v images="$images" -v elapsed="$elapsed" -v children="$children" -v from=$((start - t0)) '
  NR == 1 { next }
  $3 == "parent" && $1 >= from { if (!ps) ps = $4; pe = $4; if ($4 > pp) pp = $4 }
  $3 == "child" {
    if ($4 > cp) cp = $4
    if (!($2 in peak)) order[n++] = $2
    if ($4 > peak[$2]) peak[$2] = $4
  }
  END {
    printf "images: %d in %d s (%.1f img/s)\n", images, elapsed, images / (elapsed ? elapsed : 1)
    printf "children used: %d\n", children
    printf "parent RSS (from the first drop to the end): start %d MB, end %d MB, peak %d MB\n", ps / 1024, pe / 1024, pp / 1024
    printf "children peak RSS: %d MB\n", cp / 1024
    k = n < 3 ? n : 3
    for (i = 0; i < k; i++) { a += peak[order[i]]; b += peak[order[n - 1 - i]] }
    if (k) printf "peak RSS of the first %d children: %d MB on average; of the last %d: %d MB\n", k, a / k / 1024, k, b / k / 1024
  }' "$out/rss.csv" | tee "$out/summary.txt"

awk -F, 'NR > 1 && $3 == "parent" { print $1, $4 / 1024 }' "$out/rss.csv" > "$work/parent.dat"
# One block per child (blank line between), so each child is its own line on the chart.
awk -F, 'NR > 1 && $3 == "child" { rows[$2] = rows[$2] $1 " " $4 / 1024 "\n"; if (!($2 in seen)) { seen[$2]; order[n++] = $2 } }
  END { for (i = 0; i < n; i++) printf "%s\n", rows[order[i]] }' "$out/rss.csv" > "$work/children.dat"

if command -v gnuplot >/dev/null; then
  gnuplot <<PLOT
set terminal png size 1200,600
set output "$out/rss.png"
set title "hotshrink soak: RSS over time ($images images, recycle-after $recycle)"
set xlabel "seconds"
set ylabel "RSS (MB)"
set key top left
plot "$work/parent.dat" using 1:2 with lines lw 2 title "parent", \
     "$work/children.dat" using 1:2 with linespoints pt 7 ps 0.4 title "children (one line per child JVM)"
PLOT
  echo "chart: $out/rss.png"
fi
