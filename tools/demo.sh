#!/bin/sh
# The main job on a fresh Debian 12 machine (as root): install what is
# needed, build, install the plug-in into a throwaway GIMP profile, and let
# GIMP blur a real photo (the Hubble Deep Field from Debian's
# python3-skimage) with a hexagonal bokeh whose stars bloom (a highlight
# boost), in batch mode.
# Result: demo/hubble-bokeh.jpg next to demo/hubble.jpg.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Each step's own output goes to a log, shown only when the step fails.
quietly () {
  what=$1 log=$2
  shift 2
  echo "$what (log: $log)"
  "$@" >"$log" 2>&1 || { cat "$log"; echo "FAILED: $what" >&2; exit 1; }
}
mkdir -p demo

if [ "$(id -u)" = 0 ]; then
  quietly "Installing Debian's packages" demo/install.log sh tools/install-deps.sh
fi

if [ -d build-demo ]; then
  quietly "Configuring" demo/build.log \
    meson setup --reconfigure build-demo --buildtype=release -Dgimp=enabled -Dgimp-api=2
else
  quietly "Configuring" demo/build.log \
    meson setup build-demo --buildtype=release -Dgimp=enabled -Dgimp-api=2
fi
quietly "Building" demo/ninja.log ninja -C build-demo

# A profile of its own, so the user's GIMP settings are not touched.
profile=$top/build-demo/gimp-profile
[ -d "$profile" ] || GIMP2_DIRECTORY=$profile gimp-console-2.10 -i -b '(gimp-quit 0)' >/dev/null 2>&1
mkdir -p "$profile/plug-ins/lowrank-bokeh"
cp build-demo/plugin/lowrank-bokeh "$profile/plug-ins/lowrank-bokeh/"
cp data/scripts/lowrank-bokeh-batch.scm data/scripts/gimp-2.10/lowrank-bokeh-api.scm \
   "$profile/scripts/"

rm -f demo/hubble-bokeh.jpg
cp /usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg demo/hubble.jpg

# A hexagonal bokeh (shape 1, radius 10, 6 blades, rank 8) in plain linear
# light, with a highlight boost of 6 stops: the stars bloom into hexagons
# and the black sky stays black (a gamma would lift it to grey-blue).
# GIMP's own chatter (its warnings about the photo's XMP metadata) goes to
# demo/gimp.log; what the plug-in says is shown.
batch='(let* ((image (lowrank-bokeh--load "demo/hubble.jpg"))
              (drawable (lowrank-bokeh--drawable image)))
         (lowrank-bokeh--apply3 image drawable 1 10.0 6 0.0 0.0 8 0.99 1.0 0 "" 0
                                6.0 0.7 1.0 -1 0.5 0.0 0)
         (lowrank-bokeh--save image drawable "demo/hubble-bokeh.jpg")
         (gimp-message "lowrank-bokeh: demo/hubble.jpg -> demo/hubble-bokeh.jpg"))'
if ! GIMP2_DIRECTORY=$profile gimp-console-2.10 -i -b "$batch" -b '(gimp-quit 0)' \
     >demo/gimp.log 2>&1 || [ ! -s demo/hubble-bokeh.jpg ]; then
  cat demo/gimp.log
  echo "GIMP did not blur the photo (its messages are above)" >&2
  exit 1
fi
grep 'lowrank-bokeh' demo/gimp.log | grep -v -i 'xmp' | sed 's/^script-fu-Warning: //' || true

echo "Wrote $top/demo/hubble-bokeh.jpg (original: demo/hubble.jpg)"
