#!/bin/sh
# The cat's eye on the Hubble deep field (Debian's python3-skimage): the
# plain hexagon blur beside --cats-eye 1, whole frame and the top-left
# corner enlarged, where the clipping is strongest.  Writes
# demo/hubble-plain.png, demo/hubble-cats-eye.png and the README's picture
# docs/images/cats-eye.jpg.
#
#   sh tools/cats-eye-example.sh [LRBOKEH]     (default: build/cli/lrbokeh)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lrbokeh=${1:-$top/build/cli/lrbokeh}
mkdir -p "$top/demo"
cd "$top/demo"
cp /usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg hubble.jpg

# A hexagon of radius 24 at rank 8; the highlights boosted so the stars
# bloom into clear shapes.
for strength in 0 1; do
  out=$( [ "$strength" = 0 ] && echo hubble-plain.png || echo hubble-cats-eye.png )
  "$lrbokeh" apply hubble.jpg "$out" --radius 24 --rank 8 --highlight-stops 4 \
      --cats-eye "$strength" --verbose
done

label () {
  convert "$1" -depth 8 $4 -gravity south -background '#202020' -splice 0x30 \
          -fill white -font DejaVu-Sans -pointsize 18 -annotate +0+5 "$2" "$3"
}
label hubble-plain.png "one kernel everywhere" /tmp/lrb-ce-a.png "-resize 500x"
label hubble-cats-eye.png "--cats-eye 1" /tmp/lrb-ce-b.png "-resize 500x"
label hubble-plain.png "top-left corner, ×2" /tmp/lrb-ce-c.png "-crop 250x218+0+0 +repage -resize 500x"
label hubble-cats-eye.png "top-left corner, ×2, --cats-eye 1" /tmp/lrb-ce-d.png \
      "-crop 250x218+0+0 +repage -resize 500x"
convert \( /tmp/lrb-ce-a.png /tmp/lrb-ce-b.png +append \) \
        \( /tmp/lrb-ce-c.png /tmp/lrb-ce-d.png +append \) -append -quality 88 \
        "$top/docs/images/cats-eye.jpg"
rm -f /tmp/lrb-ce-a.png /tmp/lrb-ce-b.png /tmp/lrb-ce-c.png /tmp/lrb-ce-d.png
echo "Wrote demo/hubble-cats-eye.png and docs/images/cats-eye.jpg"
