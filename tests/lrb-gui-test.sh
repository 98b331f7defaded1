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
# log lines matching WARNINGS (as lrb_wait_for_quit).
lrb_wait_for_gimp () {
  lrb_wait_for_quit "$1" "$2" "after OK"
  [ -f "$work/gimp.png" ] || fail "GIMP saved no result"
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

# Fills the new profile $work/profile for GIMP SERIES: a copy of the build's
# template ($LRB_GIMP_PROFILE_TEMPLATE, made once by meson) or, without
# one, GIMP's own first run.
lrb_gimp_first_run () {
  if [ -n "${LRB_GIMP_PROFILE_TEMPLATE:-}" ] && [ -d "$LRB_GIMP_PROFILE_TEMPLATE" ]; then
    cp -a "$LRB_GIMP_PROFILE_TEMPLATE" "$work/profile"
  elif [ "$1" = 2.10 ]; then
    gimp-console-2.10 -i -b '(gimp-quit 0)' >/dev/null 2>&1
  else
    gimp-console-3 -i -d -f --batch-interpreter=plug-in-script-fu-eval \
      -b '(gimp-quit 0)' --quit >/dev/null 2>&1
  fi
}

# Makes a throwaway profile in $work/profile for GIMP SERIES (2.10 or 3.0)
# by a first headless run, and puts PLUGIN in it.  Sets $gimp, the GUI
# command with the options that make it run Script-Fu batches, and
# $warnings, the log lines (an extended regular expression) that fail the
# test.
lrb_gimp_profile () {
  # $gimp and $warnings are for the test that sources this file.
  # shellcheck disable=SC2034
  case $1 in
    2.10)
      export GIMP2_DIRECTORY="$work/profile"
      lrb_gimp_first_run 2.10
      gimp="gimp-2.10"
      warnings="CRITICAL|WARNING"
      ;;
    3.0)
      export GIMP3_DIRECTORY="$work/profile"
      lrb_gimp_first_run 3.0
      # No welcome dialog over the image, no network.
      printf '(show-welcome-dialog no)\n(check-updates no)\n' >>"$work/profile/gimprc"
      # GIMP 3 looks for the catalogues beside the plug-in and says so when
      # there are none: the build's (LRB_LOCALE_DIR), or none for a test
      # in English.
      mkdir -p "$work/profile/plug-ins/lowrank-bokeh/locale"
      if [ -n "${LRB_LOCALE_DIR:-}" ]; then
        cp -r "$LRB_LOCALE_DIR"/de "$LRB_LOCALE_DIR"/fr "$work/profile/plug-ins/lowrank-bokeh/locale/"
      fi
      gimp="gimp-3 --batch-interpreter=plug-in-script-fu-eval"
      # GIMP 3's own scripts warn about their resources: any CRITICAL, but
      # only our plug-in's warnings.
      warnings="CRITICAL|^\(lowrank-bokeh:.*WARNING"
      ;;
    *) fail "unknown GIMP series $1" ;;
  esac
  mkdir -p "$work/profile/plug-ins/lowrank-bokeh"
  cp "$2" "$work/profile/plug-ins/lowrank-bokeh/"
}

# Waits up to SECONDS for GIMP to quit, then fails on log lines matching
# the extended regular expression WARNINGS; WHY says what GIMP waited for.
# GIMP 3.0's plug-ins, its own as well as ours, sometimes warn of a broken
# pipe as they exit (a race in libgimp; see tests/plugin/lrb-gimp-harness.c):
# not a fault of the plug-in.
lrb_wait_for_quit () {
  for _ in $(seq $(($1 * 5))); do kill -0 "$gimp_pid" 2>/dev/null || break; sleep 0.2; done
  kill -0 "$gimp_pid" 2>/dev/null && fail "GIMP did not finish ($3)"
  lrb_check_log "$2"
}

# Fails on log lines matching the extended regular expression WARNINGS,
# but for those that are GIMP's own, not ours: GIMP 3.2 under Xvfb warns
# about its own input devices (GimpDeviceInfo, Gdk's device calls) from
# its own process; never a line of our plug-in's or GEGL's is set aside.
lrb_check_log () {
  if grep -v 'gimp_flush(): error: Broken pipe' "$work/gimp.log" |
     grep -v -E '^(\(gimp[^:]*:[0-9]+\)|gimp[^: ]*): [A-Za-z-]*CRITICAL.*([Dd]evice|DEVICE)' |
     grep -E "$1" | sed 's/^/# /' | grep .; then
    fail "GIMP reported warnings"
  fi
}
