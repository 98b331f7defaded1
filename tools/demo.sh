#!/bin/sh
# The main job on a fresh Debian 12 machine (as root): install what is
# needed, build, install the plug-in into a throwaway GIMP profile, and let
# GIMP blur a real photo (the Hubble Deep Field from Debian's
# python3-skimage) with a hexagonal bokeh, in batch mode.
# Result: demo/hubble-bokeh.jpg next to demo/hubble.jpg.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "$(id -u)" = 0 ]; then
  sh tools/install-deps.sh
fi

if [ -d build-demo ]; then
  meson setup --reconfigure build-demo --buildtype=release -Dgimp=enabled -Dgimp-api=2
else
  meson setup build-demo --buildtype=release -Dgimp=enabled -Dgimp-api=2
fi
ninja -C build-demo

# A profile of its own, so the user's GIMP settings are not touched.
profile=$top/build-demo/gimp-profile
[ -d "$profile" ] || GIMP2_DIRECTORY=$profile gimp-console-2.10 -i -b '(gimp-quit 0)' >/dev/null 2>&1
mkdir -p "$profile/plug-ins/lowrank-bokeh"
cp build-demo/plugin/lowrank-bokeh "$profile/plug-ins/lowrank-bokeh/"
cp data/scripts/lowrank-bokeh-batch.scm data/scripts/gimp-2.10/lowrank-bokeh-api.scm \
   "$profile/scripts/"

mkdir -p demo
cp /usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg demo/hubble.jpg

# shape 1 (polygon), radius 10, 6 blades, rotation 0, rank 8, gamma 3.
GIMP2_DIRECTORY=$profile gimp-console-2.10 -i \
  -b '(lowrank-bokeh-batch "demo/hubble.jpg" 1 10 6 0 8 3.0)' \
  -b '(gimp-quit 0)'

echo "Wrote $top/demo/hubble-bokeh.jpg (original: demo/hubble.jpg)"
