#!/usr/bin/env bash
# hotshrink against vipsthumbnail, ImageMagick, GraphicsMagick and a Pillow pool, on real photos.
#   bench/run.sh [--replicas N] [--rounds R] [--procs P] [--skip-slow] [--only WORDS] [--results DIR]
# Debian/Ubuntu. Installs the peers (as root), builds hotshrink if needed, builds the corpus from
# the JPEG wallpapers in Debian's lomiri-wallpapers-16.04, lomiri-wallpapers-20.04 and
# ukui-wallpapers packages (24 photos, 1.5-24 MP), then runs bench.py: results in bench/results/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
root="$(dirname "$here")"

need=()
for pair in vipsthumbnail:libvips-tools /usr/bin/convert:imagemagick gm:graphicsmagick \
    gnuplot:gnuplot-nox /usr/bin/python3:python3-pil dpkg-deb:dpkg; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
/usr/bin/python3 -c 'import PIL' 2>/dev/null || need+=(python3-pil)
ldconfig -p | grep -q libturbojpeg.so.0 || need+=(libturbojpeg0)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
  else
    echo "install first: sudo apt-get install ${need[*]}" >&2
    exit 2
  fi
fi

[ -x "$root/target/hotshrink/bin/hotshrink" ] || (cd "$root" && mvn -q -DskipTests package)

corpus="$here/corpus"
ensure_corpus "$corpus"

exec /usr/bin/python3 "$here/bench.py" --corpus "$corpus" "$@"
