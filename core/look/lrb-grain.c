/* lowrank-bokeh — the photo's grain, measured and put back after a blur.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-grain.h"
#include "lrb-error.h"

#include <math.h>
#include <stdlib.h>

#define BLOCK           32
#define PERCENTILE      0.2
/* A block with more of its pixels at black or white than this is clipped:
 * clipping took its noise away. */
#define CLIPPED_SHARE   0.05
#define CLIP_MARGIN     1e-6

/* The buffer's colour as encoded (R'G'B', Y'), straight alpha (if it has
 * one): a camera's noise, mostly photon noise, grows with brightness in
 * linear light, but is nearly even once encoded, so one level per channel
 * describes it there. */
static const Babl *
linear_format (GeglBuffer *buffer, gint *n_colour, gint *n_components)
{
  const Babl *format = gegl_buffer_get_format (buffer);
  gboolean    grey = (babl_get_model_flags (babl_format_get_model (format)) &
                      BABL_MODEL_FLAG_GRAY) != 0;
  gboolean    alpha = babl_format_has_alpha (format);

  *n_colour = grey ? 1 : 3;
  *n_components = *n_colour + (alpha ? 1 : 0);
  return babl_format_with_space (grey ? (alpha ? "Y'A float" : "Y' float")
                                      : (alpha ? "R'G'B'A float" : "R'G'B' float"), format);
}

static guint64
splitmix64 (guint64 z)
{
  z += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

gdouble
lrb_grain_normal (gint x, gint y, gint channel, guint64 seed)
{
  guint64 key = splitmix64 (seed ^ splitmix64 (((guint64) (guint32) x << 32) |
                                               ((guint64) (guint32) y)));
  guint64 bits = splitmix64 (key + (guint64) channel);
  /* Two uniforms in (0, 1] from the hash's halves: Box–Muller. */
  gdouble u1 = ((bits >> 32) + 1.0) / 4294967296.0;
  gdouble u2 = ((bits & 0xffffffffu) + 0.5) / 4294967296.0;

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

gdouble
lrb_grain_kept (const LrbKernel *kernel)
{
  gdouble sum = 0.0, squares = 0.0;
  gint    n = kernel->rows * kernel->cols;

  for (gint i = 0; i < n; i++)
    {
      sum += kernel->data[i];
      squares += kernel->data[i] * kernel->data[i];
    }
  return squares / (sum * sum);
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

/* Immerkær's estimate in one block of one channel: the 3 × 3 mask
 * [1 −2 1; −2 4 −2; 1 −2 1] cancels any plane, and white noise of σ gives
 * it a spread of 6σ, so σ = mean |response| · √(π/2) / 6.  NAN for a
 * clipped block. */
static gdouble
block_sigma (const gfloat *pixels, gint width, gint stride, gint channel, gint x0, gint y0,
             gint x1, gint y1)
{
  /* Signed: the neighbours above and left are negative offsets. */
  const gssize row = (gssize) width * stride, step = stride;
  gdouble     sum = 0.0;
  gint        n = 0, clipped = 0;

  /* Every pixel here has its eight neighbours: x1 ≤ width − 1, y1 likewise. */
  for (gint y = MAX (y0, 1); y < y1; y++)
    for (gint x = MAX (x0, 1); x < x1; x++)
      {
        const gfloat *p = pixels + ((gsize) y * width + x) * stride + channel;
        gdouble       r = p[-row - step] - 2 * p[-row] + p[-row + step]
                          - 2 * p[-step] + 4 * p[0] - 2 * p[step]
                          + p[row - step] - 2 * p[row] + p[row + step];

        if (*p <= CLIP_MARGIN || *p >= 1.0 - CLIP_MARGIN)
          clipped++;
        sum += fabs (r);
        n++;
      }
  if (n == 0 || clipped > CLIPPED_SHARE * n)
    return NAN;
  return sum / n * sqrt (G_PI / 2.0) / 6.0;
}

void
lrb_grain_estimate (GeglBuffer *image, LrbGrain *grain)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (image);
  gint                 w = extent->width, h = extent->height, n_colour, stride;
  const Babl          *format = linear_format (image, &n_colour, &stride);
  g_autofree gfloat   *pixels = g_new (gfloat, (gsize) w * h * stride);
  gint                 block = MAX (3, MIN (BLOCK, MIN (w, h)));
  gint                 max_blocks = ((w + block - 1) / block) * ((h + block - 1) / block);
  g_autofree gdouble  *found = g_new (gdouble, max_blocks);

  gegl_buffer_get (image, extent, 1.0, format, pixels, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  grain->n_channels = n_colour;
  for (gint c = 0; c < n_colour; c++)
    {
      gint n = 0;

      /* The last pixel row and column of the image have no neighbours
       * beyond them: blocks stop one short of the edges. */
      for (gint y0 = 0; y0 + 2 < h; y0 += block)
        for (gint x0 = 0; x0 + 2 < w; x0 += block)
          {
            gdouble s = block_sigma (pixels, w, stride, c, x0, y0, MIN (x0 + block, w - 1),
                                     MIN (y0 + block, h - 1));

            if (!isnan (s))
              found[n++] = s;
          }
      if (n == 0)
        {
          grain->sigma[c] = 0.0;
          continue;
        }
      qsort (found, n, sizeof *found, compare_doubles);
      grain->sigma[c] = found[(gint) (PERCENTILE * (n - 1))];
    }
}

void
lrb_grain_add (GeglBuffer *output, GeglBuffer *kept, gdouble kept_uniform,
               const LrbGrain *grain)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (output);
  gint                 n_colour, stride;
  const Babl          *format = linear_format (output, &n_colour, &stride);
  g_autofree gfloat   *row = g_new (gfloat, (gsize) extent->width * stride);
  g_autofree gfloat   *share = g_new (gfloat, extent->width);

  n_colour = MIN (n_colour, grain->n_channels);
  for (gint y = extent->y; y < extent->y + extent->height; y++)
    {
      GeglRectangle line = { extent->x, y, extent->width, 1 };
      gint          run = -1;

      gegl_buffer_get (output, &line, 1.0, format, row, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      if (kept)
        gegl_buffer_get (kept, &line, 1.0, babl_format ("Y float"), share,
                         GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      /* Only runs of blurred pixels are written back: the others stay as
       * stored, bit for bit. */
      for (gint i = 0; i <= extent->width; i++)
        {
          gdouble missing = i < extent->width ? 1.0 - (kept ? share[i] : kept_uniform) : 0.0;

          if (missing > 0.0)
            {
              gdouble scale = sqrt (missing);
              gfloat *p = row + (gsize) i * stride;

              for (gint c = 0; c < n_colour; c++)
                p[c] += grain->sigma[c] * scale *
                        lrb_grain_normal (extent->x + i, y, c, grain->seed);
              if (run < 0)
                run = i;
            }
          else if (run >= 0)
            {
              GeglRectangle span = { extent->x + run, y, i - run, 1 };

              gegl_buffer_set (output, &span, 0, format, row + (gsize) run * stride,
                               GEGL_AUTO_ROWSTRIDE);
              run = -1;
            }
        }
    }
}

void
lrb_grain_options_init (LrbGrainOptions *options)
{
  options->enabled = FALSE;
  options->level = LRB_GRAIN_MEASURED;
  options->seed = 0;
}

gboolean
lrb_grain_options_validate (const LrbGrainOptions *options, GError **error)
{
  if (options->level < 0.0 || (options->level >= 0.0 && options->level <= 1.0))
    return TRUE;
  g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
               "grain level %g is out of range (0 to 1, or below 0 to measure it)",
               options->level);
  return FALSE;
}

void
lrb_grain_resolve (const LrbGrainOptions *options, GeglBuffer *image, LrbGrain *grain)
{
  if (options->level >= 0.0)
    {
      grain->n_channels = LRB_GRAIN_MAX_CHANNELS;
      for (gint c = 0; c < LRB_GRAIN_MAX_CHANNELS; c++)
        grain->sigma[c] = options->level;
    }
  else
    lrb_grain_estimate (image, grain);
  grain->seed = options->seed;
}
