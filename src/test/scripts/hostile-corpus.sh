#!/usr/bin/env bash
# Generates the hostile and unusual inputs hotshrink must survive, into OUTDIR, with a manifest
# (OUTDIR/expected.tsv: name, then ok | failed | either | ignored, then for ok the output size at
# scale 0.5 and for failed a word its reason must contain). Nothing is downloaded.
#   src/test/scripts/hostile-corpus.sh OUTDIR
# Needs (Debian 12): imagemagick, libimage-exiftool-perl, libjpeg-turbo-progs, python3, python3-pil.
# HostileInputsIT drops the whole corpus at once into a running daemon with
# limits.max-file-size = 50M and watch.incomplete-timeout = 3s.
set -euo pipefail
out=${1:?usage: hostile-corpus.sh OUTDIR}
mkdir -p "$out"
cd "$out"
IM=/usr/bin/convert        # the real ImageMagick 6 (a PATH stand-in may shadow "convert")
PY=/usr/bin/python3        # Debian's, with python3-pil
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
manifest=expected.tsv
: >"$manifest"
expect() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$manifest"; }

# A photo-like base, 640x480, with a red top-left corner so orientation is visible.
$IM -size 640x480 -seed 11 plasma:tan-steelblue -blur 0x1 \
  -fill '#e01010' -draw 'rectangle 0,0 79,59' "$T/base.png"
$IM "$T/base.png" ppm:"$T/base.ppm"
cjpeg -quality 90 -outfile "$T/base.jpg" "$T/base.ppm"

# Ordinary photos, to show the others in the same drop are unaffected.
for i in 1 2 3; do
  $IM -size 800x600 -seed "$i" plasma: -quality 90 "plain-$i.jpg"
  expect "plain-$i.jpg" ok 400x300
done

# Not JPEGs at all, named like one.
: >empty.jpg
expect empty.jpg failed empty
$PY - random-bytes.jpg <<'PY'
import random, sys
r = random.Random(5)
b = bytearray(r.getrandbits(8) for _ in range(20000))
b[0] = 0x42  # never FF D8 FF by chance
open(sys.argv[1], 'wb').write(b)
PY
expect random-bytes.jpg failed "not a JPEG"
$IM "$T/base.png" png:png-named.jpg
expect png-named.jpg failed PNG
$IM "$T/base.png" gif:gif-named.jpg
expect gif-named.jpg failed GIF
# Not named like a JPEG and not one: not an input at all.
echo "shopping list" >notes.txt
expect notes.txt ignored

# Cut short at 1 %, 50 % and 99 % of the file: no end-of-image marker ever arrives.
size=$(stat -c %s "$T/base.jpg")
for pct in 01 50 99; do
  head -c $((size * 10#$pct / 100)) "$T/base.jpg" >"truncated-$pct.jpg"
  expect "truncated-$pct.jpg" failed truncated
done

# Damaged entropy-coded data in the middle (no FF bytes written, so the structure stays whole):
# decoders either give a damaged picture (as viewers do) or give up.
$PY - "$T/base.jpg" corrupt-entropy.jpg <<'PY'
import random, sys
b = bytearray(open(sys.argv[1], 'rb').read())
sos = b.index(b'\xff\xda')
start = sos + (len(b) - sos) // 2
r = random.Random(7)
for i in range(start, start + 400):
    b[i] = r.randrange(0, 0xFF)
open(sys.argv[2], 'wb').write(b)
PY
expect corrupt-entropy.jpg either 320x240

# A decompression bomb: a real small JPEG whose frame header claims 65535 x 65535.
$PY - "$T/base.jpg" bomb-65535x65535.jpg <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.index(b'\xff\xc0')
b[i + 5:i + 9] = b'\xff\xff\xff\xff'  # height, width
open(sys.argv[2], 'wb').write(b)
PY
expect bomb-65535x65535.jpg failed max-pixels

# 100 MB: a valid JPEG carrying 1,600 APP15 segments of 64 KB (over limits.max-file-size = 50M).
$PY - "$T/base.jpg" huge-100mb.jpg <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
seg = b'\xff\xef' + (65535).to_bytes(2, 'big') + bytes(65533)
with open(sys.argv[2], 'wb') as f:
    f.write(b[:2])
    for _ in range(1600):
        f.write(seg)
    f.write(b[2:])
PY
expect huge-100mb.jpg failed max-file-size

# Colour: CMYK as Pillow writes it (plain, Adobe transform 0), YCCK as ImageMagick writes it,
# grayscale.
$PY -c 'import sys; from PIL import Image; Image.open(sys.argv[1]).convert("CMYK").save(sys.argv[2], quality=90)' \
  "$T/base.png" cmyk.jpg
expect cmyk.jpg ok 320x240
$IM "$T/base.png" -colorspace CMYK -quality 90 ycck.jpg
expect ycck.jpg ok 320x240
cjpeg -quality 90 -grayscale -outfile gray.jpg "$T/base.ppm"
expect gray.jpg ok 320x240

# Progressive with 66 scans (DC, then every AC coefficient of luma in a scan of its own).
{
  echo "0,1,2: 0 0 0 0;"
  for k in $(seq 1 63); do echo "0: $k $k 0 0;"; done
  echo "1: 1 63 0 0;"
  echo "2: 1 63 0 0;"
} >"$T/scans.txt"
cjpeg -quality 90 -scans "$T/scans.txt" -outfile progressive-66-scans.jpg "$T/base.ppm"
expect progressive-66-scans.jpg ok 320x240

# A restart marker after every MCU.
cjpeg -quality 90 -restart 1B -outfile restart-markers.jpg "$T/base.ppm"
expect restart-markers.jpg ok 320x240

# EXIF near its 64 KB limit.
cp "$T/base.jpg" exif-64k.jpg
exiftool -q -overwrite_original -UserComment="$(head -c 60000 /dev/zero | tr '\0' 'x')" \
  -Artist='Ada Lovelace' exif-64k.jpg
expect exif-64k.jpg ok 320x240

# All 8 EXIF orientations (5 to 8 turn the picture: its output is 240x320).
for n in 1 2 3 4 5 6 7 8; do
  cp "$T/base.jpg" "orientation-$n.jpg"
  exiftool -q -overwrite_original -n -Orientation="$n" "orientation-$n.jpg"
  if [ "$n" -ge 5 ]; then expect "orientation-$n.jpg" ok 240x320; else expect "orientation-$n.jpg" ok 320x240; fi
done

# Data after the end-of-image marker (cameras pad, phones append a video).
$PY - "$T/base.jpg" trailing-garbage.jpg <<'PY'
import random, sys
r = random.Random(9)
b = open(sys.argv[1], 'rb').read() + bytes(r.getrandbits(8) for _ in range(10000))
open(sys.argv[2], 'wb').write(b)
PY
expect trailing-garbage.jpg ok 320x240

# MPO (a stereo camera's multi-picture file): two JPEGs, the first with an APP2 MPF index.
$IM -size 320x240 -seed 3 plasma: -quality 90 "$T/second.jpg"
$PY - "$T/base.jpg" "$T/second.jpg" mpo.jpg <<'PY'
import struct, sys
first = open(sys.argv[1], 'rb').read()
second = open(sys.argv[2], 'rb').read()
def mpf(size1, offset2, size2):
    ifd_at = 8
    entries = 3
    data_at = ifd_at + 2 + entries * 12 + 4
    tiff = b'MM\x00\x2a' + struct.pack('>I', ifd_at)
    tiff += struct.pack('>H', entries)
    tiff += struct.pack('>HHI', 0xB000, 7, 4) + b'0100'
    tiff += struct.pack('>HHII', 0xB001, 4, 1, 2)
    tiff += struct.pack('>HHII', 0xB002, 7, 32, data_at)
    tiff += struct.pack('>I', 0)
    tiff += struct.pack('>IIIHH', 0x20030000, size1, 0, 0, 0)
    tiff += struct.pack('>IIIHH', 0x00020002, size2, offset2, 0, 0)
    body = b'MPF\x00' + tiff
    return b'\xff\xe2' + struct.pack('>H', len(body) + 2) + body
probe = mpf(0, 0, 0)
size1 = len(first) + len(probe)
tiff_start = 2 + 4 + 4  # SOI, APP2 marker and length, 'MPF\0'
offset2 = size1 - tiff_start
app2 = mpf(size1, offset2, len(second))
open(sys.argv[3], 'wb').write(first[:2] + app2 + first[2:] + second)
PY
expect mpo.jpg ok 320x240

# Unreadable by its mode (root, which the tests run as, reads it anyway).
cp "$T/base.jpg" mode-000.jpg
chmod 000 mode-000.jpg
expect mode-000.jpg ok 320x240

echo "$(wc -l <"$manifest") files in $out"
