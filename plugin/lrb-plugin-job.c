/* lowrank-bokeh — a blur job: prepare on the main thread, run anywhere.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-job.h"
#include "lrb-gegl.h"

struct _LrbJob
{
  LrbFilter      *filter;
  gchar          *why;    /* the planner's reason for the filter's method */
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
local_copy (GeglBuffer *drawable, const GeglRectangle *roi, const LrbFilter *filter)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (drawable);
  GeglBuffer          *copy = gegl_buffer_new (extent, gegl_buffer_get_format (drawable));
  gint                 rows = lrb_filter_get_rows (filter), cols = lrb_filter_get_cols (filter);
  GeglRectangle        needed = {
    roi->x - (cols - 1 - cols / 2),
    roi->y - (rows - 1 - rows / 2),
    roi->width + cols - 1,
    roi->height + rows - 1,
  };

  gegl_rectangle_intersect (&needed, &needed, extent);
  gegl_buffer_copy (drawable, &needed, GEGL_ABYSS_NONE, copy, &needed);
  return copy;
}

LrbJob *
lrb_job_new (LrbDrawable drawable, const GeglRectangle *roi, const LrbSettings *settings,
             GError **error)
{
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  LrbRect                 output = { roi->x, roi->y, roi->width, roi->height };
  gint                    n_channels = gimp_drawable_is_gray (drawable) ? 2 : 4;
  LrbJob                 *job;
  GeglBuffer             *pixels;

  if (!lrb_settings_prepare (settings, &kernel, &analysis, NULL, error))
    return NULL;

  job = g_new0 (LrbJob, 1);
  /* The planner picks separable, FFT or chord sums for this rectangle. */
  job->filter = lrb_settings_prepare_filter (settings, kernel, analysis, n_channels, &output,
                                             &job->why, error);
  if (!job->filter)
    {
      lrb_job_free (job);
      return NULL;
    }
  job->gamma = settings->gamma;
  job->edge = settings->edge;
  job->roi = *roi;
  lrb_settings_engine_config (settings, &job->config);
  if (job->config.threads == 0)
    job->config.threads = gimp_threads ();

  pixels = gimp_drawable_get_buffer (drawable);
  job->source = local_copy (pixels, roi, job->filter);
  job->result = gegl_buffer_new (roi, gegl_buffer_get_format (pixels));
  g_object_unref (pixels);
  return job;
}

gboolean
lrb_job_run (LrbJob *job, LrbProgressFunc progress, gpointer progress_data,
             GCancellable *cancellable, GError **error)
{
  return lrb_gegl_apply_filter (job->source, job->result, &job->roi, job->filter, job->gamma,
                                job->edge, &job->config, progress, progress_data, cancellable,
                                error);
}

const gchar *
lrb_job_method (LrbJob *job)
{
  return job->why ? job->why : lrb_method_to_name (lrb_filter_get_method (job->filter));
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
  lrb_filter_free (job->filter);
  g_free (job->why);
  g_clear_object (&job->source);
  g_clear_object (&job->result);
  g_free (job);
}
