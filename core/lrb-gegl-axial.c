/* lowrank-bokeh — axial colour without a depth map: two engine runs, one
 * per channel group, so the cost is the uniform run's four channels (five
 * when alpha may not be 1) plus one more read of the input and the shrunk
 * kernel's filter.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-axial.h"

#include <math.h>
#include <string.h>

typedef struct
{
  GeglBuffer    *input;
  GeglBuffer    *result;
  const Babl    *format;      /* "RGBA float" in the input's space */
  const LrbLook *look;
  gdouble        weights[3];
  GeglRectangle  area;
  gint           pick[4];     /* the channels the running pass convolves … */
  gint           n_pick;
  gint           shrunk[3];   /* … and those the plane holds, the first pass's: red,
                               * blue and, when it may not be 1, their own alpha */
  gint           n_shrunk;
  gfloat        *plane;       /* over `area`: the shrunk channels, convolved */
  gfloat         kernel_sum;  /* the full kernel's: alpha's */
  gfloat         gain;        /* the full kernel's sum over the shrunk one's */
  gfloat         inverse_shrunk_sum; /* for the shrunk channels' own alpha */
} Axial;

/* Tiles are read and written through a few rows at a time: a whole
 * tile's RGBA scratch (megabytes) came fresh from mmap at every call, and
 * its page faults cost more than the second engine run. */
#define STRIP_PIXELS 4096

static gint
strip_rows (const LrbRect *rect)
{
  return MAX (1, STRIP_PIXELS / MAX (rect->width, 1));
}

/* The whole pixel through the look's start (the highlight boost weighs
 * every channel), then the pass's channels. */
static gboolean
axial_read (gpointer user_data, const LrbRect *rect, gfloat *dest, gsize dest_stride,
            GError **error)
{
  Axial             *a = user_data;
  gint               rows = strip_rows (rect);
  g_autofree gfloat *pixels = g_new (gfloat, (gsize) rect->width * rows * 4);

  for (gint y0 = 0; y0 < rect->height; y0 += rows)
    {
      GeglRectangle r = { rect->x, rect->y + y0, rect->width, MIN (rows, rect->height - y0) };

      gegl_buffer_get (a->input, &r, 1.0, a->format, pixels, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      for (gint y = 0; y < r.height; y++)
        {
          gfloat *p = pixels + (gsize) y * rect->width * 4;
          gfloat *q = dest + (y0 + y) * dest_stride;

          for (gint x = 0; x < rect->width; x++, p += 4, q += a->n_pick)
            {
              lrb_look_start_pixel (a->look, a->weights, p, 4);
              for (gint k = 0; k < a->n_pick; k++)
                q[k] = p[a->pick[k]];
            }
        }
    }
  return TRUE;
}

/* Engine tiles do not overlap: each writes its own part of the plane. */
static gboolean
plane_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
             GError **error)
{
  Axial *a = user_data;

  gint   n = a->n_shrunk;

  for (gint y = 0; y < rect->height; y++)
    memcpy (a->plane + ((gsize) (rect->y + y - a->area.y) * a->area.width + rect->x - a->area.x) * n,
            pixels + y * stride, sizeof (gfloat) * rect->width * n);
  return TRUE;
}

/* The pixel put together from both passes and finished as the uniform
 * run's write does (lrb-gegl.c), each colour channel over the alpha its
 * own kernel spread (as the depth run's levels do): alpha is the full
 * kernel's, the shrunk channels' colour over their own alpha. */
static gboolean
full_write (gpointer user_data, const LrbRect *rect, gfloat *pixels, gsize stride,
            GError **error)
{
  Axial             *a = user_data;
  gint               rows = strip_rows (rect);
  g_autofree gfloat *out = g_new (gfloat, (gsize) rect->width * rows * 4);

  for (gint y0 = 0; y0 < rect->height; y0 += rows)
    {
      GeglRectangle r = { rect->x, rect->y + y0, rect->width, MIN (rows, rect->height - y0) };

      for (gint y = 0; y < r.height; y++)
        {
          const gfloat *p = pixels + (y0 + y) * stride;
          const gfloat *s = a->plane + ((gsize) (r.y + y - a->area.y) * a->area.width +
                                        rect->x - a->area.x) * a->n_shrunk;
          gfloat       *q = out + (gsize) y * rect->width * 4;

          for (gint x = 0; x < rect->width; x++, p += a->n_pick, s += a->n_shrunk, q += 4)
            {
              gfloat alpha, scale = a->gain;

              for (gint k = 0; k < a->n_pick; k++)
                q[a->pick[k]] = p[k];
              alpha = q[3] / a->kernel_sum;
              /* Opaque with a repeating edge: both alphas are 1. */
              if (a->n_shrunk == 3)
                scale = s[2] > 1e-7f ? a->gain * alpha / (s[2] * a->inverse_shrunk_sum) : 0.0f;
              q[a->shrunk[0]] = s[0] * scale;
              q[a->shrunk[1]] = s[1] * scale;
              lrb_look_finish_pixel (a->look, a->weights, q, 4, alpha);
            }
        }
      gegl_buffer_set (a->result, &r, 0, a->format, out, GEGL_AUTO_ROWSTRIDE);
    }
  return TRUE;
}

typedef struct
{
  LrbProgressFunc progress;
  gpointer        data;
  gdouble         base;
} Half;

static void
half_progress (gdouble fraction, gpointer user_data)
{
  Half *h = user_data;

  h->progress (h->base + 0.5 * fraction, h->data);
}

gboolean
lrb_axial_filters (const LrbSettings *settings, const LrbKernel *kernel,
                   const LrbAnalysis *analysis, const LrbKernel *shrunk, gint n_channels,
                   const LrbRect *output, LrbFilter **full_out, LrbFilter **shrunk_out,
                   GError **error)
{
  g_autoptr (LrbAnalysis) shrunk_analysis = lrb_analysis_new (shrunk, error);
  LrbSettings             s = *settings; /* a shallow copy: not cleared */

  if (!shrunk_analysis)
    return FALSE;
  /* The same rank in both groups, or their fringes would differ in
   * ringing as well as in size; a small kernel may have fewer. */
  if (s.rank == 0)
    s.rank = lrb_analysis_rank_for_energy (analysis, s.energy_target);
  if (!(*full_out = lrb_settings_prepare_filter (&s, kernel, analysis, n_channels, output,
                                                 NULL, error)))
    return FALSE;
  if (s.rank > 0)
    s.rank = MIN (s.rank, MIN (shrunk->rows, shrunk->cols));
  if (!(*shrunk_out = lrb_settings_prepare_filter (&s, shrunk, shrunk_analysis, n_channels,
                                                   output, NULL, error)))
    {
      g_clear_pointer (full_out, lrb_filter_free);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_gegl_apply_axial (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                      const LrbFilter *full, const LrbFilter *shrunk, const LrbLook *look,
                      LrbEdgeMode edge, const LrbEngineConfig *config,
                      LrbProgressFunc progress, gpointer progress_data,
                      GCancellable *cancellable, GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (input);
  Axial                a = { 0 };
  Half                 half = { progress, progress_data, 0.0 };
  LrbEngineIO          io;
  gint                 n_channels, keep[4], n_keep = 0;
  gdouble              shrunk_sum;
  gboolean             ok;

  if (!lrb_gegl_check_look (input, roi, look, &a.area, error))
    return FALSE;
  lrb_gegl_work_format (input, &n_channels);
  if (n_channels != 4)
    return lrb_gegl_apply_look (input, output, roi, full, look, edge, config, progress,
                                progress_data, cancellable, error);

  a.input = input;
  a.look = look;
  a.format = babl_format_with_space ("RGBA float", gegl_buffer_get_format (input));
  babl_space_get_rgb_luminance (babl_format_get_space (gegl_buffer_get_format (input)),
                                &a.weights[0], &a.weights[1], &a.weights[2]);
  a.kernel_sum = lrb_filter_kernel_sum (full);
  if (!(fabsf (a.kernel_sum) > 1e-6f))
    a.kernel_sum = 1.0f;
  /* Truncated ranks sum to a little more or less than 1, each its own
   * way: the shrunk channels take the full kernel's gain, or a grey image
   * would turn a little green or magenta. */
  shrunk_sum = lrb_filter_kernel_sum (shrunk);
  a.gain = fabs (shrunk_sum) > 1e-6 ? (gfloat) (lrb_filter_kernel_sum (full) / shrunk_sum) : 1.0f;
  a.inverse_shrunk_sum = fabs (shrunk_sum) > 1e-6 ? (gfloat) (1.0 / shrunk_sum) : 1.0f;
  for (gint ch = 0; ch < 3; ch++)
    if (lrb_field_axial_keeps (ch, TRUE))
      keep[n_keep++] = ch;
    else
      a.shrunk[a.n_shrunk++] = ch;
  keep[n_keep++] = 3;
  g_assert (a.n_shrunk == 2);
  if (babl_format_has_alpha (gegl_buffer_get_format (input)) || edge == LRB_EDGE_ZERO)
    a.shrunk[a.n_shrunk++] = 3;
  a.plane = lrb_plane_new (sizeof (gfloat) * a.area.width * a.area.height * a.n_shrunk, FALSE);
  if (!a.plane)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory for axial colour's plane over %d×%d pixels", a.area.width,
                   a.area.height);
      return FALSE;
    }
  a.result = gegl_buffer_new (&a.area, gegl_buffer_get_format (output));

  io.source = (LrbRect) { extent->x, extent->y, extent->width, extent->height };
  io.output = (LrbRect) { a.area.x, a.area.y, a.area.width, a.area.height };
  io.read = axial_read;
  io.user_data = &a;

  /* Red and blue (and alpha) with the shrunk kernel, into the plane … */
  memcpy (a.pick, a.shrunk, sizeof a.shrunk);
  a.n_pick = io.n_channels = a.n_shrunk;
  io.write = plane_write;
  ok = lrb_engine_run_filter (shrunk, edge, &io, config, progress ? half_progress : NULL, &half,
                              cancellable, NULL, error);
  /* … then green and alpha with the full one, finishing every pixel. */
  if (ok)
    {
      memcpy (a.pick, keep, sizeof keep);
      a.n_pick = io.n_channels = n_keep;
      io.write = full_write;
      half.base = 0.5;
      ok = lrb_engine_run_filter (full, edge, &io, config, progress ? half_progress : NULL,
                                  &half, cancellable, NULL, error);
    }
  if (ok)
    gegl_buffer_copy (a.result, &a.area, GEGL_ABYSS_NONE, output, &a.area);
  g_object_unref (a.result);
  lrb_plane_free (a.plane);
  return ok;
}
