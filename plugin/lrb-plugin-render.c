/* lowrank-bokeh — drawable → core GEGL driver → shadow buffer → merge.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-render.h"
#include "lrb-gegl.h"
#include "lrb-intl.h"

static void
report_progress (gdouble fraction, gpointer user_data)
{
  gimp_progress_update (fraction);
}

/* GIMP hands its "number of threads" preference to the plug-in's GEGL. */
static gint
gimp_threads (void)
{
  gint threads = 0;

  g_object_get (gegl_config (), "threads", &threads, NULL);
  return MAX (threads, 1);
}

/* libgimp fetches a drawable's tiles over GIMP's wire, which is not safe
 * to use from the engine's worker threads while this thread reports
 * progress on it.  So the pixels the blur reads (the selection plus the
 * kernel's halo) are copied here first, into a buffer of the same extent
 * so that edges stay where the drawable's are. */
static GeglBuffer *
local_copy (GeglBuffer *source, const GeglRectangle *roi, const LrbFactors *factors)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (source);
  GeglBuffer          *copy = gegl_buffer_new (extent, gegl_buffer_get_format (source));
  GeglRectangle        needed = {
    roi->x - (factors->cols - 1 - factors->cols / 2),
    roi->y - (factors->rows - 1 - factors->rows / 2),
    roi->width + factors->cols - 1,
    roi->height + factors->rows - 1,
  };

  gegl_rectangle_intersect (&needed, &needed, extent);
  gegl_buffer_copy (source, &needed, GEGL_ABYSS_NONE, copy, &needed);
  return copy;
}

gboolean
lrb_plugin_render (gint32 drawable_id, const LrbSettings *settings, GError **error)
{
  g_autoptr (LrbFactors) factors = NULL;
  GeglBuffer            *drawable, *source, *shadow;
  GeglRectangle          roi;
  LrbEngineConfig        config;
  gboolean               ok;

  if (!lrb_settings_prepare (settings, NULL, NULL, &factors, error))
    return FALSE;

  /* Nothing selected on this drawable: nothing to do, and that is fine. */
  if (!gimp_drawable_mask_intersect (drawable_id, &roi.x, &roi.y, &roi.width, &roi.height))
    return TRUE;

  lrb_settings_engine_config (settings, &config);
  if (config.threads == 0)
    config.threads = gimp_threads ();

  gimp_progress_init (_("Low-rank bokeh"));
  drawable = gimp_drawable_get_buffer (drawable_id);
  source = local_copy (drawable, &roi, factors);
  g_object_unref (drawable);
  shadow = gimp_drawable_get_shadow_buffer (drawable_id);

  /* The halo is read from outside the selection too, as GIMP's own blurs
   * do; lrb_gegl_apply writes `shadow` from this thread only. */
  ok = lrb_gegl_apply (source, shadow, &roi, factors, settings->gamma, settings->edge,
                       &config, report_progress, NULL, NULL, error);

  g_object_unref (shadow);
  g_object_unref (source);
  if (ok)
    {
      gimp_drawable_merge_shadow (drawable_id, TRUE);
      gimp_drawable_update (drawable_id, roi.x, roi.y, roi.width, roi.height);
    }
  gimp_progress_end ();
  return ok;
}
