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
# CASE "svd" first presses "From a light in the selection" with nothing
# selected: the dialog says so and keeps its kernel
# (dialog-gimp-SERIES-no-selection.png).
#
# CASE "light" is on GIMP's light theme instead of its dark default, and
# takes the kernel from a photographed light: the photo has a noisy
# out-of-focus light in its top right corner, selected (a rectangle round
# it) when the dialog opens; the test presses "From a light in the
# selection" (dialog-gimp-SERIES-light-measured.png) and types a cat's eye
# of 1 on the Look page.  Inside the selection the result must equal
# `lrbokeh apply` with the kernel `lrbokeh kernel-from-photo` takes from
# the same rectangle, at the noise-aware rank it reports, with
# --cats-eye 1, and outside it the photo; it must differ from the dialog's
# default kernel there and from the measured kernel without the cat's eye
# (in GIMP 3 through the editable filter, the operation's cats-eye); the
# profile must hold the kernel file OK named, with that rank in its note (dialog-gimp-SERIES-light-window.png,
# and the Rank page with the noise floor: dialog-gimp-SERIES-light-rank.png).
# LRB_TEST_THEME=dark keeps GIMP's dark theme in this case (to look at the
# noise floor on both).
#
# CASE "depth": the image has a second, hidden layer, a depth map (top half
# 0.2, bottom half 0.8).  The test picks it as the depth map, turns the
# camera on (normalized map, 1 … 20 m) with a 200 mm lens at its default
# f/2.8, clicks the preview's lower half to focus there (0.8: 16.2 m),
# types a highlight boost of 3 stops and turns on "Match the photo's
# grain": the result must equal `lrbokeh apply --depth --focal-length 200
# --f-number 2.8 --focus-distance 16.2 --highlight-stops 3 --grain` and
# differ from the camera's default focus, 3 m, what a click that did not
# take would leave (dialog-gimp-SERIES-depth-window.png, and the Look page
# with the grain: dialog-gimp-SERIES-depth-look.png); the summary line's
# "Rank R of N" must be the rank and kernel size lrbokeh apply reports (the
# camera's kernel, not the Radius slider's).
#
# CASE "region": no depth map; the test picks the last entry, the focus
# region "tilt-shift band", and keeps its defaults: the result must equal
# `lrbokeh apply --focus-region band` and differ from the uniform blur
# (dialog-gimp-SERIES-region-window.png).
#
# CASE "pages": every page of the notebook in turn (turned to by the access
# key of one of its controls): Tab must reach every control the page shows
# (the plug-in lists them, LRB_DIALOG_LOG); a photograph of each page
# (dialog-gimp-SERIES-page-NAME.png); on the depth page the band is
# chosen first, so that its controls show.  Then one control on each page,
# each reached by its access key from another page: rank 3 (automatic
# off), radius 15, the tilt-shift band, gamma 2; the window made larger,
# the preview must grow.  The result must equal `lrbokeh apply` with those
# settings, and the size is remembered in the profile's dialog.ini.
#
# CASE "fit" only turns the pages by the mouse and the arrow keys (no
# access key: they differ between languages), checks that each fits and
# photographs it (dialog-gimp-SERIES[-LANG]-fit-N.png), and ends GIMP.
# "fit-de" and "fit-fr" do so in German and French, the longest labels
# (GIMP 3 finds the catalogues in the profile, from LRB_LOCALE_DIR); the
# machine needs no German or French locale (make_locale).
#
# In GIMP 3 every case that presses OK also checks that the layer then
# carries the blur as one editable filter (none with a depth map or a
# focus region, which GIMP would not keep as a filter) and
# photographs GIMP's window with its Layers dock (gimp-SERIES-CASE-after-ok.png).
#
# Every case first checks that the dialog fits the screen (1280 × 720
# under meson) with its buttons shown: check_fits.
#
# Usage: test-dialog-gimp.sh SERIES PLUGIN LRBOKEH IMAGE-DIFF OUTDIR [CASE [MODULE…]]
#        SERIES is 2.10 or 3.0, the GIMP the plug-in was built for;
#        CASE is svd (the default), nonnegative, light, depth, region,
#        pages or fit; the MODULEs are the GEGL operations that GIMP 3's
#        editable filter needs.
set -eu

series=$1 plugin=$2 lrbokeh=$3 diff=$4 out=$5 case=${6:-svd}
shift $(($# < 6 ? $# : 6))
# shellcheck source=../lrb-gui-test.sh
. "$(dirname "$0")/../lrb-gui-test.sh"
language=C locale=C.UTF-8 shots=$series
case $case in
  fit-*)
    language=${case#fit-} shots=$series-${case#fit-} case=fit
    locale=$(echo "$language" | awk '{ print $1 "_" toupper($1) ".UTF-8" }')
    ;;
esac

# GIMP and GTK speak LANGUAGE only under a locale other than C (newer
# glibc counts C.UTF-8 as C), yet a build machine rarely has a German or
# French one: C.UTF-8's data stands in under its name, through LOCPATH.
make_locale () {
  if ! locale -a 2>/dev/null | grep -qix "$(echo "$1" | sed 's/UTF-8/utf8/')"; then
    mkdir -p "$work/locales"
    for c in /usr/lib/locale/C.utf8 /usr/lib/locale/C.UTF-8; do
      [ -d "$c" ] && ln -sf "$c" "$work/locales/$1" && break
    done
    export LOCPATH="$work/locales"
  fi
}
[ "$locale" = C.UTF-8 ] || make_locale "$locale"
# No accessibility bridge: there is no session bus to find it on.
export LANGUAGE="$language" LC_ALL="$locale" NO_AT_BRIDGE=1

# A throwaway profile holding the plug-in; then the script GIMP runs with
# the photo on a display.
lrb_gimp_profile "$series" "$plugin"
# GIMP 3 asks every plug-in again (minutes) when the language differs
# from the profile's last one; the menus' words are not what is tested.
if [ "$language" != C ] && [ -f "$work/profile/gimprc" ]; then
  sed -i "s/^(prev-language .*/(prev-language \"$language-$locale\")/" "$work/profile/gimprc"
fi
if [ $# -gt 0 ]; then
  export XDG_DATA_HOME="$work/data"
  mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
  cp "$@" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"
fi
suffix=""
# The light's patch: dark background and a bright disc, softened and noisy
# as a photo's out-of-focus light, in the photo's top right corner; the
# rectangle round it is selected.
light_rect="492 22 86 86" select_light=""
if [ "$case" = light ]; then
  convert -size 90x90 xc:'gray(40)' -fill 'gray(210)' -draw "circle 45,45 45,57" -blur 0x1 \
    -seed 7 -attenuate 3 +noise Gaussian "$work/patch.png"
  # Without the gAMA and cHRM chunks ImageMagick writes: GEGL's PNG loader
  # (the CLI's) and GIMP's read them differently in the darks, where the
  # noise is measured.
  convert "$work/photo.png" "$work/patch.png" -geometry +490+20 -composite \
    -define png:exclude-chunks=gAMA,cHRM,bKGD "$work/lit.png"
  mv "$work/lit.png" "$work/photo.png"
  select_light="(gimp-image-select-rectangle img CHANNEL-OP-REPLACE $light_rect)"
fi
if [ "$case" = light ] && [ "${LRB_TEST_THEME:-}" != dark ]; then
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
# CASE "vector" (GIMP 3.2 and later): the plug-in runs on a vector layer,
# an ellipse on a path; OK must leave one editable filter on it and the
# layer still a vector layer (not rasterized).
vector_layer="" after_ok=""
if [ "$case" = vector ]; then
  version=$(gimp-console-3 --version 2>/dev/null | sed -n 's/.*version \([0-9]*\.[0-9]*\).*/\1/p')
  case $version in
    3.0|"") echo "1..0 # SKIP GIMP ${version:-?} has no vector layers"; exit 0 ;;
  esac
  vector_layer="(let ((path (car (gimp-path-new img \"ellipse\"))))
      (gimp-image-insert-path img path 0 -1)
      (gimp-path-bezier-stroke-new-ellipse path 300.0 200.0 120.0 80.0 0.0)
      (set! d (car (gimp-vector-layer-new img path)))
      (gimp-image-insert-layer img d 0 -1))"
  after_ok="(if (= (car (gimp-item-id-is-vector-layer d)) TRUE)
      (gimp-file-save RUN-NONINTERACTIVE img \"$work/still-vector.png\" -1))"
fi
case $series in
  2.10)
    batch="
  (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE \"$work/photo.png\" \"photo.png\")))
         (d (car (gimp-image-get-active-drawable img)))
         (display (car (gimp-display-new img))))
    $depth_layer
    $select_light
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
    $vector_layer
    $select_light
    (gimp-image-set-selected-layers img (vector d))
    (plug-in-lowrank-bokeh #:run-mode RUN-INTERACTIVE #:image img #:drawables (vector d))
    (gimp-file-save RUN-NONINTERACTIVE img \"$work/gimp.png\" -1)
    $after_ok
    (gimp-displays-flush)
    ; How many filters OK left on the layer, in a file's name; then the
    ; test photographs GIMP's window before it closes.
    (gimp-file-save RUN-NONINTERACTIVE img
      (string-append \"$work/filters-\"
        (number->string (vector-length (car (gimp-drawable-get-filters d)))) \".png\") -1)
    (let wait ()
      (if (null? (car (file-glob #:pattern \"$work/photographed\" #:filename-encoding TRUE)))
          (wait)))
    (gimp-display-delete display)
    (gimp-quit 1))"
    ;;
esac

# After OK, GIMP 3 names how many filters the layer has (filters-N.png):
# the dialog keeps the blur as an editable filter by default, but merges
# it with a depth map.  EXPECTED is that number; GIMP's window, its Layers
# dock showing the filter, is photographed (gimp-SERIES-CASE-after-ok.png).
check_filters_after_ok () {
  [ "$series" = 3.0 ] || return 0
  for _ in $(seq 300); do ls "$work"/filters-*.png >/dev/null 2>&1 && break; sleep 0.2; done
  sleep 1
  import -window root "$out/gimp-$series-$case-after-ok.png"
  touch "$work/photographed"
  [ -f "$work/filters-$1.png" ] ||
    fail "after OK the layer has $(ls "$work" | sed -n 's/^filters-\(.*\)\.png$/\1/p') filters, expected $1"
  echo "# after OK the layer has $1 editable filter(s)"
}

# Presses Tab until the control whose label begins with TEXT has the focus
# (the plug-in logs each focus change, LRB_DIALOG_LOG).
tab_to () {
  for _ in $(seq 80); do
    grep '^lrb-dialog: focus ' "$work/gimp.log" | tail -n 1 | grep -qF "\"$1" && return 0
    xdotool key Tab
    sleep 0.1
  done
  fail "Tab never reached \"$1\""
}

# The dialog's layout as it printed it last (LRB_DIALOG_LOG): the
# "lrb-dialog: window" line and the lines after it.
last_layout () {
  awk '/^lrb-dialog: window /{n = 0} /^lrb-dialog: (window|preview|notebook|button) /{b[n++] = $0}
       END {for (i = 0; i < n; i++) print b[i]}' "$work/gimp.log"
}

# The dialog lies wholly on the screen; its natural and minimum size leave
# room for a window frame and a panel on a 1280 × 720 screen (at most
# 1240 × 660); each of its buttons (Help, Reset, Cancel, OK) is shown,
# inside it.
check_fits () {
  eval "$(xdotool getwindowgeometry --shell "$window")"
  # Two numbers: split on purpose (the function's own arguments).
  # shellcheck disable=SC2046
  set -- $(xdotool getdisplaygeometry)
  screen_w=$1 screen_h=$2
  layout=$(last_layout)
  echo "$layout" | sed 's/^/# /'
  echo "# the dialog: ${WIDTH}x${HEIGHT} at $X,$Y on a ${screen_w}x${screen_h} screen"
  if [ "$X" -lt 0 ] || [ "$Y" -lt 0 ] || [ $((X + WIDTH)) -gt "$screen_w" ] ||
    [ $((Y + HEIGHT)) -gt "$screen_h" ]; then
    fail "the dialog (${WIDTH}x${HEIGHT} at $X,$Y) runs off the ${screen_w}x${screen_h} screen"
  fi
  echo "$layout" | awk '/^lrb-dialog: window / {
      if ($6 > 1240 || $7 > 660 || $9 > 1240 || $10 > 660) exit 1 }' ||
    fail "the dialog asks for more than 1240x660"
  [ "$(echo "$layout" | grep -c '^lrb-dialog: button ')" -ge 4 ] || fail "fewer than 4 buttons"
  echo "$layout" | awk -v w="$WIDTH" -v h="$HEIGHT" '/^lrb-dialog: button / {
      if ($3 < 0 || $4 < 0 || $3 + $5 > w || $4 + $6 > h || $5 < 10 || $6 < 10 ||
          $7 == "unmapped") { print "# off the dialog: " $0; bad = 1 } }
      END { exit bad }' || fail "a button lies outside the dialog or is not shown"
}

# Every control of the page shown (as the plug-in listed them when Tab
# last passed the tabs) took the focus in the log's lines after line MARK;
# PAGE names it.
check_reached () {
  after=$(tail -n +"$(($2 + 1))" "$work/gimp.log")
  controls=$(echo "$after" | awk '/^lrb-dialog: page /{n = 0} /^lrb-dialog: control /{c[n++] = $3}
                                  END {for (i = 0; i < n; i++) print c[i]}')
  [ -n "$controls" ] || fail "page $1: Tab never reached the tabs"
  focused=$(echo "$after" | awk '/^lrb-dialog: focus / {print $3}')
  missed=""
  for control in $controls; do
    echo "$focused" | grep -qxF "$control" || missed="$missed $control"
  done
  echo "# page $1: $(echo "$controls" | wc -w) controls, all reached by Tab:${missed:- yes}"
  [ -z "$missed" ] || fail "page $1: Tab does not reach$missed"
}

# $gimp is a command and its options: split on purpose.
# shellcheck disable=SC2086
LRB_PREVIEW_LOG=1 LRB_DIALOG_LOG=1 $gimp -d -f -s -b "$batch" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

# The pipe's status is head's: test the result instead.
# The title in English, German or French.
window=$(timeout 90 xdotool search --sync --name '^(Low-Rank.Bokeh|Bokeh de rang faible)$' | head -n 1)
[ -n "$window" ] || fail "the dialog did not open"
# Let the first preview arrive before the first photograph: its own line
# (LRB_PREVIEW_LOG), not the layout's "lrb-dialog: preview", which comes
# before the window is even mapped (on a busy machine a second before).
for i in $(seq 50); do grep -q "^lowrank-bokeh: preview" "$work/gimp.log" && break; sleep 0.2; done
sleep 1
import -window root "$out/dialog-gimp-$series$suffix.png"
check_fits

xdotool windowfocus --sync "$window"
if [ "$case" = fit ]; then
  eval "$(xdotool getwindowgeometry --shell "$window")"
  # The first tab: the notebook's top left corner.  Two numbers.
  # shellcheck disable=SC2046
  set -- $(last_layout | awk '/^lrb-dialog: notebook / {print $3, $4}')
  xdotool mousemove $((X + $1 + 12)) $((Y + $2 + 8)) click 1 mousemove 0 0
  for page in 0 1 2 3; do
    sleep 2
    check_fits
    lrb_photograph_window "$window" 0 "$out/dialog-gimp-$shots-fit-$page.png"
    xdotool key Right
  done
  # Cancel would leave GIMP waiting with the batch's error: the exit
  # trap ends it.
  lrb_check_log "$warnings"
  echo "ok 1 - every page of the dialog fits the screen (LANGUAGE=$LANGUAGE)"
  exit 0
fi
if [ "$case" = vector ]; then
  xdotool key alt+o
  check_filters_after_ok 1
  lrb_wait_for_gimp 60 "$warnings"
  [ -f "$work/still-vector.png" ] || fail "after OK the layer is no longer a vector layer"
  echo "ok 1 - the dialog kept the blur on a vector layer as an editable filter; the layer stays a vector layer"
  exit 0
fi
if [ "$case" = pages ]; then
  # The Tab presses: more than the window has controls on any page.
  tabs=$(yes Tab | head -n 70 | tr '\n' ' ')
  for page in kernel rank depth look; do
    case $page in
      kernel) key=alt+s ;;   # Shape
      rank) key=alt+k ;;     # Rank
      depth) key="alt+l End" ;;  # Depth from layer or region: the band, its controls
      look) key=alt+m ;;     # Gamma
    esac
    # Split on purpose: a key or two.
    # shellcheck disable=SC2086
    xdotool key $key
    sleep 1
    mark=$(wc -l <"$work/gimp.log")
    # Split on purpose: one key each.
    # shellcheck disable=SC2086
    xdotool key --delay 30 $tabs
    sleep 1
    check_reached "$page" "$mark"
    xdotool mousemove 0 0
    lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-page-$page.png"
  done
  # From the Look page: each key turns to its control's page.
  xdotool key alt+a          # Rank: automatic rank off
  xdotool key alt+k ctrl+a   # Rank
  xdotool type 3
  xdotool key Tab
  xdotool key alt+d ctrl+a   # Kernel: radius
  xdotool type 15
  xdotool key Tab
  xdotool key alt+l Home End # Depth of field: the tilt-shift band
  xdotool key alt+m ctrl+a   # Look: gamma
  xdotool type 2
  xdotool key Tab
  sleep 2
  before=$(last_layout | awk '/^lrb-dialog: preview / {print $5 * $6}')
  xdotool windowmove "$window" 20 20 windowsize "$window" 1200 680
  sleep 3
  check_fits
  after=$(last_layout | awk '/^lrb-dialog: preview / {print $5 * $6}')
  echo "# the preview's area: $before pixels, $after in the larger window"
  [ "$after" -gt "$before" ] || fail "the preview did not grow with the window"
  xdotool key alt+o
  check_filters_after_ok 0   # the band is a focus region: pixels
  lrb_wait_for_gimp 60 "$warnings"
  grep "preview" "$work/gimp.log" | sed 's/^/# /'
  state=$(find "$work/profile" -name dialog.ini)
  if [ -z "$state" ] || ! grep -q '^width=1200$' "$state" || ! grep -q '^height=680$' "$state"
  then
    fail "the size was not remembered: $(cat "$state" 2>/dev/null)"
  fi
  "$lrbokeh" apply "$work/photo.png" "$work/pages.png" --shape hexagon --radius 15 --rank 3 \
    --focus-region band --gamma 2 || fail "lrbokeh apply failed"
  "$lrbokeh" apply "$work/photo.png" "$work/untouched.png" --shape hexagon --radius 20 \
    --energy 0.99 || fail "lrbokeh apply failed"
  lrb_compare_result "$diff" "$work/pages.png" "$work/untouched.png" \
    "GIMP $series, one control on each page"
  echo "ok 1 - every page's controls reached by Tab; one on each page set; GIMP $series applied them"
  exit 0
fi
if [ "$case" = depth ]; then
  xdotool key alt+l Down     # the depth map: the first layer after "None"
  sleep 1
  tab_to "Camera (lens optics)"
  xdotool key space
  tab_to "Lens (mm)"
  xdotool key ctrl+a
  xdotool type 200
  xdotool key Tab
  sleep 1
  # The preview's lower half (the photo's rows 200 … 399 are depth 0.8):
  # 100 pixels below the middle of the preview's area, where the dialog
  # says it is.
  eval "$(xdotool getwindowgeometry --shell "$window")"
  # Four numbers: split on purpose.
  # shellcheck disable=SC2046
  set -- $(last_layout | awk '/^lrb-dialog: preview / {print $3, $4, $5, $6}')
  xdotool mousemove $((X + $1 + $3 / 2)) $((Y + $2 + $4 / 2 + 100)) click 1
  xdotool mousemove 0 0
  xdotool key alt+y ctrl+a   # the highlight boost
  xdotool type 3
  xdotool key Tab
  tab_to "Match the photo's grain"
  xdotool key space mousemove 0 0
  sleep 3
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-depth-look.png"
  # Back to the depth page for the photograph, with no tooltip over it.
  xdotool key alt+l mousemove 0 0
  sleep 3
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-depth-window.png"
  xdotool key alt+o
  check_filters_after_ok 0
  lrb_wait_for_gimp 60 "$warnings"
  grep "preview" "$work/gimp.log" | sed 's/^/# /'
  for distance in 16.2 3; do
    "$lrbokeh" apply "$work/photo.png" "$work/focus-$distance.png" --shape hexagon \
      --radius 20 --energy 0.99 --depth "$work/depth.png" --focal-length 200 --f-number 2.8 \
      --focus-distance $distance --highlight-stops 3 --grain --verbose 2>"$work/apply-$distance.txt" ||
      fail "lrbokeh apply --depth --focal-length failed"
  done
  # The summary line describes the kernel the camera made (its size, not
  # the Radius slider's 20), as lrbokeh apply reports it.
  summary=$(grep '^lrb-dialog: summary ' "$work/gimp.log" | tail -n 1 |
    sed -n 's/.*Rank \([0-9]*\)<\/b> of \([0-9]*\) .*/\1 of \2/p')
  applied=$(sed -n 's/^rank: *\([0-9]* of [0-9]*\):.*/\1/p' "$work/apply-16.2.txt")
  echo "# the dialog's summary: rank $summary; lrbokeh apply: rank $applied"
  [ -n "$applied" ] && [ "$summary" = "$applied" ] ||
    fail "the summary says rank $summary, lrbokeh apply applied rank $applied"
  lrb_compare_result "$diff" "$work/focus-16.2.png" "$work/focus-3.png" \
    "GIMP $series, depth map, camera, focus by a click, highlights, grain"
  echo "ok 1 - the dialog took a depth map, the camera, a click's focus distance, a highlight boost and the grain"
  exit 0
fi
if [ "$case" = region ]; then
  xdotool key alt+l End      # the depth source's last entry: the tilt-shift band
  xdotool mousemove 0 0
  sleep 3
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-region-window.png"
  xdotool key alt+o
  check_filters_after_ok 0
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
if [ "$case" = light ]; then
  xdotool key alt+s          # the Kernel page
  tab_to "From a light in the selection"
  xdotool key space
  sleep 2
  xdotool mousemove 0 0
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series$suffix-measured.png"
  xdotool key alt+k mousemove 0 0   # the Rank page: the noise floor
  sleep 2
  lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series$suffix-rank.png"
else
  if [ "$case" = svd ]; then
    # With nothing selected: a message, and the kernel stays (the result
    # below is still the hexagon's) (dialog-gimp-SERIES-no-selection.png).
    xdotool key alt+s
    tab_to "From a light in the selection"
    xdotool key space mousemove 0 0
    sleep 2
    lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series-no-selection.png"
  fi
  xdotool key alt+a          # automatic rank off
  xdotool key alt+k          # the rank field
  xdotool key ctrl+a
  xdotool type 2
  xdotool key Tab
fi
if [ "$case" = nonnegative ]; then
  xdotool key alt+f        # No dark rings (non-negative factors)
  suffix="-nonnegative"
  # No tooltip of whatever lies under the pointer in the photograph.
  xdotool mousemove 0 0
fi
if [ "$case" = light ]; then
  xdotool key alt+m          # the Look page (gamma)
  tab_to "Cat's eye"
  xdotool key ctrl+a
  # In full: 0.5 changes the small rectangle by one step only.
  xdotool type 1
  xdotool key Tab mousemove 0 0
fi
sleep 2
[ "$case" = light ] || import -window root "$out/dialog-gimp-$series$suffix-rank-2.png"
# The dialog alone, as the documentation shows it (no window manager:
# the geometry is the window's own).
lrb_photograph_window "$window" 0 "$out/dialog-gimp-$series$suffix-window.png"
if [ "$case" = light ] && [ -n "$suffix" ]; then
  # The theme took: mostly light, the cards included (GIMP ignores a
  # gimprc line it does not know).
  mean=$(convert "$out/dialog-gimp-$series$suffix-window.png" -colorspace Gray \
    -format '%[fx:mean]' info:)
  echo "# mean grey of the light-theme dialog: $mean"
  awk -v m="$mean" 'BEGIN { exit !(m > 0.6) }' || fail "the dialog is not light (mean $mean)"
fi
xdotool key alt+o          # OK
check_filters_after_ok 1
lrb_wait_for_gimp 30 "$warnings"

if [ "$case" = light ]; then
  # The photo with the rectangle's pixels of IMAGE: what GIMP does with a
  # selection.
  inside () {
    # shellcheck disable=SC2086
    set -- "$1" "$2" $light_rect
    convert "$work/photo.png" \( "$1" -crop "$5x$6+$3+$4" +repage \) -geometry "+$3+$4" \
      -composite -define png:exclude-chunks=gAMA,cHRM,bKGD "$2"
  }
  "$lrbokeh" kernel-from-photo "$work/photo.png" --rect "$(echo "$light_rect" | tr ' ' ,)" \
    -o "$work/lens.txt" >"$work/lens-report.txt" || fail "lrbokeh kernel-from-photo failed"
  rank=$(sed -n 's/^Kernel .* at rank \([0-9]*\) of.*/\1/p' "$work/lens-report.txt")
  sed 's/^/# /' "$work/lens-report.txt"
  [ -n "$rank" ] || fail "lrbokeh kernel-from-photo reported no rank"
  # What OK and the last values name: a kernel file in the profile that
  # keeps the measurement (its rank) for a dialog opened on it later.
  kept=$(grep -l "^# lowrank-bokeh measured: .* rank=$rank " \
    "$work"/profile/lowrank-bokeh/kernels/measured-*.txt 2>/dev/null | head -n 1)
  [ -n "$kept" ] || fail "no measured kernel of rank $rank kept in the profile"
  echo "# kept as $(basename "$kept"): $(head -n 1 "$kept")"
  grep "preview" "$work/gimp.log" | sed 's/^/# /'
  # NAME.png: the photo with `lrbokeh apply`'s pixels (the kernel and
  # options that follow) in the rectangle.
  apply_inside () {
    name=$1
    shift
    "$lrbokeh" apply "$work/photo.png" "$work/$name-all.png" "$@" ||
      fail "lrbokeh apply $* failed"
    inside "$work/$name-all.png" "$work/$name.png"
  }
  apply_inside measured "$work/lens.txt" --rank "$rank" --cats-eye 1
  apply_inside round "$work/lens.txt" --rank "$rank"
  apply_inside default --shape hexagon --radius 20 --energy 0.99 --cats-eye 1
  lrb_compare_result "$diff" "$work/measured.png" "$work/default.png" \
    "GIMP $series, the light's kernel at rank $rank, cat's eye 1, against the default kernel"
  lrb_compare_result "$diff" "$work/measured.png" "$work/round.png" \
    "GIMP $series, the light's kernel at rank $rank, against it without the cat's eye"
  echo "ok 1 - the dialog took the selected light's kernel at its noise-aware rank $rank and a cat's eye of 1, and GIMP $series applied them in the selection"
  exit 0
fi
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
