#!/bin/sh
# The pictures of grain matching and of a measured kernel, on Debian's
# python3-skimage photos (tools/example-noise.py adds the noise):
#  - docs/images/grain.jpg: scikit-image's astronaut with grain (σ 0.04 per
#    channel, seeded), sharp in an ellipse round the face and blurred
#    beyond it, without and with --grain (crops at 2×);
#  - docs/images/measured-kernel.jpg: scikit-image's camera at night with
#    one small lamp, the whole scene through a "lens" (the exact hexagon of
#    radius 12) and noise σ 0.02 on top; the crop round the lamp and the
#    kernel taken from it: every term, the noise-aware rank, the difference.
#
#   sh tools/grain-lens-example.sh [LRBOKEH]     (default: build/cli/lrbokeh)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lrbokeh=${1:-$top/build/cli/lrbokeh}
data=/usr/lib/python3/dist-packages/skimage/data
noise="/usr/bin/python3 $top/tools/example-noise.py"
mkdir -p "$top/demo"
cd "$top/demo"

label () {
  convert "$1" -depth 8 $2 -gravity south -background '#202020' -splice 0x30 -fill white \
          -font DejaVu-Sans -pointsize 18 -annotate +0+5 "$3" "$4"
}

# Grain: sharp round the face, a hexagon of radius 10 beyond it.
$noise grainy "$data/astronaut.png" astronaut-grainy.png 0.04 7
for grain in "" --grain; do
  "$lrbokeh" apply astronaut-grainy.png "astronaut-blur$grain.png" --shape hexagon \
      --radius 10 --rank 6 --focus-region ellipse --focus-x 0.45 --focus-y 0.3 \
      --focus-radius 0.25 --focus-transition 0.3 $grain --verbose 2>&1 | grep '^grain:' || true
done
crop="-crop 200x200+250+230 +repage -scale 200%"
label astronaut-grainy.png "$crop" "photo with grain" /tmp/lrb-grain-a.png
label astronaut-blur.png "$crop" "blurred: plastic-smooth" /tmp/lrb-grain-b.png
label astronaut-blur--grain.png "$crop" "blurred with --grain" /tmp/lrb-grain-c.png
convert /tmp/lrb-grain-a.png /tmp/lrb-grain-b.png /tmp/lrb-grain-c.png +append -quality 88 \
        "$top/docs/images/grain.jpg"
rm -f /tmp/lrb-grain-a.png /tmp/lrb-grain-b.png /tmp/lrb-grain-c.png

# A lens's kernel from a photographed lamp.
$noise night "$data/camera.png" night-sharp.png
"$lrbokeh" apply night-sharp.png night-lens.png --shape hexagon --radius 12 --exact
$noise noisy night-lens.png night.png 0.02 2029
"$lrbokeh" kernel-from-photo night.png --rect 342,64,84,76 -o lens.txt | tee lens-report.txt
"$lrbokeh" kernel-from-photo night.png --rect 342,64,84,76 -o lens-raw.txt --rank full \
    > /dev/null
rank=$(sed -n 's/^Kernel .* at rank \([0-9]*\) of.*/\1/p' lens-report.txt)
"$lrbokeh" kernel lens-raw.txt --rank "$rank" -o lens-panel.png
label night.png "-crop 84x76+342+64 +repage -scale 400%" "the lamp in the photo" \
      /tmp/lrb-lens-a.png
label lens-panel.png "-resize x304" "every term | rank $rank (noise-aware) | dropped" \
      /tmp/lrb-lens-b.png
convert /tmp/lrb-lens-a.png /tmp/lrb-lens-b.png +append -quality 90 \
        "$top/docs/images/measured-kernel.jpg"
rm -f /tmp/lrb-lens-a.png /tmp/lrb-lens-b.png
echo "Wrote docs/images/grain.jpg and docs/images/measured-kernel.jpg"
