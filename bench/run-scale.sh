#!/bin/sh
# lowrank-bokeh — scale runs: very large, very thin and tiny images, a
# huge kernel, and the GEGL operation rendered again and again by many
# threads.  Not a test: it takes about 15 minutes and writes docs/scale.md.
#
#   bench/run-scale.sh [--no-build] [--no-docs] [--quick] [--report-only]
#
# Each `lrbokeh apply` run records its exit status, wall time, processing
# time (-v), peak RSS (/usr/bin/time), the scratch memory the tile plan
# used against --memory-limit, and every GEGL/GLib warning or critical on
# stderr; a refused run records its one-line reason.  --quick makes the
# big image 3000×2000 and the threaded renders 5, to try the script out;
# --report-only rewrites docs/scale.md from the last run's results.
# The script fails (exit 1) when a run that should work fails, when a run
# that should be refused is not, on any warning, or when the threaded
# renders differ.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build-bench}
BUILD_IT=yes
DOCS=yes
REPORT_ONLY=no
BIG_W=12000 BIG_H=8000 RENDERS=50

while [ $# -gt 0 ]; do
  case $1 in
    --no-build) BUILD_IT=no ;;
    --no-docs) DOCS=no ;;
    --quick) BIG_W=3000 BIG_H=2000 RENDERS=5 ;;
    --report-only) REPORT_ONLY=yes BUILD_IT=no ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run-scale.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in gegl convert file /usr/bin/time taskset; do
  command -v $tool >/dev/null || { echo "run-scale.sh: needs $tool (sh tools/install-deps.sh)" >&2; exit 2; }
done

if [ $BUILD_IT = yes ]; then
  if [ -f "$BUILD/build.ninja" ]; then
    meson configure "$BUILD" -Dbuildtype=release >/dev/null
  else
    meson setup "$BUILD" "$ROOT" -Dgimp=disabled --buildtype=release
  fi
  ninja -C "$BUILD" cli/lrbokeh bench/lrb-bench-threads operation/lowrank-bokeh-op.so
fi

LRBOKEH=$BUILD/cli/lrbokeh
DIR=$BUILD/scale
mkdir -p "$DIR"
RESULTS=$DIR/results.md
failures=0
step () { printf '== %s\n' "$*" >&2; }

if [ $REPORT_ONLY = no ]; then
: >"$RESULTS"
date -u '+%Y-%m-%d %H:%M UTC' >"$DIR/started"
cut -d' ' -f1-3 /proc/loadavg >"$DIR/load-before"
git -C "$ROOT" rev-parse --short HEAD >"$DIR/commit" 2>/dev/null || echo unknown >"$DIR/commit"

# ---- The images -----------------------------------------------------------
# A real photo (Debian's python3-skimage sample, 512×512) scaled by gegl
# itself: by ratio, as scale-size stops at 10000 pixels.
PHOTO_SOURCE=/usr/lib/python3/dist-packages/skimage/data/astronaut.png
[ -f "$PHOTO_SOURCE" ] || { echo "run-scale.sh: no $PHOTO_SOURCE (python3-skimage)" >&2; exit 2; }
make_image () { # FILE WIDTH HEIGHT
  [ -f "$1" ] && return 0
  case $1 in
    *.jpg) saver="jpg-save quality=90" ;;
    *) saver="png-save bitdepth=8" ;;
  esac
  # shellcheck disable=SC2086
  gegl "$PHOTO_SOURCE" -- scale-ratio x="$(awk -v n="$2" 'BEGIN { print n / 512 }')" \
    y="$(awk -v n="$3" 'BEGIN { print n / 512 }')" sampler=cubic $saver \
    path="$1.partial.${1##*.}" >"$DIR/make-image.log" 2>&1
  # file(1) reads the size from the header (ImageMagick's policy refuses
  # images wider than 16000 pixels).
  file -b "$1.partial.${1##*.}" | tr -d ' ' | grep -q ",$2x$3," ||
    { echo "run-scale.sh: $1 is not $2×$3: $(file -b "$1.partial.${1##*.}")" >&2; exit 1; }
  mv "$1.partial.${1##*.}" "$1"
}
BIG=$DIR/photo-${BIG_W}x${BIG_H}.jpg
step "images: ${BIG_W}×${BIG_H} JPEG, 20000×200, 1×20000 and 1×1 PNG, a 4001×4001 disc kernel"
make_image "$BIG" $BIG_W $BIG_H
make_image "$DIR/wide-20000x200.png" 20000 200
make_image "$DIR/tall-1x20000.png" 1 20000
make_image "$DIR/dot-1x1.png" 1 1
HUGE_KERNEL=$DIR/disc-4001.png
[ -f "$HUGE_KERNEL" ] ||
  convert -size 4001x4001 xc:black -fill white -draw "circle 2000,2000 2000,0" "$HUGE_KERNEL"

# ---- One `lrbokeh apply` ---------------------------------------------------
# case NAME EXPECT(ok|refused) IN [ARGS…]: runs apply with -v into a fresh
# output and appends a table row.
row () { printf '| %s |\n' "$*" >>"$RESULTS"; }
field () { sed -n "s/^$1:[[:space:]]*//p" "$2" | head -n 1; }
case_run () {
  name=$1 expect=$2 in=$3
  shift 3
  out=$DIR/out-$name.${in##*.}
  rm -f "$out"
  step "$name: lrbokeh apply $(basename "$in") $*"
  status=0
  # shellcheck disable=SC2086
  /usr/bin/time -f '%e %M' -o "$DIR/time-$name" ${CASE_ENV:+env $CASE_ENV} \
    "$LRBOKEH" apply -v "$in" "$out" "$@" 2>"$DIR/stderr-$name" || status=$?
  # /usr/bin/time adds "Command exited with non-zero status" first.
  wall=$(tail -n 1 "$DIR/time-$name" | cut -d' ' -f1)
  rss_kb=$(tail -n 1 "$DIR/time-$name" | cut -d' ' -f2)
  warnings=$(grep -c -E 'WARNING \*\*|CRITICAL \*\*' "$DIR/stderr-$name" || true)
  rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f MiB", k / 1024 }')
  if [ "$status" -eq 0 ]; then
    tiles=$(field tiles "$DIR/stderr-$name")
    # g_format_size may put a non-breaking space before "MiB".
    scratch=$(printf '%s\n' "$tiles" | sed -n 's/.*scratch \([0-9.]*\)[^0-9]*\(.iB\).*limit \([0-9.]*\)[^0-9]*\(.iB\).*/\1 \2 of \3 \4/p')
    method=$(field method "$DIR/stderr-$name" | cut -d: -f1)
    processing=$(field time "$DIR/stderr-$name")
    outcome="exit 0, wrote $(stat -c %s "$out" | awk '{ printf $1 < 1e6 ? "%.1f kB" : "%.1f MB", $1 < 1e6 ? $1 / 1e3 : $1 / 1e6 }')"
  else
    scratch=- method=- processing=-
    outcome="exit $status: $(grep -v -E 'WARNING|CRITICAL|^$' "$DIR/stderr-$name" | head -n 1 |
                             sed -e 's/|/\\|/g' -e "s|$DIR/||g")"
    [ -e "$out" ] && outcome="$outcome (**output written**)"
  fi
  row "$name | ${CASE_ENV:+$CASE_ENV }$(printf '%s' "$*" | sed "s|$DIR/||g") | $method | $processing | ${wall} s | $rss | $scratch | $warnings | $outcome"
  bad=no
  [ "$warnings" -eq 0 ] || bad=yes
  if [ "$expect" = ok ] && [ "$status" -ne 0 ]; then bad=yes; fi
  if [ "$expect" = refused ] && { [ "$status" -eq 0 ] || [ -e "$out" ]; }; then bad=yes; fi
  if [ $bad = yes ]; then
    echo "run-scale.sh: $name did not go as expected ($expect); see $DIR/stderr-$name" >&2
    failures=$((failures + 1))
  fi
  rm -f "$out"
}

printf '| case | flags | method | processing | wall | peak RSS | scratch (of limit) | warnings | outcome |\n' >>"$RESULTS"
printf '|---|---|---|---|---|---|---|---|---|\n' >>"$RESULTS"
HEX="--shape hexagon --radius 200 --rank 16"
# shellcheck disable=SC2086
{
  case_run big-auto ok "$BIG" $HEX
  case_run big-fft ok "$BIG" $HEX --method fft
  case_run big-separable ok "$BIG" $HEX --method separable
  case_run big-chord refused "$BIG" $HEX --method chord
  case_run big-chord-binary ok "$BIG" $HEX --supersample 1 --method chord
  case_run big-64MiB-scratch ok "$BIG" $HEX --memory-limit 64
  CASE_ENV=GEGL_CACHE_SIZE=256
  case_run big-256MiB-cache ok "$BIG" $HEX
  CASE_ENV=
  case_run wide ok "$DIR/wide-20000x200.png" $HEX
  case_run tall ok "$DIR/tall-1x20000.png" $HEX
  case_run dot ok "$DIR/dot-1x1.png" $HEX
  case_run huge-kernel refused "$DIR/wide-20000x200.png" "$HUGE_KERNEL"
  case_run huge-radius refused "$DIR/wide-20000x200.png" --shape disc --radius 2000
}

# ---- The operation, many threads, bit for bit ------------------------------
step "the GEGL operation: $RENDERS renders by 16 GEGL threads on 2 cores"
GEGL_PATH=$BUILD/operation:$(pkg-config --variable=pluginsdir gegl-0.4)
export GEGL_PATH
taskset -c 0,1 "$BUILD/bench/lrb-bench-threads" --runs "$RENDERS" --threads 16 \
  >"$DIR/threads.log" 2>&1 || true
cut -d' ' -f1-3 /proc/loadavg >"$DIR/load-after"
fi # REPORT_ONLY

THREADS=$(tail -n 1 "$DIR/threads.log")
threads_warnings=$(grep -c -E 'WARNING \*\*|CRITICAL \*\*' "$DIR/threads.log" || true)
if ! grep -q '^\([0-9]*\)/\1 identical' "$DIR/threads.log" || [ "$threads_warnings" -ne 0 ]; then
  echo "run-scale.sh: threaded renders: $THREADS (see $DIR/threads.log)" >&2
  failures=$((failures + 1))
fi

cat "$RESULTS"
echo "threaded renders: $THREADS, $threads_warnings warnings"

if [ $DOCS = yes ]; then
  {
    cat <<EOF
# Scale runs

Written by \`bench/run-scale.sh\`, run started $(cat "$DIR/started"), commit
$(cat "$DIR/commit"), on
$(LC_ALL=C lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
($(nproc) CPUs, $(free -g | awk '/^Mem:/ { print $2 " GiB" }')), release build, default GEGL
cache.  Not a benchmark: each case runs once, on a shared machine, to show
that it works, how much memory it takes and that it exits cleanly.  Timings
are single samples; see [benchmarks.md](benchmarks.md) for medians.  Load
average (other work on the machine) $(cat "$DIR/load-before") before the
run, $(cat "$DIR/load-after") after it.

Every run is \`lrbokeh apply -v IN OUT FLAGS\`, OUT in IN's format.  *Processing* is
what \`-v\` reports (decode and encode excluded), *wall* the whole command,
*peak RSS* from \`/usr/bin/time\`, *scratch* the tile plan's working memory
against \`--memory-limit\` (default 512 MiB; GEGL's tile cache and swap hold
the image itself, outside that limit).  *Warnings* counts GEGL and GLib
warnings and criticals on stderr, and must be 0.  A refused run must exit 1
with one line naming the problem and leave no output file.

The image is Debian's \`astronaut.png\` (python3-skimage) scaled by gegl to
${BIG_W}×${BIG_H} and saved as JPEG (quality 90).  The kernel is a
hexagon of radius 200 (401×401) at rank 16.  The chord method needs a
piecewise-constant kernel: the default anti-aliased hexagon is refused, the
binary one (\`--supersample 1\`) runs.  \`disc-4001.png\` is a 4001×4001 disc
drawn by ImageMagick.  The 1×1 image's processing time is not the
convolution: it is babl setting up its first 8-bit RGBA conversion in the
process (perf shows babl's gimp-8bit extension), which larger images pay too.

EOF
    cat "$RESULTS"
    cat <<EOF

## Threads

\`lrb-bench-threads\`: the benchmark image (2560×1600) through the GEGL
operation \`lowrank-bokeh:blur\` (polygon, radius 50, rank 8, method auto)
into a buffer-sink, with GEGL's \`threads\` set to 16 and the process pinned
to 2 cores (\`taskset -c 0,1\`), $RENDERS times in one process; the SHA-256 of
every result's float pixels is compared with the first.

    $THREADS

Warnings: $threads_warnings.
EOF
  } >"$ROOT/docs/scale.md"
  echo "wrote $ROOT/docs/scale.md"
fi

if [ "$failures" -ne 0 ]; then
  echo "run-scale.sh: $failures case(s) did not go as expected" >&2
  exit 1
fi
