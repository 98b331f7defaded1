#!/bin/sh
# Installs the Debian 12 packages lowrank-bokeh builds, tests and demos with.
# Run as root on a fresh machine; safe to run again.
set -eu

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  ca-certificates gcc clang libclang-rt-14-dev pkg-config meson ninja-build \
  libglib2.0-dev libgegl-dev libbabl-dev gegl liblapacke-dev libcairo2-dev \
  libjson-glib-dev libgtk2.0-dev gtk2-engines-pixbuf gettext libfftw3-dev \
  gimp libgimp2.0-dev \
  xvfb xauth xdotool imagemagick \
  valgrind time file python3-skimage libpng-dev libjpeg-dev libtiff-dev libwebp-dev \
  debhelper help2man lintian fakeroot appstream libxml2-utils
