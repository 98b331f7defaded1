#!/bin/sh
# lowrank-bokeh — Cancel on the progress bar during a long run leaves the
# image as it was, bit for bit, and clean, in a real GIMP 2.10 (run under
# xvfb-run by meson).
#
# A Script-Fu batch opens a large image in a window, saves it, runs the
# plug-in inside (catch …) and saves again, naming the file after how the
# call ended (returned, or raised an error) and whether the image is dirty.
# While the plug-in runs, GIMP shows its progress in a "Progress" window
# with a Cancel button; xdotool presses it.  GIMP 2.10 then closes the
# plug-in, before its result reaches the shadow buffer, and the call
# returns "cancelled", which Script-Fu passes over in silence: so the test
# also checks that the plug-in is gone soon after the press, long before
# the run would end.  GIMP 3 shows its progress in the image window's
# status bar: not tested here.
#
# Usage: test-cancel-gimp.sh SERIES PLUGIN
set -eu

series=$1 plugin=$2
# shellcheck source=../lrb-gui-test.sh
. "$(dirname "$0")/../lrb-gui-test.sh"
export LANGUAGE=C LC_ALL=C.UTF-8 NO_AT_BRIDGE=1

if [ "$series" != 2.10 ]; then
  echo "ok 1 # SKIP GIMP $series shows progress in the status bar, not in a Progress window"
  exit 0
fi
lrb_gimp_profile "$series" "$plugin"

# 4500 × 3000 pixels, a disc of radius 150 at rank 48 with non-negative
# factors under a gamma (separable passes, for the shadows' precision):
# half a minute of work or more, so the press lands in the middle of it.
# PPM files: quick to write, and read back exactly.
batch="
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (display (car (gimp-display-new img)))
         (drawable 0)
         (outcome \"returned\"))
    (gimp-image-scale img 4500 3000)
    (set! drawable (car (gimp-image-get-active-drawable img)))
    (gimp-file-save RUN-NONINTERACTIVE img drawable \"$work/before.ppm\" \"before.ppm\")
    (gimp-image-clean-all img)
    (catch (set! outcome \"error\")
      (plug-in-lowrank-bokeh2 RUN-NONINTERACTIVE img drawable 0 150.0 6 0.0 0.0 48 0.99 3.0 0
                              \"\" 1))
    (gimp-file-save RUN-NONINTERACTIVE img drawable
                    (string-append \"$work/after-\" outcome \"-dirty-\"
                                   (number->string (car (gimp-image-is-dirty img))) \".ppm\")
                    \"after.ppm\")
    (gimp-display-delete display)
    (gimp-quit 1))"

# $gimp is a command and its options: split on purpose.
# shellcheck disable=SC2086
$gimp -d -f -s -b "$batch" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

# Ours only: another GIMP on this machine may run the plug-in too.
ours() { pgrep -f "^$work/profile/plug-ins/lowrank-bokeh/lowrank-bokeh " >/dev/null; }

# The plug-in is running and its progress window is up.
window=""
for _ in $(seq 900); do
  if ours; then
    window=$(xdotool search --onlyvisible --name '^Progress$' 2>/dev/null | head -n 1 || true)
    [ -n "$window" ] && break
  fi
  ls "$work"/after-* >/dev/null 2>&1 && fail "the plug-in finished before its progress window showed"
  sleep 0.2
done
[ -n "$window" ] || fail "no Progress window while the plug-in ran"
sleep 1
ours || fail "the plug-in finished before Cancel was pressed"
lrb_photograph_window "$window" 0 "$work/progress.png"
# The window is laid out by GTK, not by us: Cancel sits at its lower right.
eval "$(xdotool getwindowgeometry --shell "$window")"
xdotool mousemove --window "$window" $((WIDTH - 55)) $((HEIGHT - 28)) click 1
echo "# pressed Cancel in the ${WIDTH}×${HEIGHT} Progress window"
gone=""
for i in $(seq 25); do
  ours || { gone=$i; break; }
  sleep 0.2
done
[ -n "$gone" ] || fail "the plug-in still ran 5 s after Cancel was pressed"
echo "# the plug-in was gone $((gone * 200)) ms after the press"

lrb_wait_for_quit 120 "CRITICAL" "saving after Cancel"
after=$(ls "$work"/after-* 2>/dev/null | head -n 1)
[ -n "$after" ] || fail "GIMP saved nothing after the call"
case $after in
  *after-returned-dirty-0.ppm) ;;
  *after-error-*) fail "the call raised an error instead of being cancelled ($(basename "$after"))" ;;
  *) fail "the image is dirty after Cancel ($(basename "$after"))" ;;
esac
ours && fail "the plug-in still runs after GIMP quit"
# The same GIMP writes the same pixels to the same bytes.
cmp -s "$work/before.ppm" "$after" || fail "Cancel changed the image: $(cmp "$work/before.ppm" "$after")"
echo "# after Cancel the saved image is byte for byte the one saved before the call"
echo "ok 1 - Cancel during a long run leaves the image bit-identical and clean in GIMP $series"
