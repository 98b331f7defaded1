/* lowrank-bokeh benchmark — the cat's eye field (issue 28): engine time
 * against the uniform blur in the same run, and the field's error against
 * the per-pixel scatter reference on a crop, for a few zone sizes.
 *
 *   lrb-bench-field PHOTO [RUNS [RADIUS [RANK [ZONE[:BLEND]…]]]]   (ZONE 0: default)
 *
 * With LRB_BENCH_TIME_ONLY set in the environment it skips the reference
 * and the errors (minutes), for timing alone; LRB_BENCH_SWIRL=S times the
 * swirl S instead of the cat's eye.  Besides wall-clock medians it gives
 * the ratio of the process's CPU time, which the machine's load moves
 * far less (both runs use every core).
 *
 * PHOTO is the size to time (docs/benchmarks.md: 2560 × 1600).  The error
 * is measured over its top-left 640 × 400, where the effect is strongest,
 * with the kernel itself (rank −1), so it is the zones' error alone.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lrb-bench-util.h"
#include "lrb-gegl-field.h"
#include "lrb-image.h"

static int
compare (const void *a, const void *b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

static gdouble
median (gdouble *v, gint n)
{
  qsort (v, n, sizeof *v, compare);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static gdouble
encode (gdouble v)
{
  v = CLAMP (v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow (v, 1.0 / 2.4) - 0.055;
}

static GeglBuffer *
load (const gchar *path)
{
  GeglNode   *graph = gegl_node_new ();
  GeglBuffer *buffer = NULL;
  GeglNode   *l = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglNode   *sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer",
                                          &buffer, NULL);

  gegl_node_link (l, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  return buffer;
}

/* The medians of `runs` field runs of these settings and of the uniform
 * blur, taken in turn so that the machine's load falls on both alike. */
static gdouble
cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static void
time_runs (GeglBuffer *photo, const LrbSettings *settings, const LrbKernel *kernel,
           const LrbAnalysis *analysis, const LrbFilter *filter, gint runs,
           gdouble *uniform, gdouble *field, gdouble *cpu_ratio)
{
  g_autofree gdouble *u = g_new (gdouble, runs);
  g_autofree gdouble *f = g_new (gdouble, runs);
  g_autofree gdouble *c = g_new (gdouble, runs);
  LrbEngineConfig     config;
  g_autoptr (GError)  error = NULL;

  lrb_settings_engine_config (settings, &config);
  for (gint r = 0; r < runs; r++)
    {
      g_autoptr (GeglBuffer) out = gegl_buffer_new (gegl_buffer_get_extent (photo),
                                                    gegl_buffer_get_format (photo));
      gdouble                t = lrb_bench_now_ms (), cpu = cpu_ms (), cpu_uniform;

      if (!lrb_gegl_apply_look (photo, out, NULL, filter,
                                &(LrbLook) { settings->gamma, settings->highlights },
                                settings->edge, &config, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      u[r] = lrb_bench_now_ms () - t;
      cpu_uniform = cpu_ms () - cpu;
      t = lrb_bench_now_ms ();
      cpu = cpu_ms ();
      if (!lrb_gegl_apply_field (photo, out, NULL, settings, kernel, analysis, NULL, NULL,
                                 NULL, &error))
        g_error ("%s", error->message);
      f[r] = lrb_bench_now_ms () - t;
      c[r] = (cpu_ms () - cpu) / cpu_uniform;
    }
  *uniform = median (u, runs);
  *field = median (f, runs);
  *cpu_ratio = median (c, runs);
}

/* The field's error over `crop` against the reference, exact kernels. */
static void
measure_error (GeglBuffer *linear, const LrbImage *ref, const LrbRect *crop,
               const LrbSettings *settings, const LrbKernel *kernel,
               const LrbAnalysis *analysis, gdouble *l2, gdouble *worst, gdouble *worst8)
{
  const GeglRectangle   *extent = gegl_buffer_get_extent (linear);
  g_autoptr (GeglBuffer) out = gegl_buffer_new (extent, babl_format ("RGBA float"));
  g_autoptr (LrbImage)   fast = lrb_image_new (crop->width, crop->height, 4);
  GeglRectangle          r = { crop->x, crop->y, crop->width, crop->height };
  LrbSettings            exact = *settings;
  g_autoptr (GError)     error = NULL;
  gdouble                err = 0.0, norm = 0.0;

  exact.rank = LRB_RANK_EXACT;
  if (!lrb_gegl_apply_field (linear, out, NULL, &exact, kernel, analysis, NULL, NULL, NULL,
                             &error))
    g_error ("%s", error->message);
  gegl_buffer_get (out, &r, 1.0, babl_format ("RGBA float"), fast->data, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  *worst = *worst8 = 0.0;
  for (gint i = 0; i < crop->width * crop->height; i++)
    for (gint ch = 0; ch < 3; ch++)
      {
        gdouble a = fast->data[4 * i + ch], b = ref->data[4 * i + ch] / ref->data[4 * i + 3];

        err += (a - b) * (a - b);
        norm += b * b;
        *worst = MAX (*worst, fabs (a - b));
        *worst8 = MAX (*worst8, 255 * fabs (encode (a) - encode (b)));
      }
  *l2 = sqrt (err / norm);
}

int
main (int argc, char **argv)
{
  const gchar            *path = argc > 1 ? argv[1] : "demo/hubble.jpg";
  gint                    runs = argc > 2 ? atoi (argv[2]) : 5;
  gdouble                 radius = argc > 3 ? atof (argv[3]) : 50;
  gint                    rank = argc > 4 ? atoi (argv[4]) : 8;
  GeglBuffer             *photo = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFilter)   filter = NULL;
  g_autoptr (GError)      error = NULL;
  const GeglRectangle    *extent;
  LrbSettings             settings;
  LrbRect                 rect, crop;
  g_autoptr (LrbImage)    all = NULL, ref = NULL;
  GeglBuffer             *linear;
  gdouble                 t;
  gboolean                time_only = g_getenv ("LRB_BENCH_TIME_ONLY") != NULL;
  gdouble                 swirl = g_getenv ("LRB_BENCH_SWIRL") ? atof (g_getenv ("LRB_BENCH_SWIRL"))
                                                               : 0.0;

  gegl_init (&argc, &argv);
  if (!(photo = load (path)))
    g_error ("cannot load %s", path);
  extent = gegl_buffer_get_extent (photo);
  rect = (LrbRect) { 0, 0, extent->width, extent->height };
  crop = (LrbRect) { 0, 0, MIN (640, extent->width), MIN (400, extent->height) };
  lrb_settings_init (&settings);
  settings.kernel.radius = radius;
  settings.rank = rank;
  if (!lrb_settings_prepare (&settings, &kernel, &analysis, NULL, &error) ||
      !(filter = lrb_settings_prepare_filter (&settings, kernel, analysis, 4, &rect, NULL,
                                              &error)))
    g_error ("%s", error->message);

  all = lrb_image_new (extent->width, extent->height, 4);
  ref = lrb_image_new (crop.width, crop.height, 4);
  gegl_buffer_get (photo, extent, 1.0, babl_format ("RGBA float"), all->data,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  linear = gegl_buffer_new (extent, babl_format ("RGBA float"));
  gegl_buffer_set (linear, extent, 0, babl_format ("RGBA float"), all->data,
                   GEGL_AUTO_ROWSTRIDE);
  settings.field.cats_eye = 1.0;
  t = lrb_bench_now_ms ();
  if (!time_only)
    lrb_reference_convolve_field_rect (all, kernel, &settings.field, settings.edge, &crop, ref);
  printf ("%s, %d × %d, hexagon R = %g, rank %d (%s), medians of %d runs; reference over the "
          "top-left %d × %d: %.0f s\n", path, extent->width, extent->height, radius, rank,
          lrb_method_to_nick (lrb_filter_get_method (filter)), runs, crop.width, crop.height,
          (lrb_bench_now_ms () - t) / 1000);
  printf ("%-26s %9s %9s %7s %7s %8s %10s %8s\n", "zones", "uniform", "field", "ratio",
          "CPU", "rel L2", "max linear", "max sRGB8");
  if (!time_only)
  {
    gdouble l2, worst, worst8;

    settings.field.cats_eye = 0.0;
    measure_error (linear, ref, &crop, &settings, kernel, analysis, &l2, &worst, &worst8);
    printf ("%-26s %9s %9s %7s %7s %7.2f%% %10.4f %8.0f\n", "none (the plain kernel)", "", "",
            "", "", 100 * l2, worst, worst8);
  }
  /* ZONE[:BLEND] … ; 0 = the default zone. */
  for (gint a = 5; a < MAX (argc, 6); a++)
    {
      const gchar *spec = a < argc ? argv[a] : "0";
      gchar       *colon = strchr (spec, ':');
      gdouble      uniform_ms, field_ms, cpu_ratio, l2 = 0.0, worst = 0.0, worst8 = 0.0;
      g_autofree gchar *label = NULL;

      settings.field.cats_eye = swirl > 0.0 ? 0.0 : 1.0;
      settings.field.swirl = swirl;
      settings.field.zone_size = atoi (spec);
      settings.field.blend = colon ? atof (colon + 1) : 0.0;
      if (!time_only)
        measure_error (linear, ref, &crop, &settings, kernel, analysis, &l2, &worst, &worst8);
      time_runs (photo, &settings, kernel, analysis, filter, runs, &uniform_ms, &field_ms,
                 &cpu_ratio);
      label = g_strdup_printf ("%s%d px, blend %g%s", swirl > 0.0 ? "swirl, " : "",
                               lrb_field_zone_size (&settings.field, kernel, extent->width,
                                                    extent->height),
                               lrb_field_blend (&settings.field),
                               settings.field.zone_size ? "" : " (default)");
      printf ("%-26s %7.0fms %7.0fms %6.2f× %6.2f× %7.2f%% %10.4f %8.0f\n", label, uniform_ms,
              field_ms, field_ms / uniform_ms, cpu_ratio, 100 * l2, worst, worst8);
      fflush (stdout);
    }
  g_object_unref (linear);
  g_object_unref (photo);
  lrb_settings_clear (&settings);
  gegl_exit ();
  return 0;
}
