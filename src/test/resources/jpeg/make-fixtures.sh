#!/usr/bin/env bash
# Makes the small real JPEGs the resize tests use, with the tools named below (Debian 12:
# imagemagick, libimage-exiftool-perl, libjpeg-turbo-progs, python3-pil). The outputs are
# committed; run this again only to change them. Usage: ./make-fixtures.sh (in this folder).
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert   # the real ImageMagick 6 (a PATH stand-in may shadow "convert")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# A photo-like base, 240x160: a plasma texture with three corner marks, so that every one of the
# 8 orientations looks different: red top-left, green top-right, blue bottom-left.
$IM -size 240x160 -seed 7 plasma:grey60-grey40 -blur 0x1 \
  -fill '#e01010' -draw 'rectangle 0,0 39,29' \
  -fill '#10c010' -draw 'rectangle 200,0 239,29' \
  -fill '#1010e0' -draw 'rectangle 0,130 39,159' "$T/base.png"

# orient-N.jpg: stored turned so that applying EXIF orientation N shows the base upright.
inverse=( "" "" "-flop" "-rotate 180" "-flip" "-transpose" "-rotate 270" "-transverse" "-rotate 90" )
for n in 1 2 3 4 5 6 7 8; do
  # shellcheck disable=SC2086
  $IM "$T/base.png" ${inverse[$n]} -quality 92 "orient-$n.jpg"
  exiftool -q -overwrite_original -n -Orientation="$n" "orient-$n.jpg"
done

# Colour: plain sRGB, Adobe RGB (with its profile), grayscale, CMYK the way ImageMagick writes it
# (YCCK with an Adobe marker, i.e. inverted samples), the same with a CMYK profile, and plain
# CMYK (Adobe transform 0) as Pillow writes it.
$IM "$T/base.png" -quality 92 rgb.jpg
$IM "$T/base.png" -profile /usr/share/color/icc/ghostscript/srgb.icc \
  -profile /usr/share/color/icc/ghostscript/a98.icc -quality 92 adobergb.jpg
$IM "$T/base.png" -colorspace gray -quality 92 gray.jpg
$IM "$T/base.png" -colorspace CMYK -quality 92 cmyk-ycck.jpg
$IM "$T/base.png" -profile /usr/share/color/icc/ghostscript/srgb.icc \
  -profile /usr/share/color/icc/ghostscript/default_cmyk.icc -quality 92 cmyk-ycck-profile.jpg
/usr/bin/python3 -c 'import sys; from PIL import Image; Image.open(sys.argv[1]).convert("CMYK").save(sys.argv[2], quality=92)' \
  "$T/base.png" cmyk-plain.jpg

# Metadata: EXIF (with a thumbnail), XMP and IPTC, creator and copyright among other fields.
$IM "$T/base.png" -quality 92 meta.jpg
$IM "$T/base.png" -resize 60x40 "$T/thumb.jpg"
exiftool -q -overwrite_original -n -Orientation=6 -Make=Testcam -Model=T1 \
  -Artist='Ada Lovelace' -Copyright='(c) 2024 Ada Lovelace' -ImageDescription='a test picture' \
  -GPSLatitude=47.5 -GPSLatitudeRef=N \
  '-ThumbnailImage<='"$T/thumb.jpg" \
  -XMP-dc:Creator='Ada Lovelace' -XMP-dc:Rights='All rights reserved' -XMP-dc:Subject=keyword1 \
  -XMP-xmp:Rating=4 \
  -IPTC:By-line='Ada Lovelace' -IPTC:CopyrightNotice='(c) 2024 Ada Lovelace' \
  -IPTC:Keywords=keyword1 -IPTC:Caption-Abstract='a caption' meta.jpg

# Coding processes: progressive, arithmetic-coded (libjpeg-turbo decodes it, ImageIO does not).
$IM "$T/base.png" ppm:"$T/base.ppm"
cjpeg -quality 92 -progressive -outfile progressive.jpg "$T/base.ppm"
cjpeg -quality 92 -arithmetic -outfile arithmetic.jpg "$T/base.ppm"
# 12-bit: no Debian 12 tool writes one (libjpeg-turbo 2.1 is 8-bit only), so this is an
# extended-sequential (SOF1) frame header saying "12-bit" in front of 8-bit data: hotshrink must
# refuse it from the header, before decoding, with a clear reason.
cjpeg -quality 92 -optimize -outfile "$T/ext.jpg" "$T/base.ppm"
/usr/bin/python3 - "$T/ext.jpg" twelve-bit.jpg <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.index(b'\xff\xc0')
b[i + 1] = 0xC1   # SOF1: extended sequential
b[i + 4] = 12     # sample precision
open(sys.argv[2], 'wb').write(b)
PY
# RGB stored as RGB, told only by its component ids 'R', 'G', 'B' (neither JFIF nor Adobe marker:
# libjpeg then goes by the ids). cjpeg -rgb writes an Adobe marker, which is taken out here.
cjpeg -quality 92 -rgb -outfile "$T/rgb-adobe.jpg" "$T/base.ppm"
/usr/bin/python3 - "$T/rgb-adobe.jpg" rgb-ids.jpg <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.index(b'\xff\xee')
del b[i:i + 2 + (b[i + 2] << 8 | b[i + 3])]
assert b'\xff\xe0' not in b[:64] and b'\xff\xee' not in b
open(sys.argv[2], 'wb').write(b)
PY
ls -l ./*.jpg
