#!/bin/sh
# lowrank-bokeh — build the benchmarks in release mode, run all of them in
# one go and regenerate docs/benchmarks.md from the raw results.
#
#   bench/run-bench.sh [--runs N] [--quick] [--no-build] [--no-docs] [--only methods]
#
# Raw results: $BUILD_DIR/results.tsv (default build-bench/), one line per
# measurement (columns in bench/lrb-bench-util.h), and results-methods.tsv
# for the methods part (exact kernels, the planner, whole commands on a
# photo).  The FMA peak is measured at the start and again at the end of
# the same run, so every ratio in the report compares numbers taken
# minutes apart on the same machine.  --only methods re-runs the methods
# part alone and rewrites the report with the last results.tsv.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build-bench}
RUNS=${RUNS:-5}
RUNS_SINGLE=${RUNS_SINGLE:-3}   # the 1-thread grid is twice as slow
RADII=${RADII:-10,25,50,100}
RANKS=${RANKS:-1,4,8,16}
# radius:rank cases profiled on one thread, for the 1-D passes' share
PROFILE_CASES=${PROFILE_CASES:-"10:4 50:4 50:8 100:8"}
WARMUP=1
BUILD_IT=yes
DOCS=yes
ONLY=all
# The methods part: runs per method and case (slow cases get 1), runs per
# whole command, and the photo (Debian's python3-skimage samples).
RUNS_METHODS=${RUNS_METHODS:-3}
RUNS_COMMAND=${RUNS_COMMAND:-5}
PHOTO_SOURCE=${PHOTO_SOURCE:-}

while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --quick) RUNS=1; RUNS_SINGLE=1; RUNS_METHODS=1; RUNS_COMMAND=1; WARMUP=0
             PROFILE_CASES="50:4" ;;
    --only)
      case ${2:-} in
        methods|all) ONLY=$2 ;;
        *) echo "run-bench.sh: --only takes 'methods' (or 'all')" >&2; exit 2 ;;
      esac
      shift ;;
    --no-build) BUILD_IT=no ;;
    --no-docs) DOCS=no ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ $BUILD_IT = yes ]; then
  if [ -f "$BUILD/build.ninja" ]; then
    meson configure "$BUILD" -Dbuildtype=release >/dev/null
  else
    meson setup "$BUILD" "$ROOT" -Dgimp=disabled --buildtype=release
  fi
  # Only the benchmarks and what they link: the rest of the tree may be
  # half-way through someone's change.
  targets="bench/lrb-fma-peak bench/lrb-bench-engine bench/lrb-bench-gegl bench/lrb-bench-plot"
  targets="$targets bench/lrb-bench-methods bench/lrb-bench-command bench/lrb-bench-nonnegative"
  targets="$targets cli/lrbokeh"
  if ninja -C "$BUILD" -t targets all | grep -q '^bench/peer-opencv:'; then
    targets="$targets bench/peer-opencv"
  fi
  ninja -C "$BUILD" $targets
fi

B=$BUILD/bench
OUT=$BUILD/results.tsv
OUT_METHODS=$BUILD/results-methods.tsv
LOG=$BUILD/bench-log.txt
TMP=$OUT.partial
: >"$LOG"

step () { printf '== %s\n' "$*" >&2; }

# Other people's builds and tests may share these vCPUs: before each step,
# wait (up to QUIET_WAIT seconds) for 2 s in which the machine is idle
# (< 0.1 core busy).  Each result line still records what others used.
QUIET_WAIT=${QUIET_WAIT:-120}
# … and the programs wait up to this long before each case.
LRB_BENCH_QUIET_WAIT=${LRB_BENCH_QUIET_WAIT:-10}
# A case that others disturbed anyway (≥ 0.2 cores) is measured again.
LRB_BENCH_RETRIES=${LRB_BENCH_RETRIES:-2}
export LRB_BENCH_QUIET_WAIT LRB_BENCH_RETRIES
busy_ticks () { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat 2>/dev/null || echo 0; }
wait_quiet () {
  waited=0
  hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
  while [ "$waited" -lt "$QUIET_WAIT" ]; do
    a=$(busy_ticks); sleep 2; b=$(busy_ticks)
    [ $((b - a)) -lt $((hz / 5)) ] && return 0
    waited=$((waited + 2))
  done
  step "still busy after ${QUIET_WAIT} s: measuring anyway (see the 'other' column)"
  quiet_misses=$((quiet_misses + 1))
}
quiet_misses=0
info () { printf 'info\trun-bench.sh\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t-\t-\n' "$1" "$2" >>"$TMP"; }
run () { "$@" >>"$TMP" 2>>"$LOG" || { echo "run-bench.sh: failed: $* (see $LOG)" >&2; exit 1; }; }

header () {
  printf 'group\timpl\top\tradius\trank\tksize\tthreads\truns\tmedian_ms\tmin_ms\tmax_ms\tcpu\tother\tsteal\tmpix\tgflop\tvalue\tunit\tnote\n' >"$TMP"
}

# The machine and the build, for the report's header.
lscpu_field () { LC_ALL=C lscpu | sed -n "s/^$1:[[:space:]]*//p" | head -n 1; }
machine_info () {
info date "$(date -u '+%Y-%m-%d %H:%M UTC')"
info cpu-model "$(lscpu_field 'Model name')"
info cpus "$(lscpu_field 'CPU(s)')"
info threads-per-core "$(lscpu_field 'Thread(s) per core')"
info hypervisor "$(lscpu_field 'Hypervisor vendor')"
info flags "$(for f in avx2 fma avx512f avx512bw; do grep -qw $f /proc/cpuinfo && printf '%s ' $f; done)"
info memory "$(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
info kernel "$(uname -sr)"
info compiler "$(cc --version | head -n 1)"
info buildtype "$(meson introspect --buildoptions "$BUILD" 2>/dev/null | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))' 2>/dev/null || echo unknown)"
info load-average "$(cut -d' ' -f1-3 /proc/loadavg)"
info commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (with uncommitted changes)')"
info runs "$RUNS (1 thread: $RUNS_SINGLE), warm-up $WARMUP"
info retries "$LRB_BENCH_RETRIES"
}

# ---- The methods part: exact kernels, the planner, whole commands ---------
methods_part () {
  MDIR=$BUILD/methods
  mkdir -p "$MDIR"
  info runs-methods "$RUNS_METHODS per method and case, warm-up $WARMUP; whole commands $RUNS_COMMAND"

  wait_quiet
  step "methods: 5 shapes × radii $RADII × ranks 1,4,8,exact, every method, $RUNS_METHODS runs"
  run "$B/lrb-bench-methods" --runs "$RUNS_METHODS" --warmup $WARMUP --radii "$RADII"

  wait_quiet
  step "non-negative factorization against the SVD, one core"
  taskset -c 0 "$B/lrb-bench-nonnegative" 15 >"$BUILD/results-nonnegative.md"

  wait_quiet
  step "methods: full-rank 101×101 kernels, exact, by the planner's method"
  run "$B/lrb-bench-methods" --full-rank "$MDIR" --runs "$RUNS" --warmup $WARMUP
  if [ -x "$B/peer-opencv" ]; then
    wait_quiet
    step "methods: OpenCV filter2D on the same 101×101 kernels"
    run "$B/peer-opencv" --kernel-files "$MDIR/painted-r50.txt,$MDIR/random-101.txt" \
        --runs "$RUNS" --warmup $WARMUP
  fi

  # The photo: a sample from python3-skimage scaled to 2560×1600 (8-bit
  # RGBA PNG) once, by gegl itself.
  PHOTO=$MDIR/photo-2560x1600.png
  if [ ! -f "$PHOTO" ] && command -v gegl >/dev/null 2>&1; then
    for src in $PHOTO_SOURCE /usr/lib/python3/dist-packages/skimage/data/astronaut.png \
               /usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg; do
      [ -f "$src" ] || continue
      gegl "$src" -- scale-size x=2560 y=1600 sampler=cubic \
          png-save path="$PHOTO" bitdepth=8 >>"$LOG" 2>&1 && break
    done
  fi
  if [ ! -f "$PHOTO" ] || ! command -v gegl >/dev/null 2>&1; then
    step "no gegl CLI or no sample photo (python3-skimage): whole commands skipped"
    return 0
  fi
  info photo "$(basename "$PHOTO") from ${src:-an earlier run}: 2560×1600 8-bit RGBA PNG"

  wait_quiet
  step "methods: in-process gegl:lens-blur and lrb_gegl_apply_filter (exact disc R=50) on the photo"
  run "$B/lrb-bench-gegl" --exact-disc --photo "$PHOTO" --radii 50 --runs "$RUNS" --warmup $WARMUP

  # Whole commands: the same photo, the same PNG output; gegl's CLI told to
  # use every core like lrbokeh (which does by default).
  cores=$(nproc)
  GEGL_THREADS=$cores
  export GEGL_THREADS
  info gegl-threads "$GEGL_THREADS"
  printf '# 1×1 identity: the run without the filter\n1\n' >"$MDIR/identity-1x1.txt"
  LRB=$BUILD/cli/lrbokeh
  method=$("$LRB" apply "$PHOTO" "$MDIR/out-lrbokeh-disc.png" --shape disc --radius 50 --exact -v 2>&1 \
           | sed -n 's/^method:[[:space:]]*//p')
  info lrbokeh-disc-method "${method:-unknown}"
  mp=$(awk 'BEGIN { print 2560 * 1600 / 1e6 }')
  for cmd in "gegl none" "gegl lens-blur" "lrbokeh identity" "lrbokeh disc-exact"; do
    impl=${cmd% *}; op=${cmd#* }
    case $cmd in
      "gegl none") set -- gegl "$PHOTO" -o "$MDIR/out-gegl-none.png" ;;
      "gegl lens-blur") set -- gegl "$PHOTO" -o "$MDIR/out-gegl-lens.png" -- lens-blur radius=50 ;;
      "lrbokeh identity") set -- "$LRB" apply "$PHOTO" "$MDIR/out-lrbokeh-id.png" \
                                 "$MDIR/identity-1x1.txt" --rank 1 ;;
      "lrbokeh disc-exact") set -- "$LRB" apply "$PHOTO" "$MDIR/out-lrbokeh-disc.png" \
                                   --shape disc --radius 50 --exact ;;
    esac
    wait_quiet
    step "methods: whole command, $RUNS_COMMAND runs: $impl $op"
    run "$B/lrb-bench-command" --group command --impl "$impl" --op "$op" --radius 50 \
        --ksize 101 --threads "$cores" --mpix "$mp" --runs "$RUNS_COMMAND" --warmup $WARMUP \
        --note "$(echo "$*" | sed "s|$BUILD/||g; s|$ROOT/||g")" -- "$@"
  done
}

if [ "$ONLY" = methods ]; then
  header
  machine_info
  info part "only methods"
  methods_part
  info quiet-misses "$quiet_misses"
  info load-average-end "$(cut -d' ' -f1-3 /proc/loadavg)"
  mv "$TMP" "$OUT_METHODS"
  step "raw results: $OUT_METHODS"
  if [ $DOCS = yes ]; then
    "$B/lrb-bench-plot" --methods "$OUT_METHODS" "$ROOT/docs/benchmarks-methods.png" \
      || echo "run-bench.sh: no methods plot" >&2
    if [ -f "$OUT" ]; then
      python3 "$ROOT/bench/report.py" "$OUT" "$ROOT/docs/benchmarks.md" --methods "$OUT_METHODS"
      step "report: $ROOT/docs/benchmarks.md (other sections from the last full run)"
    else
      step "no $OUT from a full run: report not written (run bench/run-bench.sh once)"
    fi
  fi
  exit 0
fi

header
machine_info

wait_quiet
step "FMA peak (start)"
run "$B/lrb-fma-peak" --runs "$RUNS" --note start

wait_quiet
step "engine, all cores: radii $RADII, ranks $RANKS, $RUNS runs"
run "$B/lrb-bench-engine" --runs "$RUNS" --warmup $WARMUP --radii "$RADII" --ranks "$RANKS" --memory

wait_quiet
step "engine, 1 thread, $RUNS_SINGLE runs"
# Its memory lines are left out: the all-core plan is the one that counts.
"$B/lrb-bench-engine" --threads 1 --runs "$RUNS_SINGLE" --warmup $WARMUP --radii "$RADII" \
    --ranks "$RANKS" >"$BUILD/single.tsv" 2>>"$LOG" \
  || { echo "run-bench.sh: the 1-thread engine run failed (see $LOG)" >&2; exit 1; }
grep -v '^memory' "$BUILD/single.tsv" | grep -v '^info' >>"$TMP" || true
rm -f "$BUILD/single.tsv"

if command -v perf >/dev/null 2>&1 && perf record -q -e cpu-clock -o "$BUILD/perf-probe.data" true 2>/dev/null; then
  for case in $PROFILE_CASES; do
    r=${case%:*}; k=${case#*:}
    wait_quiet
    step "profile, 1 thread: R=$r rank $k"
    data=$BUILD/perf-r$r-k$k.data
    perf record -q -e cpu-clock -F 1999 -o "$data" -- \
      "$B/lrb-bench-engine" --threads 1 --runs 2 --warmup 1 --radii "$r" --ranks "$k" >/dev/null 2>>"$LOG"
    # Shares of the engine worker's samples only (not image set-up).
    perf report -q -i "$data" --stdio --comms lrb-engine --percentage relative \
        --sort sym -F overhead,sym --percent-limit 0.5 2>>"$LOG" \
      | awk -v r="$r" -v k="$k" -v ks=$((2 * r + 1)) '
          $1 ~ /%$/ { pct = $1; sub(/%$/, "", pct); sym = $3;
                      printf "profile\tperf\t%s\t%s\t%s\t%s\t1\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t%%\tcpu-clock samples of the lrb-engine thread\n",
                             sym, r, k, ks, pct }' >>"$TMP"
  done
  rm -f "$BUILD/perf-probe.data"
else
  step "perf not usable here: no profile"
fi

wait_quiet
step "GEGL: gaussian-blur, lens-blur, lrb_gegl_apply"
run "$B/lrb-bench-gegl" --runs "$RUNS" --warmup $WARMUP --radii "$RADII" --ranks "$RANKS"

if [ -x "$B/peer-opencv" ]; then
  wait_quiet
  step "OpenCV: filter2D, sepFilter2D"
  run "$B/lrb-bench-engine" --dump-kernels "$BUILD/bench-kernels" --dump-only --radii "$RADII"
  run "$B/peer-opencv" --kernels "$BUILD/bench-kernels" --runs "$RUNS" --warmup $WARMUP --radii "$RADII"
else
  step "OpenCV peer not built (no opencv4): skipped"
fi

wait_quiet
step "peak RSS of one real run (R=100, rank 1)"
run "$B/lrb-bench-engine" --rss --radii 100 --ranks 1

wait_quiet
step "FMA peak (end)"
run "$B/lrb-fma-peak" --runs "$RUNS" --note end

info quiet-misses "$quiet_misses"
info load-average-end "$(cut -d' ' -f1-3 /proc/loadavg)"
mv "$TMP" "$OUT"
step "raw results: $OUT"

# The methods part in the same run, into its own file (so that
# --only methods can redo it alone).
quiet_misses=0
header
machine_info
info part "full run"
methods_part
info quiet-misses "$quiet_misses"
info load-average-end "$(cut -d' ' -f1-3 /proc/loadavg)"
mv "$TMP" "$OUT_METHODS"
step "raw results: $OUT_METHODS"

if [ $DOCS = yes ]; then
  "$B/lrb-bench-plot" "$OUT" "$ROOT/docs/benchmarks.png" \
    || echo "run-bench.sh: no plot" >&2
  "$B/lrb-bench-plot" --methods "$OUT_METHODS" "$ROOT/docs/benchmarks-methods.png" \
    || echo "run-bench.sh: no methods plot" >&2
  python3 "$ROOT/bench/report.py" "$OUT" "$ROOT/docs/benchmarks.md" --methods "$OUT_METHODS"
  step "report: $ROOT/docs/benchmarks.md"
fi
