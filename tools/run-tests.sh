#!/bin/sh
# Sets up a fresh Debian 12 machine (as root) and runs every test:
#   1. the normal build's test suite (meson test);
#   2. the same suite built with AddressSanitizer and UBSan;
#   3. a short libFuzzer run on the kernel-file parser;
#   4. the GIMP 3 build's suite (plug-in, GTK 3 dialog and widgets, the GEGL
#      operation on Debian 13's GEGL) in a Debian 13 root (tools/test-gimp3.sh;
#      needs root for debootstrap and chroot).
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" = 0 ]; then
  sh tools/install-deps.sh >/dev/null || { echo "installing packages failed"; exit 1; }
fi

passed=0
failed=0

# Adds the counts from meson's own closing summary ("Ok: N", "Fail: N", …).
count_meson () {
  log=$1
  ok=$(awk '/^Ok:/ {print $2}' "$log" | tail -n 1)
  bad=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {n += $NF} END {print n + 0}' "$log")
  [ -n "$ok" ] || { ok=0; bad=$((bad + 1)); }
  passed=$((passed + ok))
  failed=$((failed + bad))
}

run_suite () {
  name=$1
  shift
  dir=build-ci-$name
  log=$(mktemp)
  echo "== $name build"
  rm -rf "$dir"
  if meson setup "$dir" "$@" >"$log" 2>&1 && ninja -C "$dir" >>"$log" 2>&1; then
    meson test -C "$dir" --print-errorlogs --num-processes 2 2>&1 | tee "$log"
    count_meson "$log"
  else
    cat "$log"
    echo "$name build failed"
    failed=$((failed + 1))
  fi
  rm -f "$log"
}

run_suite release -Dgimp=auto
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite sanitize -Dgimp=disabled -Db_sanitize=address,undefined -Db_lundef=false \
                     -Dbuildtype=debug

echo "== fuzzing the kernel-file parser for 60 s"
if sh tests/fuzz/run-fuzz.sh 60; then
  passed=$((passed + 1))
else
  echo "fuzzing found a failure"
  failed=$((failed + 1))
fi

echo "== Debian packages (dpkg-buildpackage, lintian)"
if sh tools/build-debs.sh "${TMPDIR:-/tmp}/lrb-debs"; then
  passed=$((passed + 1))
else
  echo "the Debian packages did not build, or lintian found errors"
  failed=$((failed + 1))
fi

echo "== GIMP 3 build, in a Debian 13 root"
if [ "$(id -u)" = 0 ]; then
  log=$(mktemp)
  sh tools/test-gimp3.sh 2>&1 | tee "$log"
  count_meson "$log"
  rm -f "$log"
else
  echo "not run: making and entering the Debian 13 root needs root"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
