#!/bin/sh
# lowrank-bokeh — depth of field against GIMP's Focus Blur, whole commands
# on one photo in one run (a benchmark, not a test):
#
#   bench/run-depth.sh [BUILD_DIR] [RUNS]
#
# The photo: python3-skimage's astronaut scaled to 2560×1600 (8-bit PNG);
# the depth map: a smooth vertical gradient, far (white) at the top to near
# (black) at the bottom, as a 16-bit PNG.  Each command runs RUNS times
# after a warm-up (lrb-bench-command: medians, a quiet machine waited
# for).  Processing time is a command's median minus the same tool's run
# without the filter: gegl with no operation; lrbokeh with a 1×1 identity
# kernel and no depth map (so reading the depth map counts against us).
# Prints the raw lines, and writes the Markdown summary to
# docs/benchmarks-depth.md, which bench/report.py puts at the end of
# docs/benchmarks.md.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
RUNS=${2:-5}
DIR=$BUILD/bench-depth
LRB=$BUILD/cli/lrbokeh
CMD=$BUILD/bench/lrb-bench-command
mkdir -p "$DIR"

for tool in "$LRB" "$CMD"; do
  [ -x "$tool" ] || { echo "run-depth.sh: $tool is missing: build first" >&2; exit 1; }
done
command -v gegl >/dev/null || { echo "run-depth.sh: needs the gegl command" >&2; exit 1; }

# An opaque RGB photo, as a camera's: scale-size leaves the border pixels
# partly transparent, which a photo never is (and an image with
# transparency costs the depth of field a second, coverage, run per level).
PHOTO=$DIR/photo-2560x1600-rgb.png
DEPTH=$DIR/gradient-2560x1600.png
[ -f "$PHOTO" ] || {
  gegl /usr/lib/python3/dist-packages/skimage/data/astronaut.png -- \
       scale-size x=2560 y=1600 sampler=cubic png-save path="$DIR/scaled.png" bitdepth=8 \
       2>/dev/null
  convert "$DIR/scaled.png" -alpha off -define png:color-type=2 "$PHOTO"
}
[ -f "$DEPTH" ] || python3 - "$DEPTH" <<'EOF'
import struct, sys, zlib
w, h = 2560, 1600
rows = []
for y in range(h):
    v = round((1.0 - y / (h - 1)) * 65535)
    rows.append(b'\0' + struct.pack('>H', v) * w)
def chunk(kind, data):
    return (struct.pack('>I', len(data)) + kind + data +
            struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
with open(sys.argv[1], 'wb') as f:
    f.write(b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 16, 0, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(b''.join(rows), 6)) + chunk(b'IEND', b''))
EOF
printf '# 1×1 identity: the run without the filter\n1\n' >"$DIR/identity.txt"

cores=$(nproc)
GEGL_THREADS=$cores
export GEGL_THREADS
RAW=$DIR/results.tsv
: >"$RAW"

measure () {
  name=$1
  shift
  echo "== $name" >&2
  "$CMD" --group depth --impl "${name% *}" --op "${name#* }" --radius 50 --ksize 101 \
         --threads "$cores" --mpix 4.096 --runs "$RUNS" --warmup 1 -- "$@" >>"$RAW"
}

measure "gegl none" gegl "$PHOTO" -o "$DIR/out-gegl-none.ppm"
measure "gegl focus-blur" gegl "$PHOTO" -o "$DIR/out-gegl-focus.ppm" -- \
        focus-blur blur-type=lens blur-radius=50
measure "lrbokeh identity" "$LRB" apply "$PHOTO" "$DIR/out-id.ppm" "$DIR/identity.txt" --rank 1
measure "lrbokeh uniform" "$LRB" apply "$PHOTO" "$DIR/out-uniform.ppm" --radius 50 --rank 8
measure "lrbokeh depth" "$LRB" apply "$PHOTO" "$DIR/out-depth.ppm" --radius 50 --rank 8 \
        --depth "$DEPTH" --focus 0.3

# The engine's own time (--verbose), median of RUNS, for the record.
engine_time () {
  for i in $(seq "$RUNS"); do
    "$LRB" apply "$PHOTO" "$DIR/out-v.ppm" --radius 50 --rank 8 "$@" -v 2>&1 |
      sed -n 's/^time: *\([0-9.]*\) s/\1/p'
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] * 1000 }'
}
uniform_ms=$(engine_time)
depth_ms=$(engine_time --depth "$DEPTH" --focus 0.3)

cat "$RAW"
awk -F '\t' -v uniform_ms="$uniform_ms" -v depth_ms="$depth_ms" -v date="$(date -u +%F)" \
    -v cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" '
  $1 == "depth" { t[$2 " " $3] = $9 }
  END {
    gb = t["gegl focus-blur"] - t["gegl none"]
    lu = t["lrbokeh uniform"] - t["lrbokeh identity"]
    ld = t["lrbokeh depth"] - t["lrbokeh identity"]
    printf "## Depth of field (`bench/run-depth.sh`)\n\n"
    printf "Run on %s, %s, %d cores: a 2560×1600 opaque RGB photo (astronaut from python3-skimage, scaled), a vertical depth gradient (far at the top, near at the bottom, 16-bit PNG), focus 0.3, hexagon R=50 at full defocus, rank 8. Medians of '"$RUNS"' whole commands after a warm-up; processing = a command minus the same tool without the filter (gegl with no operation; lrbokeh with a 1×1 identity kernel and no depth map, so reading the depth map counts against lrbokeh). Results are written as PPM, whose writing takes the same time whatever the image: a PNG encoder is faster on a blurred image than on a sharp one, which made the uniform blur look cheaper than no blur at all.\n\n", date, cpu, '"$cores"'
    printf "| command | median ms | processing ms |\n|---|---:|---:|\n"
    printf "| gegl (no operation) | %.0f | — |\n", t["gegl none"]
    printf "| gegl focus-blur blur-type=lens blur-radius=50 | %.0f | %.0f |\n", t["gegl focus-blur"], gb
    printf "| lrbokeh apply, 1×1 identity | %.0f | — |\n", t["lrbokeh identity"]
    printf "| lrbokeh apply --radius 50 --rank 8 (uniform) | %.0f | %.0f |\n", t["lrbokeh uniform"], lu
    printf "| lrbokeh apply --radius 50 --rank 8 --depth gradient --focus 0.3 | %.0f | %.0f |\n", t["lrbokeh depth"], ld
    printf "\nDepth against gegl:focus-blur: **%.2f×** (target ≤ 0.5×); against our uniform blur: **%.2f×** (target ≤ 2.5×).\n", ld / gb, ld / lu
    printf "Engine time alone (--verbose, median): uniform %.0f ms, depth %.0f ms (%.2f×).\n", uniform_ms, depth_ms, depth_ms / uniform_ms
  }' "$RAW" >"$ROOT/docs/benchmarks-depth.md"
cat "$ROOT/docs/benchmarks-depth.md"
