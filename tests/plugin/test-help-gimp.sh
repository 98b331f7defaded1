#!/bin/sh
# The help domain in real GIMP: after the plug-in's query, GIMP keeps its
# help domain in the profile's pluginrc; that URI must be the configured
# help folder, and the folder, installed with meson install, must hold
# pages for every help ID the plug-in uses.  TAP output.
#   test-help-gimp.sh SERIES PLUGIN HELP_DIR BUILD_DIR PYTHON CHECK_HELP LRB_HELP_IDS
set -u
series=$1 plugin=$2 help_dir=$3 build=$4 python=$5 check_help=$6 help_ids=$7

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n $1"; }
fail () { n=$((n + 1)); failed=1; echo "not ok $n $1"; }

mkdir -p "$tmp/profile/plug-ins/lowrank-bokeh" "$tmp/data"
cp "$plugin" "$tmp/profile/plug-ins/lowrank-bokeh/"
if [ "$series" = 3.0 ]; then
  export GIMP3_DIRECTORY="$tmp/profile"
  set -- gimp-console-3 -i -d -f --quit
else
  export GIMP2_DIRECTORY="$tmp/profile"
  set -- gimp-console-2.10 -i -d -f -b '(gimp-quit 0)'
fi
export XDG_DATA_HOME="$tmp/data" LANGUAGE=C LC_ALL=C.UTF-8
(cd "$tmp" && "$@") >"$tmp/gimp.log" 2>&1
echo "# $* exited $?"

# Our plug-in's own warnings, not GIMP's about others.
if grep -E 'WARNING|CRITICAL' "$tmp/gimp.log" | grep -qi 'lowrank-bokeh\|help'; then
  fail "GIMP printed no warning about the plug-in or help"
  sed 's/^/# /' "$tmp/gimp.log"
else
  ok "GIMP printed no warning about the plug-in or help"
fi

uri=$("$python" -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).as_uri())' "$help_dir")
rc="$tmp/profile/pluginrc"
if grep -F "(help-def \"lowrank-bokeh\" \"$uri\")" "$rc" >/dev/null 2>&1; then
  ok "pluginrc registers help domain lowrank-bokeh at $uri"
else
  fail "pluginrc registers help domain lowrank-bokeh at $uri"
  grep -n 'help-def' "$rc" 2>/dev/null | sed 's/^/# /'
fi

# The URI's folder as installed (into a scratch DESTDIR).
dest="$tmp/dest"
if DESTDIR="$dest" meson install -C "$build" --no-rebuild --quiet --tags help \
     >"$tmp/install.log" 2>&1; then
  ok "meson install puts the help in place"
else
  fail "meson install puts the help in place"
  sed 's/^/# /' "$tmp/install.log"
fi
if [ -f "$dest$help_dir/en/index.html" ] && [ -f "$dest$help_dir/en/gimp-help.xml" ]; then
  ok "the registered URI holds en/index.html and en/gimp-help.xml"
else
  fail "the registered URI holds en/index.html and en/gimp-help.xml"
fi

# The installed copy, checked as the data suite checks the source.
# shellcheck disable=SC2046  # one argument per ID
if "$python" "$check_help" "$dest$help_dir" $("$help_ids" | sort -u) >"$tmp/check.log"; then
  ok "the installed help maps every help ID to an existing, well-formed page"
else
  fail "the installed help maps every help ID to an existing, well-formed page"
  grep -v '^ok' "$tmp/check.log" | sed 's/^/# /'
fi

echo "1..$n"
exit $failed
