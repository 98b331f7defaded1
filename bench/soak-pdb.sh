#!/bin/sh
# lowrank-bokeh — the PDB soak, in one real headless GIMP 2.10 session:
#
#   bench/soak-pdb.sh PLUGIN [RANDOM-CALLS] [VALID-RUNS] [SEED]
#
# PLUGIN is the built GIMP 2.10 plug-in (build/plugin/lowrank-bokeh).
# First RANDOM-CALLS (default 200) calls with random but typed arguments:
# each of the three procedures with the right number of arguments of the
# right types, their values drawn from the edges of each range and beyond
# (negative, zero, huge, every enum value and the next one, missing,
# corrupt and text kernel files, a drawable that does not exist).  Each
# runs on a fresh copy of the photo; a refused call must leave that copy
# clean and bit-identical.  Then VALID-RUNS (default 200) valid runs, one
# after the other, on one image, each of which must succeed.
#
# The plug-in is started through a wrapper that, as each plug-in process
# ends, writes its peak RSS (getrusage) and GIMP's RSS at that moment:
# leaks in either show as growth over the valid runs.  Prints a summary
# and TAP ("ok 1"), fails on a crash, a refused call that changed the
# image, a valid run that failed, a GLib/GEGL warning or critical, or
# GIMP's RSS growing by more than $LRB_SOAK_MAX_GROWTH_MB (default 64)
# between the first tenth of the valid runs and the last.  The full soak
# takes about 15 minutes; tests/plugin runs a short one.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

plugin=$1
random_calls=${2:-200}
valid_runs=${3:-200}
seed=${4:-1}
max_growth_mb=${LRB_SOAK_MAX_GROWTH_MB:-64}
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=../tests/lrb-gui-test.sh
. "$here/../tests/lrb-gui-test.sh"
export LANGUAGE=C LC_ALL=C.UTF-8
lrb_gimp_profile 2.10 "$plugin"

# The wrapper takes the plug-in's place; the real one lives outside
# plug-ins/, so GIMP registers it once.
mkdir -p "$work/real"
mv "$work/profile/plug-ins/lowrank-bokeh/lowrank-bokeh" "$work/real/lowrank-bokeh"
cat >"$work/profile/plug-ins/lowrank-bokeh/lowrank-bokeh" <<EOF
#!/usr/bin/python3
import os, sys
real = "$work/real/lowrank-bokeh"
pid = os.fork()
if pid == 0:
    os.execv(real, [real] + sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
gimp_rss = 0
with open("/proc/%d/status" % os.getppid()) as f:
    for line in f:
        if line.startswith("VmRSS:"):
            gimp_rss = int(line.split()[1])
with open("$work/rss.log", "a") as log:
    mode = "run" if "-run" in sys.argv else "query"
    log.write("%s %d %d %d\n" % (mode, os.waitstatus_to_exitcode(status), usage.ru_maxrss,
                                 gimp_rss))
sys.exit(max(os.waitstatus_to_exitcode(status), 0))
EOF
chmod +x "$work/profile/plug-ins/lowrank-bokeh/lowrank-bokeh"
: >"$work/rss.log"

# Kernel files: good text, corrupt image, zero-sum and NaN text, a folder.
printf '1 2 1\n2 4 2\n1 2 1\n' >"$work/good.txt"
printf '1 -1\n-1 1\n' >"$work/zero.txt"
printf '1 nan\n1 1\n' >"$work/nan.txt"
head -c 3000 "$work/photo.png" >"$work/cut.png"
mkdir -p "$work/folder.png"

# The random calls, as Script-Fu: (lrb-soak-random I PROC RUN-MODE
# DRAWABLE? ARGS).  awk draws them, so SEED repeats a run exactly.
awk -v n="$random_calls" -v seed="$seed" -v dir="$work" '
  function pick(list,   a, k) { k = split(list, a, " "); return a[int(rand() * k) + 1] }
  function file() { return "\"" pick(dir "/good.txt " dir "/missing.png " dir "/cut.png " \
                                      dir "/zero.txt " dir "/nan.txt " dir "/folder.png " \
                                      "relative.txt _EMPTY_") "\"" }
  function ints(list) { return pick(list) }
  BEGIN {
    srand(seed)
    big = "2147483647 -2147483648"
    for (i = 1; i <= n; i++) {
      kernel = ints("-1 0 1 2 3 4 5 6 7 8 9 " big) " " \
               pick("-1.0 0.0 0.4 0.5 3.0 12.0 40.0 1000.5 1e300 -1e300") " " \
               ints("-5 0 2 3 6 16 17 1000") " " \
               pick("-1e300 -720.0 0.0 45.0 1e300") " " \
               pick("-0.1 0.0 0.5 1.0 1.1 1e300")
      proc = pick("plug-in-lowrank-bokeh plug-in-lowrank-bokeh2 plug-in-lowrank-bokeh2 " \
                  "plug-in-lowrank-bokeh-analyze")
      mode = rand() < 0.9 ? 1 : 2
      if (proc == "plug-in-lowrank-bokeh-analyze")
        args = kernel " " pick("-1.0 0.0 0.5 0.99 1.0 1.01 1e300") " " file()
      else {
        args = kernel " " ints("-2 -1 0 1 4 100 4001 " big) " " \
               pick("-1.0 0.0 0.5 0.99 1.0 1.01 1e300") " " \
               pick("-1.0 0.0 0.99 1.0 2.2 10.0 10.01 1e300") " " \
               ints("-1 0 1 2 3 100") " " file()
        if (proc == "plug-in-lowrank-bokeh2")
          args = args " " ints("-1 0 1 2")
      }
      gsub("_EMPTY_", "", args)
      drawable = rand() < 0.95 ? "#t" : "#f"
      printf "(lrb-soak-random %d %s %d %s (list %s))\n", i, proc, mode, drawable, args
    }
  }' >"$work/random.scm"

# Valid runs cycle through shapes, ranks, gammas, edges and both
# factorizations (not non-negative for the DoG, which it refuses).
awk -v n="$valid_runs" 'BEGIN {
  for (i = 1; i <= n; i++) {
    shape = (i - 1) % 8
    factor = (shape == 5) ? 0 : int((i - 1) / 8) % 2
    printf "(lrb-soak-valid %d (list %d %.1f %d %.1f %.1f %d 0.99 %.1f %d \"\" %d))\n", i,
           shape, 4 + (i % 13), 3 + (i % 6), (i * 7) % 90, (i % 3) / 2.0, 1 + (i % 8),
           1 + (i % 3), i % 3, factor
  }
}' >"$work/valid.scm"

cat >"$work/soak.scm" <<EOF
(define lrb-photo (car (gimp-file-load RUN-NONINTERACTIVE "$work/photo.png" "photo.png")))
(gimp-image-scale lrb-photo 160 120)
(gimp-file-save RUN-NONINTERACTIVE lrb-photo (car (gimp-image-get-active-drawable lrb-photo))
                "$work/reference.ppm" "reference.ppm")
(define (lrb-try thunk)
  (call-with-current-continuation
   (lambda (return)
     (let ((saved *error-hook*))
       (set! *error-hook* (lambda (message . objects)
                            (set! *error-hook* saved)
                            (return #f)))
       (let ((result (thunk)))
         (set! *error-hook* saved)
         #t)))))
(define (lrb-soak-random i proc mode use-drawable args)
  (let* ((copy (car (gimp-image-duplicate lrb-photo)))
         (drawable (if use-drawable (car (gimp-image-get-active-drawable copy)) -1))
         (analyze (eq? proc plug-in-lowrank-bokeh-analyze))
         (ok (begin
               (gimp-image-clean-all copy)
               (lrb-try (lambda ()
                          (apply proc (if analyze
                                          (cons mode args)
                                          (cons mode (cons copy (cons drawable args))))))))))
    (if (or ok analyze)
        (gimp-message (string-append "lrb-soak random " (number->string i)
                                     (if ok " accepted" " refused")))
        (begin
          (gimp-file-save RUN-NONINTERACTIVE copy (car (gimp-image-get-active-drawable copy))
                          (string-append "$work/refused-" (number->string i) ".ppm")
                          "refused.ppm")
          (gimp-message (string-append "lrb-soak random " (number->string i) " refused dirty "
                                       (number->string (car (gimp-image-is-dirty copy)))))))
    (gimp-image-delete copy)))
(define lrb-valid (car (gimp-image-duplicate lrb-photo)))
(gimp-image-undo-disable lrb-valid)
(define (lrb-soak-valid i args)
  (let ((ok (lrb-try (lambda ()
                       (apply plug-in-lowrank-bokeh2
                              (cons RUN-NONINTERACTIVE
                                    (cons lrb-valid
                                          (cons (car (gimp-image-get-active-drawable lrb-valid))
                                                args))))))))
    (gimp-message (string-append "lrb-soak valid " (number->string i)
                                 (if ok " ok" " failed")))))
(gimp-message "lrb-soak random calls start")
EOF
cat "$work/random.scm" >>"$work/soak.scm"
echo '(gimp-message "lrb-soak valid runs start")' >>"$work/soak.scm"
cat "$work/valid.scm" >>"$work/soak.scm"
# Images left open at quit make GIMP itself warn of leaked buffers.
echo '(gimp-image-delete lrb-valid) (gimp-image-delete lrb-photo)' >>"$work/soak.scm"
echo '(gimp-message "lrb-soak done")' >>"$work/soak.scm"

started=$(date +%s)
gimp-console-2.10 -i -d -f -b "(load \"$work/soak.scm\")" -b '(gimp-quit 0)' \
  >"$work/gimp.log" 2>&1 || fail "gimp-console-2.10 exited with status $?"
elapsed=$(($(date +%s) - started))
grep -q "lrb-soak done" "$work/gimp.log" || fail "the batch did not reach its end"

# The random calls: refused ones left their copy clean and bit-identical.
accepted=$(grep -c "lrb-soak random [0-9]* accepted" "$work/gimp.log" || true)
refused=$(grep -c "lrb-soak random [0-9]* refused" "$work/gimp.log" || true)
[ $((accepted + refused)) -eq "$random_calls" ] ||
  fail "$((accepted + refused)) of $random_calls random calls reported"
if grep -q "refused dirty 1" "$work/gimp.log"; then fail "a refused call left its image dirty"; fi
changed=0
for f in "$work"/refused-*.ppm; do
  [ -e "$f" ] || continue
  cmp -s "$f" "$work/reference.ppm" || { echo "# changed by a refused call: $f"; changed=$((changed + 1)); }
done
[ "$changed" -eq 0 ] || fail "$changed refused calls changed the image"

ok_runs=$(grep -c "lrb-soak valid [0-9]* ok" "$work/gimp.log" || true)
[ "$ok_runs" -eq "$valid_runs" ] || fail "$ok_runs of $valid_runs valid runs succeeded"
crashes=$(awk '$1 == "run" && $2 < 0' "$work/rss.log" | wc -l)
[ "$crashes" -eq 0 ] || fail "$crashes plug-in runs ended by a signal"
if grep -v 'gimp_flush(): error: Broken pipe' "$work/gimp.log" | grep -E "CRITICAL|WARNING"; then
  fail "GIMP reported warnings"
fi

# Memory over the valid runs: the last len(valid) plug-in runs.
tail -n "$valid_runs" "$work/rss.log" | awk -v n="$valid_runs" -v limit="$max_growth_mb" '
  { peak[NR] = $3; gimp[NR] = $4 }
  END {
    tenth = int(n / 10); if (tenth < 1) tenth = 1
    for (i = 1; i <= tenth; i++) { first += gimp[i]; last += gimp[n - tenth + i] }
    first /= tenth; last /= tenth
    min = max = peak[1]
    for (i = 1; i <= n; i++) { if (peak[i] < min) min = peak[i]; if (peak[i] > max) max = peak[i] }
    split("", head); split("", tail_)
    for (i = 1; i <= tenth; i++) { hp += peak[i]; tp += peak[n - tenth + i] }
    printf "# GIMP RSS: %.1f MiB over the first %d valid runs, %.1f MiB over the last %d " \
           "(growth %+.1f MiB)\n", first / 1024, tenth, last / 1024, tenth, (last - first) / 1024
    printf "# plug-in peak RSS: %.1f to %.1f MiB; mean %.1f MiB over the first %d runs, " \
           "%.1f MiB over the last %d\n", min / 1024, max / 1024, hp / tenth / 1024, tenth,
           tp / tenth / 1024, tenth
    exit ((last - first) / 1024 > limit)
  }' || fail "GIMP's RSS grew by more than $max_growth_mb MiB over the valid runs"

echo "# $random_calls random calls: $accepted accepted, $refused refused, all refused images" \
     "untouched; $valid_runs valid runs succeeded; 0 crashes; $elapsed s"
echo "ok 1 - PDB soak: $random_calls random calls, $valid_runs valid runs"
