#!/bin/sh
# lowrank-bokeh — lowrank-bokeh:blur in GIMP 2.10's GEGL tool, as a user
# runs it (under xvfb-run, started by meson).  The module sits in a
# throwaway XDG_DATA_HOME's gegl-0.4/plug-ins, the folder GEGL searches
# beside its own; GIMP opens a photo, and xdotool opens Tools → GEGL
# Operation…, picks the operation in the list, sets radius 20 and 5 blades,
# and presses OK.  The image GIMP then saves must equal `lrbokeh apply` with
# the same settings (the other properties at their defaults, which are the
# CLI's).  The dialog, with a strip of the canvas beside it, is photographed
# into OUTDIR as gegl-tool-gimp-2.10.png.
#
# The tool lists operations in a combo box, sorted by title, with no search:
# the test walks it with the arrow keys.  Every gegl: operation shows the
# same GEGL icon in front of its title and ours shows none, so ours is the
# one entry whose icon spot differs from all the others'.
#
# Usage: test-gegl-tool-gimp.sh MODULE LRBOKEH IMAGE-DIFF OUTDIR
set -eu

module=$1 lrbokeh=$2 diff=$3 out=$4
# shellcheck source=../lrb-gui-test.sh
. "$(dirname "$0")/../lrb-gui-test.sh"

# A throwaway home: GEGL finds the module in XDG_DATA_HOME, as it would in
# ~/.local/share after `meson install` with -Duser-install=true.  GEGL_PATH
# would replace GEGL's own folders, so it must not be set.
unset GEGL_PATH
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" \
       XDG_CONFIG_HOME="$work/home/config" XDG_CACHE_HOME="$work/home/cache" \
       GIMP2_DIRECTORY="$work/profile" LANGUAGE=C LC_ALL=C.UTF-8 NO_AT_BRIDGE=1
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$module" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"
gimp-console-2.10 -i -b '(gimp-quit 0)' >/dev/null 2>&1

# GIMP shows the photo and saves it once the GEGL tool has changed it: the
# image is dirty only after OK (the tool's preview leaves it clean).  Script-Fu
# has no sleep: a count to 30000 (a fifth of a second) between two looks
# keeps it from flooding GIMP with calls while the tool works.
gimp-2.10 -d -f -s -b "
  (define (lrb-pause n) (if (> n 0) (lrb-pause (- n 1))))
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (d (car (gimp-image-get-active-drawable img)))
         (display (car (gimp-display-new img))))
    (gimp-image-clean-all img)
    (while (= 0 (car (gimp-image-is-dirty img))) (lrb-pause 30000))
    (gimp-file-save RUN-NONINTERACTIVE img d \"$work/gimp.png\" \"gimp.png\")
    (gimp-display-delete display)
    (gimp-quit 1))" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

image_window=$(timeout 90 xdotool search --sync --name '^photo\.png-' | head -n 1)
[ -n "$image_window" ] || fail "GIMP showed no image window"
sleep 1
xdotool mousemove 0 0
# Tools → GEGL Operation… (its mnemonic is G).
xdotool windowfocus --sync "$image_window"
xdotool key alt+t
sleep 0.5
xdotool key g
dialog=$(timeout 30 xdotool search --sync --name '^GEGL Operation$' | head -n 1)
[ -n "$dialog" ] || fail "Tools → GEGL Operation… opened no dialog"
# No window manager: the dialog stays where it is put, beside the canvas.
xdotool windowmove --sync "$dialog" 1020 200
sleep 1
xdotool windowfocus --sync "$dialog"

# The operation list has the focus.  The spot in front of the chosen
# entry's title: the icon, or the first letters when there is none.
icon_spot () {
  import -window "$dialog" -crop 20x24+8+48 +repage "$work/spot.png"
  identify -format '%#' "$work/spot.png"
}
whole_entry () {
  import -window "$dialog" -crop 360x24+8+48 +repage "$work/entry.png"
  identify -format '%#' "$work/entry.png"
}
# Down moves to the next entry; when the entry shown stays the same for
# three seconds (GIMP redraws after each operation's preview starts), the
# list has ended.
n=0 last=$(whole_entry)
while [ $n -lt 200 ]; do
  xdotool key Down
  moved=false
  for i in $(seq 15); do
    sleep 0.2
    [ "$(whole_entry)" != "$last" ] && { moved=true; break; }
  done
  $moved || break
  sleep 0.3
  last=$(whole_entry)
  n=$((n + 1))
  echo "$n $(icon_spot)" >>"$work/spots"
done
# The one entry whose spot no other entry shares.
ours=$(awk '{ count[$2]++; at[$2] = $1 } END { for (s in count) if (count[s] == 1) print at[s] }' \
         "$work/spots")
others=$(awk '{ count[$2]++ } END { for (s in count) if (count[s] > 1) print count[s] }' "$work/spots")
if [ "$(echo "$ours" | wc -w)" -ne 1 ] || [ -z "$others" ]; then
  fail "no single entry without the GEGL icon among the tool's $n operations"
fi
echo "# lowrank-bokeh:blur is entry $ours of $n in the GEGL tool's list"
i=$n
while [ $i -gt "$ours" ]; do xdotool key Up; sleep 0.4; i=$((i - 1)); done
[ "$(icon_spot)" = "$(awk -v k="$ours" '$1 == k { print $2 }' "$work/spots")" ] ||
  fail "could not go back to entry $ours"

# The dialog keeps the height of the tallest operation it showed: down to
# its own size again.
xdotool windowsize "$dialog" 100 100
sleep 1
# From the list, Tab reaches the presets, the shape, then radius and blades.
xdotool key Tab Tab Tab
xdotool type 20
xdotool key Tab
xdotool type 5
xdotool key Tab
sleep 3
lrb_photograph_window "$dialog" 320 "$out/gegl-tool-gimp-2.10.png"
xdotool key alt+o          # OK
lrb_wait_for_gimp 60 "CRITICAL|WARNING"

"$lrbokeh" apply "$work/photo.png" "$work/cli.png" --shape polygon --radius 20 --blades 5 ||
  fail "lrbokeh apply failed"
"$lrbokeh" apply "$work/photo.png" "$work/defaults.png" || fail "lrbokeh apply failed"
lrb_compare_result "$diff" "$work/cli.png" "$work/defaults.png" \
  "GEGL tool at radius 20, 5 blades"
echo "ok 1 - GIMP 2.10's GEGL tool lists lowrank-bokeh:blur and applies it as lrbokeh does"
