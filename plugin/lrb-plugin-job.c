/* lowrank-bokeh — a blur job: prepare on the main thread, run anywhere.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-job.h"
#include "lrb-depth-grain.h"
#include "lrb-gegl-depth.h"
#include "lrb-gegl-field.h"

#include <string.h>

struct _LrbJob
{
  LrbSettings      settings;       /* its own copy */
  LrbKernel       *kernel;
  LrbAnalysis     *analysis;
  LrbFilter       *filter;         /* a uniform blur's */
  LrbDepthFilters *depth_filters;  /* depth of field's levels */
  gchar           *why;            /* the planner's reason for the filter's method */
  LrbEngineConfig  config;
  GeglRectangle    roi;
  GeglBuffer      *source;         /* the drawable's pixels the blur reads */
  GeglBuffer      *depth;          /* the depth map's, or NULL */
  GeglBuffer      *result;         /* roi, in the drawable's format */
  LrbGrain         grain;          /* put back after the blur, when settings.grain */
};

void
lrb_job_cache_clear (LrbJobCache *cache)
{
  g_clear_pointer (&cache->depth_filters, lrb_depth_filters_free);
  g_clear_object (&cache->camera_map);
  cache->grain_measured = FALSE;
}

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

/* The map a camera makes of the whole depth drawable (its scene's range
 * is the whole map's), or the cached one for the same drawable and
 * optics; sets settings->focus and the kernel's radius. */
static GeglBuffer *
camera_map (LrbDrawable depth, GeglBuffer *map, gint width, LrbSettings *settings,
            LrbJobCache *cache, GError **error)
{
  GeglBuffer *made;

  if (cache && cache->camera_map && cache->camera_depth_id == lrb_drawable_get_id (depth) &&
      memcmp (&cache->camera, &settings->camera, sizeof settings->camera) == 0 &&
      cache->camera_invert == settings->focus.invert)
    {
      settings->focus = cache->camera_focus;
      settings->kernel.radius = cache->camera_radius;
      return g_object_ref (cache->camera_map);
    }
  if (cache)
    {
      g_clear_object (&cache->camera_map);
      cache->camera_invert = settings->focus.invert;
    }
  if (!(made = lrb_settings_camera_depth (settings, map, width, error)))
    return NULL;
  if (cache)
    {
      cache->camera_map = g_object_ref (made);
      cache->camera_depth_id = lrb_drawable_get_id (depth);
      cache->camera = settings->camera;
      cache->camera_focus = settings->focus;
      cache->camera_radius = settings->kernel.radius;
    }
  return made;
}

/* The depth map the job reads: the drawable's pixels within the kernel's
 * reach, a camera's map of it, or a focus region's. */
static gboolean
job_depth (LrbJob *job, GeglBuffer *pixels, LrbDrawable depth, LrbJobCache *cache,
           GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (pixels);
  g_autoptr (GeglBuffer) map = NULL;

  if (depth == LRB_NO_DRAWABLE)
    {
      /* No map: the focus region's, sharp at 0, as `lrbokeh apply
       * --focus-region` makes it (the kernel is made before: a region
       * does not change it). */
      GeglRectangle needed = needed_rect (extent, &job->roi, job->kernel->rows,
                                          job->kernel->cols);

      job->depth = gegl_buffer_new (extent, babl_format ("Y float"));
      lrb_focus_region_fill (&job->settings.region, job->depth, extent, &needed);
      job->settings.focus = (LrbFocus) { 0.0, 0.0, FALSE };
      return TRUE;
    }
  map = gimp_drawable_get_buffer (depth);
  if (!lrb_gegl_check_depth (pixels, map, error))
    return FALSE;
  if (job->settings.use_camera)
    job->depth = camera_map (depth, map, extent->width, &job->settings, cache, error);
  else
    job->depth = g_object_ref (map);
  return job->depth != NULL;
}

static gboolean
job_prepare_kernel (LrbJob *job, GError **error)
{
  g_clear_pointer (&job->kernel, lrb_kernel_free);
  g_clear_pointer (&job->analysis, lrb_analysis_free);
  return lrb_settings_prepare (&job->settings, &job->kernel, &job->analysis, NULL, error);
}

LrbJob *
lrb_job_new (LrbDrawable drawable, LrbDrawable depth, const GeglRectangle *roi,
             const LrbSettings *settings, LrbJobCache *cache, GError **error)
{
  LrbRect                output = { roi->x, roi->y, roi->width, roi->height };
  gint                   n_channels = gimp_drawable_is_gray (drawable) ? 2 : 4;
  gboolean               with_depth = depth != LRB_NO_DRAWABLE ||
                                      settings->region.shape != LRB_FOCUS_REGION_NONE;
  g_autoptr (LrbJob)     job = g_new0 (LrbJob, 1);
  g_autoptr (GeglBuffer) pixels = NULL;

  job->settings = *settings;
  lrb_kernel_spec_copy (&settings->kernel, &job->settings.kernel);
  job->roi = *roi;
  if (!job_prepare_kernel (job, error))
    return NULL;
  lrb_settings_engine_config (settings, &job->config);
  if (job->config.threads == 0)
    job->config.threads = gimp_threads ();
  job->settings.threads = job->config.threads;

  pixels = gimp_drawable_get_buffer (drawable);
  if (with_depth)
    {
      if (!job_depth (job, pixels, depth, cache, error))
        return NULL;
      /* A camera sets the kernel's size, which nobody knows beforehand: a
       * rank above it keeps every term (as in the CLI and the operation). */
      if (job->settings.use_camera && depth != LRB_NO_DRAWABLE)
        {
          if (!job_prepare_kernel (job, error))
            return NULL;
          if (job->settings.rank > job->analysis->n_values)
            job->settings.rank = job->analysis->n_values;
        }
      if (depth != LRB_NO_DRAWABLE && !job->settings.use_camera)
        {
          /* A swirl or an oval widens the kernel the field starts from. */
          g_autoptr (LrbKernel) base = lrb_field_base (&settings->field, job->kernel);
          GeglBuffer           *copy = local_copy (job->depth, roi, base->rows, base->cols);

          g_object_unref (job->depth);
          job->depth = copy;
        }
      if (cache && cache->depth_filters &&
          lrb_depth_filters_matches (cache->depth_filters, &job->settings, job->kernel))
        job->depth_filters = lrb_depth_filters_ref (cache->depth_filters);
      else
        {
          job->depth_filters = lrb_depth_filters_new (&job->settings, job->kernel);
          if (cache)
            {
              lrb_depth_filters_free (cache->depth_filters);
              cache->depth_filters = lrb_depth_filters_ref (job->depth_filters);
            }
        }
      job->why = g_strdup ("depth of field: each depth level by its fastest method");
    }
  else if (!lrb_field_is_uniform (&settings->field))
    job->why = g_strdup ("cat's eye: each zone of the frame by its own kernel");
  /* The planner picks separable, FFT or chord sums for this rectangle. */
  else if (!(job->filter = lrb_settings_prepare_filter (settings, job->kernel, job->analysis,
                                                        n_channels, &output, &job->why,
                                                        error)))
    return NULL;

  /* The whole photo's grain, so that a preview shows the final run's. */
  if (settings->grain.enabled)
    {
      if (cache && cache->grain_measured && settings->grain.level < 0.0)
        job->grain = cache->grain;
      else
        lrb_grain_resolve (&settings->grain, pixels, &job->grain);
      job->grain.seed = settings->grain.seed;
      if (cache && settings->grain.level < 0.0)
        {
          cache->grain = job->grain;
          cache->grain_measured = TRUE;
        }
    }
  /* A swirl or an oval widens the kernel the field starts from. */
  {
    g_autoptr (LrbKernel) base = job->filter ? NULL
                                             : lrb_field_base (&settings->field, job->kernel);
    const LrbKernel      *reach = base ? base : job->kernel;

    job->source = local_copy (pixels, roi, reach->rows, reach->cols);
  }
  job->result = gegl_buffer_new (roi, gegl_buffer_get_format (pixels));
  return g_steal_pointer (&job);
}

gboolean
lrb_job_run (LrbJob *job, LrbProgressFunc progress, gpointer progress_data,
             GCancellable *cancellable, GError **error)
{
  const LrbSettings *s = &job->settings;
  gboolean           ok;

  if (job->depth)
    ok = lrb_gegl_apply_depth (job->source, job->depth, job->result, &job->roi, s,
                               job->depth_filters, progress, progress_data, cancellable,
                               error);
  else if (!job->filter)
    ok = lrb_gegl_apply_field (job->source, job->result, &job->roi, s, job->kernel,
                               job->analysis, progress, progress_data, cancellable, error);
  else
    ok = lrb_gegl_apply_look (job->source, job->result, &job->roi, job->filter,
                              &(LrbLook) { s->gamma, s->highlights }, s->edge, &job->config,
                              progress, progress_data, cancellable, error);
  return ok && (!s->grain.enabled ||
                lrb_gegl_add_grain (job->result, &job->roi, job->depth, s, job->kernel,
                                    &job->grain, error));
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
  lrb_kernel_free (job->kernel);
  lrb_analysis_free (job->analysis);
  lrb_depth_filters_free (job->depth_filters);
  lrb_settings_clear (&job->settings);
  g_free (job->why);
  g_clear_object (&job->source);
  g_clear_object (&job->depth);
  g_clear_object (&job->result);
  g_free (job);
}
