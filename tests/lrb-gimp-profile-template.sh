#!/bin/sh
# Makes a fresh GIMP profile once, at build time, for the tests to copy:
# a first start of GIMP queries every plug-in it ships, which GIMP 3.2
# takes minutes for (each plug-in starts its image loaders' sandbox), and
# would otherwise do again in each test's throwaway profile.  The copy
# holds no plug-in of ours; each test adds its own.
#
#   lrb-gimp-profile-template.sh SERIES GIMP-CONSOLE OUTPUT
set -eu
series=$1 console=$2
# GIMP takes a relative profile path as relative to the home folder.
case $3 in /*) out=$3 ;; *) out=$(pwd)/$3 ;; esac
# The tests' language: GIMP 3 asks every plug-in again when the language
# differs from the one the profile last ran in (gimprc's prev-language).
export LANGUAGE=C LC_ALL=C.UTF-8
rm -rf "$out" "$out.tmp"
case $series in
  2.10)
    GIMP2_DIRECTORY="$out.tmp" "$console" -i -d -f -b '(gimp-quit 0)' >/dev/null 2>&1 ;;
  *)
    GIMP3_DIRECTORY="$out.tmp" "$console" -i -d -f \
      --batch-interpreter=plug-in-script-fu-eval -b '(gimp-quit 0)' --quit >/dev/null 2>&1 ;;
esac
[ -f "$out.tmp/pluginrc" ] || { echo "$0: GIMP made no pluginrc in $out.tmp" >&2; exit 1; }
mv "$out.tmp" "$out"
