/* lowrank-bokeh benchmark — the engine alone on an image in memory.
 *
 * Hexagon kernels (6 blades) at each radius, SVD factors at each rank, and
 * lrb_image_convolve on a 2560×1600 RGBA float image: processing time only,
 * no file I/O.  Also the planner's scratch memory, and (--rss) the peak
 * resident memory of one real run in a fresh process.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "lrb-bench-image.h"
#include "lrb-bench-util.h"
#include "lrb-image.h"
#include "lrb-kernel-io.h"
#include "lrb-shapes.h"

typedef struct
{
  const LrbImage        *src;
  LrbImage              *dest;
  const LrbFactors      *factors;
  const LrbEngineConfig *config;
  LrbTilePlan            plan;
} Job;

static gboolean
job_run (gpointer data, GError **error)
{
  Job *job = data;

  return lrb_image_convolve (job->src, job->dest, job->factors, LRB_EDGE_CLAMP, job->config,
                             NULL, &job->plan, error);
}

static LrbImage *
bench_image (gint width, gint height)
{
  LrbImage *image = lrb_image_new (width, height, 4);

  lrb_bench_image_fill (image->data, width, height);
  return image;
}

static LrbKernel *
hexagon (gint radius, GError **error)
{
  LrbKernelSpec spec;
  LrbKernel    *kernel;

  lrb_kernel_spec_init (&spec);
  spec.shape = LRB_SHAPE_POLYGON;
  spec.blades = 6;
  spec.radius = radius;
  kernel = lrb_kernel_new_from_spec (&spec, error);
  lrb_kernel_spec_clear (&spec);
  return kernel;
}

/* Useful work: rank · (rows + cols) taps per channel per pixel, 2 flops each. */
static gdouble
useful_gflop (const LrbFactors *f, const LrbImage *image)
{
  return 2.0 * f->rank * (f->rows + f->cols) * image->n_channels
         * ((gdouble) image->width * image->height) / 1e9;
}

/* What the 1-D passes compute for this tiling, whatever their padding: the
 * vertical pass also covers each tile's halo columns, the horizontal pass
 * only the tile.  Divided by the time spent in the passes (run-bench.sh
 * takes that share from a profile) it gives the passes' own GFLOP/s. */
static gdouble
pass_gflop (const LrbFactors *f, const LrbImage *image, const LrbTilePlan *plan)
{
  gdouble flop = 0.0;

  for (gint y = 0; y < image->height; y += plan->tile_height)
    for (gint x = 0; x < image->width; x += plan->tile_width)
      {
        gdouble tw = MIN (plan->tile_width, image->width - x);
        gdouble th = MIN (plan->tile_height, image->height - y);

        flop += 2.0 * image->n_channels * th * (f->rows * (tw + f->cols - 1) + f->cols * tw);
      }
  return flop * f->rank / 1e9;
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

/* Kernels for the OpenCV peer, in the project's text format: the whole
 * hexagon and its rank-1 factors as a column and a row. */
static gboolean
dump_kernels (const gchar *dir, GArray *radii, GError **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create %s", dir);
      return FALSE;
    }
  for (guint i = 0; i < radii->len; i++)
    {
      gint                    radius = g_array_index (radii, gint, i);
      g_autoptr (LrbKernel)   kernel = hexagon (radius, error);
      g_autoptr (LrbFactors)  factors = NULL;
      g_autoptr (LrbKernel)   column = NULL, row = NULL;
      g_autofree gchar       *name = NULL, *column_name = NULL, *row_name = NULL;

      if (!kernel || !(factors = lrb_factors_from_kernel (kernel, 1, error)))
        return FALSE;
      column = lrb_kernel_new_from_data (factors->rows, 1, factors->vertical, error);
      row = lrb_kernel_new_from_data (1, factors->cols, factors->horizontal, error);
      if (!column || !row)
        return FALSE;
      name = g_strdup_printf ("%s/hexagon-r%d.txt", dir, radius);
      column_name = g_strdup_printf ("%s/hexagon-r%d-rank1-vertical.txt", dir, radius);
      row_name = g_strdup_printf ("%s/hexagon-r%d-rank1-horizontal.txt", dir, radius);
      if (!lrb_kernel_save_text (kernel, name, error) ||
          !lrb_kernel_save_text (column, column_name, error) ||
          !lrb_kernel_save_text (row, row_name, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_grid (const LrbImage *src, GArray *radii, GArray *ranks, gint threads, gint warmup,
          gint runs, GError **error)
{
  g_autoptr (LrbImage) dest = lrb_image_new (src->width, src->height, src->n_channels);
  LrbEngineConfig      config = { .threads = threads };
  gdouble              mpix = (gdouble) src->width * src->height / 1e6;
  gdouble              src_mean = mean (src);

  for (guint i = 0; i < radii->len; i++)
    {
      gint                  radius = g_array_index (radii, gint, i);
      g_autoptr (LrbKernel) kernel = hexagon (radius, error);
      g_autoptr (LrbAnalysis) analysis = kernel ? lrb_analysis_new (kernel, error) : NULL;

      if (!analysis)
        return FALSE;
      for (guint j = 0; j < ranks->len; j++)
        {
          gint                   rank = g_array_index (ranks, gint, j);
          g_autoptr (LrbFactors) factors = lrb_factors_new (analysis, rank, error);
          g_autofree gchar      *note = NULL;
          Job                    job = { src, dest, factors, &config };
          LrbBenchTiming         timing;
          gdouble                drift;

          if (!factors || !lrb_bench_measure (job_run, &job, warmup, runs, &timing, error))
            return FALSE;

          /* A normalized kernel with clamped edges keeps the mean: a cheap
           * guard against timing a broken engine. */
          drift = fabs (mean (dest) - src_mean) / src_mean;
          if (drift > 0.02)
            g_printerr ("lrb-bench-engine: R=%d rank %d: output mean is off by %.1f %%\n",
                        radius, rank, 100.0 * drift);

          note = g_strdup_printf ("hexagon %d×%d, rel. error %.3f, tiles %d×%d ×%d",
                                  kernel->rows, kernel->cols,
                                  analysis->relative_error[rank - 1],
                                  job.plan.tile_width, job.plan.tile_height, job.plan.n_tiles);
          lrb_bench_print_timing ("engine", "lrb_image_convolve", "hexagon", radius, rank,
                                  kernel->rows, job.plan.threads, &timing, mpix,
                                  useful_gflop (factors, src), note);
          lrb_bench_print_value ("work", "lrb_image_convolve", "pass-gflop", radius, rank,
                                 kernel->rows, job.plan.threads,
                                 pass_gflop (factors, src, &job.plan), "GFLOP",
                                 "1-D pass flops of one run, with the vertical pass's halo");
          g_clear_pointer (&note, g_free);
          note = g_strdup_printf ("tile %d×%d, %d tiles, %.1f MiB per thread",
                                  job.plan.tile_width, job.plan.tile_height, job.plan.n_tiles,
                                  job.plan.bytes_per_thread / 1048576.0);
          lrb_bench_print_value ("memory", "lrb_engine_run", "scratch", radius, rank,
                                 kernel->rows, job.plan.threads,
                                 (gdouble) job.plan.scratch_bytes, "bytes", note);
        }
    }
  return TRUE;
}

/* The planner alone for an image and kernel too big to run here. */
static gboolean
plan_only (gint width, gint height, gint ksize, gint rank, gint threads, GError **error)
{
  LrbRect          output = { 0, 0, width, height };
  LrbEngineConfig  config = { .threads = threads };
  LrbTilePlan      plan;
  g_autofree gchar *op = g_strdup_printf ("plan-%dx%d", width, height);
  g_autofree gchar *note = NULL;

  if (!lrb_tile_plan_compute (ksize, ksize, 4, &output, &config, &plan, error))
    return FALSE;
  note = g_strdup_printf ("plan only, limit %" G_GSIZE_FORMAT " MiB; "
                          "tile %d×%d, %d tiles, %.1f MiB per thread",
                          (gsize) (LRB_DEFAULT_MEMORY_LIMIT >> 20), plan.tile_width,
                          plan.tile_height, plan.n_tiles, plan.bytes_per_thread / 1048576.0);
  lrb_bench_print_value ("memory", "lrb_tile_plan_compute", op, ksize / 2, rank, ksize,
                         plan.threads, (gdouble) plan.scratch_bytes, "bytes", note);
  return TRUE;
}

static gdouble
max_rss_bytes (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024.0; /* KiB on Linux */
}

/* Peak RSS of one real run, in a process that did nothing else: the
 * high-water mark before the run covers both images, the rise is the
 * engine's own (scratch, thread stacks, allocator slack). */
static gboolean
rss_run (gint width, gint height, gint radius, gint rank, gint threads, GError **error)
{
  g_autoptr (LrbImage)   src = bench_image (width, height);
  g_autoptr (LrbImage)   dest = lrb_image_new (width, height, 4);
  g_autoptr (LrbKernel)  kernel = hexagon (radius, error);
  g_autoptr (LrbFactors) factors = kernel ? lrb_factors_from_kernel (kernel, rank, error) : NULL;
  LrbEngineConfig        config = { .threads = threads };
  g_autofree gchar      *note = NULL;
  LrbTilePlan            plan;
  gdouble                before, after;

  if (!factors)
    return FALSE;
  memset (dest->data, 0, sizeof (gfloat) * width * height * 4); /* fault its pages in */
  before = max_rss_bytes ();
  if (!lrb_image_convolve (src, dest, factors, LRB_EDGE_CLAMP, &config, NULL, &plan, error))
    return FALSE;
  after = max_rss_bytes ();

  note = g_strdup_printf ("%d×%d image, two images %.1f MiB; plan scratch %.1f MiB",
                          width, height, 2.0 * width * height * 16 / 1048576.0,
                          plan.scratch_bytes / 1048576.0);
  lrb_bench_print_value ("memory", "getrusage", "rss-before", radius, rank, kernel->rows,
                         plan.threads, before, "bytes", note);
  lrb_bench_print_value ("memory", "getrusage", "rss-after", radius, rank, kernel->rows,
                         plan.threads, after, "bytes", note);
  lrb_bench_print_value ("memory", "getrusage", "rss-rise", radius, rank, kernel->rows,
                         plan.threads, after - before, "bytes", note);
  return TRUE;
}

int
main (int argc, char **argv)
{
  gint      runs = 5, warmup = 1, threads = 0, width = LRB_BENCH_WIDTH, height = LRB_BENCH_HEIGHT;
  gchar    *radii_text = NULL, *ranks_text = NULL, *dump_dir = NULL;
  gboolean  dump_only = FALSE, memory = FALSE, rss = FALSE;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs per case, median reported (5)", "N" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Untimed runs first (1)", "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Engine threads, 0 = all cores", "N" },
    { "radii", 'r', 0, G_OPTION_ARG_STRING, &radii_text, "Hexagon radii (10,25,50,100)", "LIST" },
    { "ranks", 'k', 0, G_OPTION_ARG_STRING, &ranks_text, "Ranks (1,4,8,16)", "LIST" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Image width", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Image height", "PX" },
    { "dump-kernels", 0, 0, G_OPTION_ARG_FILENAME, &dump_dir,
      "Write the kernels and rank-1 factors as text into DIR", "DIR" },
    { "dump-only", 0, 0, G_OPTION_ARG_NONE, &dump_only, "Only write the kernels", NULL },
    { "memory", 0, 0, G_OPTION_ARG_NONE, &memory,
      "Also plan 12000×8000 with a 401×401 kernel at rank 16 (no run)", NULL },
    { "rss", 0, 0, G_OPTION_ARG_NONE, &rss,
      "Only one run of the first radius and rank, for its peak RSS", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— time the separable engine");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) radii = NULL;
  g_autoptr (GArray) ranks = NULL;
  g_autoptr (LrbImage) src = NULL;
  gint exit_code = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(radii = lrb_bench_parse_list (radii_text ? radii_text : "10,25,50,100", &error)) ||
      !(ranks = lrb_bench_parse_list (ranks_text ? ranks_text : "1,4,8,16", &error)))
    {
      g_printerr ("lrb-bench-engine: %s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);
  warmup = MAX (warmup, 0);
  if (threads <= 0)
    threads = lrb_bench_all_cores ();

  if (dump_dir && !dump_kernels (dump_dir, radii, &error))
    goto fail;
  if (dump_only)
    goto done;

  if (rss)
    {
      if (!rss_run (width, height, g_array_index (radii, gint, 0), g_array_index (ranks, gint, 0),
                    threads, &error))
        goto fail;
      goto done;
    }

  lrb_bench_print_info ("lrb-bench-engine", "simd-path", lrb_engine_simd_path ());
  {
    g_autofree gchar *size = g_strdup_printf ("%d×%d RGBA float (synthetic)", width, height);

    lrb_bench_print_info ("lrb-bench-engine", "image", size);
  }

  if (memory && !plan_only (12000, 8000, 401, 16, threads, &error))
    goto fail;

  src = bench_image (width, height);
  if (!run_grid (src, radii, ranks, threads, warmup, runs, &error))
    goto fail;

done:
  g_free (radii_text);
  g_free (ranks_text);
  g_free (dump_dir);
  return exit_code;

fail:
  g_printerr ("lrb-bench-engine: %s\n", error->message);
  exit_code = 1;
  goto done;
}
