/* lowrank-bokeh benchmark — this machine's FP32 FMA peak.
 *
 * Independent chains acc = acc · m + a on float vectors: enough chains per
 * thread to cover the FMA latency times the number of FMA ports (4 cycles ×
 * 2 ports needs ≥ 8), few enough to stay in registers.  Built with
 * -march=native, so it measures what the hardware can do, not what a
 * portable build dispatches to.  8-wide is the engine's vector width;
 * 16-wide (AVX-512) is reported too when the compiler targets it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>

#include "lrb-bench-util.h"

#define CHAINS 12

typedef gfloat Vec8  __attribute__ ((vector_size (32)));
typedef gfloat Vec16 __attribute__ ((vector_size (64)));

/* Volatile inputs and output keep the compiler from folding the loop. */
static volatile gfloat multiplier = 0.999999f;
static volatile gfloat addend = 1e-7f;
static volatile gfloat sink;

#define DEFINE_CHAINS(name, Vec, lanes)                                   \
static gdouble                                                            \
name (gint64 iterations)                                                  \
{                                                                         \
  Vec m, a, acc[CHAINS];                                                  \
  gfloat sum = 0.0f;                                                      \
                                                                          \
  for (gint l = 0; l < (lanes); l++)                                      \
    {                                                                     \
      m[l] = multiplier;                                                  \
      a[l] = addend;                                                      \
    }                                                                     \
  for (gint c = 0; c < CHAINS; c++)                                       \
    acc[c] = a * (gfloat) (c + 1);                                        \
  for (gint64 i = 0; i < iterations; i++)                                 \
    {                                                                     \
      _Pragma ("GCC unroll 12")                                           \
      for (gint c = 0; c < CHAINS; c++)                                   \
        acc[c] = acc[c] * m + a;                                          \
    }                                                                     \
  for (gint c = 0; c < CHAINS; c++)                                       \
    for (gint l = 0; l < (lanes); l++)                                    \
      sum += acc[c][l];                                                   \
  sink = sum;                                                             \
  return (gdouble) iterations * CHAINS * (lanes);                         \
}

DEFINE_CHAINS (fma_chains_8, Vec8, 8)
DEFINE_CHAINS (fma_chains_16, Vec16, 16)

typedef gdouble (*ChainFunc) (gint64 iterations);

typedef struct
{
  ChainFunc func;
  gint64    iterations;
  gint     *ready;  /* atomic: threads waiting at the start line */
  gint     *go;     /* atomic */
  gdouble   elapsed_ms;
  gdouble   lanes;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  gdouble start;

  /* Start together, so the threads really compete for the cores. */
  g_atomic_int_inc (w->ready);
  while (!g_atomic_int_get (w->go))
    ;
  start = lrb_bench_now_ms ();
  w->lanes = w->func (w->iterations);
  w->elapsed_ms = lrb_bench_now_ms () - start;
  return NULL;
}

/* FMA lanes per second of `threads` threads running together. */
static gdouble
measure (ChainFunc func, gint64 iterations, gint threads, gdouble *ms)
{
  g_autofree Worker  *workers = g_new0 (Worker, threads);
  g_autofree GThread **handles = g_new (GThread *, threads);
  gint                ready = 0, go = 0;
  gdouble             lanes = 0.0, slowest = 0.0;

  for (gint i = 0; i < threads; i++)
    {
      workers[i] = (Worker) { func, iterations, &ready, &go, 0.0, 0.0 };
      handles[i] = g_thread_new ("fma-peak", worker_main, &workers[i]);
    }
  while (g_atomic_int_get (&ready) < threads)
    ;
  g_atomic_int_set (&go, 1);
  for (gint i = 0; i < threads; i++)
    {
      g_thread_join (handles[i]);
      lanes += workers[i].lanes;
      slowest = MAX (slowest, workers[i].elapsed_ms);
    }
  *ms = slowest;
  return lanes / (slowest / 1000.0);
}

/* Reports the best run: a peak is what the hardware can do, and on a
 * shared machine slower runs mean someone else had the FMA units. */
static void
run_width (const gchar *name, ChainFunc func, gint threads, gint runs, gdouble target_ms,
           const gchar *note)
{
  g_autofree gdouble *rates = g_new (gdouble, runs);
  g_autofree gchar   *full_note = NULL;
  gint64              iterations = 1 << 16;
  gdouble             ms = 0.0, best = 0.0, median;
  LrbBenchLoad        load;
  LrbBenchTiming      timing;

  lrb_bench_wait_quiet ();
  /* Calibrate on one thread until a run lasts long enough to time. */
  while (measure (func, iterations, 1, &ms), ms < target_ms / 4 && iterations < ((gint64) 1 << 40))
    iterations *= 2;
  iterations = MAX (1, (gint64) (iterations * target_ms / MAX (ms, 1e-3)));

  lrb_bench_load_start (&load);
  for (gint i = 0; i < runs; i++)
    {
      rates[i] = measure (func, iterations, threads, &ms);
      best = MAX (best, rates[i]);
    }
  lrb_bench_load_stop (&load, &timing);
  median = lrb_bench_median (rates, runs);

  /* Two flops per FMA lane. */
  full_note = g_strdup_printf ("%s%sbest of %d: %.1f G lanes/s; median %.1f GFLOP/s; "
                               "other processes %.2f cores, steal %.2f",
                               note ? note : "", note ? "; " : "", runs, best / 1e9,
                               median * 2.0 / 1e9, timing.other, timing.steal);
  lrb_bench_print_value ("fma", "lrb-fma-peak", name, 0, 0, 0, threads, best * 2.0 / 1e9,
                         "GFLOP/s", full_note);
}

int
main (int argc, char **argv)
{
  gint     runs = 5, threads = 0;
  gdouble  target_ms = 200.0;
  gchar   *note = NULL;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs per case (median)", "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads,
      "Threads for the parallel case (0 = all cores)", "N" },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &target_ms, "Milliseconds per run", "MS" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note,
      "Note for the result lines (e.g. start, end)", "TEXT" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— FP32 FMA peak of this machine");
  g_autoptr (GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);
  if (threads <= 0)
    threads = lrb_bench_all_cores ();

  lrb_bench_print_info ("lrb-fma-peak", "chains", G_STRINGIFY (CHAINS));
#if defined(__AVX512F__)
  lrb_bench_print_info ("lrb-fma-peak", "widths", "8 (ymm), 16 (zmm)");
#elif defined(__AVX2__)
  lrb_bench_print_info ("lrb-fma-peak", "widths", "8 (ymm), 16 (two ymm)");
#else
  lrb_bench_print_info ("lrb-fma-peak", "widths", "8, 16 (compiler's split)");
#endif

  for (gint t = 1; t <= threads; t = t == threads ? threads + 1 : threads)
    {
      run_width ("vec8", fma_chains_8, t, runs, target_ms, note);
#if defined(__AVX512F__)
      run_width ("vec16", fma_chains_16, t, runs, target_ms, note);
#endif
    }
  g_free (note);
  return 0;
}
