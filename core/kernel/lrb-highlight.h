/* lowrank-bokeh — a kernel measured from a photo: the crop around one
 * out-of-focus light, with the background taken off and the light centred.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>
#include "lrb-kernel.h"

G_BEGIN_DECLS

/* One light and some background round it: larger crops hold more than
 * one light, and their SVD takes seconds. */
#define LRB_HIGHLIGHT_MIN_SIDE 9
#define LRB_HIGHLIGHT_MAX_SIDE 1025

/* What the extraction found, in the crop's pixels and units. */
typedef struct
{
  gdouble background;   /* the level taken off, at the crop's centre: a plane
                         * fitted to the crop's border (a gradient comes off too) */
  gdouble border_noise; /* the border's noise about that plane, 1.4826 × its MAD */
  gdouble peak;         /* the light's brightest pixel above the background */
  gdouble sum;          /* the kernel's sum before scaling: the light's total */
  gdouble centroid_x;   /* the light's centre of brightness, from the crop's */
  gdouble centroid_y;   /* top-left pixel's centre */
  gint    centre_x;     /* the pixel the kernel's anchor sits on: the */
  gint    centre_y;     /* centroid rounded to whole pixels */
} LrbHighlight;

/* `values` is a width × height crop, row-major, of linear light (one
 * channel: luminance).  The light is the brightest connected area that
 * stands out of the background.  Returns the kernel around it: background
 * taken off, the centroid on the anchor pixel, odd on both sides,
 * large enough for the light and a margin of background; neither clipped
 * nor normalized (its noise is still zero-mean, as the rank choice wants).
 * Errors (LRB_ERROR_INVALID_KERNEL) name the problem: an empty, too small
 * or too large rectangle, a pixel that is not a number, a flat crop, no
 * light above the background, a light that reaches the crop's edge. */
LrbKernel *lrb_highlight_extract (const gdouble *values, gint width, gint height,
                                  LrbHighlight *highlight, GError **error);

/* The linear luminance (premultiplied by alpha) of `rect` in `buffer`, as
 * lrb_highlight_extract takes it; the rectangle must lie inside the
 * buffer's extent (LRB_ERROR_INVALID_ARGUMENT otherwise). */
gdouble   *lrb_highlight_read    (GeglBuffer *buffer, const GeglRectangle *rect,
                                  GError **error);

/* The median of values[0 … n), which it sorts: the robust statistics of
 * measured kernels (background, noise) are medians. */
gdouble    lrb_median_in_place   (gdouble *values, gsize n);

G_END_DECLS
