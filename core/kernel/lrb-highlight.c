/* lowrank-bokeh — a kernel measured from a photo: an out-of-focus light
 * is the lens's point-spread function, plus the background and noise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-highlight.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 1/Φ⁻¹(3/4): MAD × this is σ for Gaussian noise. */
#define SIGMA_PER_MAD 1.482602218505602

/* A smoothed pixel counts as light this many noise σ (of the smoothed
 * image) above the background: a false alarm in a 1025² crop is then
 * a one-in-a-thousand event, and a light 1.2 σ of the raw noise above
 * the background (with the 5 × 5 box) is still found. */
#define LIGHT_SIGMAS 6.0

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return (x > y) - (x < y);
}

gdouble
lrb_median_in_place (gdouble *values, gsize n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* The background under the light: a plane a + b·x + c·y fitted to the
 * band `border` pixels wide along the crop's four sides (a sky darkening
 * towards the horizon, a blurred wall: rarely flat), by least squares,
 * then once more without the pixels 3 σ off it; *noise is the band's
 * 1.4826 × MAD about the plane, *level the plane at the crop's centre. */
static void
fit_background (const gdouble *v, gint width, gint height, gint border, gdouble plane[3],
                gdouble *level, gdouble *noise)
{
  g_autofree gdouble *residual = g_new (gdouble, (gsize) width * height);
  gdouble             cut = G_MAXDOUBLE;

  plane[0] = plane[1] = plane[2] = 0.0;
  for (gint pass = 0; pass < 2; pass++)
    {
      gdouble m[3][3] = { { 0 } }, rhs[3] = { 0 }, det;
      gsize   n = 0;

      for (gint y = 0; y < height; y++)
        for (gint x = 0; x < width; x++)
          if (x < border || y < border || x >= width - border || y >= height - border)
            {
              gdouble value = v[(gsize) y * width + x], basis[3] = { 1.0, x, y };

              if (fabs (value - (plane[0] + plane[1] * x + plane[2] * y)) > cut)
                continue;
              for (gint i = 0; i < 3; i++)
                {
                  rhs[i] += basis[i] * value;
                  for (gint j = 0; j < 3; j++)
                    m[i][j] += basis[i] * basis[j];
                }
            }
      /* Cramer's rule on the 3 × 3 normal equations: the band's four
       * sides make them well conditioned. */
      det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
            m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
            m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
      for (gint k = 0; k < 3; k++)
        {
          gdouble a[3][3];

          memcpy (a, m, sizeof a);
          for (gint i = 0; i < 3; i++)
            a[i][k] = rhs[i];
          plane[k] = (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
                      a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
                      a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])) / det;
        }
      for (gint y = 0; y < height; y++)
        for (gint x = 0; x < width; x++)
          if (x < border || y < border || x >= width - border || y >= height - border)
            residual[n++] = fabs (v[(gsize) y * width + x] -
                                  (plane[0] + plane[1] * x + plane[2] * y));
      *noise = SIGMA_PER_MAD * lrb_median_in_place (residual, n);
      if (*noise == 0.0)
        break; /* a noise-free crop: nothing to leave out */
      cut = 3.0 * *noise;
    }
  *level = plane[0] + plane[1] * (width - 1) / 2.0 + plane[2] * (height - 1) / 2.0;
}

/* The mean over a box × box window (cut at the crop's edges), through a
 * summed-area table. */
static gdouble *
box_smooth (const gdouble *v, gint width, gint height, gint box)
{
  gint                w1 = width + 1, r = box / 2;
  g_autofree gdouble *sat = g_new0 (gdouble, (gsize) w1 * (height + 1));
  gdouble            *out = g_new (gdouble, (gsize) width * height);

  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      sat[(gsize) (y + 1) * w1 + x + 1] = v[(gsize) y * width + x] + sat[(gsize) y * w1 + x + 1] +
                                          sat[(gsize) (y + 1) * w1 + x] - sat[(gsize) y * w1 + x];
  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      {
        gint x0 = MAX (0, x - r), x1 = MIN (width, x + r + 1);
        gint y0 = MAX (0, y - r), y1 = MIN (height, y + r + 1);
        gdouble sum = sat[(gsize) y1 * w1 + x1] - sat[(gsize) y0 * w1 + x1] -
                      sat[(gsize) y1 * w1 + x0] + sat[(gsize) y0 * w1 + x0];

        out[(gsize) y * width + x] = sum / ((x1 - x0) * (y1 - y0));
      }
  return out;
}

static gboolean
check_crop_size (gint width, gint height, GError **error)
{
  if (width < 1 || height < 1)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "the rectangle is empty (%d×%d)", width, height);
      return FALSE;
    }
  if (width < LRB_HIGHLIGHT_MIN_SIDE || height < LRB_HIGHLIGHT_MIN_SIDE)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "the rectangle %d×%d is too small: a light needs a margin of background "
                   "all round it (at least %d×%d)", width, height, LRB_HIGHLIGHT_MIN_SIDE,
                   LRB_HIGHLIGHT_MIN_SIDE);
      return FALSE;
    }
  if (width > LRB_HIGHLIGHT_MAX_SIDE || height > LRB_HIGHLIGHT_MAX_SIDE)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "the rectangle %d×%d is too large for one light (at most %d×%d)",
                   width, height, LRB_HIGHLIGHT_MAX_SIDE, LRB_HIGHLIGHT_MAX_SIDE);
      return FALSE;
    }
  return TRUE;
}

/* The half side of the kernel along one axis: the light's farthest pixel
 * from the centre plus a margin, within the crop when it can be (padding
 * with zeros would make noise-free rows that the noise estimate misreads). */
static gint
half_side (gint centre, gint first, gint last, gint size)
{
  gint need = MAX (centre - first, last - centre);
  gint want = need + 2 + (last - first) / 16;
  gint room = MIN (centre, size - 1 - centre);

  return want <= room ? want : MAX (room, need);
}

LrbKernel *
lrb_highlight_extract (const gdouble *v, gint width, gint height, LrbHighlight *out,
                       GError **error)
{
  gint                border, box, x0 = G_MAXINT, y0 = G_MAXINT, x1 = -1, y1 = -1;
  gint                half_x, half_y;
  gdouble             min = G_MAXDOUBLE, max = -G_MAXDOUBLE, threshold, top, plane[3];
  gdouble             mass = 0.0, mx = 0.0, my = 0.0;
  gsize               seed;
  LrbHighlight        h = { 0 };
  g_autofree gdouble *smooth = NULL, *above = NULL;
  g_autofree guint8  *light = NULL;
  g_autoptr (GArray)  stack = NULL;
  LrbKernel          *kernel;

  if (!check_crop_size (width, height, error))
    return NULL;
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      if (!isfinite (v[i]))
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                       "the rectangle holds a pixel that is not a number (NaN or infinite) "
                       "at %d, %d", (gint) (i % width), (gint) (i / width));
          return NULL;
        }
      min = MIN (min, v[i]);
      max = MAX (max, v[i]);
    }
  if (max - min <= 1e-12 * MAX (fabs (max), fabs (min)))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "the rectangle is flat (every pixel is %g): there is no light in it", max);
      return NULL;
    }

  border = CLAMP (MIN (width, height) / 16, 1, 4);
  box = MIN (width, height) < 32 ? 3 : 5;
  fit_background (v, width, height, border, plane, &h.background, &h.border_noise);
  above = g_new (gdouble, (gsize) width * height);
  top = 0.0;
  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      {
        above[(gsize) y * width + x] = v[(gsize) y * width + x] -
                                       (plane[0] + plane[1] * x + plane[2] * y);
        top = MAX (top, above[(gsize) y * width + x]);
      }
  /* Averaging box² pixels divides the noise by box; the floor serves a
   * noise-free (computed) crop. */
  threshold = MAX (LIGHT_SIGMAS * h.border_noise / box, 1e-6 * top);
  smooth = box_smooth (above, width, height, box);
  seed = 0;
  for (gsize i = 1; i < (gsize) width * height; i++)
    if (smooth[i] > smooth[seed])
      seed = i;
  if (!(smooth[seed] > threshold))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "no light stands out of the background in the rectangle (background %g, "
                   "noise %g, brightest pixel %g): draw it round one bright out-of-focus light",
                   h.background, h.border_noise, max);
      return NULL;
    }

  /* The light is the bright area round the brightest spot, connected:
   * another bright thing in the rectangle (a window, a second light at
   * its edge) is background, not kernel. */
  light = g_new0 (guint8, (gsize) width * height);
  stack = g_array_new (FALSE, FALSE, sizeof (gsize));
  light[seed] = 1;
  g_array_append_val (stack, seed);
  while (stack->len > 0)
    {
      gsize i = g_array_index (stack, gsize, stack->len - 1);
      gint  x = i % width, y = i / width;
      gsize next[4];
      gint  n_next = 0;

      g_array_set_size (stack, stack->len - 1);
      if (x < border || y < border || x >= width - border || y >= height - border)
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                       "the light reaches the rectangle's edge (at %d, %d in it): draw "
                       "the rectangle larger, with a margin of background all round the "
                       "light", x, y);
          return NULL;
        }
      x0 = MIN (x0, x);
      x1 = MAX (x1, x);
      y0 = MIN (y0, y);
      y1 = MAX (y1, y);
      mass += above[i];
      mx += above[i] * x;
      my += above[i] * y;
      h.peak = MAX (h.peak, above[i]);
      /* Inside the border band, so every neighbour exists. */
      next[n_next++] = i - 1;
      next[n_next++] = i + 1;
      next[n_next++] = i - width;
      next[n_next++] = i + width;
      for (gint k = 0; k < n_next; k++)
        if (!light[next[k]] && smooth[next[k]] > threshold)
          {
            light[next[k]] = 1;
            g_array_append_val (stack, next[k]);
          }
    }
  if (!(mass > 0.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "no light stands out of the background in the rectangle (background %g, "
                   "noise %g, brightest pixel %g): draw it round one bright out-of-focus light",
                   h.background, h.border_noise, max);
      return NULL;
    }

  /* Whole pixels, not a sub-pixel shift: interpolating would soften the
   * aperture's edges and make the noise correlated, which the noise
   * estimate and the rank choice read as shape.  Half a pixel of offset
   * in a blur many pixels wide does not show. */
  h.centroid_x = mx / mass;
  h.centroid_y = my / mass;
  h.centre_x = (gint) floor (h.centroid_x + 0.5);
  h.centre_y = (gint) floor (h.centroid_y + 0.5);
  half_x = half_side (h.centre_x, x0, x1, width);
  half_y = half_side (h.centre_y, y0, y1, height);

  kernel = lrb_kernel_new (2 * half_y + 1, 2 * half_x + 1, error);
  if (!kernel)
    return NULL;
  for (gint r = 0; r < kernel->rows; r++)
    for (gint c = 0; c < kernel->cols; c++)
      {
        gint x = h.centre_x - half_x + c, y = h.centre_y - half_y + r;

        if (x >= 0 && y >= 0 && x < width && y < height)
          kernel->data[(gsize) r * kernel->cols + c] = above[(gsize) y * width + x];
      }
  h.sum = lrb_kernel_sum (kernel);
  if (out)
    *out = h;
  return kernel;
}

gdouble *
lrb_highlight_read (GeglBuffer *buffer, const GeglRectangle *rect, GError **error)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (buffer);
  g_autofree gfloat   *pixels = NULL;
  gdouble             *values;
  gsize                n = (gsize) MAX (rect->width, 0) * MAX (rect->height, 0);

  /* Its size first: an empty rectangle is "inside" any image. */
  if (!check_crop_size (rect->width, rect->height, error))
    return NULL;
  if (!gegl_rectangle_contains (extent, rect))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the rectangle %d,%d,%d,%d (x, y, width, height) reaches outside the "
                   "%d×%d image", rect->x, rect->y, rect->width, rect->height,
                   extent->width, extent->height);
      return NULL;
    }

  /* Linear light: a sensor counts photons, and the kernel weighs them. */
  pixels = g_new (gfloat, n * 2);
  gegl_buffer_get (buffer, rect, 1.0, babl_format ("YaA float"), pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  values = g_new (gdouble, n);
  for (gsize i = 0; i < n; i++)
    values[i] = pixels[2 * i];
  return values;
}
