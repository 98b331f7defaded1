/* lowrank-bokeh — the final run: a job over the selection, its result
 * merged through the shadow buffer (one undo step).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-render.h"
#include "lrb-plugin-job.h"
#include "lrb-intl.h"

static void
report_progress (gdouble fraction, gpointer user_data)
{
  gimp_progress_update (fraction);
}

gboolean
lrb_plugin_render (LrbDrawable drawable, LrbDrawable depth, const LrbSettings *settings,
                   GError **error)
{
  g_autoptr (LrbJob) job = NULL;
  GeglRectangle      roi;
  GeglBuffer        *shadow;

  /* Nothing selected on this drawable: nothing to do, and that is fine
   * (the settings are still checked, so a script learns of bad ones). */
  if (!gimp_drawable_mask_intersect (drawable, &roi.x, &roi.y, &roi.width, &roi.height))
    return lrb_settings_prepare (settings, NULL, NULL, NULL, error);

  job = lrb_job_new (drawable, depth, &roi, settings, NULL, error);
  if (!job)
    return FALSE;

  gimp_progress_init (_("Low-rank bokeh"));
  if (!lrb_job_run (job, report_progress, NULL, NULL, error))
    {
      gimp_progress_end ();
      return FALSE;
    }

  shadow = gimp_drawable_get_shadow_buffer (drawable);
  gegl_buffer_copy (lrb_job_result (job), &roi, GEGL_ABYSS_NONE, shadow, &roi);
  g_object_unref (shadow);
  gimp_drawable_merge_shadow (drawable, TRUE);
  gimp_drawable_update (drawable, roi.x, roi.y, roi.width, roi.height);
  gimp_progress_end ();
  return TRUE;
}
