/* lowrank-bokeh benchmark — timing, medians and the result lines that
 * run-bench.sh collects into results.tsv.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One result line has these tab-separated columns ("-" when not
 * applicable); report.py reads them by name from the header. */
#define LRB_BENCH_COLUMNS \
  "group\timpl\top\tradius\trank\tksize\tthreads\truns\tmedian_ms\tmin_ms\tmax_ms\t" \
  "cpu\tother\tsteal\tmpix\tgflop\tvalue\tunit\tnote"

typedef gboolean (*LrbBenchFunc) (gpointer data, GError **error);

typedef struct
{
  gint    runs;
  gdouble median_ms, min_ms, max_ms;
  gdouble cpu;   /* cores busy on average: process CPU time / wall time */
  gdouble other; /* cores that other processes kept busy meanwhile */
  gdouble steal; /* cores' worth of time the hypervisor took away */
} LrbBenchTiming;

/* The whole machine's CPU time so far (/proc/stat), in ms summed over
 * CPUs: busy (user, nice, system, irq, softirq) and stolen.  FALSE where
 * there is no /proc/stat. */
typedef struct
{
  gdouble wall_ms, own_ms, busy_ms, steal_ms;
  gboolean valid;
} LrbBenchLoad;

void     lrb_bench_load_start (LrbBenchLoad *load);
/* Fills cpu, other and steal of `timing` from the time since _start. */
void     lrb_bench_load_stop  (const LrbBenchLoad *load, LrbBenchTiming *timing);

gdouble  lrb_bench_now_ms  (void);
gdouble  lrb_bench_cpu_ms  (void);
gdouble  lrb_bench_median  (gdouble *values, gint n);

/* Waits until the machine has been idle (< 0.1 core busy) for a second,
 * at most $LRB_BENCH_QUIET_WAIT seconds (unset: no wait); other people's
 * builds may share the cores.  lrb_bench_measure calls it first. */
void     lrb_bench_wait_quiet (void);

/* Other processes' cores above which a measurement counts as disturbed. */
#define LRB_BENCH_DISTURBED 0.2

/* `warmup` untimed calls, then `runs` timed ones; when other processes kept
 * ≥ LRB_BENCH_DISTURBED cores busy meanwhile, up to $LRB_BENCH_RETRIES more
 * attempts, keeping the least disturbed. */
gboolean lrb_bench_measure (LrbBenchFunc func, gpointer data, gint warmup, gint runs,
                            LrbBenchTiming *timing, GError **error);

/* A timing line.  `gflop` is the useful work of one run, ≤ 0 for none. */
void     lrb_bench_print_timing (const gchar *group, const gchar *impl, const gchar *op,
                                 gint radius, gint rank, gint ksize, gint threads,
                                 const LrbBenchTiming *timing, gdouble mpix, gdouble gflop,
                                 const gchar *note);
/* A value line (memory, peak, …). */
void     lrb_bench_print_value  (const gchar *group, const gchar *impl, const gchar *op,
                                 gint radius, gint rank, gint ksize, gint threads,
                                 gdouble value, const gchar *unit, const gchar *note);
/* Facts about the run: "info  IMPL  KEY … VALUE". */
void     lrb_bench_print_info   (const gchar *impl, const gchar *key, const gchar *value);

/* "10,25,50" → array of ints; NULL with an error on anything else. */
GArray  *lrb_bench_parse_list   (const gchar *text, GError **error);

gint     lrb_bench_all_cores    (void);

G_END_DECLS
