#!/bin/sh
# lowrank-bokeh — how long the dialog's live preview takes in real GIMP
# 2.10 (run under xvfb-run): a 512×512 preview of a photo with a hexagon of
# radius 50 at rank 8.  The time runs from the request (copying the pixels
# out of GIMP) to the drawn preview.  Prints one line per preview.
#
# With "depth": depth of field, the image's second layer the depth map: a
# vertical gradient from black at the top to white at the preview's lower
# edge (row 514), white below; focus 0, so the preview holds every level
# up to the full radius of 50.  The previews after the first come from
# clicks on the preview, each focusing at another depth (the levels'
# filters are kept between them).  A screenshot goes to preview-depth.png.
#
# Usage: xvfb-run -a -s "-screen 0 1600x1000x24" bench/preview-gimp.sh BUILD-DIR [depth]
set -eu

build=$(cd "$1" && pwd)
mode=${2:-uniform}
photo=/usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg
work=$(mktemp -d)
trap 'kill $gimp_pid 2>/dev/null || true; rm -rf "$work"' EXIT

export GIMP2_DIRECTORY="$work/profile" LANGUAGE=C LC_ALL=C.UTF-8
gimp-console-2.10 -i -b '(gimp-quit 0)' >/dev/null 2>&1
mkdir -p "$GIMP2_DIRECTORY/plug-ins/lowrank-bokeh"
cp "$build/plugin/lowrank-bokeh" "$GIMP2_DIRECTORY/plug-ins/lowrank-bokeh/"

# A non-interactive call leaves the settings as last values; the dialog
# then opens with them.
settings="(plug-in-lowrank-bokeh RUN-NONINTERACTIVE small (car (gimp-image-get-active-drawable small))
                           1 50.0 6 0.0 0.0 8 0.99 1.0 0 \"\")"
depth_layer=""
if [ "$mode" = depth ]; then
  convert -size 1000x514 gradient:black-white -size 1000x358 xc:white -append \
    -colorspace Gray -depth 16 "$work/depth.png"
  depth_layer="(let ((m (car (gimp-file-load-layer RUN-NONINTERACTIVE img \"$work/depth.png\"))))
      (gimp-image-insert-layer img m 0 1)
      (gimp-item-set-visible m FALSE)
      (gimp-image-set-active-layer img d)
      ; Blurs one pixel: the call is there for its last values.
      (gimp-image-select-rectangle img CHANNEL-OP-REPLACE 0 0 1 1)
      (plug-in-lowrank-bokeh3 RUN-NONINTERACTIVE img d 1 50.0 6 0.0 0.0 8 0.99 1.0 0 \"\" 0
                              0.0 0.7 1.0 m 0.0 0.0 0)
      (gimp-selection-none img))"
  settings=""
fi
LRB_PREVIEW_LOG=1 gimp-2.10 -d -f -s -b "
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$photo\" \"photo\")))
         (d (car (gimp-image-get-active-drawable img)))
         (small (car (gimp-image-duplicate img)))
         (display (car (gimp-display-new img))))
    $settings
    $depth_layer
    (gimp-image-delete small)
    (plug-in-lowrank-bokeh RUN-INTERACTIVE img d 0 0 0 0 0 0 0 0 0 \"\")
    (gimp-quit 1))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

window=$(timeout 60 xdotool search --sync --name '^Low-Rank Bokeh$' | head -n 1)
for i in $(seq 100); do grep -q "preview" "$work/gimp.log" && break; sleep 0.1; done
xdotool windowfocus --sync "$window"
if [ "$mode" = depth ]; then
  # Four more previews: clicks at four heights of the preview, each a
  # focus at another depth.
  eval "$(xdotool getwindowgeometry --shell "$window")"
  for dy in 100 200 300 400; do
    xdotool mousemove $((X + 200)) $((Y + 12 + dy)) click 1
    sleep 2
  done
  import -window "$window" preview-depth.png
else
  # Four more previews: nudge the rotation back and forth.
  for step in 1 2 3 4; do
    xdotool key alt+n Up
    sleep 1.5
  done
fi
xdotool key Escape
sleep 2
grep "preview" "$work/gimp.log"
