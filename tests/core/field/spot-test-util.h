/* lowrank-bokeh — the shape of a blurred point, for the tests of the
 * field and of its depth of field.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* The spot's light around its centroid: its total, the taps over a tenth
 * of its peak, and the variance along `u` (unit) and across it. */
typedef struct
{
  gdouble sum, area, along, across;
} Spot;

static inline Spot
measure_spot (const gdouble *values, gint width, gint height, gdouble ux, gdouble uy)
{
  Spot    s = { 0 };
  gdouble mx = 0.0, my = 0.0, peak = 0.0;

  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      {
        gdouble v = values[y * width + x];

        s.sum += v;
        mx += v * x;
        my += v * y;
        peak = MAX (peak, v);
      }
  mx /= s.sum;
  my /= s.sum;
  for (gint y = 0; y < height; y++)
    for (gint x = 0; x < width; x++)
      {
        gdouble v = values[y * width + x];
        gdouble a = (x - mx) * ux + (y - my) * uy, b = -(x - mx) * uy + (y - my) * ux;

        s.area += v > 0.1 * peak;
        s.along += v * a * a / s.sum;
        s.across += v * b * b / s.sum;
      }
  return s;
}
