#!/bin/sh
# lowrank-bokeh — build the benchmarks in release mode, run all of them in
# one go and regenerate docs/benchmarks.md from the raw results.
#
#   bench/run-bench.sh [--runs N] [--quick] [--no-build] [--no-docs]
#
# Raw results: $BUILD_DIR/results.tsv (default build-bench/), one line per
# measurement (columns in bench/lrb-bench-util.h).  The FMA peak is measured
# at the start and again at the end of the same run, so every ratio in the
# report compares numbers taken minutes apart on the same machine.
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

while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift ;;
    --quick) RUNS=1; RUNS_SINGLE=1; WARMUP=0; PROFILE_CASES="50:4" ;;
    --no-build) BUILD_IT=no ;;
    --no-docs) DOCS=no ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
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
  if ninja -C "$BUILD" -t targets all | grep -q '^bench/peer-opencv:'; then
    targets="$targets bench/peer-opencv"
  fi
  ninja -C "$BUILD" $targets
fi

B=$BUILD/bench
OUT=$BUILD/results.tsv
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

printf 'group\timpl\top\tradius\trank\tksize\tthreads\truns\tmedian_ms\tmin_ms\tmax_ms\tcpu\tother\tsteal\tmpix\tgflop\tvalue\tunit\tnote\n' >"$TMP"

# The machine and the build, for the report's header.
lscpu_field () { LC_ALL=C lscpu | sed -n "s/^$1:[[:space:]]*//p" | head -n 1; }
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

if [ $DOCS = yes ]; then
  "$B/lrb-bench-plot" "$OUT" "$ROOT/docs/benchmarks.png" \
    || echo "run-bench.sh: no plot" >&2
  python3 "$ROOT/bench/report.py" "$OUT" "$ROOT/docs/benchmarks.md"
  step "report: $ROOT/docs/benchmarks.md"
fi
