/* lowrank-bokeh — live preview through the same job as the final run.
 *
 * The job is prepared on the main thread (libgimp's tile transfers are not
 * thread-safe), run in a GTask thread, and drawn back on the main thread.
 * A newer request cancels the running one; its late result is dropped.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-preview.h"
#include "lrb-plugin-job.h"

#include <string.h>

struct _LrbPreview
{
  LrbDrawable     drawable;
  GimpPreview    *widget;
  LrbPreviewDone  done;
  gpointer        data;
  GCancellable   *running;     /* of the newest request */
  guint           generation;  /* bumped per request */
  GPtrArray      *in_flight;   /* Requests whose thread has not reported */
  LrbJobCache     cache;       /* what one render leaves for the next */
};

typedef struct
{
  LrbPreview *preview; /* NULL once the preview is gone */
  LrbJob     *job;
  guint       generation;
  gint64      started;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  lrb_job_free (request->job);
  g_free (request);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Request *request = task_data;
  GError  *error = NULL;

  if (lrb_job_run (request->job, NULL, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static const Babl *
preview_format (LrbDrawable drawable)
{
  gboolean alpha = gimp_drawable_has_alpha (drawable);

  if (gimp_drawable_is_gray (drawable))
    return babl_format (alpha ? "Y'A u8" : "Y' u8");
  return babl_format (alpha ? "R'G'B'A u8" : "R'G'B' u8");
}

static void
finished (GObject *source, GAsyncResult *result, gpointer data)
{
  Request            *request = g_task_get_task_data (G_TASK (result));
  LrbPreview         *preview = request->preview;
  g_autoptr (GError)  error = NULL;

  if (preview)
    g_ptr_array_remove_fast (preview->in_flight, request);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (preview && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          request->generation == preview->generation)
        preview->done (-1, NULL, error, preview->data);
      return;
    }
  if (!preview || request->generation != preview->generation)
    return;

  {
    const GeglRectangle *roi = lrb_job_roi (request->job);
    const Babl          *format = preview_format (preview->drawable);
    gint                 bpp = babl_format_get_bytes_per_pixel (format);
    g_autofree guchar   *pixels = g_malloc ((gsize) roi->width * roi->height * bpp);

    gegl_buffer_get (lrb_job_result (request->job), roi, 1.0, format, pixels,
                     roi->width * bpp, GEGL_ABYSS_NONE);
    gdouble              ms;

    gimp_preview_draw_buffer (preview->widget, pixels, roi->width * bpp);
    ms = (g_get_monotonic_time () - request->started) / 1000.0;
    /* For the GUI test and the benchmark. */
    if (g_getenv ("LRB_PREVIEW_LOG"))
      g_printerr ("lowrank-bokeh: preview %d×%d in %.1f ms\n", roi->width, roi->height, ms);
    preview->done (ms, lrb_job_method (request->job), NULL, preview->data);
  }
}

LrbPreview *
lrb_preview_new (LrbDrawable drawable, GimpPreview *widget, LrbPreviewDone done, gpointer data)
{
  LrbPreview *preview = g_new0 (LrbPreview, 1);

  preview->drawable = drawable;
  preview->widget = widget;
  preview->done = done;
  preview->data = data;
  preview->in_flight = g_ptr_array_new ();
  return preview;
}

void
lrb_preview_update (LrbPreview *preview, const LrbSettings *settings, LrbDrawable depth)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GError) error = NULL;
  Request           *request;
  GeglRectangle      roi;
  gint64             started = g_get_monotonic_time ();
  LrbJob            *job;

  if (preview->running)
    {
      g_cancellable_cancel (preview->running);
      g_clear_object (&preview->running);
    }
  preview->generation++;

  if (!gimp_preview_get_update (preview->widget))
    return;

  gimp_preview_get_position (preview->widget, &roi.x, &roi.y);
  gimp_preview_get_size (preview->widget, &roi.width, &roi.height);
  job = lrb_job_new (preview->drawable, depth, &roi, settings, &preview->cache, &error);
  if (!job)
    {
      preview->done (-1, NULL, error, preview->data);
      return;
    }

  request = g_new0 (Request, 1);
  request->preview = preview;
  request->job = job;
  request->generation = preview->generation;
  request->started = started;

  g_ptr_array_add (preview->in_flight, request);
  preview->running = g_cancellable_new ();
  task = g_task_new (NULL, preview->running, finished, NULL);
  g_task_set_task_data (task, request, request_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
lrb_preview_camera_radius (LrbPreview *preview, const LrbSettings *settings, gdouble *radius)
{
  const LrbJobCache *cache = &preview->cache;

  /* With the preview turned off the map is of older optics. */
  if (!cache->camera_map || cache->camera_invert != settings->focus.invert ||
      memcmp (&cache->camera, &settings->camera, sizeof cache->camera) != 0)
    return FALSE;
  *radius = preview->cache.camera_radius;
  return TRUE;
}

gboolean
lrb_preview_measured_grain (LrbPreview *preview, LrbGrain *grain)
{
  if (!preview->cache.grain_measured)
    return FALSE;
  *grain = preview->cache.grain;
  return TRUE;
}

void
lrb_preview_free (LrbPreview *preview)
{
  if (!preview)
    return;
  if (preview->running)
    {
      g_cancellable_cancel (preview->running);
      g_object_unref (preview->running);
    }
  /* Requests still in flight finish on their own, cancelled; they must
   * not call back into a freed preview. */
  for (guint i = 0; i < preview->in_flight->len; i++)
    ((Request *) g_ptr_array_index (preview->in_flight, i))->preview = NULL;
  g_ptr_array_free (preview->in_flight, TRUE);
  lrb_job_cache_clear (&preview->cache);
  g_free (preview);
}
