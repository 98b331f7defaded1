#!/bin/sh
# Makes (or reuses) a Debian root with GIMP 3 and the project's build
# dependencies, for building and testing the GIMP 3 adapter on a Debian 12
# host.  Prints the root's path on its last line.
#
#   sh tools/gimp3-root.sh [SUITE [DIR]]
#
#   SUITE  forky  (default) Debian forky: GIMP 3.2, GEGL 0.4.72, the GIMP
#                 most people run today;
#          trixie Debian 13: GIMP 3.0.4.
#   DIR    default: $LRB_GIMP3_ROOT or /var/cache/lowrank-bokeh/SUITE
#
# Needs root.  A finished root is marked with .lrb-ready-N; bumping N below
# (when the package list changes) makes the next run top it up.
set -eu

suite=${1:-${LRB_GIMP3_SUITE:-forky}}
root=${2:-${LRB_GIMP3_ROOT:-/var/cache/lowrank-bokeh/$suite}}
stamp=$root/.lrb-ready-6

case $suite in
  trixie|forky) ;;
  *) echo "$0: SUITE is forky or trixie, not '$suite'" >&2; exit 2 ;;
esac

packages="gimp libgimp-3.0-dev libgegl-dev gegl libbabl-dev liblapacke-dev \
  libfftw3-dev libjson-glib-dev libcairo2-dev libgtk-3-dev gettext \
  libpng-dev libjpeg-dev libtiff-dev libwebp-dev \
  meson ninja-build gcc pkg-config ca-certificates \
  xvfb xauth xdotool imagemagick dbus-x11 python3 python3-skimage \
  build-essential debhelper dpkg-dev help2man lintian fakeroot appstream git"

if [ -e "$stamp" ]; then
  echo "$root"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null; then
  apt-get install -y -q --no-install-recommends debootstrap >&2
fi

if [ ! -x "$root/usr/bin/apt-get" ]; then
  rm -rf "$root"
  mkdir -p "$root"
  sh "$(dirname "$0")/lrb-debootstrap.sh" "$suite" "$root"
fi

mounted=""
cleanup () {
  for m in $mounted; do umount "$root/$m" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc dev; do
  if ! mountpoint -q "$root/$m"; then
    case $m in
      proc) mount -t proc proc "$root/proc" ;;
      dev) mount --bind /dev "$root/dev" ;;
    esac
    mounted="$m $mounted"
  fi
done

cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
chroot "$root" sh -c "apt-get update -q && \
  apt-get install -y -q --no-install-recommends $packages" >&2
touch "$stamp"
echo "$root"
