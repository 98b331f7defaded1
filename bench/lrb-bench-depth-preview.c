/* lowrank-bokeh benchmark — depth of field at the dialog preview's size.
 *
 *   lrb-bench-depth-preview [RUNS [WIDTH HEIGHT [radial]]]
 *
 * With WIDTH and HEIGHT: a whole image of that size instead (no halo), and
 * the uniform blur of the same kernel over it in the same process, so the
 * two compare without reading or writing files (whose time, in a whole
 * command, is larger than the uniform blur's and as noisy).
 *
 * With "radial": the depth map of bench/run-depth.sh's case B instead of
 * the gradient, 8-bit steps rising from the middle to the corners, whose
 * levels are thin rings (the costly case for levels).
 *
 * The preview's largest area (492 × 521, docs/preview-timing.md) with the
 * kernel's halo around it, random 8-bit RGBA, a vertical depth gradient,
 * focus 0.3, hexagon radius 50 at rank 8, every core: the core's render
 * alone, the levels' filters shared between renders as a preview keeps
 * them.  Prints the first render (which makes the levels' kernels and
 * SVDs) and the median of the rest, in ms, wall-clock and the process's
 * CPU time (steadier than wall-clock when another job shares the cores).
 * The input is converted once before any timing: babl builds a LUT for
 * "R'G'B'A u8" to "RGBA float" the first time it converts many pixels
 * (about 1 s on the benchmark machine), which would otherwise be charged
 * to whichever render comes first.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lrb-gegl-depth.h"

#define HALO 50

static gdouble
cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  gint                  runs = argc > 1 ? MAX (atoi (argv[1]), 1) : 9;
  gboolean              whole = argc > 3;
  gboolean              radial = argc > 4 && g_strcmp0 (argv[4], "radial") == 0;
  gint                  width = whole ? MAX (atoi (argv[2]), 1) : 492;
  gint                  height = whole ? MAX (atoi (argv[3]), 1) : 521;
  gint                  halo = whole ? 0 : HALO;
  GeglRectangle         roi = { halo, halo, width, height };
  GeglRectangle         extent = { 0, 0, width + 2 * halo, height + 2 * halo };
  g_autofree gdouble   *uniform = g_new (gdouble, runs);
  g_autoptr (GError)    error = NULL;
  g_autofree gdouble   *times = g_new (gdouble, runs);
  g_autofree gdouble   *cpu = g_new (gdouble, runs);
  g_autofree gdouble   *uniform_cpu = g_new (gdouble, runs);
  g_autofree gfloat    *warm = NULL;
  g_autofree gfloat    *depths = g_new (gfloat, extent.width);
  g_autofree guint8    *pixels = g_new (guint8, (gsize) extent.width * 4);
  GeglBuffer           *input, *depth, *output;
  LrbKernel            *full = NULL;
  LrbDepthFilters      *filters;
  LrbSettings           settings;
  GRand                *rand = g_rand_new_with_seed (1);
  gdouble               first = 0.0, first_cpu = 0.0;

  gegl_init (&argc, &argv);
  input = gegl_buffer_new (&extent, babl_format ("R'G'B'A u8"));
  depth = gegl_buffer_new (&extent, babl_format ("Y float"));
  output = gegl_buffer_new (&roi, babl_format ("R'G'B'A u8"));
  for (gint y = 0; y < extent.height; y++)
    {
      GeglRectangle row = { 0, y, extent.width, 1 };

      for (gint x = 0; x < extent.width; x++)
        {
          depths[x] = radial ? roundf (255.0f * hypotf (x - extent.width / 2.0f,
                                                          y - extent.height / 2.0f) /
                                       hypotf (extent.width / 2.0f, extent.height / 2.0f)) / 255.0f
                             : 1.0f - (gfloat) y / (extent.height - 1);
          for (gint c = 0; c < 4; c++)
            pixels[4 * x + c] = c == 3 ? 255 : (guint8) g_rand_int_range (rand, 0, 256);
        }
      gegl_buffer_set (depth, &row, 0, babl_format ("Y float"), depths, GEGL_AUTO_ROWSTRIDE);
      gegl_buffer_set (input, &row, 0, babl_format ("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
    }
  g_rand_free (rand);
  warm = g_new (gfloat, (gsize) extent.width * extent.height * 4);
  gegl_buffer_get (input, &extent, 1.0, babl_format ("RGBA float"), warm, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_clear_pointer (&warm, g_free);

  lrb_settings_init (&settings);
  settings.kernel.radius = 50.0;
  settings.rank = 8;
  settings.focus.focus = 0.3;
  if (!lrb_settings_prepare (&settings, &full, NULL, NULL, &error))
    g_error ("%s", error->message);
  filters = lrb_depth_filters_new (&settings, full);

  for (gint i = 0; i <= runs; i++)
    {
      gint64  start = g_get_monotonic_time ();
      gdouble start_cpu = cpu_ms ();

      if (!lrb_gegl_apply_depth (input, depth, output, &roi, &settings, filters, NULL, NULL,
                                 NULL, &error))
        g_error ("%s", error->message);
      if (i == 0)
        first = (g_get_monotonic_time () - start) / 1e3, first_cpu = cpu_ms () - start_cpu;
      else
        times[i - 1] = (g_get_monotonic_time () - start) / 1e3, cpu[i - 1] = cpu_ms () - start_cpu;
    }
  qsort (times, runs, sizeof *times, compare_doubles);
  qsort (cpu, runs, sizeof *cpu, compare_doubles);
  printf ("depth %s%s %dx%d, hexagon R=50 rank 8, %u cores: first %.1f ms (CPU %.1f), median "
          "of %d %.1f ms (min %.1f, max %.1f; CPU %.1f)\n", whole ? "image" : "preview",
          radial ? " (radial map)" : "", width,
          height, g_get_num_processors (), first, first_cpu, runs, times[runs / 2], times[0],
          times[runs - 1], cpu[runs / 2]);

  /* The uniform blur of the full kernel over the same image, its filter
   * made once as the CLI makes it for this size. */
  if (whole)
    {
      LrbRect             rect = { 0, 0, width, height };
      g_autoptr (LrbAnalysis) analysis = NULL;
      g_autoptr (LrbFilter) filter = NULL;
      LrbEngineConfig     config;

      if (!lrb_settings_prepare (&settings, NULL, &analysis, NULL, &error) ||
          !(filter = lrb_settings_prepare_filter (&settings, full, analysis, 4, &rect, NULL,
                                                  &error)))
        g_error ("%s", error->message);
      lrb_settings_engine_config (&settings, &config);
      for (gint i = 0; i <= runs; i++)
        {
          gint64  start = g_get_monotonic_time ();
          gdouble start_cpu = cpu_ms ();

          if (!lrb_gegl_apply_look (input, output, NULL, filter,
                                    &(LrbLook) { settings.gamma, settings.highlights },
                                    settings.edge, &config, NULL, NULL, NULL, &error))
            g_error ("%s", error->message);
          if (i > 0)
            uniform[i - 1] = (g_get_monotonic_time () - start) / 1e3,
            uniform_cpu[i - 1] = cpu_ms () - start_cpu;
        }
      qsort (uniform, runs, sizeof *uniform, compare_doubles);
      qsort (uniform_cpu, runs, sizeof *uniform_cpu, compare_doubles);
      printf ("uniform image %dx%d by %s: median of %d %.1f ms (min %.1f, max %.1f; CPU %.1f); "
              "depth / uniform %.2f (CPU %.2f)\n", width, height,
              lrb_method_to_name (lrb_filter_get_method (filter)), runs, uniform[runs / 2],
              uniform[0], uniform[runs - 1], uniform_cpu[runs / 2],
              times[runs / 2] / uniform[runs / 2], cpu[runs / 2] / uniform_cpu[runs / 2]);
    }

  lrb_depth_filters_free (filters);
  lrb_kernel_free (full);
  lrb_settings_clear (&settings);
  g_object_unref (input);
  g_object_unref (depth);
  g_object_unref (output);
  gegl_exit ();
  return 0;
}
