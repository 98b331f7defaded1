#!/bin/sh
# lowrank-bokeh — run the kernel text fuzzer for SECONDS (default 60).
#
#   tests/fuzz/run-fuzz.sh [SECONDS]
#
# Builds tests/fuzz/fuzz-kernel-text with clang in its own build directory
# ($LRB_FUZZ_BUILD_DIR, default build-fuzz at the top of the tree), with the
# whole build instrumented so the fuzzer sees coverage inside the parser,
# then fuzzes a temporary copy of the seed corpus (the corpus in the tree is
# never modified).  A crash leaves its input in BUILD/fuzz-artifacts/ and
# makes the script exit non-zero.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

seconds=${1:-60}
case $seconds in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${LRB_FUZZ_BUILD_DIR:-$top/build-fuzz}
fuzzer=$build/tests/fuzz/fuzz-kernel-text

command -v clang >/dev/null || { echo "$0: clang is needed (apt-get install clang)" >&2; exit 2; }

corpus=$(mktemp -d "${TMPDIR:-/tmp}/lrb-fuzz-corpus.XXXXXX")
setup_log=$corpus.setup.log
trap 'rm -rf "$corpus" "$setup_log"' EXIT INT TERM

# The meson way, as tests/fuzz/meson.build documents it.
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$top" -Dfuzzing=true -Dgimp=disabled \
    -Db_sanitize=address,undefined -Dc_args=-fsanitize=fuzzer-no-link -Db_lundef=false \
    >"$setup_log" 2>&1 || { tail -5 "$setup_log" >&2; rm -rf "$build"; }
fi
if [ -f "$build/build.ninja" ] &&
   ninja -C "$build" -t query tests/fuzz/fuzz-kernel-text >/dev/null 2>&1; then
  ninja -C "$build" tests/fuzz/fuzz-kernel-text
else
  # Not (yet) hooked into tests/meson.build, or the tree does not configure:
  # the parser needs only GLib, so build the same thing by hand.
  echo "$0: no meson target tests/fuzz/fuzz-kernel-text in $build; building it directly" >&2
  mkdir -p "$build/tests/fuzz"
  # shellcheck disable=SC2046
  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$top/core" $(pkg-config --cflags glib-2.0) \
    "$top/core/lrb-kernel.c" "$top/core/lrb-kernel-text.c" "$here/fuzz-kernel-text.c" \
    $(pkg-config --libs glib-2.0) -lm -o "$fuzzer"
fi

cp "$here"/corpus/* "$corpus"/
mkdir -p "$build/fuzz-artifacts"

status=0
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
  -dict="$here/kernel-text.dict" -artifact_prefix="$build/fuzz-artifacts/" \
  "$corpus" || status=$?

if [ "$status" -ne 0 ]; then
  echo "$0: the fuzzer failed (exit $status); inputs in $build/fuzz-artifacts/" >&2
  exit "$status"
fi
echo "$0: no crash in $seconds s ($(ls "$corpus" | wc -l) corpus entries)"
