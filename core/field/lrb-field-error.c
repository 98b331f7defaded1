/* lowrank-bokeh — how far the zones' blend is from the field it stands
 * for, as the energy plot says it for the rank: the accuracy knob's
 * report.
 *
 * A source pixel spreads, in the zones' run, the blend of its zones'
 * kernels that the windows give its place (Σ_z w_z(x) K_z), where the
 * field would have it spread its own place's kernel K(x).  Over a grid of
 * places, the relative L2 distance between the two is the field's error in
 * the kernels' own terms, whatever the image (as the rank's relative error
 * is the kernel's, not an image's).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-field.h"

#include <math.h>

/* Places along each axis: enough that the corners, where the field
 * changes most, weigh as they do over the frame. */
#define SAMPLES_X 12
#define SAMPLES_Y 8

typedef struct
{
  const LrbField  *field;
  const LrbKernel *base;
  gdouble          radius;
  gint             width, height, nx, ny;
  LrbKernel      **nodes; /* ny × nx, made when a place first needs them */
} Zones;

static const LrbKernel *
node_kernel (Zones *z, gint kx, gint ky)
{
  LrbKernel **k = &z->nodes[ky * z->nx + kx];

  if (!*k)
    *k = lrb_field_kernel_at (z->field, z->base, z->radius, z->width, z->height,
                              lrb_field_zone_node (z->width, z->nx, kx),
                              lrb_field_zone_node (z->height, z->ny, ky));
  return *k;
}

/* The windows over place x along one axis: their first index, and their
 * weights (at most 2 with tents, more with wider ramps never). */
static gint
windows_at (gint length, gint n, gdouble blend, gint x, gint *first, gdouble *weights)
{
  gint count = 0;

  *first = -1;
  for (gint k = 0; k < n && count < 4; k++)
    {
      gdouble w = lrb_field_zone_weight (length, n, blend, k, x);

      if (w <= 0.0)
        continue;
      if (*first < 0)
        *first = k;
      weights[count++] = w;
    }
  return count;
}

gdouble
lrb_field_zone_error (const LrbField *field, const LrbKernel *base, gint width, gint height,
                      gint zone, gdouble *work)
{
  gdouble blend = lrb_field_blend (field);
  Zones   z = { field, base, lrb_field_aperture_radius (base), width, height,
                lrb_field_zone_count (width, zone), lrb_field_zone_count (height, zone) };
  gsize   taps = (gsize) base->rows * base->cols;
  g_autofree gdouble *blended = g_new (gdouble, taps);
  gdouble err = 0.0, norm = 0.0;

  z.nodes = g_new0 (LrbKernel *, z.nx * z.ny);
  for (gint sy = 0; sy < SAMPLES_Y; sy++)
    for (gint sx = 0; sx < SAMPLES_X; sx++)
      {
        gint    x = (gint) ((sx + 0.5) * width / SAMPLES_X);
        gint    y = (gint) ((sy + 0.5) * height / SAMPLES_Y);
        gdouble wx[4], wy[4];
        gint    fx, fy, cx = windows_at (width, z.nx, blend, x, &fx, wx);
        gint    cy = windows_at (height, z.ny, blend, y, &fy, wy);
        g_autoptr (LrbKernel) own = lrb_field_kernel_at (field, base, z.radius, width, height,
                                                         x, y);

        for (gsize t = 0; t < taps; t++)
          blended[t] = 0.0;
        for (gint j = 0; j < cy; j++)
          for (gint i = 0; i < cx; i++)
            {
              const LrbKernel *k = node_kernel (&z, fx + i, fy + j);

              for (gsize t = 0; t < taps; t++)
                blended[t] += wx[i] * wy[j] * k->data[t];
            }
        for (gsize t = 0; t < taps; t++)
          {
            err += (blended[t] - own->data[t]) * (blended[t] - own->data[t]);
            norm += own->data[t] * own->data[t];
          }
      }

  /* The pieces' convolved area over the image's: each window's support
   * grown by the kernel, as each piece is convolved with its halo. */
  if (work)
    {
      gdouble area = 0.0;

      for (gint ky = 0; ky < z.ny; ky++)
        for (gint kx = 0; kx < z.nx; kx++)
          {
            gint x0, x1, y0, y1;

            lrb_field_zone_support (width, z.nx, blend, kx, &x0, &x1);
            lrb_field_zone_support (height, z.ny, blend, ky, &y0, &y1);
            area += (gdouble) (x1 - x0 + base->cols) * (y1 - y0 + base->rows);
          }
      *work = area / ((gdouble) width * height);
    }
  for (gint i = 0; i < z.nx * z.ny; i++)
    lrb_kernel_free (z.nodes[i]);
  g_free (z.nodes);
  return norm > 0.0 ? sqrt (err / norm) : 0.0;
}

gint
lrb_field_zone_for_error (const LrbField *field, const LrbKernel *base, gint width, gint height,
                          gdouble target)
{
  gint good = LRB_FIELD_MIN_ZONE, bad = MAX (width, height);

  if (lrb_field_zone_error (field, base, width, height, bad, NULL) <= target)
    return bad;
  if (lrb_field_zone_error (field, base, width, height, good, NULL) > target)
    return good;
  /* The error grows with the spacing: the largest spacing within the
   * target, to a pixel or 2 %. */
  while (bad - good > MAX (1, good / 50))
    {
      gint middle = good + (bad - good) / 2;

      if (lrb_field_zone_error (field, base, width, height, middle, NULL) <= target)
        good = middle;
      else
        bad = middle;
    }
  return good;
}
