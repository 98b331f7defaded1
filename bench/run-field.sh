#!/bin/sh
# The cat's eye field (issue 28): engine time against the uniform blur on
# a 2560×1600 photo (hexagon R = 50, rank 8, medians of RUNS taken in
# turn), and the field's error against the per-pixel scatter reference on
# its top-left 640×400 for a few zone sizes.  Writes
# docs/benchmarks-field.md, which bench/report.py puts at the end of
# docs/benchmarks.md.  Needs ImageMagick's convert for the scaled photo.
#   bench/run-field.sh [BUILD_DIR]   (default build-bench; RUNS=5)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build-bench}
RUNS=${RUNS:-5}
[ -d "$BUILD" ] || meson setup "$BUILD" "$ROOT" --buildtype release -Dgimp=disabled >/dev/null
ninja -C "$BUILD" bench/lrb-bench-field >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
convert /usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg -resize '2560x1600!' \
        "$TMP/hubble-2560x1600.png"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
"$BUILD/bench/lrb-bench-field" "$TMP/hubble-2560x1600.png" "$RUNS" 50 8 0 150 300 400 150:0.3 200:0.5 300:0.5 \
    >"$TMP/out.txt"
# The cost against the radius (default zones; times only: the reference
# grows with R², 3 minutes at R = 100 on a quiet machine).
for R in 25 100; do
  LRB_BENCH_TIME_ONLY=1 "$BUILD/bench/lrb-bench-field" "$TMP/hubble-2560x1600.png" "$RUNS" $R 8 0 \
      | sed -n '1p;3p' | sed "1s/;.*//" >>"$TMP/radius.txt"
done
# The swirl (full strength, default zones): its kernels are padded to
# twice the radius, so its halo and blocks are larger.
LRB_BENCH_SWIRL=1 LRB_BENCH_TIME_ONLY=1 "$BUILD/bench/lrb-bench-field" "$TMP/hubble-2560x1600.png" \
    "$RUNS" 50 8 0 | sed -n '3p' >>"$TMP/radius.txt"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "## Cat's eye (\`bench/run-field.sh\`)"
  echo
  echo "Run on $(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
       "$(nproc) cores, load average $LOAD at start and $LOAD_END at the end (a shared machine: times move by ±30 %" \
       "from run to run; the ratio is of runs taken in turn). Skimage's Hubble deep field" \
       "scaled to 2560×1600 (8-bit sRGB), hexagon R = 50, rank 8, engine time only" \
       "(\`lrb_gegl_apply_look\` against \`lrb_gegl_apply_field\`, no file I/O). The error" \
       "is against \`lrb_reference_convolve_field_rect\` (each source pixel spreads its own" \
       "kernel) over the top-left 640×400 of the same frame, in linear light, with the exact" \
       "kernels, so it is the zones' error alone."
  echo
  echo '```'
  cat "$TMP/out.txt"
  echo '```'
  echo
  echo "With the radius, and the swirl (default zones, times only):"
  echo
  echo '```'
  cat "$TMP/radius.txt"
  echo '```'
} >"$ROOT/docs/benchmarks-field.md"
cat "$ROOT/docs/benchmarks-field.md"
