#!/bin/sh
# lowrank-bokeh — the dialog in a real GIMP 2.10 or GIMP 3 on an X display
# (run under xvfb-run by meson).  GIMP opens a real photo and starts the
# plug-in interactively; xdotool turns the automatic rank off, types rank 2
# and presses OK.  The image GIMP saves must equal `lrbokeh apply` at rank 2
# with the dialog's other defaults (hexagon, radius 20), and differ from the
# automatic rank's result.  Screenshots stay in the build folder: the whole
# screen, and the dialog alone at rank 2 (dialog-gimp-SERIES-window.png).
# With CASE "nonnegative" the test also turns on "No dark rings": the
# result must equal `lrbokeh apply --factorization nonnegative` at rank 2
# and differ from the SVD's rank 2 (dialog-gimp-SERIES-nonnegative-window.png).
#
# CASE "light" is the SVD's case on GIMP's light theme instead of its dark
# default (dialog-gimp-SERIES-light-window.png).
#
# CASE "depth": the image has a second, hidden layer, a depth map (top half
# 0.2, bottom half 0.8).  The test picks it as the depth map, clicks the
# preview's lower half to focus there and types a highlight boost of 3
# stops: the result must equal `lrbokeh apply --depth --focus 0.8
# --highlight-stops 3` and differ from focus 0.5, what a click that did
# not take would leave (dialog-gimp-SERIES-depth-window.png).
#
# CASE "region": no depth map; the test picks the last entry, the focus
# region "tilt-shift band", and keeps its defaults: the result must equal
# `lrbokeh apply --focus-region band` and differ from the uniform blur
# (dialog-gimp-SERIES-region-window.png).
#
# Usage: test-dialog-gimp.sh SERIES PLUGIN LRBOKEH IMAGE-DIFF OUTDIR [CASE]
#        SERIES is 2.10 or 3.0, the GIMP the plug-in was built for;
#        CASE is svd (the default), nonnegative, light, depth or region.
set -eu

series=$1 plugin=$2 lrbokeh=$3 diff=$4 out=$5 case=${6:-svd}
# shellcheck source=../lrb-gui-test.sh
. "$(dirname "$0")/../lrb-gui-test.sh"
# No accessibility bridge: there is no session bus to find it on.
export LANGUAGE=C LC_ALL=C.UTF-8 NO_AT_BRIDGE=1

# A throwaway profile holding the plug-in; then the script GIMP runs with
# the photo on a display.
lrb_gimp_profile "$series" "$plugin"
suffix=""
if [ "$case" = light ]; then
  suffix="-light"
  case $series in
    2.10) echo '(theme "Light")' >>"$work/profile/gimprc" ;;
    3.0) echo '(theme-color-scheme light)' >>"$work/profile/gimprc" ;;
  esac
fi
# The depth map: a layer of the image, hidden, below the photo's.
depth_layer=""
if [ "$case" = depth ]; then
  convert -size 600x200 xc:'gray(51)' -size 600x200 xc:'gray(204)' -append \
    -colorspace Gray -depth 8 "$work/depth.png"
  depth_layer="(let ((m (car (gimp-file-load-layer RUN-NONINTERACTIVE img \"$work/depth.png\"))))
      (gimp-image-insert-layer img m 0 1)
      (gimp-item-set-visible m FALSE))"
fi
case $series in
  2.10)
    batch="
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (d (car (gimp-image-get-active-drawable img)))
         (display (car (gimp-display-new img))))
    $depth_layer
    (gimp-image-set-active-layer img d)
    (plug-in-lowrank-bokeh RUN-INTERACTIVE img d 0 0 0 0 0 0 0 0 0 \"\")
    (gimp-file-save RUN-NONINTERACTIVE img d \"$work/gimp.png\" \"gimp.png\")
    (gimp-display-delete display)
    (gimp-quit 1))"
    ;;
  3.0)
    batch="
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\")))
         (d (vector-ref (car (gimp-image-get-selected-drawables img)) 0))
         (display (car (gimp-display-new img))))
    $depth_layer
    (gimp-image-set-selected-layers img (vector d))
    (plug-in-lowrank-bokeh #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector d))
    (gimp-file-save RUN-NONINTERACTIVE img \"$work/gimp.png\" -1)
    (gimp-display-delete display)
    (gimp-quit 1))"
    ;;
esac

# $gimp is a command and its options: split on purpose.
# shellcheck disable=SC2086
LRB_PREVIEW_LOG=1 $gimp -d -f -s -b "$batch" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

# The pipe's status is head's: test the result instead.
window=$(timeout 90 xdotool search --sync --name '^Low-Rank Bokeh$' | head -n 1)
[ -n "$window" ] || fail "the dialog did not open"
# Let the first preview arrive before the first photograph.
for i in $(seq 50); do grep -q "preview" "$work/gimp.log" && break; sleep 0.2; done
sleep 1
import -window root "$out/dialog-gimp-$series$suffix.png"

xdotool windowfocus --sync "$window"
if [ "$case" = depth ]; then
  xdotool key alt+l Down     # the depth map: the first layer after "None"
  sleep 1
  # The preview's lower half (the photo's rows 200 … 399 are depth 0.8):
  # 100 pixels below the middle of the preview's area.
  eval "$(xdotool getwindowgeometry --shell "$window")"
  xdotool mousemove $((X + 12 + 256)) $((Y + 12 + 240 + 100)) click 1
  xdotool mousemove 0 0
  xdotool key alt+y ctrl+a   # the highlight boost
  xdotool type 3
  xdotool key Tab
  sleep 3
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-depth-window.png"
  xdotool key alt+o
  lrb_wait_for_gimp 60 "$warnings"
  grep "preview" "$work/gimp.log" | sed 's/^/# /'
  for focus in 0.8 0.5; do
    "$lrbokeh" apply "$work/photo.png" "$work/focus-$focus.png" --shape hexagon --radius 20 \
      --energy 0.99 --depth "$work/depth.png" --focus $focus --highlight-stops 3 ||
      fail "lrbokeh apply --depth failed"
  done
  lrb_compare_result "$diff" "$work/focus-0.8.png" "$work/focus-0.5.png" \
    "GIMP $series, depth map, focus by a click, highlights"
  echo "ok 1 - the dialog took a depth map, a click's focus and a highlight boost"
  exit 0
fi
if [ "$case" = region ]; then
  xdotool key alt+l End      # the depth source's last entry: the tilt-shift band
  sleep 3
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-region-window.png"
  xdotool key alt+o
  lrb_wait_for_gimp 60 "$warnings"
  grep "preview" "$work/gimp.log" | sed 's/^/# /'
  "$lrbokeh" apply "$work/photo.png" "$work/band.png" --shape hexagon --radius 20 \
    --energy 0.99 --focus-region band || fail "lrbokeh apply --focus-region failed"
  "$lrbokeh" apply "$work/photo.png" "$work/uniform.png" --shape hexagon --radius 20 \
    --energy 0.99 || fail "lrbokeh apply failed"
  lrb_compare_result "$diff" "$work/band.png" "$work/uniform.png" \
    "GIMP $series, focus region: tilt-shift band"
  echo "ok 1 - the dialog took the tilt-shift band and GIMP $series applied it"
  exit 0
fi
xdotool key alt+a          # automatic rank off
xdotool key alt+k          # the rank field
xdotool key ctrl+a
xdotool type 2
xdotool key Tab
if [ "$case" = nonnegative ]; then
  xdotool key alt+f        # No dark rings (non-negative factors)
  suffix="-nonnegative"
  # No tooltip of whatever lies under the pointer in the photograph.
  xdotool mousemove 0 0
fi
sleep 2
import -window root "$out/dialog-gimp-$series$suffix-rank-2.png"
# The dialog alone, as the documentation shows it (no window manager:
# the geometry is the window's own).
lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series$suffix-window.png"
if [ "$case" = light ]; then
  # The theme took: mostly light, the cards included (GIMP ignores a
  # gimprc line it does not know).
  mean=$(convert "$out/dialog-gimp-$series$suffix-window.png" -colorspace Gray \
    -format '%[fx:mean]' info:)
  echo "# mean grey of the light-theme dialog: $mean"
  awk -v m="$mean" 'BEGIN { exit !(m > 0.6) }' || fail "the dialog is not light (mean $mean)"
fi
xdotool key alt+o          # OK
lrb_wait_for_gimp 30 "$warnings"

"$lrbokeh" apply "$work/photo.png" "$work/rank2.png" --shape hexagon --radius 20 --rank 2 ||
  fail "lrbokeh apply failed"
grep "preview" "$work/gimp.log" | sed 's/^/# /'
if [ "$case" = nonnegative ]; then
  "$lrbokeh" apply "$work/photo.png" "$work/nonneg2.png" --shape hexagon --radius 20 --rank 2 \
    --factorization nonnegative || fail "lrbokeh apply --factorization nonnegative failed"
  lrb_compare_result "$diff" "$work/nonneg2.png" "$work/rank2.png" \
    "GIMP $series, non-negative factors at rank 2"
  echo "ok 1 - the dialog set rank 2 and non-negative factors, and GIMP $series applied them"
  exit 0
fi
"$lrbokeh" apply "$work/photo.png" "$work/auto.png" --shape hexagon --radius 20 --energy 0.99 ||
  fail "lrbokeh apply failed"
lrb_compare_result "$diff" "$work/rank2.png" "$work/auto.png" "GIMP $series at rank 2"
echo "ok 1 - the dialog set rank 2 and GIMP $series applied it"
