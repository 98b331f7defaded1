#!/bin/sh
# Builds the Debian packages from this tree and checks them with lintian.
#
#   sh tools/build-debs.sh [OUT]     default OUT: debs/ at the top of the tree
#
# The packages are for the GIMP the machine has: GIMP 2.10 on Debian 12,
# GIMP 3 on Debian 13 (meson finds it).  The tree's tracked and new files
# are copied to a scratch folder first, so the build leaves nothing behind
# in the tree.  Needs the build dependencies of debian/control
# (tools/install-deps.sh installs them) and lintian.  Exits non-zero when
# the build fails or lintian reports an error.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/debs}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lrb-debs.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

mkdir -p "$scratch/src" "$out"
# The files git knows of, and new ones not ignored: what a commit would hold.
# A tree that is not a git checkout (an unpacked tarball) is copied whole.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf - --no-recursion) |
    tar -xf - -C "$scratch/src"
else
  tar -cf - -C "$top" --exclude=./debs --exclude='./build*' . | tar -xf - -C "$scratch/src"
fi

echo "== dpkg-buildpackage in $scratch/src"
if ! (cd "$scratch/src" && dpkg-buildpackage -us -uc -b) >"$scratch/build.log" 2>&1; then
  tail -n 40 "$scratch/build.log" >&2
  echo "build-debs.sh: dpkg-buildpackage failed" >&2
  exit 1
fi
grep -E '^(Ok|Fail):' "$scratch/build.log" || true

rm -f "$out"/*.deb
cp "$scratch"/*.deb "$scratch"/*.changes "$scratch"/*.buildinfo "$out"/

echo "== lintian"
# Errors fail; warnings and the rest are shown.  GIMP plug-ins are
# executables under /usr/lib/gimp by GIMP's design (executable-in-usr-lib).
lintian --fail-on error --tag-display-limit 0 --suppress-tags executable-in-usr-lib \
  "$out"/*.changes
ls -l "$out"/*.deb
