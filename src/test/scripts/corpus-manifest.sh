#!/usr/bin/env bash
# Regenerates src/test/resources/corpus/manifest.tsv: one line per corpus file, with what
# libjpeg-turbo's djpeg (Debian's libjpeg-turbo-progs), ImageMagick's identify and exiftool make
# of it. Nothing is downloaded; the corpus files are not changed.
#   src/test/scripts/corpus-manifest.sh [CORPUS_DIR]     (default: src/test/resources/corpus)
# Needs (Debian 12): libjpeg-turbo-progs, imagemagick, libimage-exiftool-perl, coreutils.
#
# Columns (tab-separated, header line first; paths relative to CORPUS_DIR, sorted):
#   path sha256 bytes width height components djpeg_verdict djpeg_message
#   then: djpeg_last sof sampling restart_interval adobe_transform orientation
# width, height, components, sof (0xc0 baseline, 0xc1 extended, 0xc2 progressive, 0xc9/0xca
# arithmetic, ...), sampling (h x v per component) and restart_interval are those of the first
# "Start Of Frame" / "Define Restart Interval" in djpeg -verbose's trace: the frame as libjpeg
# read it, before any EXIF orientation; "-" when djpeg never got that far. components is
# "N/COLORSPACE" with COLORSPACE from identify -ping (sRGB, Gray, CMYK, ...; "-" when identify
# cannot read the file). orientation is exiftool's EXIF IFD0 Orientation (1..8; "-" = none).
#
# djpeg_verdict, from `djpeg -outfile /dev/null FILE` (its exit status and standard error):
#   ok       exit 0 and nothing on standard error
#   warning  exit 0 or 2 (djpeg exits 2 when libjpeg emitted warnings) and no fatal error
#   fatal    exit 1 (libjpeg's error_exit, or djpeg refusing the file)
#   timeout  no exit within DJPEG_TIMEOUT seconds (default 60); crash-N: killed by signal N-128
# djpeg runs with `ulimit -v` DJPEG_MEM_KB (default 2000000): a file needing more is reported
# fatal with "Insufficient memory" (none of the committed files does).
# djpeg_message is the first line of standard error (libjpeg prints only the first warning),
# djpeg_last the last line: for a fatal file whose error follows a warning, the error itself.
set -euo pipefail
corpus=${1:-src/test/resources/corpus}
timeout_s=${DJPEG_TIMEOUT:-60}
mem_kb=${DJPEG_MEM_KB:-2000000}
cd "$corpus"
out=manifest.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

clean() { tr '\t\r\n' '   ' | sed 's/ *$//'; }

# EXIF orientation for every file in one exiftool run (path<TAB>orientation).
exiftool -q -q -m -n -r -T -ext '*' -Directory -FileName -IFD0:Orientation . 2>/dev/null |
  awk -F'\t' '{d=$1; sub(/^\.\/?/, "", d); p=(d=="" ? $2 : d "/" $2); print p "\t" $3}' \
  >"$tmp/orient" || true

printf 'path\tsha256\tbytes\twidth\theight\tcomponents\tdjpeg_verdict\tdjpeg_message\tdjpeg_last\tsof\tsampling\trestart_interval\tadobe_transform\torientation\n' >"$tmp/out"

find . -type f ! -name '.*' ! -name LICENSE ! -name README.md ! -name manifest.tsv ! -name origins.tsv \
  | sed 's|^\./||' | LC_ALL=C sort | while IFS= read -r f; do
  sha=$(sha256sum "$f" | cut -d' ' -f1)
  bytes=$(stat -c %s "$f")

  set +e
  ( ulimit -v "$mem_kb"; exec timeout "$timeout_s" djpeg -outfile /dev/null "$f" ) \
    >/dev/null 2>"$tmp/err"
  rc=$?
  set -e
  first=$(head -n 1 "$tmp/err" | clean)
  last=$(tail -n 1 "$tmp/err" | clean)
  case $rc in
    0) if [ -s "$tmp/err" ]; then verdict=warning; else verdict=ok; fi ;;
    2) verdict=warning ;;
    1) verdict=fatal ;;
    124) verdict=timeout ;;
    *) if [ "$rc" -gt 128 ]; then verdict=crash-$((rc - 128)); else verdict=exit-$rc; fi ;;
  esac

  # The frame as libjpeg parsed it (djpeg -verbose traces every marker).
  set +e
  ( ulimit -v "$mem_kb"; exec timeout "$timeout_s" djpeg -verbose -outfile /dev/null "$f" ) \
    >/dev/null 2>"$tmp/trace"
  set -e
  sofline=$(grep -m1 '^Start Of Frame 0x' "$tmp/trace" || true)
  if [ -n "$sofline" ]; then
    sof=$(sed -E 's/^Start Of Frame (0x[0-9a-f]+):.*/\1/' <<<"$sofline")
    width=$(sed -E 's/.*width=([0-9]+).*/\1/' <<<"$sofline")
    height=$(sed -E 's/.*height=([0-9]+).*/\1/' <<<"$sofline")
    ncomp=$(sed -E 's/.*components=([0-9]+).*/\1/' <<<"$sofline")
    sampling=$(awk '/^Start Of Frame 0x/ {n++; next} n==1 && /^    Component [0-9]+: [0-9]+hx[0-9]+v/ {
        s = s (s=="" ? "" : ",") $3 } n==1 && !/^    Component/ {exit} END {print s}' "$tmp/trace" |
      sed -E 's/([0-9]+)hx([0-9]+)v/\1x\2/g')
  else
    sof=- width=- height=- ncomp=- sampling=-
  fi
  [ -n "$sampling" ] || sampling=-
  restart=$(grep -m1 -E '^Define Restart Interval [0-9]+' "$tmp/trace" | awk '{print $4}' || true)
  adobe=$(grep -m1 -E '^Adobe APP14 marker:' "$tmp/trace" | sed -E 's/.*transform ([0-9]+).*/\1/' || true)
  cs=$(timeout 60 identify -ping -format '%[colorspace]\n' "$f[0]" 2>/dev/null | head -n 1 || true)
  orient=$(awk -F'\t' -v p="$f" '$1==p {print $2; exit}' "$tmp/orient")
  printf '%s\t%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$f" "$sha" "$bytes" "$width" "$height" "$ncomp" "${cs:--}" "$verdict" "$first" "$last" \
    "$sof" "$sampling" "${restart:--}" "${adobe:--}" "${orient:--}" >>"$tmp/out"
done
mv "$tmp/out" "$out"
awk -F'\t' 'NR>1 {n[$7]++; t++} END {for (v in n) printf "%s=%d ", v, n[v]; printf "total=%d\n", t}' "$out" >&2
