#!/bin/sh
# Builds lowrank-bokeh against GIMP 3 inside a Debian root and runs its
# test suite there (the GIMP 3 plug-in, the GEGL operation on that root's
# GEGL, the GTK 3 widgets and dialog).  Needs root, for chroot.
#
#   sh tools/test-gimp3.sh [MESON TEST ARGUMENTS…]
#   sh tools/test-gimp3.sh --debs     builds the GIMP 3 flavour of the Debian
#                                     packages instead (tools/build-debs.sh),
#                                     into /var/tmp/lrb-debs-gimp3 in the root
#
# LRB_GIMP3_SUITE picks the root: forky (GIMP 3.2, the default) or trixie
# (GIMP 3.0.4).  The root is made once by tools/gimp3-root.sh and reused;
# the source tree is bind-mounted read-only (at a path named after the
# tree, so two checkouts can use one root at once), the build stays inside
# the root.  Prints meson's test summary; exits non-zero on any failure.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
suite=${LRB_GIMP3_SUITE:-forky}
root=$(sh "$top/tools/gimp3-root.sh" "$suite" | tail -n 1)
src=/lrb-src$(printf %s "$top" | cksum | cut -d' ' -f1)
build=${LRB_GIMP3_BUILD:-/var/tmp/lrb-build-gimp3}

mounted=""
cleanup () {
  for m in $mounted; do umount "$root$m" 2>/dev/null || umount -l "$root$m" || true; done
}
trap cleanup EXIT INT TERM

bind () {
  mkdir -p "$root$2"
  if ! mountpoint -q "$root$2"; then
    mount "$@" 2>/dev/null || true
    mounted="$2 $mounted"
  fi
}
mkdir -p "$root/proc" "$root/dev" "$root$src"
if ! mountpoint -q "$root/proc"; then
  mount -t proc proc "$root/proc"
  mounted="/proc $mounted"
fi
if ! mountpoint -q "$root/dev"; then
  mount --bind /dev "$root/dev"
  mounted="/dev $mounted"
fi
if ! mountpoint -q "$root/dev/shm"; then
  mount -t tmpfs shm "$root/dev/shm"
  mounted="/dev/shm $mounted"
fi
if ! mountpoint -q "$root$src"; then
  mount --bind "$top" "$root$src"
  mount -o remount,bind,ro "$root$src"
  mounted="$src $mounted"
fi

# A clean environment: the host's variables (DISPLAY, XDG_*, GIMP2_DIRECTORY)
# mean nothing inside the root.
if [ "${1:-}" = --debs ]; then
  # LRB_DEB_BUILD_OPTIONS: DEB_BUILD_OPTIONS for the build in the root
  # (nocheck when its tests ran already).
  sh "$top/tools/in-root.sh" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    DEB_BUILD_OPTIONS="${LRB_DEB_BUILD_OPTIONS:-}" \
    sh "$src/tools/build-debs.sh" /var/tmp/lrb-debs-gimp3
  echo "$root/var/tmp/lrb-debs-gimp3"
  exit 0
fi

sh "$top/tools/in-root.sh" "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
  sh -c "
    set -e
    # LRB_GIMP3_KEEP_BUILD=1 reuses an earlier build (for working on a test).
    if [ '${LRB_GIMP3_KEEP_BUILD:-}' != 1 ] || [ ! -d $build ]; then
      rm -rf $build
      meson setup $build $src -Dgimp-api=3 -Dgimp=enabled >$build.log 2>&1 ||
        { cat $build.log; exit 1; }
    fi
    ninja -C $build >>$build.log 2>&1 || { cat $build.log; exit 1; }
    meson test -C $build --print-errorlogs --num-processes 2 $*
  "
