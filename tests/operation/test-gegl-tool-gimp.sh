#!/bin/sh
# lowrank-bokeh — lowrank-bokeh:blur in the GEGL tool of GIMP 2.10 or
# GIMP 3, as a user runs it (under xvfb-run, started by meson).  The module
# sits in a throwaway XDG_DATA_HOME's gegl-0.4/plug-ins, the folder GEGL
# searches beside its own; GIMP opens a photo, and xdotool opens Tools →
# GEGL Operation…, picks the operation in the list, sets radius 20 and 5
# blades, and presses OK.  The image GIMP then saves must equal `lrbokeh
# apply` with the same settings (the other properties at their defaults,
# which are the CLI's).  The dialog, with a strip of the canvas beside it,
# is photographed into OUTDIR as gegl-tool-gimp-SERIES.png.
#
# GIMP 3 keeps the operation on the layer as a filter: before saving (an
# export renders the layer's filters), Script-Fu checks that the layer
# carries exactly this one, not merged.  The test also opens Filters → Blur
# → "Low-Rank Bokeh (layer filter)…", the entry the operation's
# gimp:menu-path key adds, and checks that it opens the operation's dialog;
# the menu and the layer's filter list (its fx icon in the Layers dock) are
# photographed as filters-blur-menu-gimp-3.0.png and
# layer-filter-gimp-3.0.png.
#
# The tool lists operations in a combo box, sorted by title, with no search
# (GIMP 3 leaves out those its own Filters menu offers): the test walks it
# with the arrow keys.  Every gegl: operation shows the same GEGL icon in
# front of its title and ours shows none, so ours is the one entry whose
# icon spot differs from all the others' (in GIMP 3, from those before it:
# see below why the walk stops there).
#
# Usage: test-gegl-tool-gimp.sh SERIES MODULE LRBOKEH IMAGE-DIFF OUTDIR [PLUGIN]
#        SERIES is 2.10 or 3.0, the GIMP to run; PLUGIN, for 3.0, the
#        plug-in, installed so that the menu shows both entries.
set -eu

series=$1 module=$2 lrbokeh=$3 diff=$4 out=$5 plugin=${6:-}
# shellcheck source=../lrb-gui-test.sh
. "$(dirname "$0")/../lrb-gui-test.sh"

# A throwaway home: GEGL finds the module in XDG_DATA_HOME, as it would in
# ~/.local/share after `meson install` with -Duser-install=true.  GEGL_PATH
# would replace GEGL's own folders, so it must not be set.
unset GEGL_PATH
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" \
       XDG_CONFIG_HOME="$work/home/config" XDG_CACHE_HOME="$work/home/cache" \
       LANGUAGE=C LC_ALL=C.UTF-8 NO_AT_BRIDGE=1
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$module" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"

# A throwaway profile, made by a first headless run; then GIMP shows the
# photo and saves it once the GEGL tool has changed it: the image is dirty
# only after OK (the tool's preview leaves it clean).
case $series in
  2.10)
    export GIMP2_DIRECTORY="$work/profile"
    lrb_gimp_first_run 2.10
    gimp="gimp-2.10"
    warnings="CRITICAL|WARNING"
    # A fifth of a second between two looks keeps Script-Fu from flooding
    # GIMP with calls while the tool works.
    batch="
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (d (car (gimp-image-get-active-drawable img)))
         (disp (car (gimp-display-new img))))
    (gimp-image-clean-all img)
    (while (= 0 (car (gimp-image-is-dirty img))) (usleep 200000))
    (gimp-file-save RUN-NONINTERACTIVE img d \"$work/gimp.png\" \"gimp.png\")
    (gimp-display-delete disp)
    (gimp-quit 1))"
    ;;
  3.0)
    export GIMP3_DIRECTORY="$work/profile"
    lrb_gimp_first_run 3.0
    # No welcome dialog over the image, no network.
    printf '(show-welcome-dialog no)\n(check-updates no)\n' >>"$GIMP3_DIRECTORY/gimprc"
    if [ -n "$plugin" ]; then
      # GIMP 3 looks for the catalogues beside the plug-in and says so when
      # there are none; the test runs in English anyway.
      mkdir -p "$GIMP3_DIRECTORY/plug-ins/lowrank-bokeh/locale"
      cp "$plugin" "$GIMP3_DIRECTORY/plug-ins/lowrank-bokeh/"
    fi
    gimp="gimp-3 --batch-interpreter=plug-in-script-fu-eval"
    # GIMP 3's own scripts warn about their resources: any CRITICAL, but
    # only our warnings.
    warnings="CRITICAL|lowrank-bokeh-WARNING"
    # Once dirty: the layer's filters into the file "filters" (their number,
    # then their operations), the export, and, when the test has
    # photographed the Layers dock (it makes the file "photographed"), the
    # end.
    batch="
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\")))
         (layer (vector-ref (car (gimp-image-get-selected-layers img)) 0))
         (disp (car (gimp-display-new img))))
    (gimp-image-clean-all img)
    (while (= 0 (car (gimp-image-is-dirty img))) (usleep 200000))
    (let ((filters (car (gimp-drawable-get-filters layer)))
          (port (open-output-file \"$work/filters\")))
      (display (vector-length filters) port)
      (for-each (lambda (f)
                  (display \" \" port)
                  (display (car (gimp-drawable-filter-get-operation-name f)) port))
                (vector->list filters))
      (newline port)
      (close-output-port port))
    (gimp-file-save RUN-NONINTERACTIVE img \"$work/gimp.png\" -1)
    (while (= 0 (file-type \"$work/photographed\")) (usleep 200000))
    (gimp-display-delete disp)
    (gimp-quit 1))"
    ;;
  *) fail "unknown GIMP series $series" ;;
esac

# $gimp is a command and its options: split on purpose.
# shellcheck disable=SC2086
$gimp -d -f -s -b "$batch" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

# GIMP 3.2 may put words with spaces before the number ("[photo] (imported)-1.0").
image_window=$(timeout 90 xdotool search --sync --name '[-]1\.0 \(RGB color' | head -n 1)
[ -n "$image_window" ] || fail "GIMP showed no image window"
sleep 1
xdotool mousemove 0 0

# Photographs the union of the windows WINDOW… (their geometry, without a
# window manager), reaching up to the top of the screen, into FILE.
photograph_windows () {
  file=$1
  shift
  box=$(for w in "$@"; do xdotool getwindowgeometry --shell "$w"; echo; done | awk -F= '
    $1 == "X" { x = $2 } $1 == "Y" { y = $2 } $1 == "WIDTH" { w = $2 }
    $1 == "HEIGHT" { h = $2
      if (w > 1) {
        if (n++ == 0 || x < x0) x0 = x
        if (x + w > x1) x1 = x + w
        if (y + h > y1) y1 = y + h
      } }
    END { printf "%dx%d+%d+0", x1 - x0, y1, x0 }')
  import -window root -crop "$box" +repage "$file"
}

if [ "$series" = 3.0 ]; then
  # Room for the dialog beside the canvas, and a Layers dock tall enough
  # for the filter list.
  xdotool windowsize --sync "$image_window" 1300 900
  sleep 1
  # Filters → Blur (mnemonics R, B); Up wraps to the submenu's last entry,
  # where GIMP puts the operations that add themselves.
  xdotool windowfocus --sync "$image_window"
  xdotool key alt+r
  sleep 0.5
  xdotool key b
  sleep 0.5
  xdotool key Up
  sleep 1
  # The menu and its submenu: the visible windows that bear only GIMP's
  # name.
  # shellcheck disable=SC2046
  photograph_windows "$out/filters-blur-menu-gimp-3.0.png" \
    $(xdotool search --onlyvisible --name '^GNU Image Manipulation Program$')
  xdotool key Return
  op_dialog=$(timeout 30 xdotool search --sync --name '^Low-Rank Bokeh \(lowrank-bokeh:blur\)$' |
                head -n 1)
  [ -n "$op_dialog" ] ||
    fail "Filters → Blur → Low-Rank Bokeh (layer filter)… opened no dialog of lowrank-bokeh:blur"
  sleep 2
  xdotool windowfocus --sync "$op_dialog"
  xdotool key alt+c        # Cancel: the layer stays as it was.
  for _ in $(seq 25); do
    xdotool search --onlyvisible --name '^Low-Rank Bokeh \(lowrank-bokeh:blur\)$' >/dev/null ||
      break
    sleep 0.2
  done
  xdotool search --onlyvisible --name '^Low-Rank Bokeh \(lowrank-bokeh:blur\)$' >/dev/null &&
    fail "Cancel did not close the dialog of Filters → Blur → Low-Rank Bokeh (layer filter)…"
  echo "# Filters → Blur → Low-Rank Bokeh (layer filter)… opens the operation's dialog"
  # The dialog's top left; in the list's row below the dialog's own title,
  # the icon's spot and the entry, inside the focus ring (which GTK 3 draws
  # from the first key on).
  dialog_at="1060 150" spot=16x16+10+48 entry=300x16+10+48
else
  dialog_at="1020 200" spot=20x24+8+48 entry=360x24+8+48
fi

# Tools → GEGL Operation… (its mnemonic is G).
xdotool windowfocus --sync "$image_window"
xdotool key alt+t
sleep 0.5
xdotool key g
dialog=$(timeout 30 xdotool search --sync --name '^GEGL Operation$' | head -n 1)
[ -n "$dialog" ] || fail "Tools → GEGL Operation… opened no dialog"
# No window manager: the dialog stays where it is put, beside the canvas,
# and over the image window (in GIMP 3 after its resize) once raised.
# shellcheck disable=SC2086
xdotool windowmove --sync "$dialog" $dialog_at
xdotool windowraise "$dialog"
sleep 1
xdotool windowfocus --sync "$dialog"

# The operation list has the focus.  The spot in front of the chosen
# entry's title: the icon, or the first letters when there is none.
icon_spot () {
  import -window "$dialog" -crop "$spot" +repage "$work/spot.png"
  identify -format '%#' "$work/spot.png"
}
whole_entry () {
  import -window "$dialog" -crop "$entry" +repage "$work/entry.png"
  identify -format '%#' "$work/entry.png"
}
# Down moves to the next entry; when the entry shown stays the same for
# three seconds (GIMP redraws after each operation's preview starts), the
# list has ended (or, at the start, the key only woke the focus up).
n=0 tries=0 last=$(whole_entry)
while [ $n -lt 200 ]; do
  xdotool key Down
  moved=false
  for i in $(seq 15); do
    sleep 0.2
    [ "$(whole_entry)" != "$last" ] && { moved=true; break; }
  done
  if ! $moved; then
    # GTK 3 may take the first key only to show where the focus is.
    [ $n -eq 0 ] && [ $((tries += 1)) -lt 3 ] && continue
    break
  fi
  sleep 0.3
  last=$(whole_entry)
  n=$((n + 1))
  echo "$n $(icon_spot)" >>"$work/spots"
  # GIMP 3.0.4 merges the filter on OK, "Merge filter" ticked or not, once
  # the dialog has shown an operation with an aux input (Negative Darkroom
  # comes after ours): there the walk stops at the first entry that lacks
  # the icon the entries before it share.
  if [ "$series" = 3.0 ] && [ $n -gt 2 ] &&
     [ "$(awk '{ print $2 }' "$work/spots" | uniq | wc -l)" -eq 2 ]; then
    break
  fi
done
# The one entry whose spot no other entry shares.
ours=$(awk '{ count[$2]++; at[$2] = $1 } END { for (s in count) if (count[s] == 1) print at[s] }' \
         "$work/spots")
others=$(awk '{ count[$2]++ } END { for (s in count) if (count[s] > 1) print count[s] }' "$work/spots")
if [ "$(echo "$ours" | wc -w)" -ne 1 ] || [ -z "$others" ]; then
  fail "no single entry without the GEGL icon among the $n the walk went through"
fi
echo "# lowrank-bokeh:blur is entry $ours of the $n the walk went through"
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
lrb_photograph_window "$dialog" 320 "$out/gegl-tool-gimp-$series.png"
xdotool key alt+o          # OK, "Merge filter" left as it is: off

if [ "$series" = 3.0 ]; then
  for _ in $(seq 300); do [ -f "$work/gimp.png" ] && break; sleep 0.2; done
  [ -f "$work/gimp.png" ] || fail "GIMP saved no result after OK"
  sleep 1
  # The layer's fx icon in the Layers dock (GIMP's own layout in a window
  # of 1300×900) opens the list of the layer's filters.
  eval "$(xdotool getwindowgeometry --shell "$image_window")"
  dock="540x380+$((X + WIDTH - 540))+$((Y + 520))"
  import -window root -crop "$dock" +repage "$work/dock.png"
  xdotool mousemove $((X + WIDTH - 154)) $((Y + 689)) click 1
  sleep 1.5
  xdotool mousemove 0 0
  sleep 0.5
  import -window root -crop "$dock" +repage "$out/layer-filter-gimp-3.0.png"
  [ "$(identify -format '%#' "$work/dock.png")" != \
    "$(identify -format '%#' "$out/layer-filter-gimp-3.0.png")" ] ||
    echo "# the fx icon was not where the test clicked: the photograph shows no filter list"
  xdotool key Escape
  touch "$work/photographed"
fi
lrb_wait_for_gimp 60 "$warnings"

if [ "$series" = 3.0 ]; then
  echo "# the layer's filters: $(cat "$work/filters")"
  [ "$(cat "$work/filters")" = "1 lowrank-bokeh:blur" ] ||
    fail "the layer does not carry lowrank-bokeh:blur as its one filter: $(cat "$work/filters")"
fi

"$lrbokeh" apply "$work/photo.png" "$work/cli.png" --shape polygon --radius 20 --blades 5 ||
  fail "lrbokeh apply failed"
"$lrbokeh" apply "$work/photo.png" "$work/defaults.png" || fail "lrbokeh apply failed"
lrb_compare_result "$diff" "$work/cli.png" "$work/defaults.png" \
  "GEGL tool of GIMP $series at radius 20, 5 blades"
echo "ok 1 - GIMP $series's GEGL tool lists lowrank-bokeh:blur and applies it as lrbokeh does"
