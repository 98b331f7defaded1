/* lowrank-bokeh — what the axial colour tests share (core/ and depth/):
 * the settings, white lights on black and their rims' colour.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>

#include "lrb-image.h"
#include "lrb-settings.h"

/* A disc of `radius` at `rank`, axial colour at `strength`. */
static inline void
axial_settings (LrbSettings *settings, gdouble radius, gint rank, gdouble strength)
{
  lrb_settings_init (settings);
  settings->kernel.shape = LRB_SHAPE_DISC;
  settings->kernel.radius = radius;
  settings->rank = rank;
  settings->field.axial_color = strength;
}

/* Black, opaque, with a white pixel at each of `n` points (x, y). */
static inline LrbImage *
axial_lights (gint width, gint height, const gint *points, gint n)
{
  LrbImage *image = lrb_image_new (width, height, 4);

  for (gsize i = 0; i < (gsize) width * height; i++)
    image->data[4 * i + 3] = 1.0f;
  for (gint k = 0; k < n; k++)
    for (gint ch = 0; ch < 3; ch++)
      image->data[4 * ((gsize) points[2 * k + 1] * width + points[2 * k]) + ch] = 1.0f;
  return image;
}

/* Each colour channel summed over the ring from `inner` to `outer`
 * pixels round (cx, cy). */
static inline void
axial_ring (const LrbImage *image, gint cx, gint cy, gdouble inner, gdouble outer,
            gdouble sums[3])
{
  sums[0] = sums[1] = sums[2] = 0.0;
  for (gint y = MAX (0, cy - (gint) outer - 1); y <= MIN (image->height - 1, cy + outer + 1); y++)
    for (gint x = MAX (0, cx - (gint) outer - 1); x <= MIN (image->width - 1, cx + outer + 1); x++)
      if (hypot (x - cx, y - cy) >= inner && hypot (x - cx, y - cy) <= outer)
        for (gint ch = 0; ch < 3; ch++)
          sums[ch] += image->data[4 * ((gsize) y * image->width + x) + ch];
}
