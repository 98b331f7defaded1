/* lowrank-bokeh benchmark — the three methods and the planner.
 *
 * For each shape (disc, hexagon, hexagon rotated 15°, gaussian, a painted
 * mask), radius and quality (rank r, or the exact kernel), every method
 * that can run it — separable passes (r terms, or the numerical rank's
 * for the exact kernel), FFT (the rank-r or the exact kernel) and chord
 * sums (piecewise-constant kernels only) — timed through
 * lrb_engine_run_filter on the same 2560×1600 RGBA float image as
 * lrb-bench-engine, next to lrb_planner_choose's pick and its reason, so
 * the report can say how far the pick is from the fastest measured path.
 *
 * --full-rank DIR times the exact 101×101 painted mask and a random
 * positive 101×101 kernel by the planner's method and writes both kernels
 * into DIR for the OpenCV peer (`peer-opencv --kernel-files`).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "lrb-bench-image.h"
#include "lrb-bench-util.h"
#include "lrb-filter.h"
#include "lrb-image.h"
#include "lrb-kernel-io.h"
#include "lrb-shapes.h"

#define N_CHANNELS 4

typedef struct
{
  const gchar *name;
  LrbShape     shape;
  gdouble      rotation;
  gboolean     painted;
} ShapeDef;

static const ShapeDef shape_defs[] = {
  { "disc", LRB_SHAPE_DISC, 0.0, FALSE },
  { "hexagon", LRB_SHAPE_POLYGON, 0.0, FALSE },
  { "hexagon-rot15", LRB_SHAPE_POLYGON, 15.0, FALSE },
  { "gaussian", LRB_SHAPE_GAUSSIAN, 0.0, FALSE },
  { "painted", LRB_SHAPE_POLYGON, 0.0, TRUE },
};

/* ---- Kernels -------------------------------------------------------------- */

/* A hand-painted aperture mask, the same at every radius up to the pixel
 * grid: a hard-edged hexagon with two rectangular holes and a slot cut
 * out, two diagonal brush strokes and a circular scratch at other
 * strengths, and a brighter dab.  Piecewise constant (chord sums can run
 * it); the strokes' and the scratch's staircases make its rank high. */
static LrbKernel *
painted (gint radius, GError **error)
{
  gint       n = 2 * radius + 1;
  LrbKernel *kernel = lrb_kernel_new (n, n, error);

  if (!kernel)
    return NULL;
  for (gint i = 0; i < n; i++)
    for (gint j = 0; j < n; j++)
      {
        /* x to the right, y down, both in [−1, 1]. */
        gdouble x = (j - radius) / (gdouble) radius, y = (i - radius) / (gdouble) radius;
        gboolean inside = TRUE;
        gdouble  v;

        /* A hexagon with vertices on the x axis: edge normals at 30° + 60°k. */
        for (gint k = 0; k < 6; k++)
          {
            gdouble t = G_PI / 6 + k * G_PI / 3;

            if (x * cos (t) + y * sin (t) > cos (G_PI / 6) + 1e-9)
              inside = FALSE;
          }
        v = inside ? 1.0 : 0.0;
        if (inside && fabs (y - 0.8 * x - 0.05) / sqrt (1.64) < 0.09)
          v = 0.5;                                     /* the stroke */
        if (inside && fabs (y + 0.35 * x - 0.3) / sqrt (1.1225) < 0.05)
          v = 0.75;                                    /* a second, thinner one */
        if (inside && fabs (hypot (x + 0.1, y - 0.1) - 0.6) < 0.04)
          v = 0.25;                                    /* a circular scratch */
        if (inside && (x - 0.35) * (x - 0.35) + (y + 0.2) * (y + 0.2) < 0.15 * 0.15)
          v = 2.0;                                     /* the dab */
        if (x >= -0.55 && x <= -0.25 && y >= -0.45 && y <= -0.1)
          v = 0.0;                                     /* holes */
        if (x >= 0.2 && x <= 0.45 && y >= 0.25 && y <= 0.6)
          v = 0.0;
        if (fabs (y + 0.62) < 0.06 && x >= -0.3 && x <= 0.5)
          v = 0.0;                                     /* the slot */
        kernel->data[(gsize) i * n + j] = v;
      }
  if (!lrb_kernel_normalize (kernel, error))
    {
      lrb_kernel_free (kernel);
      return NULL;
    }
  return kernel;
}

/* Positive noise (a "loaded" kernel with no structure at all): full rank. */
static LrbKernel *
random_kernel (gint side, GError **error)
{
  LrbKernel *kernel = lrb_kernel_new (side, side, error);
  GRand     *rand = g_rand_new_with_seed (20261122);

  if (!kernel)
    return NULL;
  for (gint i = 0; i < side * side; i++)
    kernel->data[i] = 0.05 + g_rand_double (rand);
  g_rand_free (rand);
  if (!lrb_kernel_normalize (kernel, error))
    {
      lrb_kernel_free (kernel);
      return NULL;
    }
  return kernel;
}

static LrbKernel *
make_kernel (const ShapeDef *def, gint radius, GError **error)
{
  LrbKernelSpec spec;
  LrbKernel    *kernel;

  if (def->painted)
    return painted (radius, error);
  lrb_kernel_spec_init (&spec);
  spec.shape = def->shape;
  spec.blades = 6;
  spec.radius = radius;
  spec.rotation = def->rotation;
  kernel = lrb_kernel_new_from_spec (&spec, error);
  lrb_kernel_spec_clear (&spec);
  return kernel;
}

/* ---- Running a filter over an image in memory ------------------------------ */

typedef struct
{
  const LrbImage        *src;
  LrbImage              *dest;
  const LrbFilter       *filter;
  const LrbEngineConfig *config;
  LrbTilePlan            plan;
} Job;

static gboolean
job_run (gpointer data, GError **error)
{
  Job *job = data;

  return lrb_image_convolve_filter (job->src, job->dest, job->filter, LRB_EDGE_CLAMP,
                                    job->config, NULL, &job->plan, error);
}

static gdouble
mean (const LrbImage *image)
{
  gsize   n = (gsize) image->width * image->height * image->n_channels;
  gdouble sum = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += image->data[i];
  return sum / n;
}

/* Largest difference over a sparse grid of samples, relative to the
 * reference's largest magnitude there: the methods must agree. */
static gdouble
sampled_difference (const LrbImage *a, const LrbImage *b)
{
  gsize   n = (gsize) a->width * a->height * a->n_channels;
  gdouble diff = 0.0, scale = 1e-30;

  for (gsize i = 0; i < n; i += 97)
    {
      diff = MAX (diff, fabs ((gdouble) a->data[i] - b->data[i]));
      scale = MAX (scale, fabs ((gdouble) a->data[i]));
    }
  return diff / scale;
}

/* ---- The grid -------------------------------------------------------------- */

typedef struct
{
  gint     runs, warmup, threads;
  gdouble  skip_factor;  /* skip methods estimated this much slower than the best */
  gdouble  slow_seconds; /* estimates above this: 1 timed run */
  gchar  **curve_shapes; /* shapes the plot draws: nothing skipped but exact separable */
  GArray  *curve_ranks;  /* extra ranks for those shapes */
} Options;

static gboolean
is_curve_shape (const Options *o, const gchar *name)
{
  return o->curve_shapes && g_strv_contains ((const gchar *const *) o->curve_shapes, name);
}

static void
print_skip (const gchar *method, const gchar *shape, gint radius, gint rank, gint ksize,
            gint threads, gdouble estimate_ms, const gchar *reason)
{
  lrb_bench_print_value ("methods-skip", method, shape, radius, rank, ksize, threads,
                         estimate_ms, "ms (estimate)", reason);
}

/* One case: a kernel at one rank (≤ 0: exact), every method, the pick. */
static gboolean
run_case (const Options *o, const LrbImage *src, LrbImage *dest, LrbImage *reference,
          const gchar *shape, gint radius, const LrbKernel *kernel, const LrbAnalysis *analysis,
          gint rank, GError **error)
{
  g_autoptr (LrbFactors) factors = NULL;
  g_autofree gchar      *why = NULL;
  LrbEngineConfig        config = { .threads = o->threads };
  LrbRect                output = { 0, 0, src->width, src->height };
  gdouble                estimate[LRB_N_METHODS], best = -1.0;
  gdouble                mpix = (gdouble) src->width * src->height / 1e6;
  gdouble                src_mean = mean (src);
  gboolean               curve = is_curve_shape (o, shape);
  LrbMethod              pick;
  const gchar           *reference_method = NULL;
  gint                   ksize = kernel->rows;

  if (rank > 0 && !(factors = lrb_factors_new (analysis, rank, error)))
    return FALSE;

  pick = lrb_planner_choose (kernel, factors, analysis, N_CHANNELS, &output, &config, &why);
  for (gint m = LRB_METHOD_SEPARABLE; m < LRB_N_METHODS; m++)
    {
      estimate[m] = lrb_planner_estimate (m, kernel, factors, analysis, N_CHANNELS, &output,
                                          &config);
      if (estimate[m] >= 0 && (best < 0 || estimate[m] < best))
        best = estimate[m];
    }
  lrb_bench_print_value ("planner", lrb_method_to_nick (pick), shape, radius, rank, ksize,
                         o->threads, estimate[pick] * 1e3, "ms (estimate)", why);

  for (gint m = LRB_METHOD_SEPARABLE; m < LRB_N_METHODS; m++)
    {
      g_autoptr (LrbFilter) filter = NULL;
      g_autofree gchar     *note = NULL, *agree = NULL;
      const gchar          *nick = lrb_method_to_nick (m);
      gint                  runs = o->runs, warmup = o->warmup;
      LrbBenchTiming        timing;
      Job                   job = { src, dest, NULL, &config };
      gdouble               drift;

      if (estimate[m] < 0)
        {
          print_skip (nick, shape, radius, rank, ksize, o->threads, -1,
                      m == LRB_METHOD_CHORD ? "cannot run: the kernel is not piecewise constant"
                                            : "cannot run: above the memory limit");
          continue;
        }
      /* The plot's shapes keep every point of their curves. */
      if (estimate[m] > o->skip_factor * best &&
          !(curve && (rank > 0 || m != LRB_METHOD_SEPARABLE)))
        {
          g_autofree gchar *reason =
            g_strdup_printf ("skipped: estimate %.0f ms > %g× the best estimate (%.0f ms)",
                             estimate[m] * 1e3, o->skip_factor, best * 1e3);

          print_skip (nick, shape, radius, rank, ksize, o->threads, estimate[m] * 1e3, reason);
          continue;
        }
      if (estimate[m] > o->slow_seconds)
        runs = 1;
      if (estimate[m] > 3 * o->slow_seconds)
        warmup = 0;

      /* Filters are made on this thread (FFTW plans), outside the timing. */
      filter = lrb_filter_new (factors ? NULL : kernel, factors, m, error);
      if (!filter)
        return FALSE;
      job.filter = filter;
      if (!lrb_bench_measure (job_run, &job, warmup, runs, &timing, error))
        return FALSE;

      /* A normalized kernel with clamped edges keeps the mean (the rank-r
       * kernels nearly: their sum is within a few % of 1), and every
       * method must give the same image. */
      drift = fabs (mean (dest) - src_mean) / src_mean;
      if (drift > 0.05)
        g_printerr ("lrb-bench-methods: %s R=%d rank %d by %s: output mean is off by %.1f %%\n",
                    shape, radius, rank, nick, 100.0 * drift);
      if (!reference_method)
        {
          memcpy (reference->data, dest->data,
                  sizeof (gfloat) * src->width * src->height * src->n_channels);
          reference_method = nick;
          agree = g_strdup ("");
        }
      else
        {
          gdouble diff = sampled_difference (reference, dest);

          if (diff > 1e-3)
            g_printerr ("lrb-bench-methods: %s R=%d rank %d: %s and %s differ by %.2g\n",
                        shape, radius, rank, reference_method, nick, diff);
          agree = g_strdup_printf (", max |Δ| against %s %.1e", reference_method, diff);
        }

      note = g_strdup_printf ("estimate %.0f ms%s; %s%s%s", estimate[m] * 1e3,
                              m == (gint) pick ? " (the planner's pick)" : "",
                              m == LRB_METHOD_SEPARABLE
                                ? (rank > 0 ? "rank-r factors" : "numerical-rank terms")
                                : (rank > 0 ? "the rank-r kernel" : "the exact kernel"),
                              agree,
                              runs < o->runs ? "; 1 timed run (slow case)" : "");
      if (m == LRB_METHOD_SEPARABLE && rank <= 0)
        {
          g_autofree gchar *more = g_strdup_printf ("%s; %d terms", note,
                                                    MAX (1, analysis->numerical_rank));

          g_free (note);
          note = g_steal_pointer (&more);
        }
      if (job.plan.fft_width > 0)
        {
          g_autofree gchar *more = g_strdup_printf ("%s; FFT blocks %d×%d", note,
                                                    job.plan.fft_width, job.plan.fft_height);

          g_free (note);
          note = g_steal_pointer (&more);
        }
      lrb_bench_print_timing ("methods", nick, shape, radius, rank, ksize, job.plan.threads,
                              &timing, mpix, 0, note);
    }
  return TRUE;
}

static gboolean
run_grid (const Options *o, const LrbImage *src, gchar **shapes, GArray *radii, GArray *ranks,
          GError **error)
{
  g_autoptr (LrbImage) dest = lrb_image_new (src->width, src->height, src->n_channels);
  g_autoptr (LrbImage) reference = lrb_image_new (src->width, src->height, src->n_channels);

  for (guint s = 0; s < G_N_ELEMENTS (shape_defs); s++)
    {
      const ShapeDef *def = &shape_defs[s];

      if (!g_strv_contains ((const gchar *const *) shapes, def->name))
        continue;
      for (guint i = 0; i < radii->len; i++)
        {
          gint                    radius = g_array_index (radii, gint, i);
          g_autoptr (LrbKernel)   kernel = make_kernel (def, radius, error);
          g_autoptr (LrbAnalysis) analysis = kernel ? lrb_analysis_new (kernel, error) : NULL;
          g_autoptr (GArray)      case_ranks = g_array_new (FALSE, FALSE, sizeof (gint));
          g_autofree gchar       *note = NULL;

          if (!analysis)
            return FALSE;
          g_array_append_vals (case_ranks, ranks->data, ranks->len);
          if (is_curve_shape (o, def->name) && o->curve_ranks)
            g_array_append_vals (case_ranks, o->curve_ranks->data, o->curve_ranks->len);
          g_array_append_vals (case_ranks, &(gint) { LRB_RANK_EXACT }, 1);

          note = g_strdup_printf ("%d×%d; rel. error at ranks 1/4/8/16: %.3f/%.3f/%.3f/%.3f",
                                  kernel->rows, kernel->cols,
                                  analysis->relative_error[0],
                                  analysis->relative_error[MIN (3, analysis->n_values - 1)],
                                  analysis->relative_error[MIN (7, analysis->n_values - 1)],
                                  analysis->relative_error[MIN (15, analysis->n_values - 1)]);
          lrb_bench_print_value ("kernel", "lrb_analysis", def->name, radius, 0, kernel->rows,
                                 0, analysis->numerical_rank, "numerical rank", note);

          for (guint j = 0; j < case_ranks->len; j++)
            {
              gint rank = g_array_index (case_ranks, gint, j);

              if (rank > analysis->numerical_rank)
                {
                  g_autofree gchar *reason =
                    g_strdup_printf ("skipped: rank %d > the kernel's numerical rank %d "
                                     "(the exact case covers it)", rank, analysis->numerical_rank);

                  print_skip ("-", def->name, radius, rank, kernel->rows, o->threads, -1, reason);
                  continue;
                }
              if (!run_case (o, src, dest, reference, def->name, radius, kernel, analysis, rank,
                             error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

/* ---- The full-rank 101×101 kernels ----------------------------------------- */

static gboolean
run_full_rank (const Options *o, const LrbImage *src, const gchar *dir, GError **error)
{
  g_autoptr (LrbImage) dest = lrb_image_new (src->width, src->height, src->n_channels);
  LrbEngineConfig      config = { .threads = o->threads };
  LrbRect              output = { 0, 0, src->width, src->height };
  gdouble              mpix = (gdouble) src->width * src->height / 1e6;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot create %s", dir);
      return FALSE;
    }
  for (gint k = 0; k < 2; k++)
    {
      const gchar            *name = k == 0 ? "painted-r50" : "random-101";
      g_autoptr (LrbKernel)   kernel = k == 0 ? painted (50, error) : random_kernel (101, error);
      g_autoptr (LrbAnalysis) analysis = kernel ? lrb_analysis_new (kernel, error) : NULL;
      g_autoptr (LrbFilter)   filter = NULL;
      g_autofree gchar       *why = NULL, *path = NULL, *note = NULL;
      LrbBenchTiming          timing;
      LrbMethod               pick;
      Job                     job = { src, dest, NULL, &config };

      if (!analysis)
        return FALSE;
      path = g_strdup_printf ("%s/%s.txt", dir, name);
      if (!lrb_kernel_save_text (kernel, path, error))
        return FALSE;
      pick = lrb_planner_choose (kernel, NULL, analysis, N_CHANNELS, &output, &config, &why);
      if (!(filter = lrb_filter_new (kernel, NULL, pick, error)))
        return FALSE;
      job.filter = filter;
      if (!lrb_bench_measure (job_run, &job, o->warmup, o->runs, &timing, error))
        return FALSE;
      note = g_strdup_printf ("exact by %s, numerical rank %d of %d; %s",
                              lrb_method_to_nick (pick), analysis->numerical_rank,
                              MIN (kernel->rows, kernel->cols), why);
      lrb_bench_print_timing ("fullrank", lrb_method_to_nick (pick), name, 50, LRB_RANK_EXACT,
                              kernel->rows, job.plan.threads, &timing, mpix, 0, note);
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  Options   o = { .runs = 3, .warmup = 1, .threads = 0, .skip_factor = 8.0, .slow_seconds = 1.5 };
  gchar    *radii_text = NULL, *ranks_text = NULL, *shapes_text = NULL, *curve_text = NULL;
  gchar    *curve_ranks_text = NULL, *full_rank_dir = NULL;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &o.runs, "Timed runs per case, median reported (3)", "N" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &o.warmup, "Untimed runs first (1)", "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &o.threads, "Engine threads, 0 = all cores", "N" },
    { "shapes", 's', 0, G_OPTION_ARG_STRING, &shapes_text,
      "Shapes (disc,hexagon,hexagon-rot15,gaussian,painted)", "LIST" },
    { "radii", 'r', 0, G_OPTION_ARG_STRING, &radii_text, "Radii (10,25,50,100)", "LIST" },
    { "ranks", 'k', 0, G_OPTION_ARG_STRING, &ranks_text,
      "Ranks before the exact kernel (1,4,8)", "LIST" },
    { "curve-shapes", 0, 0, G_OPTION_ARG_STRING, &curve_text,
      "Shapes for the plot: also --curve-ranks, and no method skipped but exact "
      "separable (disc,hexagon)", "LIST" },
    { "curve-ranks", 0, 0, G_OPTION_ARG_STRING, &curve_ranks_text,
      "Extra ranks for the plot's shapes (16)", "LIST" },
    { "skip-factor", 0, 0, G_OPTION_ARG_DOUBLE, &o.skip_factor,
      "Skip methods estimated this much slower than the best (8)", "X" },
    { "slow", 0, 0, G_OPTION_ARG_DOUBLE, &o.slow_seconds,
      "Estimates above this many seconds get 1 timed run (1.5)", "S" },
    { "full-rank", 0, 0, G_OPTION_ARG_FILENAME, &full_rank_dir,
      "Only the exact full-rank 101×101 kernels; write them into DIR", "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new ("— time every method against the planner's pick");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) radii = NULL;
  g_autoptr (GArray) ranks = NULL;
  g_auto (GStrv)     shapes = NULL;
  g_autoptr (LrbImage) src = NULL;
  gint exit_code = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(radii = lrb_bench_parse_list (radii_text ? radii_text : "10,25,50,100", &error)) ||
      !(ranks = lrb_bench_parse_list (ranks_text ? ranks_text : "1,4,8", &error)) ||
      !(o.curve_ranks = lrb_bench_parse_list (curve_ranks_text ? curve_ranks_text : "16", &error)))
    {
      g_printerr ("lrb-bench-methods: %s\n", error->message);
      return 2;
    }
  shapes = g_strsplit (shapes_text ? shapes_text : "disc,hexagon,hexagon-rot15,gaussian,painted",
                       ",", -1);
  o.curve_shapes = g_strsplit (curve_text ? curve_text : "disc,hexagon", ",", -1);
  o.runs = MAX (o.runs, 1);
  o.warmup = MAX (o.warmup, 0);
  if (o.threads <= 0)
    o.threads = lrb_bench_all_cores ();

  lrb_bench_print_info ("lrb-bench-methods", "simd-path", lrb_engine_simd_path ());
  {
    g_autofree gchar *size = g_strdup_printf ("%d×%d RGBA float (synthetic)", LRB_BENCH_WIDTH,
                                              LRB_BENCH_HEIGHT);
    g_autofree gchar *runs = g_strdup_printf ("%d, warm-up %d; 1 run when estimated > %g s; "
                                              "skip when estimated > %g× the best",
                                              o.runs, o.warmup, o.slow_seconds, o.skip_factor);

    lrb_bench_print_info ("lrb-bench-methods", "image", size);
    lrb_bench_print_info ("lrb-bench-methods", full_rank_dir ? "runs-full-rank" : "runs", runs);
  }

  src = lrb_image_new (LRB_BENCH_WIDTH, LRB_BENCH_HEIGHT, N_CHANNELS);
  lrb_bench_image_fill (src->data, src->width, src->height);

  if (full_rank_dir)
    {
      if (!run_full_rank (&o, src, full_rank_dir, &error))
        goto fail;
    }
  else if (!run_grid (&o, src, shapes, radii, ranks, &error))
    goto fail;

done:
  g_free (radii_text);
  g_free (ranks_text);
  g_free (shapes_text);
  g_free (curve_text);
  g_free (curve_ranks_text);
  g_free (full_rank_dir);
  g_strfreev (o.curve_shapes);
  if (o.curve_ranks)
    g_array_unref (o.curve_ranks);
  return exit_code;

fail:
  g_printerr ("lrb-bench-methods: %s\n", error->message);
  exit_code = 1;
  goto done;
}
