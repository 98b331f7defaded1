/* lowrank-bokeh — a field of kernels over GEGL buffers, by windowed zones
 * ("efficient filter flow": Hirsch, Sra, Schölkopf, Harmeling, CVPR 2010;
 * Nagy & O'Leary 1998).  Σ_z K_z ∗ (w_z · I) with tents w_z that sum to 1:
 * the source-side form, in which each source pixel spreads a blend of its
 * neighbouring zones' kernels, close to its own.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-field.h"

#include <math.h>
#include <string.h>

typedef struct
{
  GeglBuffer *started;   /* the input through the look's start: premultiplied */
  GeglBuffer *sum;       /* Σ of the convolved pieces so far, over the area */
  GeglBuffer *cover;     /* Σ_z K_z ∗ w_z: the light a constant image sends to each
                          * pixel; NULL when the convolved alpha is it */
  const Babl *format;
  gint        n_channels;
  gint        channels;  /* this run's: n_channels, or 1 for `cover` */
  /* The zone being convolved: read-only while the engine runs. */
  LrbRect     support;   /* where its window is not zero, in buffer coordinates */
  gfloat     *weight_x;  /* the window along the support's columns … */
  gfloat     *weight_y;  /* … and rows */
} FieldRun;

typedef struct
{
  LrbProgressFunc progress;
  gpointer        data;
  gint            done, total;
} FieldProgress;

/* The zone's windowed piece: zero outside its support, so the engine's
 * halo reads cost a memset. */
static gboolean
field_read (gpointer user_data, const LrbRect *rect, gfloat *dest, gsize dest_stride,
            GError **error)
{
  FieldRun     *f = user_data;
  gint          c = f->channels;
  gint          x0 = MAX (rect->x, f->support.x), y0 = MAX (rect->y, f->support.y);
  gint          x1 = MIN (rect->x + rect->width, f->support.x + f->support.width);
  gint          y1 = MIN (rect->y + rect->height, f->support.y + f->support.height);
  GeglRectangle r = { x0, y0, x1 - x0, y1 - y0 };
  gfloat       *inside = dest + (gsize) (y0 - rect->y) * dest_stride + (gsize) (x0 - rect->x) * c;

  for (gint y = 0; y < rect->height; y++)
    memset (dest + y * dest_stride, 0, sizeof (gfloat) * rect->width * c);
  if (x1 <= x0 || y1 <= y0)
    return TRUE;
  if (c == f->n_channels)
    gegl_buffer_get (f->started, &r, 1.0, f->format, inside, dest_stride * sizeof (gfloat),
                     GEGL_ABYSS_NONE);
  else
    for (gint y = y0; y < y1; y++)
      for (gint x = x0; x < x1; x++)
        inside[(gsize) (y - y0) * dest_stride + (x - x0)] = 1.0f;
  for (gint y = y0; y < y1; y++)
    {
      gfloat *p = inside + (gsize) (y - y0) * dest_stride;
      gfloat  wy = f->weight_y[y - f->support.y];

      for (gint x = x0; x < x1; x++)
        {
          gfloat w = wy * f->weight_x[x - f->support.x];

          for (gint ch = 0; ch < c; ch++)
            *p++ *= w;
        }
    }
  return TRUE;
}

/* Engine tiles of one run do not overlap, so adding in place is safe. */
static gboolean
field_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
             GError **error)
{
  FieldRun     *f = user_data;
  GeglRectangle r = { rect->x, rect->y, rect->width, rect->height };
  gint          c = f->channels;
  GeglBuffer   *into = c == f->n_channels ? f->sum : f->cover;
  const Babl   *format = c == f->n_channels ? f->format : babl_format ("Y float");
  g_autofree gfloat *sum = g_new (gfloat, (gsize) rect->width * rect->height * c);

  gegl_buffer_get (into, &r, 1.0, format, sum, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gint y = 0; y < rect->height; y++)
    {
      gfloat *p = pixels + y * stride;
      gfloat *s = sum + (gsize) y * rect->width * c;

      for (gint x = 0; x < rect->width * c; x++)
        s[x] += p[x];
    }
  gegl_buffer_set (into, &r, 0, format, sum, GEGL_AUTO_ROWSTRIDE);
  return TRUE;
}

static void
field_progress (gdouble fraction, gpointer user_data)
{
  FieldProgress *p = user_data;

  p->progress ((p->done + fraction) / p->total, p->data);
}

/* The look's start, once for every zone: pieces overlap four times, and
 * γ's powf would be paid in each. */
static void
start_look (GeglBuffer *input, GeglBuffer *started, const Babl *format, gint c,
            const LrbLook *look, const gdouble *weights)
{
  GeglBufferIterator *it = gegl_buffer_iterator_new (started, NULL, 0, format,
                                                     GEGL_ACCESS_WRITE, GEGL_ABYSS_NONE, 2);

  gegl_buffer_iterator_add (it, input, NULL, 0, format, GEGL_ACCESS_READ, GEGL_ABYSS_NONE);
  while (gegl_buffer_iterator_next (it))
    {
      gfloat       *p = it->items[0].data;
      const gfloat *in = it->items[1].data;

      memcpy (p, in, sizeof (gfloat) * c * it->length);
      for (gint i = 0; i < it->length; i++, p += c)
        lrb_look_start_pixel (look, weights, p, c);
    }
}

/* The zone whose node is at or just before pixel x. */
static gint
first_zone (gint length, gint n, gint x)
{
  return n <= 1 ? 0 : (gint) ((gint64) x * (n - 1) / (length - 1));
}

/* Straight colour = premultiplied / convolved alpha, times the filters'
 * own sums (a rank-r kernel's Σ is not quite 1; the uniform run keeps it,
 * so a slider moving off 0 does not jump); alpha = convolved alpha over
 * the cover, so an opaque image stays opaque and a grey one grey however
 * the kernels lean (a clipped kernel's light shifts toward the centre). */
static void
finish_look (FieldRun *f, GeglBuffer *result, const GeglRectangle *area,
             const GeglRectangle *extent, gint nx, gint ny, gdouble blend,
             const gdouble *zone_sums,
             const LrbLook *look, const gdouble *weights)
{
  gint                c = f->n_channels;
  GeglBufferIterator *it = gegl_buffer_iterator_new (result, area, 0, f->format,
                                                     GEGL_ACCESS_WRITE, GEGL_ABYSS_NONE, 3);

  gegl_buffer_iterator_add (it, f->sum, area, 0, f->format, GEGL_ACCESS_READ, GEGL_ABYSS_NONE);
  if (f->cover)
    gegl_buffer_iterator_add (it, f->cover, area, 0, babl_format ("Y float"), GEGL_ACCESS_READ,
                              GEGL_ABYSS_NONE);
  while (gegl_buffer_iterator_next (it))
    {
      const GeglRectangle *roi = &it->items[0].roi;
      gfloat              *p = it->items[0].data;
      const gfloat        *cover = f->cover ? it->items[2].data : NULL;

      memcpy (p, it->items[1].data, sizeof (gfloat) * c * it->length);
      for (gint i = 0; i < it->length; i++, p += c)
        {
          gint    x = roi->x + i % roi->width - extent->x;
          gint    y = roi->y + i / roi->width - extent->y;
          gdouble filter_sum = 0.0;
          gfloat  convolved = p[c - 1], alpha;
          /* Only the two tents each way around (x, y) are not zero there. */
          gint    ky0 = first_zone (extent->height, ny, y);
          gint    kx0 = first_zone (extent->width, nx, x);

          for (gint ky = ky0; ky < MIN (ny, ky0 + 2); ky++)
            for (gint kx = kx0; kx < MIN (nx, kx0 + 2); kx++)
              filter_sum += lrb_field_zone_weight (extent->height, ny, blend, ky, y) *
                            lrb_field_zone_weight (extent->width, nx, blend, kx, x) *
                            zone_sums[ky * nx + kx];
          alpha = cover ? (cover[i] > 1e-7f ? convolved / cover[i] : 0.0f) : 1.0f;
          /* lrb_look_finish_pixel divides by the alpha it is given. */
          if (convolved > 1e-7f)
            for (gint ch = 0; ch < c - 1; ch++)
              p[ch] *= filter_sum * alpha / convolved;
          lrb_look_finish_pixel (look, weights, p, c, alpha);
        }
    }
}

/* One zone's piece, convolved and added into f->sum over `out`, and its
 * window into f->cover.  The cover counts every place as if the image
 * went on: by the run's edge, but clamp for a zero edge, so that there
 * alpha still fades as in the uniform run. */
static gboolean
run_zone (FieldRun *f, const LrbSettings *settings, const LrbKernel *kernel,
          const LrbRect *source, const LrbRect *out, const LrbEngineConfig *config,
          FieldProgress *progress, gdouble *kernel_sum, GCancellable *cancellable,
          GError **error)
{
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, error);
  g_autoptr (LrbFilter)   filter = NULL;
  LrbEngineIO             io;

  if (!analysis ||
      !(filter = lrb_settings_prepare_filter (settings, kernel, analysis, f->n_channels, out,
                                              NULL, error)))
    return FALSE;
  *kernel_sum = lrb_filter_kernel_sum (filter);
  io.n_channels = f->channels = f->n_channels;
  io.source = *source;
  io.output = *out;
  io.read = field_read;
  io.write = field_write;
  io.user_data = f;
  if (!lrb_engine_run_filter (filter, settings->edge, &io, config,
                              progress->progress ? field_progress : NULL, progress,
                              cancellable, NULL, error))
    return FALSE;
  if (!f->cover)
    return TRUE;
  io.n_channels = f->channels = 1;
  return lrb_engine_run_filter (filter, settings->edge == LRB_EDGE_ZERO ? LRB_EDGE_CLAMP :
                                settings->edge, &io, config, NULL, NULL, cancellable,
                                NULL, error);
}

gboolean
lrb_gegl_apply_field (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                      const LrbSettings *settings, const LrbKernel *kernel,
                      const LrbAnalysis *analysis, LrbProgressFunc progress,
                      gpointer progress_data, GCancellable *cancellable, GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (input);
  const LrbField      *field = &settings->field;
  LrbLook              look = { settings->gamma, settings->highlights };
  LrbEngineConfig      config;
  GeglRectangle        area;
  LrbRect              source = { extent->x, extent->y, extent->width, extent->height };
  FieldRun             f = { 0 };
  FieldProgress        p = { progress, progress_data, 0, 0 };
  GeglBuffer          *result;
  gdouble              weights[3], radius, blend = lrb_field_blend (field);
  gint                 zone, nx, ny, halo;
  g_autofree gdouble  *zone_sums = NULL;
  gboolean             ok = TRUE;

  if (!lrb_settings_validate (settings, error) ||
      !lrb_gegl_check_look (input, roi, &look, &area, error))
    return FALSE;
  lrb_settings_engine_config (settings, &config);
  f.format = lrb_gegl_work_format (input, &f.n_channels);
  if (lrb_field_is_uniform (field))
    {
      LrbRect               rect = { area.x, area.y, area.width, area.height };
      g_autoptr (LrbFilter) filter = lrb_settings_prepare_filter (settings, kernel, analysis,
                                                                  f.n_channels, &rect, NULL,
                                                                  error);

      return filter && lrb_gegl_apply_look (input, output, roi, filter, &look, settings->edge,
                                            &config, progress, progress_data, cancellable,
                                            error);
    }

  babl_space_get_rgb_luminance (babl_format_get_space (gegl_buffer_get_format (input)),
                                &weights[0], &weights[1], &weights[2]);
  radius = lrb_field_aperture_radius (kernel);
  zone = lrb_field_zone_size (field, kernel, extent->width, extent->height);
  nx = lrb_field_zone_count (extent->width, zone);
  ny = lrb_field_zone_count (extent->height, zone);
  halo = MAX (kernel->rows, kernel->cols);
  p.total = nx * ny;

  f.started = gegl_buffer_new (extent, f.format);
  start_look (input, f.started, f.format, f.n_channels, &look, weights);
  f.sum = gegl_buffer_new (&area, f.format);
  gegl_buffer_clear (f.sum, &area);
  /* Without alpha in the input and with an edge that repeats the image,
   * the convolved alpha is the cover itself: no second run. */
  if (babl_format_has_alpha (gegl_buffer_get_format (input)) || settings->edge == LRB_EDGE_ZERO)
    {
      f.cover = gegl_buffer_new (&area, babl_format ("Y float"));
      gegl_buffer_clear (f.cover, &area);
    }
  zone_sums = g_new0 (gdouble, nx * ny);

  for (gint ky = 0; ok && ky < ny; ky++)
    for (gint kx = 0; ok && kx < nx; kx++, p.done++)
      {
        g_autoptr (LrbKernel) zone_kernel = NULL;
        GeglRectangle         reach, out;
        gint                  x0, x1, y0, y1;

        lrb_field_zone_support (extent->width, nx, blend, kx, &x0, &x1);
        lrb_field_zone_support (extent->height, ny, blend, ky, &y0, &y1);
        /* The piece's light reaches one kernel beyond its support. */
        reach = (GeglRectangle) { extent->x + x0 - halo, extent->y + y0 - halo,
                                  x1 - x0 + 1 + 2 * halo, y1 - y0 + 1 + 2 * halo };
        if (!gegl_rectangle_intersect (&out, &reach, &area))
          continue;
        f.support = (LrbRect) { extent->x + x0, extent->y + y0, x1 - x0 + 1, y1 - y0 + 1 };
        f.weight_x = g_new (gfloat, f.support.width);
        f.weight_y = g_new (gfloat, f.support.height);
        for (gint x = x0; x <= x1; x++)
          f.weight_x[x - x0] = lrb_field_zone_weight (extent->width, nx, blend, kx, x);
        for (gint y = y0; y <= y1; y++)
          f.weight_y[y - y0] = lrb_field_zone_weight (extent->height, ny, blend, ky, y);
        zone_kernel = lrb_field_kernel_at (field, kernel, radius, extent->width, extent->height,
                                           lrb_field_zone_node (extent->width, nx, kx),
                                           lrb_field_zone_node (extent->height, ny, ky));
        ok = run_zone (&f, settings, zone_kernel, &source,
                       &(LrbRect) { out.x, out.y, out.width, out.height }, &config, &p,
                       &zone_sums[ky * nx + kx], cancellable, error);
        g_clear_pointer (&f.weight_x, g_free);
        g_clear_pointer (&f.weight_y, g_free);
      }

  if (ok)
    {
      result = gegl_buffer_new (&area, gegl_buffer_get_format (output));
      finish_look (&f, result, &area, extent, nx, ny, lrb_field_blend (field), zone_sums, &look,
                   weights);
      gegl_buffer_copy (result, &area, GEGL_ABYSS_NONE, output, &area);
      g_object_unref (result);
    }
  g_object_unref (f.started);
  g_object_unref (f.sum);
  g_clear_object (&f.cover);
  return ok;
}
