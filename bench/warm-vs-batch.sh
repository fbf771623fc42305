#!/usr/bin/env bash
# A warm daemon against a cold `hotshrink batch` on the same 336 photos (the 24 wallpapers of
# bench/run.sh x 14, 50 %, one child x 2 threads), and the time to the first output (a batch of
# one photo, a just-started daemon) against `java -version`, interleaved over rounds.
#   bench/warm-vs-batch.sh [--rounds R] [--only batch,moved,copied,first1,firstd,firstm,java]
#                          [--from-runs: redo the table and chart of --results from its runs.csv]
#                          [--java-opts "..."] [--label WORD] [--results DIR] [--keep]
#   (kind@base|quick|all for batch/moved/copied/firstm: without the quick look and the job sent
#   ahead, with the quick look only, with both; see warm_vs_batch.py)
#   (first1/firstd/firstm@before18c|nolog|probe: issue 18c's start-up steps turned off, both or
#   one: logback reading conf/logback.xml, the engine probed for the daemon's summary)
#   (kind@c2, @picocli, @noearly, @prev: issue 18d's steps undone one by one, or another build
#   with --prev DIR/bin/hotshrink)
# Results: bench/results/warm-vs-batch/{runs.csv,summary.csv,table.md,warm-vs-batch.png}.
# SKIP_BUILD=1 uses target/hotshrink as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
root="$(dirname "$here")"

from_runs=
for a in "$@"; do [ "$a" = --from-runs ] && from_runs=1; done
ensure_corpus "$here/corpus" # --from-runs too: its table counts the photos of the corpus
# --from-runs measures nothing (it redraws a run's table and chart from its runs.csv): no build
if [ -z "$from_runs" ] && [ "${SKIP_BUILD:-}" != 1 ]; then
  (cd "$root" && mvn -q -DskipTests package)
fi
command -v gnuplot >/dev/null || echo "gnuplot not installed (apt-get install gnuplot-nox): no chart" >&2
exec /usr/bin/python3 "$here/warm_vs_batch.py" --corpus "$here/corpus" "$@"
