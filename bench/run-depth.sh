#!/bin/sh
# lowrank-bokeh — depth of field against GIMP's Focus Blur, whole commands
# on two photos in one run (a benchmark, not a test):
#
#   bench/run-depth.sh [BUILD_DIR] [RUNS]
#
# Case A, the photo: python3-skimage's astronaut scaled to 2560×1600 (8-bit
# PNG); the depth map: a smooth vertical gradient, far (white) at the top
# to near (black) at the bottom, as a 16-bit PNG.  Case B: skimage's
# coffee scaled to 2560×1600 as a 16-bit PPM, with an 8-bit radial depth
# map (near in the middle, far in the corners).  Each command runs RUNS times
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
PHOTO16=$DIR/coffee-2560x1600-16.ppm
RADIAL=$DIR/radial-2560x1600-8.png
[ -f "$PHOTO16" ] || {
  gegl /usr/lib/python3/dist-packages/skimage/data/coffee.png -- \
       scale-size x=2560 y=1600 sampler=cubic png-save path="$DIR/coffee.png" bitdepth=16 \
       2>/dev/null
  convert "$DIR/coffee.png" -alpha off -depth 16 "$PHOTO16"
}
# The depth maps, as greyscale PNGs: 16-bit gradient, 8-bit radial.
[ -f "$DEPTH" ] && [ -f "$RADIAL" ] || python3 - "$DEPTH" "$RADIAL" <<'EOF'
import math, struct, sys, zlib
w, h = 2560, 1600
def chunk(kind, data):
    return (struct.pack('>I', len(data)) + kind + data +
            struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
def png(path, depth, rows):
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' +
                chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, 0, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(b''.join(rows), 6)) + chunk(b'IEND', b''))
png(sys.argv[1], 16, [b'\0' + struct.pack('>H', round((1.0 - y / (h - 1)) * 65535)) * w
                      for y in range(h)])
half = math.hypot(w / 2, h / 2)
png(sys.argv[2], 8, [b'\0' + bytes(round(255 * math.hypot(x - w / 2, y - h / 2) / half)
                                    for x in range(w)) for y in range(h)])
EOF
printf '# 1×1 identity: the run without the filter\n1\n' >"$DIR/identity.txt"

cores=$(nproc)
GEGL_THREADS=$cores
export GEGL_THREADS
RAW=$DIR/results.tsv
: >"$RAW"

measure () {
  group=$1 name=$2
  shift 2
  echo "== $group $name" >&2
  "$CMD" --group "$group" --impl "${name% *}" --op "${name#* }" --radius 50 --ksize 101 \
         --threads "$cores" --mpix 4.096 --runs "$RUNS" --warmup 1 -- "$@" >>"$RAW"
}

# The engine's own time (--verbose) of uniform and depth runs taken in
# turn, so both see the same load: "uniform_ms depth_ms", medians of RUNS.
engine_times () {
  photo=$1 depth=$2
  for i in $(seq "$RUNS"); do
    for map in "" "$depth"; do
      "$LRB" apply "$photo" "$DIR/out-v.ppm" --radius 50 --rank 8 \
             ${map:+--depth "$map" --focus 0.3} -v 2>&1 |
        sed -n 's/^time: *\([0-9.]*\) s/\1/p'
    done | tr '\n' ' '
    echo
  done | awk '{ u[NR] = $1; d[NR] = $2 }
    END { n = NR; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
            if (u[j] < u[i]) { x = u[i]; u[i] = u[j]; u[j] = x }
            if (d[j] < d[i]) { x = d[i]; d[i] = d[j]; d[j] = x } }
          m = int((n + 1) / 2); print u[m] * 1000, d[m] * 1000 }'
}

# The identity run's own engine time (the conversions to linear float and
# back, which a filter needs and `gegl` with no operation does not do):
# added back to lrbokeh's processing, so that subtracting the identity run
# removes only decoding, encoding and start-up.  Median of RUNS.
identity_engine () {
  photo=$1
  for i in $(seq "$RUNS"); do
    "$LRB" apply "$photo" "$DIR/out-v.ppm" "$DIR/identity.txt" --rank 1 -v 2>&1 |
      sed -n 's/^time: *\([0-9.]*\) s/\1/p'
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] * 1000 }'
}

# One case: the photo through each command, and its engine times.
run_case () {
  group=$1 photo=$2 map=$3
  measure "$group" "gegl none" gegl "$photo" -o "$DIR/out-gegl-none.ppm"
  measure "$group" "gegl focus-blur" gegl "$photo" -o "$DIR/out-gegl-focus.ppm" -- \
          focus-blur blur-type=lens blur-radius=50
  measure "$group" "lrbokeh identity" "$LRB" apply "$photo" "$DIR/out-id.ppm" \
          "$DIR/identity.txt" --rank 1
  measure "$group" "lrbokeh uniform" "$LRB" apply "$photo" "$DIR/out-uniform.ppm" \
          --radius 50 --rank 8
  measure "$group" "lrbokeh depth" "$LRB" apply "$photo" "$DIR/out-depth.ppm" --radius 50 \
          --rank 8 --depth "$map" --focus 0.3
  printf '%s\tengine\t%s %s\n' "$group" "$(engine_times "$photo" "$map")" \
         "$(identity_engine "$photo")" >>"$ENGINE"
}

ENGINE=$DIR/engine.tsv
: >"$ENGINE"
run_case depth-a "$PHOTO" "$DEPTH"
run_case depth-b "$PHOTO16" "$RADIAL"

cat "$RAW" "$ENGINE"
awk -F '\t' -v date="$(date -u +%F)" -v runs="$RUNS" -v cores="$cores" \
    -v cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" '
  $2 == "engine" { split($3, e, " "); eu[$1] = e[1]; ed[$1] = e[2]; ei[$1] = e[3]; next }
  { t[$1 " " $2 " " $3] = $9; tmin[$1 " " $2 " " $3] = $10 }
  END {
    printf "## Depth of field (`bench/run-depth.sh`)\n\n"
    printf "Run on %s, %s, %d cores. Case A: a 2560×1600 opaque 8-bit RGB photo (astronaut from python3-skimage, scaled), a vertical depth gradient (far at the top, near at the bottom, 16-bit PNG). Case B: skimage'"'"'s coffee scaled to 2560×1600, a 16-bit PPM, with an 8-bit radial depth map (near in the middle). Focus 0.3, hexagon R=50 at full defocus, rank 8. Medians (and fastest) of %d whole commands after a warm-up; processing = a command minus the same tool without the filter (gegl with no operation; lrbokeh with a 1×1 identity kernel and no depth map, so reading the depth map counts against lrbokeh), plus, for lrbokeh, the engine time of the identity run (its conversions to linear light and back, which gegl with no operation does not do). Results are written as PPM, whose writing takes the same time whatever the image: a PNG encoder is faster on a blurred image than on a sharp one, which made the uniform blur look cheaper than no blur at all. Engine times (`--verbose`) come from uniform and depth runs taken in turn.\n\n", date, cpu, cores, runs
    printf "| case | command | median ms | fastest ms | processing ms (medians) | processing ms (fastest) |\n|---|---|---:|---:|---:|---:|\n"
    n = split("depth-a depth-b", groups, " ")
    for (k = 1; k <= n; k++) {
      g = groups[k]; c = k == 1 ? "A" : "B"
      gb[g] = t[g " gegl focus-blur"] - t[g " gegl none"]
      gbm[g] = tmin[g " gegl focus-blur"] - tmin[g " gegl none"]
      lu[g] = t[g " lrbokeh uniform"] - t[g " lrbokeh identity"] + ei[g]
      ld[g] = t[g " lrbokeh depth"] - t[g " lrbokeh identity"] + ei[g]
      ldm[g] = tmin[g " lrbokeh depth"] - tmin[g " lrbokeh identity"] + ei[g]
      lum[g] = tmin[g " lrbokeh uniform"] - tmin[g " lrbokeh identity"] + ei[g]
      printf "| %s | gegl (no operation) | %.0f | %.0f | — | — |\n", c, t[g " gegl none"], tmin[g " gegl none"]
      printf "| %s | gegl focus-blur blur-type=lens blur-radius=50 | %.0f | %.0f | %.0f | %.0f |\n", c, t[g " gegl focus-blur"], tmin[g " gegl focus-blur"], gb[g], gbm[g]
      printf "| %s | lrbokeh apply, 1×1 identity (engine %.0f ms) | %.0f | %.0f | — | — |\n", c, ei[g], t[g " lrbokeh identity"], tmin[g " lrbokeh identity"]
      printf "| %s | lrbokeh apply --radius 50 --rank 8 (uniform) | %.0f | %.0f | %.0f | %.0f |\n", c, t[g " lrbokeh uniform"], tmin[g " lrbokeh uniform"], lu[g], lum[g]
      printf "| %s | lrbokeh apply --radius 50 --rank 8 --depth MAP --focus 0.3 | %.0f | %.0f | %.0f | %.0f |\n", c, t[g " lrbokeh depth"], tmin[g " lrbokeh depth"], ld[g], ldm[g]
    }
    printf "\n"
    for (k = 1; k <= n; k++) {
      g = groups[k]; c = k == 1 ? "A" : "B"
      printf "Case %s: depth against gegl:focus-blur **%.2f×** by medians, %.2f× by the fastest runs (target ≤ 0.3×), against our uniform blur %.2f×; engine time (median) uniform %.0f ms, depth %.0f ms: **%.2f×** (target ≤ 1.5×).\n", c, ld[g] / gb[g], ldm[g] / gbm[g], ld[g] / lu[g], eu[g], ed[g], ed[g] / eu[g]
    }
  }' "$RAW" "$ENGINE" >"$ROOT/docs/benchmarks-depth.md"
cat "$ROOT/docs/benchmarks-depth.md"
