#!/usr/bin/env bash
# Cluster mode on one machine: 1, 2 and 3 daemons (separate processes, each with the pool a 2-core
# host gets by default: one child JVM x 2 threads) share one hot folder and a throwaway PostgreSQL,
# over the same photos (the 24 corpus wallpapers x 4, 50 %); plus one daemon without a cluster
# (store = local) for the cost of the claims themselves. Each run starts its daemons (one after the
# other, each once it has joined), then moves the photos into the hot folder at once and times until
# every output is there and every source archived. Runs interleaved over rounds; medians.
#   bench/cluster.sh [--photos N] [--rounds R] [--threads T] [--results DIR]
# Results: DIR (default bench/results/cluster)/runs.csv (one line per run), summary.csv (medians,
# ratio to 1 daemon). PostgreSQL from /usr/lib/postgresql/*/bin (apt-get install postgresql), with
# its default durability (fsync on), data in a temp folder; as root it runs as the postgres user.
# SKIP_BUILD=1 uses target/hotshrink as it is.
. "$(dirname "$0")/lib.sh"

photos=96
rounds=3
threads=2
results="$ROOT/bench/results/cluster"
while [ $# -gt 0 ]; do
  case "$1" in
    --photos) photos=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done

ensure_corpus "$ROOT/bench/corpus"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -DskipTests package >&2
fi
hs="$ROOT/target/hotshrink/bin/hotshrink"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/pg_ctl" ]; then
  echo "PostgreSQL's server is not installed (apt-get install postgresql)" >&2
  exit 2
fi

work=$(mktemp -d /tmp/hotshrink-cluster.XXXXXX)
pgdir=$(mktemp -d /tmp/hotshrink-cluster-pg.XXXXXX) # its own: as root, the postgres user's
# Every daemon's pid, also in this file: run() runs in a subshell ($(run ...)), whose array the
# cleanup below never sees; an interrupted bench would leave its daemons running.
pids="$work/daemons.pids"
cleanup() {
  if [ -f "$pids" ]; then
    while read -r p; do kill -9 "$p" 2>/dev/null || true; done <"$pids"
  fi
  if [ -f "$pgdir/data/postmaster.pid" ]; then
    as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work" "$pgdir"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---- a throwaway PostgreSQL on a free port, its socket in the temp folder ----
if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; fi
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
as_postgres "$pgbin/initdb" -D "$pgdir/data" -U postgres --auth-local=trust \
  --auth-host=scram-sha-256 --encoding=UTF8 --locale=C >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1" -w -t 60 start >/dev/null
sql() { # sql DB STATEMENT: the answer, unaligned
  as_postgres "$pgbin/psql" -h "$pgdir" -p "$port" -U postgres -d "$1" -v ON_ERROR_STOP=1 -qAtc "$2"
}
sql postgres "CREATE ROLE hotshrink LOGIN PASSWORD '$password'"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

# ---- the photos, staged once: corpus x replicas in sub-folders r1, r2, ... ----
staging="$work/staging"
n=0
k=0
while [ "$n" -lt "$photos" ]; do
  k=$((k + 1))
  mkdir -p "$staging/r$k"
  for f in "$ROOT"/bench/corpus/*.jpg; do
    [ "$n" -lt "$photos" ] || break
    cp "$f" "$staging/r$k/"
    n=$((n + 1))
  done
done
megapixels=$(/usr/bin/python3 - "$staging" <<'EOF'
import os, struct, sys
def size(path):  # width, height from the first SOFn
    with open(path, "rb") as f:
        data = f.read()
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    return 0, 0
total = [0, 0]
for d, _, files in os.walk(sys.argv[1]):
    for name in files:
        w, h = size(os.path.join(d, name))
        total[0] += w * h
        total[1] += 1
print(f"{total[0] / total[1] / 1e6:.1f}")
EOF
)
echo "$photos photos, $megapixels MP on average; $rounds rounds; each daemon 1 child x $threads threads" >&2

# ---- one run: start the daemons, drop the photos, time until all are done ----
# In a subshell ($(run ...)): what it sets is gone after it, so its number is given to it.
run() { # run ID MODE DAEMONS -> one CSV line on stdout
  local run_id=$1 mode=$2 count=$3 dir db i node conf log pid t0 t1 left ready
  local -a daemons=()
  dir="$work/run$run_id"
  db="run$run_id"
  mkdir -p "$dir/in"
  if [ "$mode" = cluster ]; then
    sql postgres "CREATE DATABASE $db OWNER hotshrink"
  fi
  for i in $(seq 1 "$count"); do
    node="n$i"
    conf="$dir/$node.conf"
    {
      echo "hotshrink {"
      echo "  input = \"$dir/in\", output = \"$dir/out\", failed = \"$dir/failed\""
      echo "  archive = \"$dir/done\", after-success = archive, state = \"$dir/state-$node\""
      echo "  renditions = [ { name = half, scale = 0.5, quality = 85 } ]"
      echo "  pool { workers = 1, threads = $threads, heap = 768m }"
      if [ "$mode" = cluster ]; then
        echo "  cluster { store = postgres, url = \"jdbc:postgresql://127.0.0.1:$port/$db\""
        echo "            user = hotshrink, password-env = HOTSHRINK_BENCH_DB_PASSWORD, node = $node }"
      fi
      echo "}"
    } >"$conf"
    log="$dir/$node.log"
    HOTSHRINK_BENCH_DB_PASSWORD="$password" HOTSHRINK_HTTP_PORT=0 \
      "$hs" run -c "$conf" >"$log" 2>&1 &
    pid=$!
    daemons+=("$pid")
    echo "$pid" >>"$pids"
    # ready: its child started and, in a cluster, the cluster joined
    ready=
    for _ in $(seq 1 600); do
      if grep -q 'w1 started' "$log" && { [ "$mode" = local ] || grep -q 'joined the cluster' "$log"; }; then
        ready=1
        break
      fi
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "daemon $node did not start:" >&2
        cat "$log" >&2
        exit 1
      fi
      sleep 0.1
    done
    if [ -z "$ready" ]; then
      echo "daemon $node not ready after 60 s:" >&2
      cat "$log" >&2
      exit 1
    fi
  done
  mkdir -p "$dir/drop"
  cp -r "$staging"/r* "$dir/drop/"
  t0=$(now_ms)
  mv "$dir/drop"/r* "$dir/in/"
  while :; do
    left=$({ find "$dir/in" -type f 2>/dev/null || true; } | wc -l)
    if [ "$left" -eq 0 ] && [ "$(count_jpegs "$dir/out")" -ge "$photos" ]; then
      break
    fi
    if [ $(($(now_ms) - t0)) -gt 1800000 ]; then
      echo "run $run_id ($mode, $count daemons): not done after 30 minutes" >&2
      exit 1
    fi
    sleep 0.05
  done
  t1=$(now_ms)
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  for pid in "${daemons[@]}"; do kill -TERM "$pid"; done
  for pid in "${daemons[@]}"; do wait "$pid" || { echo "a daemon exited $?" >&2; exit 1; }; done
  : >"$pids" # they are gone: the cleanup must not kill -9 whatever takes their pids later
  local outs archived failed jobs="" xacts="" per=""
  outs=$(count_jpegs "$dir/out")
  archived=$(count_jpegs "$dir/done")
  failed=$({ find "$dir/failed" -type f 2>/dev/null || true; } | wc -l)
  if [ "$outs" -ne "$photos" ] || [ "$archived" -ne "$photos" ] || [ "$failed" -ne 0 ]; then
    echo "run $run_id: $outs outputs, $archived archived, $failed failed of $photos" >&2
    exit 1
  fi
  for i in $(seq 1 "$count"); do
    jobs="$jobs${jobs:+ }$(grep -c ' -> half ' "$dir/n$i.log" || true)"
  done
  if [ "$mode" = cluster ]; then
    # every statement of the daemons is a transaction of its own (autocommit)
    xacts=$(sql "$db" "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
    per=$(awk -v x="$xacts" -v n="$photos" 'BEGIN { printf "%.1f", x / n }')
    sql postgres "DROP DATABASE $db" >/dev/null
  fi
  rm -rf "$dir"
  local ms=$((t1 - t0))
  echo "$mode,$count,$photos,$(awk -v ms="$ms" 'BEGIN { printf "%.2f", ms / 1000 }'),$(awk -v ms="$ms" -v n="$photos" 'BEGIN { printf "%.2f", n * 1000 / ms }'),$jobs,$xacts,$per,$load"
}

mkdir -p "$results"
runs="$results/runs.csv"
echo "round,mode,daemons,photos,seconds,img_per_s,jobs_by_daemon,pg_transactions,pg_transactions_per_photo,load_avg_1m" >"$runs"
n=0
for r in $(seq 1 "$rounds"); do
  for config in "local 1" "cluster 1" "cluster 2" "cluster 3"; do
    n=$((n + 1))
    line=$(run "$n" $config)
    echo "$r,$line" >>"$runs"
    echo "round $r: $line" >&2
  done
done

# ---- medians, and the ratio to 1 daemon in a cluster ----
/usr/bin/python3 - "$runs" "$results/summary.csv" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
configs = []
for r in rows:
    key = (r["mode"], int(r["daemons"]))
    if key not in configs:
        configs.append(key)
med = {}
for key in configs:
    mine = [r for r in rows if (r["mode"], int(r["daemons"])) == key]
    med[key] = (statistics.median(float(r["img_per_s"]) for r in mine),
                statistics.median(float(r["seconds"]) for r in mine),
                statistics.median(float(r["pg_transactions_per_photo"]) for r in mine)
                if mine[0]["pg_transactions_per_photo"] else None,
                len(mine))
base = med[("cluster", 1)][0]
with open(sys.argv[2], "w") as f:
    f.write("mode,daemons,runs,median_seconds,median_img_per_s,ratio_to_1_daemon,pg_transactions_per_photo\n")
    print(f"{'mode':8} {'daemons':>7} {'img/s':>7} {'x 1 daemon':>10} {'PG tx/photo':>11}")
    for key in configs:
        ips, secs, tx, n = med[key]
        f.write(f"{key[0]},{key[1]},{n},{secs:.2f},{ips:.2f},{ips / base:.2f},"
                f"{'' if tx is None else f'{tx:.1f}'}\n")
        print(f"{key[0]:8} {key[1]:>7} {ips:>7.2f} {ips / base:>10.2f} "
              f"{'-' if tx is None else f'{tx:.1f}':>11}")
EOF
echo "results: $runs, $results/summary.csv" >&2
