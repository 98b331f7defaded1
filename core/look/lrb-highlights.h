/* lowrank-bokeh — the highlight boost: in linear light, before the
 * convolution, pixels brighter than a threshold gain up to 2^stops, so the
 * brightest points bloom into the kernel's shape; after it the same curve
 * is undone, so a wide bright area keeps its level.  Shadows and
 * mid-tones, below the low threshold, are left exactly as they are.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LRB_HIGHLIGHT_MAX_STOPS     16.0
#define LRB_HIGHLIGHT_MAX_THRESHOLD 100.0

typedef struct
{
  gdouble stops; /* the gain above `high` is 2^stops; 0 = off */
  gdouble low;   /* linear luminance where the gain starts to rise */
  gdouble high;  /* linear luminance where it reaches 2^stops */
} LrbHighlights;

/* Off, with thresholds 0.7 and 1.0 (sRGB 86 % to white). */
void     lrb_highlights_init     (LrbHighlights *highlights);
gboolean lrb_highlights_validate (const LrbHighlights *highlights, GError **error);
gboolean lrb_highlights_active   (const LrbHighlights *highlights);

/* The curve on luminance: identity up to `low`, then a smooth ramp of the
 * gain to 2^stops at `high`.  Strictly increasing, so it has an inverse. */
gdouble  lrb_highlights_boost    (const LrbHighlights *highlights, gdouble luminance);
gdouble  lrb_highlights_restore  (const LrbHighlights *highlights, gdouble boosted);

/* The same on pixels: colour (n_colour channels, straight alpha, linear)
 * scaled by the curve's ratio at its luminance, so hue is kept.  For RGB
 * `weights` are the space's luminance factors; grey takes its value. */
void     lrb_highlights_boost_pixel   (const LrbHighlights *highlights, const gdouble *weights,
                                       gfloat *colour, gint n_colour);
void     lrb_highlights_restore_pixel (const LrbHighlights *highlights, const gdouble *weights,
                                       gfloat *colour, gint n_colour);

G_END_DECLS
