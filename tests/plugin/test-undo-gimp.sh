#!/bin/sh
# lowrank-bokeh — one undo restores the original, bit for bit, in a real
# GIMP 2.10 or GIMP 3 (run under xvfb-run by meson).  GIMP has no PDB call
# for undo, so the script applies the filter, saves, and waits for a flag
# file; xdotool presses Ctrl+Z in the image window, sets the flag, and the
# script saves again.
#
# In GIMP 2.10 the image is the photo alone.  In GIMP 3 an inverted copy of
# the photo lies on top of it, both layers are selected and the plug-in
# filters both: its one undo group must take both back with one Ctrl+Z,
# and no further (the copy's inversion stays).  Then the same run as an
# editable filter (as-filter): one filter on each layer, and one Ctrl+Z
# takes both filters off.  The composite shows only
# the top layer, so each layer is saved alone, from a copy of the image
# with the other hidden: the image's own undo history sees none of that.
#
# Usage: test-undo-gimp.sh SERIES PLUGIN IMAGE-DIFF MODULE
#        SERIES is 2.10 or 3.0, the GIMP the plug-in was built for;
#        MODULE the GEGL operation the GIMP 3 filter needs.
set -eu

series=$1 plugin=$2 diff=$3 module=$4
# shellcheck source=../lrb-gui-test.sh
. "$(dirname "$0")/../lrb-gui-test.sh"
export LANGUAGE=C LC_ALL=C.UTF-8 NO_AT_BRIDGE=1
lrb_gimp_profile "$series" "$plugin"
export XDG_DATA_HOME="$work/data"
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$module" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"

# What differs between the two Script-Fus: loading, saving, the layer
# list, the flag, the plug-in's arguments; and the image the filter runs on.
case $series in
  2.10)
    layers=1
    api="
  (define (lrb-load file) (car (gimp-file-load RUN-NONINTERACTIVE file file)))
  (define (lrb-save img layer file) (gimp-file-save RUN-NONINTERACTIVE img layer file file))
  (define (lrb-layers img) (cadr (gimp-image-get-layers img)))
  (define (lrb-exists? file) (not (null? (cadr (file-glob file 0)))))
  (define (lrb-prepare img) #t)
  (define (lrb-filter-stage img) #t)
  (define (lrb-apply img)
    (plug-in-lowrank-bokeh RUN-NONINTERACTIVE img (car (gimp-image-get-active-drawable img))
                           1 12.0 6 0.0 0.0 4 0.99 2.0 0 \"\"))"
    ;;
  3.0)
    layers=2
    api="
  (define (lrb-load file) (car (gimp-file-load RUN-NONINTERACTIVE file)))
  (define (lrb-save img layer file) (gimp-file-save RUN-NONINTERACTIVE img file -1))
  (define (lrb-layers img) (car (gimp-image-get-layers img)))
  (define (lrb-exists? file)
    (not (null? (car (file-glob #:pattern file #:filename-encoding TRUE)))))
  (define (lrb-prepare img)
    (let* ((base (vector-ref (lrb-layers img) 0))
           (top (car (gimp-layer-copy base))))
      (gimp-image-insert-layer img top 0 -1)
      (gimp-drawable-invert top FALSE)
      (gimp-image-set-selected-layers img (vector base top))))
  (define (lrb-apply img)
    (plug-in-lowrank-bokeh #:run-mode RUN-NONINTERACTIVE #:image img
                           #:drawables (car (gimp-image-get-selected-drawables img))
                           #:shape 1 #:radius 12.0 #:blades 6 #:rotation 0.0
                           #:curvature 0.0 #:rank 4 #:energy-target 0.99 #:gamma 2.0
                           #:edge-mode 0 #:kernel-file \"\"))
  (define (lrb-filter-count img)
    (apply + (map (lambda (layer) (vector-length (car (gimp-drawable-get-filters layer))))
                  (vector->list (lrb-layers img)))))
  (define (lrb-filter-stage img)
    (plug-in-lowrank-bokeh3 #:run-mode RUN-NONINTERACTIVE #:image img
                            #:drawables (car (gimp-image-get-selected-drawables img))
                            #:shape 1 #:radius 12.0 #:blades 6 #:rank 4 #:as-filter TRUE)
    (gimp-displays-flush)
    (lrb-save-layers img (string-append \"filter\" (number->string (lrb-filter-count img))))
    (lrb-wait-for \"$work/undone-filter\")
    (lrb-save-layers img (string-append \"unfiltered\" (number->string (lrb-filter-count img)))))"
    ;;
esac

# Layer I (0 is the top) is saved as STAGE-I.png.  Script-Fu has no sleep:
# a count to 30000 (a fifth of a second) between two looks for the flag
# keeps it from flooding GIMP with calls.
batch="$api
  (define (lrb-pause n) (if (> n 0) (lrb-pause (- n 1))))
  (define (lrb-wait-for file) (while (not (lrb-exists? file)) (lrb-pause 30000)))
  (define (lrb-save-layers img stage)
    (let* ((copy (car (gimp-image-duplicate img)))
           (layers (lrb-layers copy))
           (n (vector-length layers)))
      (let each ((i 0))
        (if (< i n)
            (begin
              (let show ((j 0))
                (if (< j n)
                    (begin
                      (gimp-item-set-visible (vector-ref layers j) (if (= i j) TRUE FALSE))
                      (show (+ j 1)))))
              (lrb-save copy (vector-ref layers i)
                        (string-append \"$work/\" stage \"-\" (number->string i) \".png\"))
              (each (+ i 1)))))
      (gimp-image-delete copy)))
  (let* ((img (lrb-load \"$work/photo.png\"))
         (display (car (gimp-display-new img))))
    (lrb-prepare img)
    (gimp-image-clean-all img)
    (lrb-save-layers img \"before\")
    (lrb-apply img)
    (gimp-displays-flush)
    (lrb-save-layers img \"after\")
    (lrb-wait-for \"$work/undone\")
    (lrb-save-layers img \"undo\")
    (lrb-filter-stage img)
    (gimp-display-delete display)
    (gimp-quit 1))"

# $gimp is a command and its options: split on purpose.
# shellcheck disable=SC2086
$gimp -d -f -s -b "$batch" >"$work/gimp.log" 2>&1 &
gimp_pid=$!

last="$work/after-$((layers - 1)).png"
for _ in $(seq 450); do [ -s "$last" ] && break; sleep 0.2; done
[ -s "$last" ] || fail "the filter did not run"
sleep 1
# GIMP 3 titles an image a script loaded "[Untitled]", GIMP 2.10 "[photo]":
# both name the colour model.
window=$(xdotool search --onlyvisible --name 'RGB color' | head -n 1)
if [ -z "$window" ]; then
  for w in $(xdotool search --name '.'); do echo "# window $w: $(xdotool getwindowname "$w")"; done
  fail "no image window"
fi
xdotool windowfocus --sync "$window"
xdotool key ctrl+z
sleep 1
touch "$work/undone"
if [ "$layers" = 2 ]; then
  # GIMP 3: the same run as an editable filter on both layers, then Ctrl+Z.
  for _ in $(seq 450); do
    for f in "$work"/filter*-$((layers - 1)).png; do [ -s "$f" ] && break 2; done
    sleep 0.2
  done
  sleep 1
  [ -s "$work/filter2-$((layers - 1)).png" ] ||
    fail "the filter run did not leave one filter on each layer: $(ls "$work" | grep filter)"
  xdotool windowfocus --sync "$window"
  xdotool key ctrl+z
  sleep 1
  touch "$work/undone-filter"
fi
lrb_wait_for_quit 30 "$warnings" "saving after the undo"

# The layers were saved alone: the bottom one is the photo (not the
# composite), and in GIMP 3 the top one is its inversion.
base=$((layers - 1))
same=$("$diff" "$work/photo.png" "$work/before-$base.png") || fail "cannot compare"
awk -v s="$same" 'BEGIN { exit !(s == 0) }' ||
  fail "the bottom layer, saved alone, is $same steps off the photo: the saves show the composite?"
if [ "$layers" = 2 ]; then
  other=$("$diff" "$work/photo.png" "$work/before-0.png") || fail "cannot compare"
  awk -v o="$other" 'BEGIN { exit !(o > 1.0) }' ||
    fail "the top layer, saved alone, is the photo: the copy was not inverted"
fi

# Each layer as saved at stage AFTER differs from the original, and at
# stage UNDONE equals it bit for bit; HOW names the run.
check_undone () {
  for i in $(seq 0 "$base"); do
    changed=$("$diff" "$work/before-$i.png" "$work/$1-$i.png") || fail "cannot compare"
    restored=$("$diff" "$work/before-$i.png" "$work/$2-$i.png") || fail "cannot compare"
    echo "# layer $i of $layers, $3: $changed steps off the original; after one undo $restored"
    awk -v c="$changed" 'BEGIN { exit !(c > 1.0) }' || fail "$3 did not change layer $i"
    awk -v r="$restored" 'BEGIN { exit !(r == 0) }' ||
      fail "one undo did not restore layer $i after $3 ($restored steps)"
  done
}
check_undone after undo "the blur in the pixels"
if [ "$layers" = 2 ]; then
  [ -s "$work/unfiltered0-$base.png" ] ||
    fail "one undo did not take the filters off: $(ls "$work" | grep unfiltered)"
  check_undone filter2 unfiltered0 "the editable filter"
fi
echo "ok 1 - one undo restores all $layers layer(s) the filter changed, bit for bit, in GIMP $series"
