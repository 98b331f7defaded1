/* lowrank-bokeh benchmark — timing, medians and result lines.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-bench-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

gdouble
lrb_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static gdouble
rusage_ms (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* User and system time of the whole process, every thread, and of the
 * children it waited for (lrb-bench-command times whole commands), so
 * that a child's work is not counted as someone else's. */
gdouble
lrb_bench_cpu_ms (void)
{
  return rusage_ms (RUSAGE_SELF) + rusage_ms (RUSAGE_CHILDREN);
}

static gboolean
read_proc_stat (gdouble *busy_ms, gdouble *steal_ms)
{
  g_autofree gchar *text = NULL;
  guint64           v[8] = { 0 };
  gdouble           tick_ms = 1000.0 / sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL) ||
      sscanf (text, "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
              " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
              " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
              &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
    return FALSE;
  /* user nice system idle iowait irq softirq steal */
  *busy_ms = (v[0] + v[1] + v[2] + v[5] + v[6]) * tick_ms;
  *steal_ms = v[7] * tick_ms;
  return TRUE;
}

void
lrb_bench_load_start (LrbBenchLoad *load)
{
  load->wall_ms = lrb_bench_now_ms ();
  load->own_ms = lrb_bench_cpu_ms ();
  load->valid = read_proc_stat (&load->busy_ms, &load->steal_ms);
}

void
lrb_bench_load_stop (const LrbBenchLoad *load, LrbBenchTiming *timing)
{
  gdouble wall = MAX (lrb_bench_now_ms () - load->wall_ms, 1e-3);
  gdouble own = lrb_bench_cpu_ms () - load->own_ms;
  gdouble busy, steal;

  timing->cpu = own / wall;
  if (load->valid && read_proc_stat (&busy, &steal))
    {
      /* Ticks are coarse (10 ms): clamp the rounding noise at zero. */
      timing->other = MAX (0.0, (busy - load->busy_ms - own) / wall);
      timing->steal = MAX (0.0, (steal - load->steal_ms) / wall);
    }
  else
    timing->other = timing->steal = -1.0;
}

void
lrb_bench_wait_quiet (void)
{
  const gchar *env = g_getenv ("LRB_BENCH_QUIET_WAIT");
  gdouble      limit_ms = env ? g_ascii_strtod (env, NULL) * 1000.0 : 0.0;
  gdouble      start = lrb_bench_now_ms ();

  while (lrb_bench_now_ms () - start < limit_ms)
    {
      gdouble busy0, busy1, steal, t0, t1;

      t0 = lrb_bench_now_ms ();
      if (!read_proc_stat (&busy0, &steal))
        return;
      g_usleep (G_USEC_PER_SEC);
      t1 = lrb_bench_now_ms ();
      if (!read_proc_stat (&busy1, &steal))
        return;
      if ((busy1 - busy0) / (t1 - t0) < 0.1)
        return;
    }
  if (limit_ms > 0)
    g_printerr ("bench: machine still busy after %.0f s, measuring anyway\n", limit_ms / 1000.0);
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return x < y ? -1 : x > y;
}

gdouble
lrb_bench_median (gdouble *values, gint n)
{
  if (n < 1)
    return 0.0;
  qsort (values, n, sizeof (gdouble), compare_doubles);
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

static gboolean
measure_once (LrbBenchFunc func, gpointer data, gint warmup, gint runs,
              LrbBenchTiming *timing, GError **error)
{
  g_autofree gdouble *times = g_new (gdouble, MAX (runs, 1));
  LrbBenchLoad        load;

  lrb_bench_wait_quiet ();
  for (gint i = 0; i < warmup; i++)
    if (!func (data, error))
      return FALSE;

  lrb_bench_load_start (&load);
  for (gint i = 0; i < runs; i++)
    {
      gdouble start = lrb_bench_now_ms ();

      if (!func (data, error))
        return FALSE;
      times[i] = lrb_bench_now_ms () - start;
    }
  lrb_bench_load_stop (&load, timing);

  timing->runs = runs;
  timing->median_ms = lrb_bench_median (times, runs); /* sorts */
  timing->min_ms = times[0];
  timing->max_ms = times[runs - 1];
  return TRUE;
}

gboolean
lrb_bench_measure (LrbBenchFunc func, gpointer data, gint warmup, gint runs,
                   LrbBenchTiming *timing, GError **error)
{
  const gchar *env = g_getenv ("LRB_BENCH_RETRIES");
  gint         retries = env ? atoi (env) : 0;

  if (!measure_once (func, data, warmup, runs, timing, error))
    return FALSE;
  /* Someone else's work started during the runs: try again, and keep the
   * least disturbed attempt. */
  for (gint i = 0; i < retries && timing->other >= LRB_BENCH_DISTURBED; i++)
    {
      LrbBenchTiming again;

      if (!measure_once (func, data, warmup, runs, &again, error))
        return FALSE;
      if (again.other < timing->other)
        *timing = again;
    }
  return TRUE;
}

static void
print_int (gint value)
{
  if (value > 0)
    printf ("\t%d", value);
  else
    printf ("\t-");
}

static void
print_head (const gchar *group, const gchar *impl, const gchar *op,
            gint radius, gint rank, gint ksize, gint threads)
{
  printf ("%s\t%s\t%s", group, impl, op);
  print_int (radius);
  print_int (rank);
  print_int (ksize);
  print_int (threads);
}

void
lrb_bench_print_timing (const gchar *group, const gchar *impl, const gchar *op,
                        gint radius, gint rank, gint ksize, gint threads,
                        const LrbBenchTiming *timing, gdouble mpix, gdouble gflop,
                        const gchar *note)
{
  print_head (group, impl, op, radius, rank, ksize, threads);
  printf ("\t%d\t%.3f\t%.3f\t%.3f\t%.2f\t%.2f\t%.2f\t%.6f", timing->runs, timing->median_ms,
          timing->min_ms, timing->max_ms, timing->cpu, timing->other, timing->steal, mpix);
  if (gflop > 0)
    printf ("\t%.6f\t%.3f\tGFLOP/s", gflop, gflop / (timing->median_ms / 1000.0));
  else
    printf ("\t-\t%.3f\tms/MP", timing->median_ms / mpix);
  printf ("\t%s\n", note && *note ? note : "-");
  fflush (stdout);
}

void
lrb_bench_print_value (const gchar *group, const gchar *impl, const gchar *op,
                       gint radius, gint rank, gint ksize, gint threads,
                       gdouble value, const gchar *unit, const gchar *note)
{
  print_head (group, impl, op, radius, rank, ksize, threads);
  printf ("\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%.6g\t%s\t%s\n", value, unit, note && *note ? note : "-");
  fflush (stdout);
}

void
lrb_bench_print_info (const gchar *impl, const gchar *key, const gchar *value)
{
  print_head ("info", impl, key, 0, 0, 0, 0);
  /* Tabs would break the columns. */
  g_autofree gchar *clean = g_strdelimit (g_strdup (value), "\t\n", ' ');
  printf ("\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\t-\t-\n", clean);
  fflush (stdout);
}

GArray *
lrb_bench_parse_list (const gchar *text, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  GArray *list = g_array_new (FALSE, FALSE, sizeof (gint));

  for (gint i = 0; parts[i]; i++)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (g_strstrip (parts[i]), 10, 1, G_MAXINT, &value, error))
        {
          g_array_unref (list);
          return NULL;
        }
      g_array_append_vals (list, &(gint) { value }, 1);
    }
  return list;
}

gint
lrb_bench_all_cores (void)
{
  return (gint) g_get_num_processors ();
}
