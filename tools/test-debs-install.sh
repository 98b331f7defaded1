#!/bin/sh
# Installs the built Debian packages into a clean Debian root, uses them
# the way a GIMP user would, removes them and checks that nothing is left.
#
#   sh tools/test-debs-install.sh RELEASE DEBS     RELEASE: bookworm (GIMP 2.10),
#                                                  trixie (GIMP 3.0) or forky (3.2)
#
# The root is a fresh copy of a debootstrap minbase root (made once and
# kept in /var/cache/lowrank-bokeh/RELEASE-base); apt pulls GIMP and the
# rest from the packages' own Depends.  In the root, with no file copied by
# hand: `lrbokeh apply` from PATH, the operation through `gegl`, the plug-in
# through the system's gimp-console with a fresh profile (the procedure
# exists, the batch script blurs a photo).  Then `apt-get purge`, and no
# file of the packages may remain.  Needs root.  Prints "ok: …" per check and
# exits non-zero on the first failure.
set -eu

release=${1:?usage: $0 RELEASE DEBS}
tools=$(cd "$(dirname "$0")" && pwd)
debs=$(cd "${2:?usage: $0 RELEASE DEBS}" && pwd)
base=/var/cache/lowrank-bokeh/$release-base
photo=/usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg

case $release in
  bookworm) gimp_console=gimp-console-2.10 ;;
  trixie|forky) gimp_console=gimp-console-3 ;;
  *) echo "$0: RELEASE is bookworm, trixie or forky, not '$release'" >&2; exit 2 ;;
esac
ls "$debs"/gimp-plugin-lowrank-bokeh_*.deb "$debs"/gegl-lowrank-bokeh_*.deb \
   "$debs"/lrbokeh_*.deb >/dev/null
[ -r "$photo" ] || { echo "$0: needs $photo (python3-skimage)" >&2; exit 2; }

if [ ! -e "$base/.lrb-base-ready" ]; then
  command -v debootstrap >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2
  rm -rf "$base"
  sh "$tools/lrb-debootstrap.sh" "$release" "$base"
  touch "$base/.lrb-base-ready"
fi

scratch=$(mktemp -d /var/tmp/lrb-install-test.XXXXXX)
root=$scratch/root
cleanup () {
  for m in proc dev; do umount "$root/$m" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT INT TERM
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/tmp/lrb"
cp "$debs"/gimp-plugin-lowrank-bokeh_*.deb "$debs"/gegl-lowrank-bokeh_*.deb \
   "$debs"/lrbokeh_*.deb "$root/tmp/lrb/"
cp "$photo" "$root/tmp/lrb/photo.jpg"

# forky's is entered as tools/in-root.sh does: GIMP 3.2's image loaders
# need a root that is not a chroot to sandbox themselves (that script says
# why); the others by chroot.
enter=chroot
[ "$release" != forky ] || enter="sh $tools/in-root.sh"
in_root () {
  # $enter is a command and its arguments: split on purpose.
  # shellcheck disable=SC2086
  $enter "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive sh -ec "$1"
}
ok () { echo "ok: $*"; }

# What the clean root holds, to compare with after the purge.
listing () {
  in_root 'find / -xdev \( -path /tmp -o -path /var/lib/apt -o -path /var/cache \
    -o -path /var/log -o -path /var/lib/dpkg -o -path /root -o -path /proc \) -prune \
    -o -print' | sort
}

in_root 'apt-get update -q >/dev/null'
# gegl (the command-line tool) is what a user runs the operation with.
in_root 'apt-get install -y -q --no-install-recommends gegl >/dev/null'
listing >"$scratch/before"
in_root 'apt-get install -y -q --no-install-recommends /tmp/lrb/*.deb >/dev/null'
ok "apt installed the three packages and what they depend on"
# Their files (folders may be shared with GIMP; the name check below finds ours).
in_root 'dpkg -L gimp-plugin-lowrank-bokeh gegl-lowrank-bokeh lrbokeh |
  while read -r f; do [ -d "$f" ] || echo "$f"; done' >"$scratch/files"

in_root 'cd /tmp/lrb && lrbokeh apply photo.jpg cli.png --shape hexagon --radius 6 --rank 4 &&
  test -s cli.png && ! cmp -s photo.jpg cli.png'
ok "lrbokeh apply from PATH"
in_root 'man -w lrbokeh >/dev/null 2>&1 || test -e /usr/share/man/man1/lrbokeh.1.gz'
ok "lrbokeh's man page is installed"

in_root 'cd /tmp/lrb && gegl photo.jpg -o gegl.png -- lowrank-bokeh:blur radius=6 &&
  test -s gegl.png'
ok "gegl runs lowrank-bokeh:blur from the system's GEGL modules"

case $gimp_console in
  gimp-console-2.10)
    exists='(gimp-message (if (= (car (gimp-procedural-db-proc-exists "plug-in-lowrank-bokeh")) 1) "LRB-PROC-EXISTS" "LRB-PROC-MISSING"))'
    in_root "cd /tmp/lrb && GIMP2_DIRECTORY=/tmp/lrb/profile $gimp_console -i \
      -b '$exists' -b '(lowrank-bokeh-batch \"photo.jpg\" 1 6 6 0 4 2.0)' \
      -b '(gimp-quit 0)' >gimp.log 2>&1"
    ;;
  gimp-console-3)
    exists='(gimp-message (if (gimp-pdb-procedure-exists "plug-in-lowrank-bokeh") "LRB-PROC-EXISTS" "LRB-PROC-MISSING"))'
    in_root "cd /tmp/lrb && GIMP3_DIRECTORY=/tmp/lrb/profile $gimp_console -i \
      --batch-interpreter=plug-in-script-fu-eval -b '$exists' \
      -b '(lowrank-bokeh-batch \"photo.jpg\" 1 6 6 0 4 2.0)' --quit >gimp.log 2>&1"
    ;;
esac
if ! grep -q LRB-PROC-EXISTS "$root/tmp/lrb/gimp.log"; then
  cat "$root/tmp/lrb/gimp.log" >&2
  echo "FAIL: the plug-in's procedure is not in the PDB of the system's GIMP" >&2
  exit 1
fi
ok "$gimp_console finds plug-in-lowrank-bokeh with a fresh profile"
if ! in_root 'test -s /tmp/lrb/photo-bokeh.jpg && ! cmp -s /tmp/lrb/photo.jpg /tmp/lrb/photo-bokeh.jpg'; then
  cat "$root/tmp/lrb/gimp.log" >&2
  echo "FAIL: the Script-Fu batch wrote no photo-bokeh.jpg" >&2
  exit 1
fi
ok "the Script-Fu batch script blurred a photo"

in_root 'apt-get purge -y -q gimp-plugin-lowrank-bokeh gegl-lowrank-bokeh lrbokeh >/dev/null'
listing >"$scratch/after"
left=$(comm -13 "$scratch/before" "$scratch/after" | grep -F -x -f "$scratch/files" || true)
if [ -n "$left" ]; then
  echo "FAIL: left behind after the purge:" >&2
  echo "$left" >&2
  exit 1
fi
# Nothing else of ours either (a cache or a folder a maintainer script made).
stray=$(comm -13 "$scratch/before" "$scratch/after" | grep -i -E 'lowrank|lrbokeh' || true)
if [ -n "$stray" ]; then
  echo "FAIL: files of the packages remain after the purge:" >&2
  echo "$stray" >&2
  exit 1
fi
ok "apt-get purge left none of the packages' $(wc -l <"$scratch/files") paths behind"
