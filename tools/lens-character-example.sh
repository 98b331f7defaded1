#!/bin/sh
# The lens's character on a made-up night street (tools/example-noise.py
# street): the same disc of radius 20, exact, highlights boosted, as a
# perfect lens gives it, with each brightness profile at full strength
# (soap bubble, smooth, onion rings), with the swirl and as an upright
# oval.  Writes demo/street*.png and the README's picture
# docs/images/lens-character.jpg.
#
#   sh tools/lens-character-example.sh [LRBOKEH]     (default: build/cli/lrbokeh)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lrbokeh=${1:-$top/build/cli/lrbokeh}
mkdir -p "$top/demo"
cd "$top/demo"
/usr/bin/python3 "$top/tools/example-noise.py" street - street.png 3

# The lights are dim points: a boost from a low threshold lets every one
# bloom without clipping the discs flat.
render () {
  name=$1
  shift
  "$lrbokeh" apply street.png "street-$name.png" --shape disc --radius 20 --exact \
      --highlight-stops 4 --highlight-threshold-low 0.1 --highlight-threshold-high 0.5 "$@"
  convert "street-$name.png" -depth 8 -gravity south -background '#202020' -splice 0x30 \
          -fill white -font DejaVu-Sans -pointsize 18 -annotate +0+5 "$label" \
          "/tmp/lrb-lc-$name.png"
}
label="a perfect lens (flat)" render plain
label="--profile soap-bubble --profile-strength 1" render bubble \
  --profile soap-bubble --profile-strength 1
label="--profile smooth --profile-strength 1" render smooth --profile smooth \
  --profile-strength 1
label="--profile onion-rings --profile-strength 1" render rings --profile onion-rings \
  --profile-strength 1
label="--swirl 1" render swirl --swirl 1
label="--aspect 1.6 --aspect-rotation 90" render oval --aspect 1.6 --aspect-rotation 90
convert \( /tmp/lrb-lc-plain.png /tmp/lrb-lc-bubble.png +append \) \
        \( /tmp/lrb-lc-smooth.png /tmp/lrb-lc-rings.png +append \) \
        \( /tmp/lrb-lc-swirl.png /tmp/lrb-lc-oval.png +append \) -append -quality 88 \
        "$top/docs/images/lens-character.jpg"
for name in plain bubble smooth rings swirl oval; do
  rm -f "/tmp/lrb-lc-$name.png"
done
echo "Wrote demo/street-*.png and docs/images/lens-character.jpg"
