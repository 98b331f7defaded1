/* lowrank-bokeh — the GEGL driver.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct
{
  GeglBuffer *input;
  GeglBuffer *result;
  const Babl *format;     /* straight-alpha linear float: "RGBA float" or "YA float" */
  gint        n_channels;
  const LrbLook *look;
  gdouble     weights[3]; /* the space's luminance factors */
  gfloat      kernel_sum; /* Σ K_r: a truncated kernel does not sum to 1 */
} Driver;

void
lrb_look_start_pixel (const LrbLook *look, const gdouble *weights, gfloat *p, gint c)
{
  gfloat alpha = p[c - 1];
  gfloat gamma = look->gamma;

  if (lrb_highlights_active (&look->highlights))
    lrb_highlights_boost_pixel (&look->highlights, weights, p, c - 1);
  /* γ = 1 leaves out-of-gamut values be. */
  for (gint ch = 0; ch < c - 1; ch++)
    p[ch] = (gamma == 1.0f ? p[ch] : powf (MAX (p[ch], 0.0f), gamma)) * alpha;
}

void
lrb_look_finish_pixel (const LrbLook *look, const gdouble *weights, gfloat *p, gint c,
                       gfloat alpha)
{
  gfloat gamma = look->gamma;

  for (gint ch = 0; ch < c - 1; ch++)
    {
      /* Where nothing opaque reached, there is no colour to keep. */
      gfloat v = alpha > 1e-7f ? p[ch] / alpha : 0.0f;
      p[ch] = gamma == 1.0f ? v : powf (MAX (v, 0.0f), 1.0f / gamma);
    }
  if (lrb_highlights_active (&look->highlights))
    lrb_highlights_restore_pixel (&look->highlights, weights, p, c - 1);
  p[c - 1] = alpha;
}

static gboolean
driver_read (gpointer user_data, const LrbRect *rect, gfloat *dest, gsize dest_stride,
             GError **error)
{
  Driver       *d = user_data;
  GeglRectangle r = { rect->x, rect->y, rect->width, rect->height };
  gint          c = d->n_channels;

  gegl_buffer_get (d->input, &r, 1.0, d->format, dest, dest_stride * sizeof (gfloat),
                   GEGL_ABYSS_NONE);
  for (gint y = 0; y < rect->height; y++)
    {
      gfloat *p = dest + y * dest_stride;

      for (gint x = 0; x < rect->width; x++, p += c)
        lrb_look_start_pixel (d->look, d->weights, p, c);
    }
  return TRUE;
}

static gboolean
driver_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
              GError **error)
{
  Driver       *d = user_data;
  GeglRectangle r = { rect->x, rect->y, rect->width, rect->height };
  gint          c = d->n_channels;

  for (gint y = 0; y < rect->height; y++)
    {
      gfloat *p = pixels + y * stride;

      /* Alpha is filtered with K_r / ΣK_r, so an opaque image stays
       * opaque and its colour is exactly K_r ∗ c (DESIGN.md §3). */
      for (gint x = 0; x < rect->width; x++, p += c)
        lrb_look_finish_pixel (d->look, d->weights, p, c, p[c - 1] / d->kernel_sum);
    }
  gegl_buffer_set (d->result, &r, 0, d->format, pixels, stride * sizeof (gfloat));
  return TRUE;
}

const Babl *
lrb_gegl_work_format (GeglBuffer *input, gint *n_channels)
{
  const Babl *format = gegl_buffer_get_format (input);
  gboolean    gray = (babl_get_model_flags (babl_format_get_model (format)) &
                      BABL_MODEL_FLAG_GRAY) != 0;

  *n_channels = gray ? 2 : 4;
  return babl_format_with_space (gray ? "YA float" : "RGBA float", format);
}

gboolean
lrb_gegl_apply (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                const LrbFactors *factors, gdouble gamma, LrbEdgeMode edge,
                const LrbEngineConfig *config, LrbProgressFunc progress, gpointer progress_data,
                GCancellable *cancellable, GError **error)
{
  g_autoptr (LrbFilter) filter = lrb_filter_new (NULL, factors, LRB_METHOD_SEPARABLE, error);

  return filter && lrb_gegl_apply_filter (input, output, roi, filter, gamma, edge, config,
                                          progress, progress_data, cancellable, error);
}

gboolean
lrb_gegl_apply_filter (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                       const LrbFilter *filter, gdouble gamma, LrbEdgeMode edge,
                       const LrbEngineConfig *config, LrbProgressFunc progress,
                       gpointer progress_data, GCancellable *cancellable, GError **error)
{
  LrbLook look = { .gamma = gamma };

  lrb_highlights_init (&look.highlights);
  return lrb_gegl_apply_look (input, output, roi, filter, &look, edge, config, progress,
                              progress_data, cancellable, error);
}

gboolean
lrb_gegl_check_look (GeglBuffer *input, const GeglRectangle *roi, const LrbLook *look,
                     GeglRectangle *area, GError **error)
{
  if (!(look->gamma >= 1.0 && isfinite (look->gamma)))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "gamma %g is out of range (at least 1)", look->gamma);
      return FALSE;
    }
  if (!lrb_highlights_validate (&look->highlights, error))
    return FALSE;
  if (!gegl_rectangle_intersect (area, roi ? roi : gegl_buffer_get_extent (input),
                                 gegl_buffer_get_extent (input)))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "the area to filter lies outside the image");
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_gegl_apply_look (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                     const LrbFilter *filter, const LrbLook *look, LrbEdgeMode edge,
                     const LrbEngineConfig *config, LrbProgressFunc progress,
                     gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (input);
  GeglRectangle        area;
  Driver               d;
  LrbEngineIO          io;
  gboolean             ok;

  if (!lrb_gegl_check_look (input, roi, look, &area, error))
    return FALSE;

  d.input = input;
  d.look = look;
  babl_space_get_rgb_luminance (babl_format_get_space (gegl_buffer_get_format (input)),
                                &d.weights[0], &d.weights[1], &d.weights[2]);
  d.kernel_sum = lrb_filter_kernel_sum (filter);
  /* A band-pass kernel sums to about 0: nothing to rescale by. */
  if (!(fabsf (d.kernel_sum) > 1e-6f))
    d.kernel_sum = 1.0f;
  d.format = lrb_gegl_work_format (input, &d.n_channels);
  d.result = gegl_buffer_new (&area, gegl_buffer_get_format (output));

  io.n_channels = d.n_channels;
  io.source = (LrbRect) { extent->x, extent->y, extent->width, extent->height };
  io.output = (LrbRect) { area.x, area.y, area.width, area.height };
  io.read = driver_read;
  io.write = driver_write;
  io.user_data = &d;

  ok = lrb_engine_run_filter (filter, edge, &io, config, progress, progress_data, cancellable,
                              NULL, error);
  if (ok)
    gegl_buffer_copy (d.result, &area, GEGL_ABYSS_NONE, output, &area);
  g_object_unref (d.result);
  return ok;
}

gpointer
lrb_plane_new (gsize bytes, gboolean zero)
{
  gpointer plane = NULL;

#if defined(MADV_HUGEPAGE)
  if (posix_memalign (&plane, 2 << 20, bytes) != 0)
    return NULL;
  madvise (plane, bytes, MADV_HUGEPAGE);
#else
  plane = g_try_malloc (bytes);
#endif
  if (plane && zero)
    memset (plane, 0, bytes);
  return plane;
}

void
lrb_plane_free (gpointer plane)
{
#if defined(MADV_HUGEPAGE)
  free (plane);
#else
  g_free (plane);
#endif
}

void
lrb_gegl_exit (gdouble timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_seconds * G_USEC_PER_SEC);

  for (;;)
    {
      gboolean busy = FALSE;

      g_object_get (gegl_stats (), "swap-busy", &busy, NULL);
      if (!busy || g_get_monotonic_time () >= deadline)
        break;
      g_usleep (10 * 1000);
    }
  gegl_exit ();
}
