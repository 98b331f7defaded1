/* lowrank-bokeh benchmark — GEGL's own blurs and the GEGL driver.
 *
 * The benchmark image in a GeglBuffer ("RGBA float", linear), then with
 * every core: gegl:gaussian-blur (the rank-1 peer; σ = R/3 so ±3σ spans the
 * kernel), gegl:lens-blur (GIMP's Lens Blur, a disc of radius R), and
 * lrb_gegl_apply with the hexagons, so the driver's cost over the raw
 * engine (lrb-bench-engine) shows.  Results go to a new buffer; graph
 * building is not timed, processing is.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <gegl.h>

#include "lrb-bench-image.h"
#include "lrb-bench-node.h"
#include "lrb-bench-util.h"
#include "lrb-gegl.h"
#include "lrb-shapes.h"

typedef struct
{
  GeglBuffer  *input;
  const gchar *operation;
  gdouble      radius;
  const gchar *filter; /* gaussian-blur: "auto", "fir", "iir" */
} GeglJob;

static gboolean
gegl_job_run (gpointer data, GError **error)
{
  GeglJob    *job = data;
  GeglNode   *graph = gegl_node_new ();
  GeglBuffer *output = gegl_buffer_new (gegl_buffer_get_extent (job->input),
                                        gegl_buffer_get_format (job->input));
  GeglNode   *source, *op, *sink;

  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", job->input, NULL);
  op = gegl_node_new_child (graph, "operation", job->operation, NULL);
  if (g_str_equal (job->operation, "gegl:gaussian-blur"))
    {
      gegl_node_set (op, "std-dev-x", job->radius / 3.0, "std-dev-y", job->radius / 3.0, NULL);
      if (!lrb_bench_node_set_enum (op, "filter", job->filter))
        g_warning ("gegl:gaussian-blur has no filter '%s'", job->filter);
    }
  else
    gegl_node_set (op, "radius", job->radius, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:write-buffer", "buffer", output, NULL);
  gegl_node_link_many (source, op, sink, NULL);

  gegl_node_process (sink);

  g_object_unref (graph);
  g_object_unref (output);
  return TRUE;
}

typedef struct
{
  GeglBuffer            *input;
  const LrbFactors      *factors;
  const LrbEngineConfig *config;
} DriverJob;

static gboolean
driver_job_run (gpointer data, GError **error)
{
  DriverJob  *job = data;
  GeglBuffer *output = gegl_buffer_new (gegl_buffer_get_extent (job->input),
                                        gegl_buffer_get_format (job->input));
  gboolean    ok;

  ok = lrb_gegl_apply (job->input, output, NULL, job->factors, 1.0, LRB_EDGE_CLAMP,
                       job->config, NULL, NULL, NULL, error);
  g_object_unref (output);
  return ok;
}

typedef struct
{
  GeglBuffer            *input;
  const LrbFilter       *filter;
  const LrbEngineConfig *config;
} FilterJob;

static gboolean
filter_job_run (gpointer data, GError **error)
{
  FilterJob  *job = data;
  GeglBuffer *output = gegl_buffer_new (gegl_buffer_get_extent (job->input),
                                        gegl_buffer_get_format (job->input));
  gboolean    ok;

  ok = lrb_gegl_apply_filter (job->input, output, NULL, job->filter, 1.0, LRB_EDGE_CLAMP,
                              job->config, NULL, NULL, NULL, error);
  g_object_unref (output);
  return ok;
}

/* A photo as "RGBA float" (linear), for --exact-disc. */
static GeglBuffer *
photo_buffer (const gchar *path, GError **error)
{
  GeglNode     *graph = gegl_node_new ();
  GeglNode     *load, *sink;
  GeglBuffer   *buffer;
  GeglRectangle extent;

  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  extent = gegl_node_get_bounding_box (load);
  if (extent.width <= 0 || extent.height <= 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "cannot load %s", path);
      g_object_unref (graph);
      return NULL;
    }
  buffer = gegl_buffer_new (&extent, babl_format ("RGBA float"));
  sink = gegl_node_new_child (graph, "operation", "gegl:write-buffer", "buffer", buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  return buffer;
}

/* GIMP's Lens Blur against the exact disc by the planner's method, both on
 * the same GeglBuffer, in the same process. */
static gboolean
exact_disc (GeglBuffer *input, GArray *radii, gint warmup, gint runs, gint threads,
            const gchar *image_name, GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (input);
  LrbEngineConfig      config = { .threads = threads };
  LrbRect              output = { 0, 0, extent->width, extent->height };
  gdouble              mpix = (gdouble) extent->width * extent->height / 1e6;

  for (guint i = 0; i < radii->len; i++)
    {
      gint                    radius = g_array_index (radii, gint, i);
      GeglJob                 lens = { input, "gegl:lens-blur", radius, NULL };
      LrbKernelSpec           spec;
      g_autoptr (LrbKernel)   kernel = NULL;
      g_autoptr (LrbAnalysis) analysis = NULL;
      g_autoptr (LrbFilter)   filter = NULL;
      g_autofree gchar       *why = NULL, *note = NULL;
      LrbBenchTiming          timing;
      LrbMethod               pick;
      FilterJob               job;

      if (!lrb_bench_measure (gegl_job_run, &lens, warmup, runs, &timing, error))
        return FALSE;
      note = g_strdup_printf ("disc, GIMP's Lens Blur; %s", image_name);
      lrb_bench_print_timing ("exact-gegl", "gegl", "lens-blur", radius, 0, 2 * radius + 1,
                              threads, &timing, mpix, 0, note);
      g_clear_pointer (&note, g_free);

      lrb_kernel_spec_init (&spec);
      spec.shape = LRB_SHAPE_DISC;
      spec.radius = radius;
      kernel = lrb_kernel_new_from_spec (&spec, error);
      lrb_kernel_spec_clear (&spec);
      if (!kernel || !(analysis = lrb_analysis_new (kernel, error)))
        return FALSE;
      pick = lrb_planner_choose (kernel, NULL, analysis, 4, &output, &config, &why);
      if (!(filter = lrb_filter_new (kernel, NULL, pick, error)))
        return FALSE;
      job = (FilterJob) { input, filter, &config };
      if (!lrb_bench_measure (filter_job_run, &job, warmup, runs, &timing, error))
        return FALSE;
      note = g_strdup_printf ("exact disc by %s; %s; %s", lrb_method_to_nick (pick), image_name,
                              why);
      lrb_bench_print_timing ("exact-gegl", "lrb_gegl_apply_filter", "disc", radius, 0,
                              kernel->rows, threads, &timing, mpix, 0, note);
    }
  return TRUE;
}

static GeglBuffer *
bench_buffer (gint width, gint height)
{
  GeglRectangle     extent = { 0, 0, width, height };
  const Babl       *format = babl_format ("RGBA float");
  GeglBuffer       *buffer = gegl_buffer_new (&extent, format);
  g_autofree gfloat *pixels = g_new (gfloat, (gsize) width * height * 4);

  lrb_bench_image_fill (pixels, width, height);
  gegl_buffer_set (buffer, &extent, 0, format, pixels, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

static LrbFactors *
hexagon_factors (gint radius, gint rank, GError **error)
{
  LrbKernelSpec         spec;
  g_autoptr (LrbKernel) kernel = NULL;

  lrb_kernel_spec_init (&spec);
  spec.shape = LRB_SHAPE_POLYGON;
  spec.blades = 6;
  spec.radius = radius;
  kernel = lrb_kernel_new_from_spec (&spec, error);
  lrb_kernel_spec_clear (&spec);
  return kernel ? lrb_factors_from_kernel (kernel, rank, error) : NULL;
}

int
main (int argc, char **argv)
{
  gint      runs = 5, warmup = 1, threads = 0, width = LRB_BENCH_WIDTH, height = LRB_BENCH_HEIGHT;
  gchar    *radii_text = NULL, *ranks_text = NULL;
  gboolean  no_driver = FALSE, exact = FALSE;
  gchar    *photo = NULL;
  GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs per case, median reported (5)", "N" },
    { "warmup", 0, 0, G_OPTION_ARG_INT, &warmup, "Untimed runs first (1)", "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads,
      "GEGL and engine threads, 0 = all cores", "N" },
    { "radii", 'r', 0, G_OPTION_ARG_STRING, &radii_text, "Radii (10,25,50,100)", "LIST" },
    { "ranks", 'k', 0, G_OPTION_ARG_STRING, &ranks_text,
      "Ranks for lrb_gegl_apply (1,4,8,16)", "LIST" },
    { "no-driver", 0, 0, G_OPTION_ARG_NONE, &no_driver, "Skip lrb_gegl_apply", NULL },
    { "exact-disc", 0, 0, G_OPTION_ARG_NONE, &exact,
      "Only gegl:lens-blur against lrb_gegl_apply_filter with the planner's exact disc", NULL },
    { "photo", 0, 0, G_OPTION_ARG_FILENAME, &photo,
      "With --exact-disc: this image instead of the synthetic one", "FILE" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Image width", "PX" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Image height", "PX" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— GEGL blurs and the GEGL driver");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) radii = NULL;
  g_autoptr (GArray) ranks = NULL;
  GeglBuffer        *input;
  LrbEngineConfig    config = { 0 };
  gdouble            mpix;
  gint               exit_code = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(radii = lrb_bench_parse_list (radii_text ? radii_text : "10,25,50,100", &error)) ||
      !(ranks = lrb_bench_parse_list (ranks_text ? ranks_text : "1,4,8,16", &error)))
    {
      g_printerr ("lrb-bench-gegl: %s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);
  warmup = MAX (warmup, 0);
  if (threads <= 0)
    threads = lrb_bench_all_cores ();
  config.threads = threads;
  mpix = (gdouble) width * height / 1e6;

  gegl_init (NULL, NULL);
  /* All cores, and a cache big enough that no tile is swapped out. */
  g_object_set (gegl_config (), "threads", threads,
                "tile-cache-size", (guint64) 4 << 30, "use-opencl", FALSE, NULL);

  {
    g_autofree gchar *version = g_strdup_printf ("%d.%d.%d", GEGL_MAJOR_VERSION,
                                                 GEGL_MINOR_VERSION, GEGL_MICRO_VERSION);

    lrb_bench_print_info ("lrb-bench-gegl", "gegl-version", version);
  }
  if (exact)
    {
      g_autofree gchar *name = photo ? g_path_get_basename (photo)
                                     : g_strdup ("synthetic image");

      input = photo ? photo_buffer (photo, &error) : bench_buffer (width, height);
      if (!input)
        {
          g_printerr ("lrb-bench-gegl: %s\n", error->message);
          gegl_exit ();
          return 1;
        }
      if (!exact_disc (input, radii, warmup, runs, threads, name, &error))
        goto fail;
      goto done;
    }
  input = bench_buffer (width, height);

  for (guint i = 0; i < radii->len; i++)
    {
      gint              radius = g_array_index (radii, gint, i);
      g_autofree gchar *note = NULL;
      LrbBenchTiming    timing;
      GeglJob           gauss_auto = { input, "gegl:gaussian-blur", radius, "auto" };
      GeglJob           gauss_fir = { input, "gegl:gaussian-blur", radius, "fir" };
      GeglJob           lens = { input, "gegl:lens-blur", radius, NULL };

      note = g_strdup_printf ("σ = %.2f, filter auto (IIR above σ 1)", radius / 3.0);
      if (!lrb_bench_measure (gegl_job_run, &gauss_auto, warmup, runs, &timing, &error))
        goto fail;
      lrb_bench_print_timing ("peer", "gegl", "gaussian-blur", radius, 1, 2 * radius + 1,
                              threads, &timing, mpix, 0, note);
      g_clear_pointer (&note, g_free);

      note = g_strdup_printf ("σ = %.2f, filter fir", radius / 3.0);
      if (!lrb_bench_measure (gegl_job_run, &gauss_fir, warmup, runs, &timing, &error))
        goto fail;
      lrb_bench_print_timing ("peer", "gegl", "gaussian-blur-fir", radius, 1, 2 * radius + 1,
                              threads, &timing, mpix, 0, note);

      if (!lrb_bench_measure (gegl_job_run, &lens, warmup, runs, &timing, &error))
        goto fail;
      lrb_bench_print_timing ("peer", "gegl", "lens-blur", radius, 0, 2 * radius + 1,
                              threads, &timing, mpix, 0, "disc, GIMP's Lens Blur");

      for (guint j = 0; j < ranks->len && !no_driver; j++)
        {
          gint                   rank = g_array_index (ranks, gint, j);
          g_autoptr (LrbFactors) factors = hexagon_factors (radius, rank, &error);
          DriverJob              job = { input, factors, &config };
          gdouble                gflop;

          if (!factors || !lrb_bench_measure (driver_job_run, &job, warmup, runs, &timing, &error))
            goto fail;
          gflop = 2.0 * rank * (factors->rows + factors->cols) * 4 * mpix * 1e6 / 1e9;
          lrb_bench_print_timing ("driver", "lrb_gegl_apply", "hexagon", radius, rank,
                                  factors->rows, threads, &timing, mpix, gflop,
                                  "GeglBuffer in and out, γ = 1");
        }
    }

done:
  g_object_unref (input);
  g_free (radii_text);
  g_free (ranks_text);
  g_free (photo);
  gegl_exit ();
  return exit_code;

fail:
  g_printerr ("lrb-bench-gegl: %s\n", error->message);
  exit_code = 1;
  goto done;
}
