/* lowrank-bokeh — a blur job: prepare on the main thread, run anywhere.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-job.h"
#include "lrb-gegl.h"

struct _LrbJob
{
  LrbFactors     *factors;
  gdouble         gamma;
  LrbEdgeMode     edge;
  LrbEngineConfig config;
  GeglRectangle   roi;
  GeglBuffer     *source; /* the drawable's pixels the blur reads */
  GeglBuffer     *result; /* roi, in the drawable's format */
};

/* GIMP hands its "number of threads" preference to the plug-in's GEGL. */
static gint
gimp_threads (void)
{
  gint threads = 0;

  g_object_get (gegl_config (), "threads", &threads, NULL);
  return MAX (threads, 1);
}

/* The selection plus the kernel's halo, into a buffer of the drawable's
 * extent so that edges stay where the drawable's are. */
static GeglBuffer *
local_copy (GeglBuffer *drawable, const GeglRectangle *roi, const LrbFactors *factors)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (drawable);
  GeglBuffer          *copy = gegl_buffer_new (extent, gegl_buffer_get_format (drawable));
  GeglRectangle        needed = {
    roi->x - (factors->cols - 1 - factors->cols / 2),
    roi->y - (factors->rows - 1 - factors->rows / 2),
    roi->width + factors->cols - 1,
    roi->height + factors->rows - 1,
  };

  gegl_rectangle_intersect (&needed, &needed, extent);
  gegl_buffer_copy (drawable, &needed, GEGL_ABYSS_NONE, copy, &needed);
  return copy;
}

LrbJob *
lrb_job_new (gint32 drawable_id, const GeglRectangle *roi, const LrbSettings *settings,
             GError **error)
{
  g_autoptr (LrbFactors) factors = NULL;
  LrbJob                *job;
  GeglBuffer            *drawable;

  if (!lrb_settings_prepare (settings, NULL, NULL, &factors, error))
    return NULL;

  job = g_new0 (LrbJob, 1);
  job->factors = g_steal_pointer (&factors);
  job->gamma = settings->gamma;
  job->edge = settings->edge;
  job->roi = *roi;
  lrb_settings_engine_config (settings, &job->config);
  if (job->config.threads == 0)
    job->config.threads = gimp_threads ();

  drawable = gimp_drawable_get_buffer (drawable_id);
  job->source = local_copy (drawable, roi, job->factors);
  job->result = gegl_buffer_new (roi, gegl_buffer_get_format (drawable));
  g_object_unref (drawable);
  return job;
}

gboolean
lrb_job_run (LrbJob *job, LrbProgressFunc progress, gpointer progress_data,
             GCancellable *cancellable, GError **error)
{
  return lrb_gegl_apply (job->source, job->result, &job->roi, job->factors, job->gamma,
                         job->edge, &job->config, progress, progress_data, cancellable, error);
}

GeglBuffer *
lrb_job_result (LrbJob *job)
{
  return job->result;
}

const GeglRectangle *
lrb_job_roi (LrbJob *job)
{
  return &job->roi;
}

void
lrb_job_free (LrbJob *job)
{
  if (!job)
    return;
  lrb_factors_free (job->factors);
  g_clear_object (&job->source);
  g_clear_object (&job->result);
  g_free (job);
}
