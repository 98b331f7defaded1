# shellcheck shell=sh
# lowrank-bokeh — what the tests that drive a real GIMP window share
# (sourced by tests/ui/test-dialog-gimp.sh and
# tests/operation/test-gegl-tool-gimp.sh; each is one TAP test).
#
# After sourcing: $work is a throwaway folder holding photo.png (a real
# photo) and, once GIMP runs, gimp.log; `fail MESSAGE` ends the test with
# GIMP's log; $gimp_pid, when set, is killed at exit.

lrb_photo=/usr/lib/python3/dist-packages/skimage/data/coffee.png
work=$(mktemp -d)
gimp_pid=""
trap 'kill $gimp_pid 2>/dev/null || true; rm -rf "$work"' EXIT

fail () {
  echo "not ok 1 - $*"
  [ -f "$work/gimp.log" ] && sed 's/^/# /' "$work/gimp.log"
  exit 1
}

echo "1..1"
[ -f "$lrb_photo" ] || fail "no sample photo at $lrb_photo (python3-skimage)"
cp "$lrb_photo" "$work/photo.png"

# Photographs WINDOW, widened by LEFT pixels of what lies to its left, into
# FILE.  Without a window manager the geometry is the window's own.
lrb_photograph_window () {
  eval "$(xdotool getwindowgeometry --shell "$1")"
  import -window root -crop "$((WIDTH + $2))x${HEIGHT}+$((X - $2))+${Y}" +repage "$3"
}

# Waits up to SECONDS for GIMP to save gimp.png and quit, then fails on
# log lines matching the extended regular expression WARNINGS.
lrb_wait_for_gimp () {
  for _ in $(seq $(($1 * 5))); do kill -0 "$gimp_pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$gimp_pid" 2>/dev/null && fail "GIMP did not finish after OK"
  [ -f "$work/gimp.png" ] || fail "GIMP saved no result"
  if grep -E "$2" "$work/gimp.log"; then
    fail "GIMP reported warnings"
  fi
}

# Passes when gimp.png is at most one 8-bit step from SAME and more than
# one from OTHER (so that what the test typed took effect), with DIFF
# (lrb-image-diff); WHAT names the check in the messages.
lrb_compare_result () {
  diff=$1 same_png=$2 other_png=$3 what=$4
  same=$("$diff" "$work/gimp.png" "$same_png") || fail "cannot compare"
  other=$("$diff" "$work/gimp.png" "$other_png") || fail "cannot compare"
  echo "# $what: $same steps from lrbokeh apply; $other steps from the untouched settings"
  awk -v s="$same" 'BEGIN { exit !(s <= 1.0) }' ||
    fail "$what: $same steps from lrbokeh apply"
  awk -v o="$other" 'BEGIN { exit !(o > 1.0) }' ||
    fail "$what: what the test typed did not take"
}
