/* lowrank-bokeh — a blur job: prepare on the main thread, run anywhere.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-job.h"
#include "lrb-gegl-depth.h"

struct _LrbJob
{
  LrbSettings      settings;       /* its own copy */
  LrbFilter       *filter;         /* a uniform blur's */
  LrbDepthFilters *depth_filters;  /* depth of field's levels */
  gchar           *why;            /* the planner's reason for the filter's method */
  LrbEngineConfig  config;
  GeglRectangle    roi;
  GeglBuffer      *source;         /* the drawable's pixels the blur reads */
  GeglBuffer      *depth;          /* the depth map's, or NULL */
  GeglBuffer      *result;         /* roi, in the drawable's format */
};

/* GIMP hands its "number of threads" preference to the plug-in's GEGL. */
static gint
gimp_threads (void)
{
  gint threads = 0;

  g_object_get (gegl_config (), "threads", &threads, NULL);
  return MAX (threads, 1);
}

/* The selection plus the kernel's halo, within `extent`. */
static GeglRectangle
needed_rect (const GeglRectangle *extent, const GeglRectangle *roi, gint rows, gint cols)
{
  GeglRectangle needed = {
    roi->x - (cols - 1 - cols / 2),
    roi->y - (rows - 1 - rows / 2),
    roi->width + cols - 1,
    roi->height + rows - 1,
  };

  gegl_rectangle_intersect (&needed, &needed, extent);
  return needed;
}

/* What the blur reads of `drawable`, into a buffer of the drawable's
 * extent so that edges stay where the drawable's are. */
static GeglBuffer *
local_copy (GeglBuffer *drawable, const GeglRectangle *roi, gint rows, gint cols)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (drawable);
  GeglBuffer          *copy = gegl_buffer_new (extent, gegl_buffer_get_format (drawable));
  GeglRectangle        needed = needed_rect (extent, roi, rows, cols);

  gegl_buffer_copy (drawable, &needed, GEGL_ABYSS_NONE, copy, &needed);
  return copy;
}

LrbJob *
lrb_job_new (LrbDrawable drawable, LrbDrawable depth, const GeglRectangle *roi,
             const LrbSettings *settings, LrbDepthFilters **depth_cache, GError **error)
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
  job->settings = *settings;
  lrb_kernel_spec_copy (&settings->kernel, &job->settings.kernel);
  job->roi = *roi;
  lrb_settings_engine_config (settings, &job->config);
  if (job->config.threads == 0)
    job->config.threads = gimp_threads ();
  job->settings.threads = job->config.threads;

  pixels = gimp_drawable_get_buffer (drawable);
  if (depth != LRB_NO_DRAWABLE || settings->region.shape != LRB_FOCUS_REGION_NONE)
    {
      if (depth != LRB_NO_DRAWABLE)
        {
          GeglBuffer *map = gimp_drawable_get_buffer (depth);

          if (!lrb_gegl_check_depth (pixels, map, error))
            {
              g_object_unref (map);
              g_object_unref (pixels);
              lrb_job_free (job);
              return NULL;
            }
          job->depth = local_copy (map, roi, kernel->rows, kernel->cols);
          g_object_unref (map);
        }
      else
        {
          /* No map: the focus region's, sharp at 0, as `lrbokeh apply
           * --focus-region` makes it. */
          const GeglRectangle *extent = gegl_buffer_get_extent (pixels);
          GeglRectangle        needed = needed_rect (extent, roi, kernel->rows, kernel->cols);

          job->depth = gegl_buffer_new (extent, babl_format ("Y float"));
          lrb_focus_region_fill (&settings->region, job->depth, extent, &needed);
          job->settings.focus = (LrbFocus) { 0.0, 0.0, FALSE };
        }
      if (depth_cache && *depth_cache &&
          lrb_depth_filters_matches (*depth_cache, &job->settings, kernel))
        job->depth_filters = lrb_depth_filters_ref (*depth_cache);
      else
        {
          job->depth_filters = lrb_depth_filters_new (&job->settings, kernel);
          if (depth_cache)
            {
              lrb_depth_filters_free (*depth_cache);
              *depth_cache = lrb_depth_filters_ref (job->depth_filters);
            }
        }
      job->why = g_strdup ("depth of field: each depth level by its fastest method");
    }
  /* The planner picks separable, FFT or chord sums for this rectangle. */
  else if (!(job->filter = lrb_settings_prepare_filter (settings, kernel, analysis, n_channels,
                                                        &output, &job->why, error)))
    {
      g_object_unref (pixels);
      lrb_job_free (job);
      return NULL;
    }
  job->source = local_copy (pixels, roi, kernel->rows, kernel->cols);
  job->result = gegl_buffer_new (roi, gegl_buffer_get_format (pixels));
  g_object_unref (pixels);
  return job;
}

gboolean
lrb_job_run (LrbJob *job, LrbProgressFunc progress, gpointer progress_data,
             GCancellable *cancellable, GError **error)
{
  const LrbSettings *s = &job->settings;

  if (job->depth)
    return lrb_gegl_apply_depth (job->source, job->depth, job->result, &job->roi, s,
                                 job->depth_filters, progress, progress_data, cancellable,
                                 error);
  return lrb_gegl_apply_look (job->source, job->result, &job->roi, job->filter,
                              &(LrbLook) { s->gamma, s->highlights }, s->edge, &job->config,
                              progress, progress_data, cancellable, error);
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
  lrb_depth_filters_free (job->depth_filters);
  lrb_settings_clear (&job->settings);
  g_free (job->why);
  g_clear_object (&job->source);
  g_clear_object (&job->depth);
  g_clear_object (&job->result);
  g_free (job);
}
