/* lowrank-bokeh benchmark — depth of field at the dialog preview's size.
 *
 *   lrb-bench-depth-preview [RUNS]
 *
 * The preview's largest area (492 × 521, docs/preview-timing.md) with the
 * kernel's halo around it, random 8-bit RGBA, a vertical depth gradient,
 * focus 0.3, hexagon radius 50 at rank 8, every core: the core's render
 * alone, the levels' filters shared between renders as a preview keeps
 * them.  Prints the first render (which makes the levels' kernels and
 * SVDs) and the median of the rest, in ms.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

#include "lrb-gegl-depth.h"

#define HALO 50

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
  GeglRectangle         roi = { HALO, HALO, 492, 521 };
  GeglRectangle         extent = { 0, 0, 492 + 2 * HALO, 521 + 2 * HALO };
  g_autoptr (GError)    error = NULL;
  g_autofree gdouble   *times = g_new (gdouble, runs);
  g_autofree gfloat    *depths = g_new (gfloat, extent.width);
  g_autofree guint8    *pixels = g_new (guint8, (gsize) extent.width * 4);
  GeglBuffer           *input, *depth, *output;
  LrbKernel            *full = NULL;
  LrbDepthFilters      *filters;
  LrbSettings           settings;
  GRand                *rand = g_rand_new_with_seed (1);
  gdouble               first = 0.0;

  gegl_init (&argc, &argv);
  input = gegl_buffer_new (&extent, babl_format ("R'G'B'A u8"));
  depth = gegl_buffer_new (&extent, babl_format ("Y float"));
  output = gegl_buffer_new (&roi, babl_format ("R'G'B'A u8"));
  for (gint y = 0; y < extent.height; y++)
    {
      GeglRectangle row = { 0, y, extent.width, 1 };

      for (gint x = 0; x < extent.width; x++)
        {
          depths[x] = 1.0f - (gfloat) y / (extent.height - 1);
          for (gint c = 0; c < 4; c++)
            pixels[4 * x + c] = c == 3 ? 255 : (guint8) g_rand_int_range (rand, 0, 256);
        }
      gegl_buffer_set (depth, &row, 0, babl_format ("Y float"), depths, GEGL_AUTO_ROWSTRIDE);
      gegl_buffer_set (input, &row, 0, babl_format ("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
    }
  g_rand_free (rand);

  lrb_settings_init (&settings);
  settings.kernel.radius = 50.0;
  settings.rank = 8;
  settings.focus.focus = 0.3;
  if (!lrb_settings_prepare (&settings, &full, NULL, NULL, &error))
    g_error ("%s", error->message);
  filters = lrb_depth_filters_new (&settings, full);

  for (gint i = 0; i <= runs; i++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!lrb_gegl_apply_depth (input, depth, output, &roi, &settings, filters, NULL, NULL,
                                 NULL, &error))
        g_error ("%s", error->message);
      if (i == 0)
        first = (g_get_monotonic_time () - start) / 1e3;
      else
        times[i - 1] = (g_get_monotonic_time () - start) / 1e3;
    }
  qsort (times, runs, sizeof *times, compare_doubles);
  printf ("depth preview 492x521, hexagon R=50 rank 8, %u cores: first %.1f ms, median of "
          "%d %.1f ms (min %.1f, max %.1f)\n", g_get_num_processors (), first, runs,
          times[runs / 2], times[0], times[runs - 1]);

  lrb_depth_filters_free (filters);
  lrb_kernel_free (full);
  lrb_settings_clear (&settings);
  g_object_unref (input);
  g_object_unref (depth);
  g_object_unref (output);
  gegl_exit ();
  return 0;
}
