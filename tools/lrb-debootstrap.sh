#!/bin/sh
# Makes a minimal Debian root of SUITE in DIR with debootstrap; for the
# testing suite forky too, which Debian 12's debootstrap has no script for.
#
#   sh tools/lrb-debootstrap.sh SUITE DIR
set -eu
suite=${1:?usage: $0 SUITE DIR} dir=${2:?usage: $0 SUITE DIR}
mirror=${LRB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
if [ "$suite" = forky ]; then
  # Testing suites are made exactly as sid is.  Between point releases the
  # mirror's Release file for testing can carry a Valid-Until date that has
  # passed; that says nothing about the packages' signatures, which are
  # still checked, so the date check is turned off for this root alone
  # (never the host).
  debootstrap --variant=minbase forky "$dir" "$mirror" /usr/share/debootstrap/scripts/sid >&2
  echo 'Acquire::Check-Valid-Until "false";' \
    >"$dir/etc/apt/apt.conf.d/90lrb-testing-valid-until"
else
  debootstrap --variant=minbase "$suite" "$dir" "$mirror" >&2
fi
