/* lowrank-bokeh — how long the non-negative factorization takes, against
 * the SVD of the same kernel measured in the same run, and what it costs in
 * error.  Prints one Markdown table (docs/benchmarks.md).  Run it on one
 * core: `taskset -c 0 build/bench/lrb-bench-nonnegative [RUNS]`.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-analysis.h"
#include "lrb-bench-util.h"
#include "lrb-shapes.h"

#include <stdio.h>
#include <stdlib.h>

static LrbKernel *
shape_kernel (LrbShape shape, gdouble radius)
{
  LrbKernelSpec spec;
  LrbKernel    *kernel;

  lrb_kernel_spec_init (&spec);
  spec.shape = shape;
  spec.radius = radius;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  lrb_kernel_spec_clear (&spec);
  return kernel;
}

int
main (int argc, char **argv)
{
  const struct { const gchar *name; LrbShape shape; gdouble radius; gint rank; } cases[] = {
    { "hexagon", LRB_SHAPE_POLYGON, 50, 2 },  { "hexagon", LRB_SHAPE_POLYGON, 50, 4 },
    { "hexagon", LRB_SHAPE_POLYGON, 50, 8 },  { "disc", LRB_SHAPE_DISC, 50, 2 },
    { "disc", LRB_SHAPE_DISC, 50, 4 },        { "disc", LRB_SHAPE_DISC, 50, 8 },
    { "hexagon", LRB_SHAPE_POLYGON, 100, 16 }, { "disc", LRB_SHAPE_DISC, 100, 16 },
  };
  gint runs = argc > 1 ? atoi (argv[1]) : 15;

  runs = CLAMP (runs, 1, 1000);
  printf ("| kernel | size | rank | SVD error | non-negative error | ratio | min K_r (SVD) "
          "| min K_r (non-neg.) | SVD (dgesdd) ms | non-negative ms |\n"
          "|---|---|---|---|---|---|---|---|---|---|\n");
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (LrbKernel)   kernel = shape_kernel (cases[c].shape, cases[c].radius);
      g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, NULL);
      g_autofree gdouble     *svd_ms = g_new (gdouble, runs);
      g_autofree gdouble     *nn_ms = g_new (gdouble, runs);
      g_autoptr (LrbFactors)  nn = NULL;
      g_autoptr (LrbKernel)   nn_kernel = NULL, svd_kernel = NULL;
      gint                    r = cases[c].rank;
      gdouble                 nn_error, nn_min = 0.0, svd_min = 0.0;

      /* Alternate the two, so that a disturbance hits both alike. */
      for (gint i = 0; i < runs; i++)
        {
          gdouble      start = lrb_bench_now_ms ();
          LrbAnalysis *a = lrb_analysis_new (kernel, NULL);
          LrbFactors  *f;

          svd_ms[i] = lrb_bench_now_ms () - start;
          start = lrb_bench_now_ms ();
          f = lrb_factors_new_nonnegative (kernel, a, r, NULL);
          nn_ms[i] = lrb_bench_now_ms () - start;
          lrb_factors_free (f);
          lrb_analysis_free (a);
        }
      nn = lrb_factors_new_nonnegative (kernel, analysis, r, NULL);
      nn_error = lrb_factors_relative_error (nn, kernel);
      nn_kernel = lrb_factors_to_kernel (nn);
      svd_kernel = lrb_analysis_reconstruct (analysis, r);
      for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
        {
          nn_min = MIN (nn_min, nn_kernel->data[i]);
          svd_min = MIN (svd_min, svd_kernel->data[i]);
        }
      printf ("| %s | %d×%d | %d | %.4f | %.4f | %.3f× | %.1f %% of the peak | %g "
              "| %.2f | %.2f |\n", cases[c].name, kernel->rows, kernel->cols, r,
              analysis->relative_error[r - 1], nn_error, nn_error / analysis->relative_error[r - 1],
              100 * svd_min / lrb_kernel_max_abs (kernel), nn_min,
              lrb_bench_median (svd_ms, runs), lrb_bench_median (nn_ms, runs));
    }
  printf ("\nMedians of %d runs each; `min K_r` is the rank-r kernel's lowest tap.\n", runs);
  return 0;
}
