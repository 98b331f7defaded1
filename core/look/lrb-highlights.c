/* lowrank-bokeh — the highlight boost and its inverse.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-highlights.h"
#include "lrb-error.h"

#include <math.h>

void
lrb_highlights_init (LrbHighlights *highlights)
{
  highlights->stops = 0.0;
  highlights->low = 0.7;
  highlights->high = 1.0;
}

gboolean
lrb_highlights_validate (const LrbHighlights *highlights, GError **error)
{
  if (!(highlights->stops >= 0.0 && highlights->stops <= LRB_HIGHLIGHT_MAX_STOPS))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "highlight stops %g is out of range (0 to %g; 0 is off)",
                   highlights->stops, LRB_HIGHLIGHT_MAX_STOPS);
      return FALSE;
    }
  if (!(highlights->low >= 0.0 && highlights->high <= LRB_HIGHLIGHT_MAX_THRESHOLD &&
        highlights->low < highlights->high))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "highlight thresholds %g to %g are out of range (0 ≤ low < high ≤ %g, "
                   "linear luminance)",
                   highlights->low, highlights->high, LRB_HIGHLIGHT_MAX_THRESHOLD);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_highlights_active (const LrbHighlights *highlights)
{
  return highlights && highlights->stops > 0.0;
}

/* The gain's ramp, smoothstep over [low, high], and its derivative in t. */
static gdouble
ramp (gdouble t)
{
  return t * t * (3.0 - 2.0 * t);
}

static gdouble
ramp_slope (gdouble t)
{
  return 6.0 * t * (1.0 - t);
}

gdouble
lrb_highlights_boost (const LrbHighlights *h, gdouble y)
{
  gdouble gain = exp2 (h->stops);

  if (y <= h->low)
    return y;
  if (y >= h->high)
    return gain * y;
  return y * (1.0 + (gain - 1.0) * ramp ((y - h->low) / (h->high - h->low)));
}

gdouble
lrb_highlights_restore (const LrbHighlights *h, gdouble b)
{
  gdouble gain = exp2 (h->stops);
  gdouble width = h->high - h->low;
  gdouble lo = h->low, hi = h->high, y;

  if (b <= h->low)
    return b;
  if (b >= gain * h->high)
    return b / gain;
  /* Newton from the straight line between the ends, kept inside the
   * bracket by bisection: the curve is a quartic, increasing. */
  y = h->low + (b - h->low) * width / (gain * h->high - h->low);
  for (gint i = 0; i < 60; i++)
    {
      gdouble t = (y - h->low) / width;
      gdouble f = y * (1.0 + (gain - 1.0) * ramp (t)) - b;
      gdouble slope = 1.0 + (gain - 1.0) * (ramp (t) + y * ramp_slope (t) / width);
      gdouble next;

      if (f > 0.0)
        hi = y;
      else
        lo = y;
      next = y - f / slope;
      if (!(next > lo && next < hi))
        next = 0.5 * (lo + hi);
      if (fabs (next - y) <= 1e-15 * y)
        return next;
      y = next;
    }
  return y;
}

static gdouble
luminance (const gdouble *weights, const gfloat *colour, gint n_colour)
{
  if (n_colour < 3)
    return colour[0];
  return weights[0] * colour[0] + weights[1] * colour[1] + weights[2] * colour[2];
}

static void
scale_by_curve (const LrbHighlights *h, const gdouble *weights, gfloat *colour, gint n_colour,
                gdouble (*curve) (const LrbHighlights *, gdouble))
{
  gdouble y = luminance (weights, colour, n_colour);
  gdouble ratio;

  if (!(y > h->low))
    return;
  ratio = curve (h, y) / y;
  for (gint ch = 0; ch < n_colour; ch++)
    colour[ch] = (gfloat) (colour[ch] * ratio);
}

void
lrb_highlights_boost_pixel (const LrbHighlights *h, const gdouble *weights, gfloat *colour,
                            gint n_colour)
{
  scale_by_curve (h, weights, colour, n_colour, lrb_highlights_boost);
}

void
lrb_highlights_restore_pixel (const LrbHighlights *h, const gdouble *weights, gfloat *colour,
                              gint n_colour)
{
  scale_by_curve (h, weights, colour, n_colour, lrb_highlights_restore);
}
