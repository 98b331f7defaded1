#!/bin/sh
# Depth of field on a real photo with a real depth map: the Middlebury
# stereo "motorcycle" left view from Debian's python3-skimage and its
# ground-truth disparity, turned into a depth map (near black, far white).
# Writes demo/motorcycle.png, demo/motorcycle-depth.png and
# demo/motorcycle-bokeh.png, and the README's picture
# docs/images/depth-of-field.jpg (photo | depth map | result); then the
# same scene through a camera (docs/camera.md): demo/motorcycle-metres.png,
# the distance in millimetres from the data set's calibration, and
# docs/images/camera-apertures.jpg (a 50 mm lens focused at 2 m at f/1.4,
# f/4 and f/11).
#
#   sh tools/depth-example.sh [LRBOKEH]     (default: build/cli/lrbokeh)
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lrbokeh=${1:-$top/build/cli/lrbokeh}
data=/usr/lib/python3/dist-packages/skimage/data
mkdir -p "$top/demo"
cd "$top/demo"

cp "$data/motorcycle_left.png" motorcycle.png
# Disparity is larger for nearer points; unknown values (where the right
# view could not see) belong to what lies behind, so they take the smaller
# known disparity beside them in their row.  Debian's python3, which has
# numpy (python3-skimage needs it).
/usr/bin/python3 - "$data/motorcycle_disp.npz" motorcycle-depth.png motorcycle-metres.png <<'EOF'
import struct, sys, zlib
import numpy as np

disparity = np.load(sys.argv[1])['arr_0'].astype(np.float64)
height, width = disparity.shape
for row in disparity:
    known = np.flatnonzero(np.isfinite(row))
    for x in np.flatnonzero(~np.isfinite(row)):
        left, right = known[known < x], known[known > x]
        sides = ([row[left[-1]]] if len(left) else []) + ([row[right[0]]] if len(right) else [])
        row[x] = min(sides)
near, far = np.percentile(disparity, [99.5, 0.5])
depth = np.clip((near - disparity) / (near - far), 0.0, 1.0)
def chunk(kind, body):
    return (struct.pack('>I', len(body)) + kind + body +
            struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff))
def save16(path, values):
    values = np.clip(values + 0.5, 0, 65535).astype('>u2')
    rows = b''.join(b'\0' + values[y].tobytes() for y in range(height))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' +
                chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 16, 0, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))
save16(sys.argv[2], depth * 65535)
# Z = f·B / (d + doffs): the calibration skimage gives for these images
# (focal length 994.978 px, baseline 193.001 mm, doffs 31.086 px), in mm.
save16(sys.argv[3], 994.978 * 193.001 / (disparity + 31.086))
EOF

# In focus on the motorcycle's front (depth 0.15), a hexagon of radius 20
# where |depth − focus| = 1, the highlights boosted 3 stops.
"$lrbokeh" apply motorcycle.png motorcycle-bokeh.png --shape hexagon --radius 20 --rank 8 \
    --depth motorcycle-depth.png --focus 0.15 --highlight-stops 3 --verbose

label () {
  convert "$1" -depth 8 -resize 600x -gravity south -background '#202020' -splice 0x30 \
          -fill white -font DejaVu-Sans -pointsize 18 -annotate +0+5 "$2" "$3"
}
label motorcycle.png "photo" /tmp/lrb-depth-a.png
label motorcycle-depth.png "depth map (near black, far white)" /tmp/lrb-depth-b.png
label motorcycle-bokeh.png "depth of field, focus 0.15, hexagon R 20" /tmp/lrb-depth-c.png
convert /tmp/lrb-depth-a.png /tmp/lrb-depth-b.png /tmp/lrb-depth-c.png +append -quality 88 \
        "$top/docs/images/depth-of-field.jpg"
rm -f /tmp/lrb-depth-a.png /tmp/lrb-depth-b.png /tmp/lrb-depth-c.png
echo "Wrote demo/motorcycle-bokeh.png and docs/images/depth-of-field.jpg"

# A camera: the map in metres (65.535 m per stored unit: millimetres in
# 16 bits), a 50 mm lens on a full-frame sensor focused at 2 m.
for n in 1.4 4 11; do
  "$lrbokeh" apply motorcycle.png "motorcycle-f$n.png" --shape hexagon --rank 8 \
      --depth motorcycle-metres.png --depth-units metres --depth-scale 65.535 \
      --focal-length 50 --f-number "$n" --focus-distance 2 --highlight-stops 3 --verbose \
      2>&1 | grep -E '^depth:' || true
  label "motorcycle-f$n.png" "50 mm f/$n, focused at 2 m" "/tmp/lrb-camera-$n.png"
done
convert /tmp/lrb-camera-1.4.png /tmp/lrb-camera-4.png /tmp/lrb-camera-11.png +append \
        -quality 88 "$top/docs/images/camera-apertures.jpg"
rm -f /tmp/lrb-camera-1.4.png /tmp/lrb-camera-4.png /tmp/lrb-camera-11.png
echo "Wrote demo/motorcycle-f*.png and docs/images/camera-apertures.jpg"
