#!/bin/sh
# Axial colour (issue 28): `lrbokeh apply --verbose`'s engine time, wall
# and CPU (every thread's), plain against --axial-color, without and with
# a depth map, on a 2560×1600 photo (disc R = 50, rank 8; the depth map a
# vertical gradient, focus 0.3).  The runs are taken in turn, RUNS times;
# medians.  Prints a Markdown table for docs/benchmarks.md.
#   bench/run-axial.sh [LRBOKEH]   (default build/cli/lrbokeh; RUNS=5)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LRBOKEH=${1:-$ROOT/build/cli/lrbokeh}
RUNS=${RUNS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
convert /usr/lib/python3/dist-packages/skimage/data/astronaut.png -resize '2560x1600!' \
        "$TMP/photo.ppm"
# Far (white) at the top, near at the bottom.
convert -size 2560x1600 gradient:white-black -depth 8 "$TMP/depth.pgm"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
COMMON="--shape disc --radius 50 --rank 8 --verbose"
for i in $(seq "$RUNS"); do
  for case in plain axial depth depth-axial; do
    case $case in
      plain) extra="" ;;
      axial) extra="--axial-color 0.4" ;;
      depth) extra="--depth $TMP/depth.pgm --focus 0.3" ;;
      depth-axial) extra="--depth $TMP/depth.pgm --focus 0.3 --axial-color 0.4" ;;
    esac
    # shellcheck disable=SC2086
    "$LRBOKEH" apply "$TMP/photo.ppm" "$TMP/out.ppm" $COMMON $extra >"$TMP/log" 2>&1
    engine=$(sed -n 's/^time: *\([0-9.]*\) s/\1/p' "$TMP/log")
    cpu=$(sed -n 's/^cpu time: *\([0-9.]*\) s/\1/p' "$TMP/log")
    echo "$engine $cpu" >>"$TMP/$case"
  done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "Run on $(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
     "$(nproc) cores, load average $LOAD at start and $LOAD_END at the end; medians of $RUNS."
echo
echo "| run | engine, wall | ratio | engine, CPU | ratio |"
echo "| --- | ---: | ---: | ---: | ---: |"
for case in plain axial depth depth-axial; do
  engine=$(cut -d' ' -f1 "$TMP/$case" | median)
  cpu=$(cut -d' ' -f2 "$TMP/$case" | median)
  base=$( [ "${case#depth}" = "$case" ] && echo plain || echo depth )
  engine0=$(cut -d' ' -f1 "$TMP/$base" | median)
  cpu0=$(cut -d' ' -f2 "$TMP/$base" | median)
  awk -v c="$case" -v e="$engine" -v e0="$engine0" -v u="$cpu" -v u0="$cpu0" \
      'BEGIN { printf "| %s | %.3f s | %.2f× | %.3f s | %.2f× |\n", c, e, e / e0, u, u / u0 }'
done
