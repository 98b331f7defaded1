#!/bin/sh
# Axial colour (--axial-color): white lights on a dark night, those on the
# left in front of the focus (depth 0), those on the right behind it
# (depth 1), a sharp grid in the focus (depth 0.5) between them.  Rows:
# off, 0.4 and 1: magenta rims in front, green rims behind.  Writes
# demo/axial-lights.ppm, demo/axial-lights-depth.pgm, demo/axial-*.png and
# the README's picture docs/images/axial-color.jpg.
#
#   sh tools/axial-color-example.sh [LRBOKEH]     (default: build/cli/lrbokeh)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lrbokeh=${1:-$top/build/cli/lrbokeh}
mkdir -p "$top/demo"
cd "$top/demo"

# The scene, 16-bit sRGB, and its depth map, 8-bit grey (near black).
/usr/bin/python3 - axial-lights.ppm axial-lights-depth.pgm <<'EOF'
import sys
import numpy as np

width, height = 600, 240
rgb = np.empty((height, width, 3))
rgb[:] = (0.01, 0.015, 0.03)
depth = np.full((height, width), 1.0)
depth[:, : width * 2 // 5] = 0.0
depth[:, width * 2 // 5 : width * 3 // 5] = 0.5
rng = np.random.default_rng(28)
for x0, x1 in ((20, width * 2 // 5 - 20), (width * 3 // 5 + 20, width - 20)):
    for _ in range(9):
        x, y = rng.integers(x0, x1), rng.integers(30, height - 30)
        rgb[y - 1 : y + 2, x - 1 : x + 2] = 1.0
# In focus: a grid of thin lines, sharp in every row.
mid = slice(width * 2 // 5 + 10, width * 3 // 5 - 10)
rgb[::12, mid] = 0.6
rgb[:, mid][:, ::12] = 0.6
encoded = np.where(rgb <= 0.0031308, 12.92 * rgb, 1.055 * rgb ** (1 / 2.4) - 0.055)
with open(sys.argv[1], 'wb') as f:
    f.write(b'P6\n%d %d\n65535\n' % (width, height))
    f.write((encoded * 65535 + 0.5).astype('>u2').tobytes())
with open(sys.argv[2], 'wb') as f:
    f.write(b'P5\n%d %d\n255\n' % (width, height))
    f.write((depth * 255 + 0.5).astype('u1').tobytes())
EOF

# A disc of radius 20 at full defocus (10 at depths 0 and 1, focused at
# 0.5), the highlights boosted so the lights bloom.
for strength in 0 0.4 1; do
  "$lrbokeh" apply axial-lights.ppm "axial-$strength.png" --shape disc --radius 40 --rank 12 \
      --depth axial-lights-depth.pgm --focus 0.5 --highlight-stops 4 \
      --axial-color "$strength" --verbose 2>&1 | grep -E '^(axial|time)' || true
done

label () {
  convert "$1" -depth 8 -resize 200% -gravity south -background '#202020' -splice 0x30 \
          -fill white -font DejaVu-Sans -pointsize 20 -annotate +0+5 "$2" "$3"
}
label axial-0.png "--axial-color 0 (off): in front of the focus | in focus | behind" \
      /tmp/lrb-ax-a.png
label axial-0.4.png "--axial-color 0.4: magenta rims in front, green behind" /tmp/lrb-ax-b.png
label axial-1.png "--axial-color 1" /tmp/lrb-ax-c.png
convert /tmp/lrb-ax-a.png /tmp/lrb-ax-b.png /tmp/lrb-ax-c.png -append -quality 90 \
        "$top/docs/images/axial-color.jpg"
rm -f /tmp/lrb-ax-a.png /tmp/lrb-ax-b.png /tmp/lrb-ax-c.png
echo "Wrote demo/axial-*.png and docs/images/axial-color.jpg"
