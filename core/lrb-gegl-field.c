/* lowrank-bokeh — a field of kernels over GEGL buffers, by windowed zones
 * ("efficient filter flow": Hirsch, Sra, Schölkopf, Harmeling, CVPR 2010;
 * Nagy & O'Leary 1998).  Σ_z K_z ∗ (w_z · I) with tents w_z that sum to 1:
 * the source-side form, in which each source pixel spreads a blend of its
 * neighbouring zones' kernels, close to its own.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-field.h"

#include <math.h>
#include <string.h>

#include "lrb-gegl-axial.h"
#include "lrb-gegl-field-zones.h"
#include "lrb-method.h"

/* The engine's way, one run per zone: for filters other than the FFT,
 * which the zones' whole blocks (lrb-gegl-field-zones.c) do faster. */
typedef struct
{
  LrbFieldZones z;
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
  gfloat       *inside = dest + (gsize) (y0 - rect->y) * dest_stride + (gsize) (x0 - rect->x) * c;

  for (gint y = 0; y < rect->height; y++)
    memset (dest + y * dest_stride, 0, sizeof (gfloat) * rect->width * c);
  if (x1 <= x0 || y1 <= y0)
    return TRUE;
  if (c == f->z.n_channels)
    for (gint y = y0; y < y1; y++)
      memcpy (inside + (gsize) (y - y0) * dest_stride,
              f->z.started + ((gsize) (y - f->z.extent.y) * f->z.extent.width +
                              (x0 - f->z.extent.x)) * c,
              sizeof (gfloat) * (x1 - x0) * c);
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
  FieldRun *f = user_data;
  gint      c = f->channels;
  gfloat   *into = c == f->z.n_channels ? f->z.sum : f->z.cover;

  for (gint y = 0; y < rect->height; y++)
    {
      gfloat *p = pixels + y * stride;
      gfloat *s = into + ((gsize) (rect->y - f->z.area.y + y) * f->z.area.width +
                          (rect->x - f->z.area.x)) * c;

      for (gint x = 0; x < rect->width * c; x++)
        s[x] += p[x];
    }
  return TRUE;
}

static void
field_progress (gdouble fraction, gpointer user_data)
{
  FieldProgress *p = user_data;

  p->progress ((p->done + fraction) / p->total, p->data);
}

/* What the look's two ends share, for the bands of in_bands. */
typedef struct
{
  const LrbFieldZones *z;
  GeglBuffer          *input, *output;
  const LrbLook       *look;
  const gdouble       *weights;
} LookEnds;

typedef void (*BandFunc) (const LrbFieldZones *z, const LookEnds *ends,
                          const GeglRectangle *band);

typedef struct
{
  BandFunc        func;
  const LookEnds *ends;
  GeglRectangle   band;
} Band;

static gpointer
band_thread (gpointer data)
{
  Band *b = data;

  b->func (b->ends->z, b->ends, &b->band);
  return NULL;
}

/* The look's ends are per pixel and the engine's reads and writes do them
 * in its threads for the uniform run: so do these, in row bands. */
static void
in_bands (const GeglRectangle *rect, gint threads, BandFunc func, const LookEnds *ends)
{
  Band     bands[LRB_MAX_THREADS];
  GThread *running[LRB_MAX_THREADS];
  gint     n = CLAMP (threads, 1, MAX (1, rect->height));

  for (gint i = 0; i < n; i++)
    {
      gint y0 = rect->y + (gint) ((gint64) rect->height * i / n);
      gint y1 = rect->y + (gint) ((gint64) rect->height * (i + 1) / n);

      bands[i] = (Band) { func, ends, { rect->x, y0, rect->width, y1 - y0 } };
      running[i] = i > 0 ? g_thread_new ("lrb-field-look", band_thread, &bands[i]) : NULL;
    }
  band_thread (&bands[0]);
  for (gint i = 1; i < n; i++)
    g_thread_join (running[i]);
}

/* The look's start, once for every zone: pieces overlap four times, and
 * γ's powf would be paid in each. */
static void
start_band (const LrbFieldZones *z, const LookEnds *ends, const GeglRectangle *band)
{
  gint    c = z->n_channels;
  gfloat *p = z->started + (gsize) (band->y - z->extent.y) * z->extent.width * c;

  gegl_buffer_get (ends->input, band, 1.0, z->format, p, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gsize i = 0; i < (gsize) band->width * band->height; i++, p += c)
    lrb_look_start_pixel (ends->look, ends->weights, p, c);
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
finish_band (const LrbFieldZones *z, const LookEnds *ends, const GeglRectangle *band)
{
  gint                 c = z->n_channels;
  const GeglRectangle *extent = &z->extent, *area = &z->area;
  const LrbLook       *look = ends->look;
  const gdouble       *weights = ends->weights;
  GeglBufferIterator  *it = gegl_buffer_iterator_new (ends->output, band, 0, z->format,
                                                      GEGL_ACCESS_WRITE, GEGL_ABYSS_NONE, 1);

  while (gegl_buffer_iterator_next (it))
    {
      const GeglRectangle *roi = &it->items[0].roi;
      gfloat              *p = it->items[0].data;

      for (gint i = 0; i < it->length; i++, p += c)
        {
          gint    x = roi->x + i % roi->width - extent->x;
          gint    y = roi->y + i / roi->width - extent->y;
          gsize   at = (gsize) (roi->y + i / roi->width - area->y) * area->width +
                       (roi->x + i % roi->width - area->x);
          gdouble filter_sum = 0.0;
          gfloat  convolved, alpha;
          /* Only the two tents each way around (x, y) are not zero there. */
          gint    ky0 = first_zone (extent->height, z->ny, y);
          gint    kx0 = first_zone (extent->width, z->nx, x);

          memcpy (p, z->sum + at * c, sizeof (gfloat) * c);
          convolved = p[c - 1];
          for (gint ky = ky0; ky < MIN (z->ny, ky0 + 2); ky++)
            for (gint kx = kx0; kx < MIN (z->nx, kx0 + 2); kx++)
              filter_sum += lrb_field_zone_weight (extent->height, z->ny, z->blend, ky, y) *
                            lrb_field_zone_weight (extent->width, z->nx, z->blend, kx, x) *
                            z->zone_sums[ky * z->nx + kx];
          alpha = z->cover ? (z->cover[at] > 1e-7f ? convolved / z->cover[at] : 0.0f) : 1.0f;
          /* lrb_look_finish_pixel divides by the alpha it is given. */
          if (convolved > 1e-7f)
            for (gint ch = 0; ch < c - 1; ch++)
              p[ch] *= filter_sum * alpha / convolved;
          lrb_look_finish_pixel (look, weights, p, c, alpha);
        }
    }
}

/* One zone's piece, convolved by the engine and added into the sum over
 * `out`, and its window into the cover.  The cover counts every place as
 * if the image went on: by the run's edge, but clamp for a zero edge, so
 * that there alpha still fades as in the uniform run. */
static gboolean
run_zone (FieldRun *f, const LrbSettings *settings, gint kx, gint ky, const LrbRect *out,
          const LrbEngineConfig *config, FieldProgress *progress, GCancellable *cancellable,
          GError **error)
{
  LrbFieldZones        *z = &f->z;
  g_autoptr (LrbKernel) kernel = lrb_field_kernel_at (z->field, z->kernel, z->radius,
                                                      z->extent.width, z->extent.height,
                                                      lrb_field_zone_node (z->extent.width,
                                                                           z->nx, kx),
                                                      lrb_field_zone_node (z->extent.height,
                                                                           z->ny, ky));
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, error);
  g_autoptr (LrbFilter)   filter = NULL;
  LrbEngineIO             io;

  if (!analysis ||
      !(filter = lrb_settings_prepare_filter (settings, kernel, analysis, z->n_channels, out,
                                              NULL, error)))
    return FALSE;
  z->zone_sums[ky * z->nx + kx] = lrb_filter_kernel_sum (filter);
  io.n_channels = f->channels = z->n_channels;
  io.source = (LrbRect) { z->extent.x, z->extent.y, z->extent.width, z->extent.height };
  io.output = *out;
  io.read = field_read;
  io.write = field_write;
  io.user_data = f;
  if (!lrb_engine_run_filter (filter, settings->edge, &io, config,
                              progress->progress ? field_progress : NULL, progress,
                              cancellable, NULL, error))
    return FALSE;
  if (!z->cover)
    return TRUE;
  io.n_channels = f->channels = 1;
  return lrb_engine_run_filter (filter, settings->edge == LRB_EDGE_ZERO ? LRB_EDGE_CLAMP :
                                settings->edge, &io, config, NULL, NULL, cancellable,
                                NULL, error);
}

static gboolean
run_zones_engine (FieldRun *f, const LrbSettings *settings, const LrbEngineConfig *config,
                  LrbProgressFunc progress, gpointer progress_data, GCancellable *cancellable,
                  GError **error)
{
  LrbFieldZones *z = &f->z;
  FieldProgress  p = { progress, progress_data, 0, z->nx * z->ny };
  gint           halo = MAX (z->kernel->rows, z->kernel->cols);
  gboolean       ok = TRUE;

  for (gint ky = 0; ok && ky < z->ny; ky++)
    for (gint kx = 0; ok && kx < z->nx; kx++, p.done++)
      {
        GeglRectangle reach, out;
        gint          x0, x1, y0, y1;

        lrb_field_zone_support (z->extent.width, z->nx, z->blend, kx, &x0, &x1);
        lrb_field_zone_support (z->extent.height, z->ny, z->blend, ky, &y0, &y1);
        /* The piece's light reaches one kernel beyond its support. */
        reach = (GeglRectangle) { z->extent.x + x0 - halo, z->extent.y + y0 - halo,
                                  x1 - x0 + 1 + 2 * halo, y1 - y0 + 1 + 2 * halo };
        if (!gegl_rectangle_intersect (&out, &reach, &z->area))
          continue;
        f->support = (LrbRect) { z->extent.x + x0, z->extent.y + y0, x1 - x0 + 1, y1 - y0 + 1 };
        f->weight_x = g_new (gfloat, f->support.width);
        f->weight_y = g_new (gfloat, f->support.height);
        for (gint x = x0; x <= x1; x++)
          f->weight_x[x - x0] = lrb_field_zone_weight (z->extent.width, z->nx, z->blend, kx, x);
        for (gint y = y0; y <= y1; y++)
          f->weight_y[y - y0] = lrb_field_zone_weight (z->extent.height, z->ny, z->blend, ky,
                                                       y);
        ok = run_zone (f, settings, kx, ky, &(LrbRect) { out.x, out.y, out.width, out.height },
                       config, &p, cancellable, error);
        g_clear_pointer (&f->weight_x, g_free);
        g_clear_pointer (&f->weight_y, g_free);
      }
  return ok;
}

/* One kernel everywhere: today's run. */
static gboolean
apply_uniform (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
               const LrbSettings *settings, const LrbKernel *kernel,
               const LrbAnalysis *analysis, const GeglRectangle *area, const LrbLook *look,
               const LrbEngineConfig *config, LrbProgressFunc progress, gpointer progress_data,
               GCancellable *cancellable, GError **error)
{
  LrbRect               rect = { area->x, area->y, area->width, area->height };
  gint                  c;
  g_autoptr (LrbFilter) filter = NULL;

  lrb_gegl_work_format (input, &c);
  filter = lrb_settings_prepare_filter (settings, kernel, analysis, c, &rect, NULL, error);
  return filter && lrb_gegl_apply_look (input, output, roi, filter, look, settings->edge, config,
                                        progress, progress_data, cancellable, error);
}

/* Axial colour (the aspect's oval too, no cat's eye or swirl: validated):
 * the base kernel for green and alpha, the same shrunk for red and blue. */
static gboolean
apply_axial (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
             const LrbSettings *settings, const LrbKernel *kernel, const LrbKernel *base,
             const LrbAnalysis *base_analysis, const GeglRectangle *area, const LrbLook *look,
             const LrbEngineConfig *config, LrbProgressFunc progress, gpointer progress_data,
             GCancellable *cancellable, GError **error)
{
  LrbRect               rect = { area->x, area->y, area->width, area->height };
  g_autoptr (LrbKernel) small = lrb_focus_kernel_at_scale (&settings->kernel, kernel,
                                                           lrb_field_axial_scale (&settings->field),
                                                           settings->field.profile,
                                                           settings->field.profile_strength,
                                                           error);
  g_autoptr (LrbKernel) shrunk = small ? lrb_field_base (&settings->field, small) : NULL;
  g_autoptr (LrbFilter) full = NULL;
  g_autoptr (LrbFilter) shrunk_filter = NULL;

  return shrunk &&
         lrb_axial_filters (settings, base, base_analysis, shrunk, 2, &rect, &full,
                            &shrunk_filter, error) &&
         lrb_gegl_apply_axial (input, output, roi, full, shrunk_filter, look, settings->edge,
                               config, progress, progress_data, cancellable, error);
}

/* The zones' whole FFT blocks when the settings would convolve the base
 * kernel by FFT over this area: same kernels, same sum, far fewer
 * transforms of zeros.  Otherwise (small kernels: separable passes or
 * chord sums), the engine once per zone. */
static gboolean
zones_by_fft (const LrbSettings *settings, const LrbKernel *kernel,
              const LrbAnalysis *analysis, gint n_channels, const GeglRectangle *area)
{
  LrbRect               rect = { area->x, area->y, area->width, area->height };
  g_autoptr (LrbFilter) filter = lrb_settings_prepare_filter (settings, kernel, analysis,
                                                              n_channels, &rect, NULL, NULL);

  return filter && lrb_filter_get_method (filter) == LRB_METHOD_FFT;
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
  FieldRun             f = { 0 };
  LrbFieldZones       *z = &f.z;
  gdouble              weights[3];
  LookEnds             ends = { z, input, output, &look, weights };
  g_autoptr (LrbKernel)   base = NULL;
  g_autoptr (LrbAnalysis) base_analysis = NULL;
  gint                 zone;
  gsize                pixels;
  gboolean             ok = TRUE;

  if (!lrb_settings_validate (settings, error) ||
      !lrb_gegl_check_look (input, roi, &look, &area, error))
    return FALSE;
  lrb_settings_engine_config (settings, &config);
  z->format = lrb_gegl_work_format (input, &z->n_channels);
  if (lrb_field_is_uniform (field))
    return apply_uniform (input, output, roi, settings, kernel, analysis, &area, &look, &config,
                          progress, progress_data, cancellable, error);
  /* The aspect's oval, padded for the swirl's stretch. */
  base = lrb_field_base (field, kernel);
  if ((field->aspect > 1.0 || field->swirl > 0.0) &&
      !(base_analysis = lrb_analysis_new (base, error)))
    return FALSE;
  if (field->axial_color > 0.0)
    return apply_axial (input, output, roi, settings, kernel, base,
                        base_analysis ? base_analysis : analysis, &area, &look, &config,
                        progress, progress_data, cancellable, error);
  if (!lrb_field_varies (field))
    return apply_uniform (input, output, roi, settings, base, base_analysis, &area, &look,
                          &config, progress, progress_data, cancellable, error);
  if (base_analysis)
    analysis = base_analysis;
  kernel = base;

  babl_space_get_rgb_luminance (babl_format_get_space (gegl_buffer_get_format (input)),
                                &weights[0], &weights[1], &weights[2]);
  z->extent = *extent;
  z->area = area;
  z->field = field;
  z->kernel = kernel;
  z->radius = lrb_field_aperture_radius (kernel);
  z->blend = lrb_field_blend (field);
  zone = lrb_field_zone_size (field, kernel, extent->width, extent->height);
  z->nx = lrb_field_zone_count (extent->width, zone);
  z->ny = lrb_field_zone_count (extent->height, zone);
  z->zone_sums = g_new0 (gdouble, z->nx * z->ny);

  /* The sums are the run's output before its look, as the uniform run's
   * result buffer is. */
  pixels = (gsize) area.width * area.height;
  z->sum = lrb_plane_new (sizeof (gfloat) * pixels * z->n_channels, TRUE);
  /* Without alpha in the input and with an edge that repeats the image,
   * the convolved alpha is the cover itself: no second run. */
  if (babl_format_has_alpha (gegl_buffer_get_format (input)) || settings->edge == LRB_EDGE_ZERO)
    z->cover = lrb_plane_new (sizeof (gfloat) * pixels, TRUE);
  z->started = lrb_plane_new (sizeof (gfloat) * extent->width * extent->height * z->n_channels,
                          FALSE);
  if (!z->started || !z->sum || ((babl_format_has_alpha (gegl_buffer_get_format (input)) ||
                   settings->edge == LRB_EDGE_ZERO) && !z->cover))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory for the field's planes over %d×%d pixels",
                   extent->width, extent->height);
      lrb_plane_free (z->started);
      lrb_plane_free (z->sum);
      lrb_plane_free (z->cover);
      g_free (z->zone_sums);
      return FALSE;
    }
  in_bands (extent, lrb_engine_threads (&config), start_band, &ends);

  if (zones_by_fft (settings, kernel, analysis, z->n_channels, &area))
    ok = lrb_field_zones_run_fft (z, settings, &config, progress, progress_data, cancellable,
                                  error);
  else
    ok = run_zones_engine (&f, settings, &config, progress, progress_data, cancellable, error);

  /* Straight into the output: the sums hold all that is left to read,
   * and nothing fails from here on. */
  if (ok)
    in_bands (&area, lrb_engine_threads (&config), finish_band, &ends);
  lrb_plane_free (z->started);

  lrb_plane_free (z->sum);
  lrb_plane_free (z->cover);
  g_free (z->zone_sums);
  return ok;
}
