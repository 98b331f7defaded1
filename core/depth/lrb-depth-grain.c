/* lowrank-bokeh — the grain the depth of field keeps, pixel by pixel.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-depth-grain.h"
#include "lrb-camera.h"
#include "lrb-grain.h"

GeglBuffer *
lrb_depth_grain_kept (GeglBuffer *depth, const LrbSettings *settings, const LrbKernel *full,
                      GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (depth);
  gsize                n = (gsize) extent->width * extent->height;
  g_autofree gfloat   *values = g_try_new (gfloat, n);
  gdouble              kept[2 * LRB_FOCUS_MAX_LEVELS + 1];
  LrbFocusLevels       levels;
  GeglBuffer          *buffer;

  if (!values)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY, "no memory for a %d × %d grain map",
                   extent->width, extent->height);
      return NULL;
    }
  lrb_focus_levels_init (&levels, lrb_focus_full_radius (&settings->kernel, full));
  /* A level's kernel is made only when a pixel needs it. */
  for (gint i = 0; i < (gint) G_N_ELEMENTS (kept); i++)
    kept[i] = -1.0;
  gegl_buffer_get (depth, extent, 1.0, lrb_depth_stored_format (depth), values,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gsize i = 0; i < n; i++)
    {
      gint level = lrb_focus_level (&settings->focus, &levels, values[i]);
      gint slot = level + LRB_FOCUS_MAX_LEVELS;

      if (kept[slot] < 0.0)
        {
          LrbKernel *kernel = lrb_focus_level_kernel (&settings->kernel, full, &levels,
                                                      ABS (level), settings->field.profile,
                                                      settings->field.profile_strength,
                                                      error);

          if (!kernel)
            return NULL;
          kept[slot] = lrb_grain_kept (kernel);
          lrb_kernel_free (kernel);
        }
      values[i] = kept[slot];
    }
  buffer = gegl_buffer_new (extent, babl_format ("Y float"));
  gegl_buffer_set (buffer, extent, 0, babl_format ("Y float"), values, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

gboolean
lrb_gegl_add_grain (GeglBuffer *output, const GeglRectangle *roi, GeglBuffer *depth,
                    const LrbSettings *settings, const LrbKernel *kernel,
                    const LrbGrain *grain, GError **error)
{
  const GeglRectangle   *rect = roi ? roi : gegl_buffer_get_extent (output);
  g_autoptr (GeglBuffer) part = gegl_buffer_create_sub_buffer (output, rect);
  g_autoptr (GeglBuffer) kept = NULL;

  if (depth)
    {
      g_autoptr (GeglBuffer) depth_part = gegl_buffer_create_sub_buffer (depth, rect);

      if (!(kept = lrb_depth_grain_kept (depth_part, settings, kernel, error)))
        return FALSE;
    }
  lrb_grain_add (part, kept, lrb_grain_kept (kernel), grain);
  return TRUE;
}
