#!/bin/sh
# Runs COMMAND inside the Debian root ROOT, as chroot would, but in a mount
# namespace of its own whose root *is* ROOT (pivot_root).  The kernel lets
# no chrooted process make a user namespace, and GIMP 3.2's image loaders
# (glycin) sandbox themselves with bubblewrap, which needs one; under
# chroot they fall back to running unsandboxed, which deadlocks GIMP.
# ROOT's own mounts (proc, dev, the source tree) come along.  Needs root.
#
#   sh tools/in-root.sh ROOT COMMAND [ARGUMENT…]
set -eu
root=$(cd "${1:?usage: $0 ROOT COMMAND…}" && pwd)
shift
exec unshare --mount --propagation private sh -ec '
  root=$1
  shift
  mount --rbind "$root" "$root"
  mkdir -p "$root/.lrb-old-root"
  cd "$root"
  pivot_root . .lrb-old-root
  cd /
  umount -l /.lrb-old-root
  exec "$@"
' in-root "$root" "$@"
