#!/bin/sh
# lowrank-bokeh — GIMP 3: the blur as an editable layer filter
# (test-filter-gimp3.py does the GIMP side, headless).  Checks: the filter
# is on the layer with the asked values and GIMP's export of it equals
# `lrbokeh apply` within one 8-bit step; re-editing its radius gives
# lrbokeh's radius-10 blur; a script that does not ask gets pixels, no
# filter; a depth map gives pixels; a text layer and a layer group take the
# filter (the text layer stays text); a group asked for pixels is a clear
# error.  On GIMP 3.2 also: link and vector layers take the filter and
# stay live; into the pixels they (and a text layer) are rasterized first,
# so a new fill colour cannot draw over the blur.
#
# Usage: test-filter-gimp3.sh PLUGIN MODULE LRBOKEH IMAGE-DIFF
set -eu
plugin=$1 module=$2 lrbokeh=$3 diff=$4
. "$(dirname "$0")/../lrb-gui-test.sh"
export LANGUAGE=C LC_ALL=C.UTF-8
lrb_gimp_profile 3.0 "$plugin"
export XDG_DATA_HOME="$work/data"
mkdir -p "$XDG_DATA_HOME/gegl-0.4/plug-ins"
cp "$module" "$XDG_DATA_HOME/gegl-0.4/plug-ins/"
export LRB_WORK="$work"
script=$(cd "$(dirname "$0")" && pwd)/test-filter-gimp3.py
# Fonts loaded (no -f): the text layer needs one.
gimp-console-3 -i -d --batch-interpreter=python-fu-eval \
  -b "exec(open('$script').read())" --quit >"$work/gimp.log" 2>&1 || fail "GIMP failed"
grep -q '^lrb-result done 1' "$work/gimp.log" || fail "the Python batch did not finish"
result () { sed -n "s/^lrb-result $1 //p" "$work/gimp.log" | head -n 1; }
expect () {
  [ "$(result "$1")" = "$2" ] || fail "$1: $(result "$1"), expected $2"
}
expect filter-ok 1
expect filter-count 1
expect filter-operation lowrank-bokeh:blur
expect filter-radius 20.0
expect pixels-ok 1
expect pixels-filter-count 0
expect depth-ok 1
expect depth-filter-count 0
expect text-filter-ok 1
expect text-filter-count 1
expect text-still-text 1
expect group-filter-ok 1
expect group-filter-count 1
expect group-pixels-ok 0
result group-pixels-message | grep -q "has no pixels of its own" ||
  fail "a group asked for pixels: '$(result group-pixels-message)'"
for r in 20 10; do
  "$lrbokeh" apply "$work/photo.png" "$work/lrbokeh-r$r.png" --shape hexagon --radius $r \
    --rank 8 || fail "lrbokeh apply failed"
done
cp "$work/filter-r20.png" "$work/gimp.png"
lrb_compare_result "$diff" "$work/lrbokeh-r20.png" "$work/lrbokeh-r10.png" "filter, radius 20"
cp "$work/filter-r10.png" "$work/gimp.png"
lrb_compare_result "$diff" "$work/lrbokeh-r10.png" "$work/lrbokeh-r20.png" "filter re-edited to radius 10"
cp "$work/pixels-r20.png" "$work/gimp.png"
lrb_compare_result "$diff" "$work/lrbokeh-r20.png" "$work/lrbokeh-r10.png" "pixels, radius 20"
# GIMP 3.2's link and vector layers: live under the filter, rasterized
# (and so never drawn again over the blur) when it goes into the pixels.
if [ "$(result has-rasterizable)" = 1 ]; then
  for mode in filter pixels; do
    count=1 raster=0
    [ $mode = pixels ] && count=0 raster=1
    for kind in link vector; do
      expect $kind-$mode-ok 1
      expect $kind-$mode-filter-count $count
      expect $kind-$mode-rasterized $raster
    done
    cp "$work/link-$mode.png" "$work/gimp.png"
    lrb_compare_result "$diff" "$work/lrbokeh-r20.png" "$work/lrbokeh-r10.png" "link layer, $mode"
    recoloured=$("$diff" "$work/vector-$mode.png" "$work/vector-$mode-red.png") ||
      fail "cannot compare"
    echo "# vector layer, $mode: a new fill colour moved it by $recoloured steps"
    if [ $mode = filter ]; then
      awk -v r="$recoloured" 'BEGIN { exit !(r > 1.0) }' ||
        fail "the vector layer under the filter did not draw itself again"
    else
      awk -v r="$recoloured" 'BEGIN { exit !(r == 0) }' ||
        fail "the vector layer drew itself again over the blurred pixels"
    fi
  done
  expect text-pixels-ok 1
  expect text-pixels-rasterized 1
fi
if grep -v 'gimp_flush(): error: Broken pipe' "$work/gimp.log" | grep -E "CRITICAL|lowrank-bokeh.*WARNING"; then
  fail "GIMP reported warnings"
fi
echo "ok 1 - GIMP 3 keeps the blur as an editable filter that equals lrbokeh apply and can be re-edited"
