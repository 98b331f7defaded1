#!/bin/sh
# Sets up a fresh Debian 12 machine (as root) and runs every test:
#   1. the normal build's test suite (meson test);
#   2. the same suite built with AddressSanitizer and UBSan;
#   3. a short libFuzzer run of each target: kernel text files, kernel
#      image files, lrbokeh apply's arguments, the GEGL operation's
#      properties (tests/fuzz/run-fuzz.sh; longer runs are the script's);
#   4. the Debian packages: built and checked by lintian, then installed,
#      used and purged in a clean Debian 12 root (tools/build-debs.sh,
#      tools/test-debs-install.sh);
#   5. the GIMP 3 build's whole suite (plug-in, GTK 3 dialog and widgets,
#      the GEGL operation) on GIMP 3.2.6 in a Debian forky root, and its
#      packages the same way as in 4; on GIMP
#      3.0.4 in a Debian 13 root the headless plug-in tests and the GIMP 3
#      packages the same way as in 4 (tools/test-gimp3.sh; needs root for
#      debootstrap).
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
started=$(date +%s)

if [ "$(id -u)" = 0 ]; then
  sh tools/install-deps.sh >/dev/null || { echo "installing packages failed"; exit 1; }
fi

passed=0
failed=0

# A section's heading, with the minutes since the start: where CI's time
# goes (the whole command should stay under an hour).
section () {
  echo "== [$((($(date +%s) - started) / 60)) min] $*"
}

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
  section "$name build"
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

section "fuzzing each target for 30 s"
if sh tests/fuzz/run-fuzz.sh 30; then
  passed=$((passed + 1))
else
  echo "fuzzing found a failure"
  failed=$((failed + 1))
fi

# One counted step: a command and what it means when it fails.
step () {
  why=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $why"
    failed=$((failed + 1))
  fi
}

section "Debian packages (dpkg-buildpackage, lintian)"
debs=${TMPDIR:-/tmp}/lrb-debs
# The packages' own test run (core and CLI) is the release suite above, in
# this same system: not again (minutes of CI).
step "the Debian packages did not build, or lintian found errors" \
  env DEB_BUILD_OPTIONS=nocheck sh tools/build-debs.sh "$debs"
section "the packages in a clean Debian 12 root"
if [ "$(id -u)" = 0 ]; then
  step "the packages did not install, work or purge cleanly in Debian 12" \
    sh tools/test-debs-install.sh bookworm "$debs"
else
  echo "not run: making and entering the root needs root"
fi

# GIMP 3: the whole suite on GIMP 3.2.6 (Debian forky), the current
# release, and its packages; on GIMP 3.0.4 (Debian 13) the build, the
# headless plug-in tests and the packages.
run_gimp3 () {
  log=$(mktemp)
  sh tools/test-gimp3.sh "$@" 2>&1 | tee "$log"
  count_meson "$log"
  rm -f "$log"
}
if [ "$(id -u)" = 0 ]; then
  section "GIMP 3.2 build and tests, in a Debian forky root"
  LRB_GIMP3_SUITE=forky run_gimp3
  section "GIMP 3.2 packages, built in the forky root and tried in a clean one"
  debs_log=${TMPDIR:-/tmp}/lrb-debs-gimp3-forky.log
  # The forky suite above ran the core and CLI tests in this root already.
  if LRB_GIMP3_SUITE=forky LRB_DEB_BUILD_OPTIONS=nocheck \
    sh tools/test-gimp3.sh --debs >"$debs_log" 2>&1; then
    passed=$((passed + 1))
    step "the GIMP 3.2 packages did not install, work or purge cleanly in Debian forky" \
      sh tools/test-debs-install.sh forky "$(tail -n 1 "$debs_log")"
  else
    cat "$debs_log"
    echo "FAILED: the GIMP 3.2 packages did not build, or lintian found errors"
    failed=$((failed + 1))
  fi
  section "GIMP 3.0.4 build and headless plug-in tests, in a Debian 13 root"
  # The headless plug-in tests (the window tests run on 3.2 above).
  LRB_GIMP3_SUITE=trixie run_gimp3 plugin filter-gimp3
  section "GIMP 3.0.4 packages, built in the Debian 13 root and tried in a clean one"
  debs_log=${TMPDIR:-/tmp}/lrb-debs-gimp3.log
  # Their core and CLI tests ran on GEGL 0.4.42 (host) and 0.4.72 (forky)
  # above; the plug-in's ran in this root: minutes of CI saved.
  if LRB_GIMP3_SUITE=trixie LRB_DEB_BUILD_OPTIONS=nocheck \
    sh tools/test-gimp3.sh --debs >"$debs_log" 2>&1; then
    passed=$((passed + 1))
    step "the GIMP 3 packages did not install, work or purge cleanly in Debian 13" \
      sh tools/test-debs-install.sh trixie "$(tail -n 1 "$debs_log")"
  else
    cat "$debs_log"
    echo "FAILED: the GIMP 3 packages did not build, or lintian found errors"
    failed=$((failed + 1))
  fi
else
  echo "not run: making and entering the Debian roots needs root"
fi

section "done"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
