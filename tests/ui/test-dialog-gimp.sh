#!/bin/sh
# lowrank-bokeh — the dialog in a real GIMP 2.10 on an X display (run under
# xvfb-run by meson).  GIMP opens a real photo and starts the plug-in
# interactively; xdotool turns the automatic rank off, types rank 2 and
# presses OK.  The image GIMP saves must equal `lrbokeh apply` at rank 2
# with the dialog's other defaults (hexagon, radius 20), and differ from the
# automatic rank's result.  Screenshots stay in the build folder.
#
# Usage: test-dialog-gimp.sh PLUGIN LRBOKEH IMAGE-DIFF OUTDIR
set -eu

plugin=$1 lrbokeh=$2 diff=$3 out=$4
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

LRB_PREVIEW_LOG=1 gimp-2.10 -d -f -s -b "
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (d (car (gimp-image-get-active-drawable img)))
         (display (car (gimp-display-new img))))
    (plug-in-lowrank-bokeh RUN-INTERACTIVE img d 0 0 0 0 0 0 0 0 0 \"\")
    (gimp-file-save RUN-NONINTERACTIVE img d \"$work/gimp.png\" \"gimp.png\")
    (gimp-display-delete display)
    (gimp-quit 1))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

window=$(timeout 60 xdotool search --sync --name '^Low-Rank Bokeh$' | head -n 1) ||
  fail "the dialog did not open"
# Let the first preview arrive before the first photograph.
for i in $(seq 50); do grep -q "preview" "$work/gimp.log" && break; sleep 0.2; done
sleep 1
import -window root "$out/dialog-gimp-2.10.png"

xdotool windowfocus --sync "$window"
xdotool key alt+a          # automatic rank off
xdotool key alt+k          # the rank field
xdotool key ctrl+a
xdotool type 2
xdotool key Tab
sleep 2
import -window root "$out/dialog-gimp-2.10-rank-2.png"
xdotool key alt+o          # OK

for i in $(seq 150); do kill -0 $gimp_pid 2>/dev/null || break; sleep 0.2; done
kill -0 $gimp_pid 2>/dev/null && fail "GIMP did not finish after OK"
[ -f "$work/gimp.png" ] || fail "GIMP saved no result"
grep -E "CRITICAL|WARNING" "$work/gimp.log" && fail "GIMP reported warnings"

"$lrbokeh" apply "$work/photo.png" "$work/rank2.png" --shape hexagon --radius 20 --rank 2 ||
  fail "lrbokeh apply failed"
"$lrbokeh" apply "$work/photo.png" "$work/auto.png" --shape hexagon --radius 20 --energy 0.99 ||
  fail "lrbokeh apply failed"
same=$("$diff" "$work/gimp.png" "$work/rank2.png") || fail "cannot compare"
other=$("$diff" "$work/gimp.png" "$work/auto.png") || fail "cannot compare"
echo "# GIMP vs rank 2: $same steps; GIMP vs automatic rank: $other steps"
grep "preview" "$work/gimp.log" | sed 's/^/# /'
awk -v s="$same" 'BEGIN { exit !(s <= 1.0) }' || fail "the result is not rank 2 ($same steps off)"
awk -v o="$other" 'BEGIN { exit !(o > 1.0) }' || fail "the result equals the automatic rank's"
echo "ok 1 - the dialog set rank 2 and GIMP applied it"
