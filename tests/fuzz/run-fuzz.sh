#!/bin/sh
# lowrank-bokeh — run the libFuzzer targets, SECONDS each (default 60).
#
#   tests/fuzz/run-fuzz.sh [SECONDS] [TARGET…]
#
# TARGET is kernel-text, kernel-image, cli-args or operation (default: all).
# Builds the targets with clang in their own build directory
# ($LRB_FUZZ_BUILD_DIR, default build-fuzz at the top of the tree), with the
# whole build instrumented so the fuzzer sees coverage inside the core and
# the operation.  Each target first runs its seeds in tests/fuzz/corpus/TARGET
# once (the regression check), then fuzzes a temporary copy of them: the
# corpus in the tree changes only with LRB_FUZZ_KEEP=1, which merges what
# was found into it (minimized).  A crash leaves its input in
# BUILD/fuzz-artifacts/ and makes the script exit non-zero.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

seconds=${1:-60}
case $seconds in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS] [kernel-text|kernel-image|cli-args|operation…]" >&2
               exit 2 ;;
esac
[ $# -gt 0 ] && shift
targets=${*:-kernel-text kernel-image cli-args operation}

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${LRB_FUZZ_BUILD_DIR:-$top/build-fuzz}

command -v clang >/dev/null || { echo "$0: clang is needed (apt-get install clang)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lrb-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The meson way, as tests/fuzz/meson.build documents it.
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dfuzzing=true -Dgimp=disabled \
    -Db_sanitize=address,undefined -Dc_args=-fsanitize=fuzzer-no-link -Db_lundef=false \
    >"$work/setup.log" 2>&1 || { tail -20 "$work/setup.log" >&2; rm -rf "$build"; exit 1; }
fi
set --
for t in $targets; do
  [ -d "$here/corpus/$t" ] || { echo "$0: unknown target '$t'" >&2; exit 2; }
  set -- "$@" "tests/fuzz/fuzz-$t"
done
ninja -C "$build" "$@" operation/lowrank-bokeh-op.so operation/lowrank-bokeh-depth-op.so \
  >"$work/build.log" 2>&1 ||
  { tail -30 "$work/build.log" >&2; exit 1; }
mkdir -p "$build/fuzz-artifacts"

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# GEGL and babl caches stay out of the user's home.
export XDG_CACHE_HOME="$work/cache"
status=0
summary=""
for t in $targets; do
  fuzzer=$build/tests/fuzz/fuzz-$t
  seeds=$here/corpus/$t
  corpus=$work/corpus-$t
  log=$work/$t.log
  dict=""
  [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"

  echo "== fuzz-$t: $(ls "$seeds" | wc -l) seeds once, then $seconds s"
  if ! "$fuzzer" -runs=0 -artifact_prefix="$build/fuzz-artifacts/$t-" "$seeds" >"$log" 2>&1; then
    tail -30 "$log" >&2
    echo "$0: fuzz-$t fails on its own seeds" >&2
    status=1
    continue
  fi
  mkdir -p "$corpus"
  cp "$seeds"/* "$corpus"/
  # shellcheck disable=SC2086
  if ! "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 \
       -timeout=60 -rss_limit_mb=4096 $dict \
       -artifact_prefix="$build/fuzz-artifacts/$t-" "$corpus" >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "$0: fuzz-$t failed; inputs in $build/fuzz-artifacts/" >&2
    status=1
    continue
  fi
  stats=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+).*/\1/')
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  line="fuzz-$t: no crash in $seconds s, $runs runs, $stats, $(ls "$corpus" | wc -l) corpus entries"
  echo "$line"
  summary="$summary$line
"
  if [ "${LRB_FUZZ_KEEP:-0}" = 1 ]; then
    "$fuzzer" -merge=1 -max_len=4096 -timeout=60 "$seeds" "$corpus" >"$log" 2>&1 ||
      { tail -20 "$log" >&2; status=1; }
    echo "fuzz-$t: the corpus in the tree now holds $(ls "$seeds" | wc -l) entries"
  fi
done

printf '%s' "$summary"
exit "$status"
