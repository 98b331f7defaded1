#!/bin/sh
# lowrank-bokeh — one undo restores the original, bit for bit, in a real
# GIMP 2.10 (run under xvfb-run by meson).  GIMP 2.10 has no PDB call for
# undo, so the script applies the filter, saves, and waits for a flag file;
# xdotool presses Ctrl+Z in the image window, sets the flag, and the script
# saves again.
#
# Usage: test-undo-gimp.sh PLUGIN IMAGE-DIFF
set -eu

plugin=$1 diff=$2
photo=/usr/lib/python3/dist-packages/skimage/data/coffee.png
work=$(mktemp -d)
trap 'kill $gimp_pid 2>/dev/null || true; rm -rf "$work"' EXIT

fail () { echo "not ok 1 - $*"; [ -f "$work/gimp.log" ] && sed 's/^/# /' "$work/gimp.log"; exit 1; }
echo "1..1"
[ -f "$photo" ] || fail "no sample photo at $photo (python3-skimage)"

export GIMP2_DIRECTORY="$work/profile" LANGUAGE=C LC_ALL=C.UTF-8
gimp-console-2.10 -i -b '(gimp-quit 0)' >/dev/null 2>&1
mkdir -p "$GIMP2_DIRECTORY/plug-ins/lowrank-bokeh"
cp "$plugin" "$GIMP2_DIRECTORY/plug-ins/lowrank-bokeh/"
cp "$photo" "$work/photo.png"

gimp-2.10 -d -f -s -b "
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (d (car (gimp-image-get-active-drawable img)))
         (display (car (gimp-display-new img))))
    (gimp-image-clean-all img)
    (plug-in-lowrank-bokeh RUN-NONINTERACTIVE img d 1 12.0 6 0.0 0.0 4 0.99 2.0 0 \"\")
    (gimp-displays-flush)
    (gimp-file-save RUN-NONINTERACTIVE img d \"$work/after.png\" \"after.png\")
    (while (null? (cadr (file-glob \"$work/undone\" 0))) ())
    (gimp-file-save RUN-NONINTERACTIVE img d \"$work/undo.png\" \"undo.png\")
    (gimp-display-delete display)
    (gimp-quit 1))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

for i in $(seq 300); do [ -s "$work/after.png" ] && break; sleep 0.2; done
[ -s "$work/after.png" ] || fail "the filter did not run"
sleep 1
window=$(xdotool search --name 'photo' | head -n 1)
[ -n "$window" ] || fail "no image window"
xdotool windowfocus --sync "$window"
xdotool key ctrl+z
sleep 1
touch "$work/undone"

for i in $(seq 150); do kill -0 $gimp_pid 2>/dev/null || break; sleep 0.2; done
kill -0 $gimp_pid 2>/dev/null && fail "GIMP did not finish"
grep -E "CRITICAL|WARNING" "$work/gimp.log" && fail "GIMP reported warnings"

changed=$("$diff" "$work/photo.png" "$work/after.png") || fail "cannot compare"
restored=$("$diff" "$work/photo.png" "$work/undo.png") || fail "cannot compare"
echo "# after the filter: $changed steps off the original; after one undo: $restored"
awk -v c="$changed" 'BEGIN { exit !(c > 1.0) }' || fail "the filter changed nothing"
awk -v r="$restored" 'BEGIN { exit !(r == 0) }' || fail "one undo did not restore the original ($restored steps)"
echo "ok 1 - one undo restores the original bit for bit"
