# Shared by the bench/ scripts: build once, and a class path for the Java helpers in the test tree.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

build() {
  if [ "${SKIP_BUILD:-}" != 1 ]; then
    mvn -q -DskipTests package test-compile >&2
  fi
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >&2
  CP="target/test-classes:target/classes:$(cat target/bench.cp)"
  export CP
}

java_bench() {
  java -Xmx2g -Dlogback.configurationFile="$ROOT/bench/logback-bench.xml" -cp "$CP" "$@"
}

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# JPEGs under a folder (0 while it does not exist yet).
count_jpegs() { { find "$1" -name '*.jpg' 2>/dev/null || true; } | wc -l; }

# The photo corpus (the JPEG wallpapers of three Debian packages) in folder $1, fetched once.
ensure_corpus() {
  local corpus="$1" tmp
  if [ -d "$corpus" ] && [ -n "$(ls -A "$corpus" 2>/dev/null)" ]; then
    return
  fi
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 ukui-wallpapers)
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/x"; done
  mkdir -p "$corpus"
  find "$tmp/x" -iname '*.jpg' -exec cp {} "$corpus/" \;
  rm -rf "$tmp"
  echo "corpus: $(ls "$corpus" | wc -l) photos in $corpus" >&2
}
