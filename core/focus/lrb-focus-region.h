/* lowrank-bokeh — a depth map made up for a photo that has none: sharp
 * inside a focus region, more and more blurred outside it, as GIMP's
 * Focus Blur does: an ellipse (a circle by default) around a point, or a
 * straight band across the image (tilt-shift, the "miniature" look).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>

G_BEGIN_DECLS

/* The numbers are stable: scripts may store them. */
typedef enum
{
  LRB_FOCUS_REGION_NONE    = 0,
  LRB_FOCUS_REGION_ELLIPSE = 1,
  LRB_FOCUS_REGION_BAND    = 2,
  LRB_N_FOCUS_REGIONS
} LrbFocusRegionShape;

/* Positions are fractions of the image's width and height (0.5, 0.5 is
 * its centre); lengths are fractions of half the image's smaller side (1
 * reaches the nearer edges from the centre). */
typedef struct
{
  LrbFocusRegionShape shape;
  gdouble x, y;       /* the centre, or a point on the band's middle line */
  gdouble radius;     /* sharp within it: the ellipse's larger semi-axis, the band's half-width */
  gdouble transition; /* from sharp to full blur over this much more */
  gdouble aspect;     /* ellipse: its width over its height, 1 a circle */
  gdouble rotation;   /* degrees counter-clockwise: the ellipse's width axis, the band's line */
} LrbFocusRegion;

/* None; centred, radius 0.5, transition 0.5, a circle, not rotated. */
void        lrb_focus_region_init     (LrbFocusRegion *region);
gboolean    lrb_focus_region_validate (const LrbFocusRegion *region, GError **error);

/* The depth (0 sharp … 1 full blur; use with focus 0) at pixel (x, y) of
 * a width × height image: 0 inside the region, rising linearly across the
 * transition, 1 beyond.  Pixel centres are at (x + 0.5, y + 0.5). */
gdouble     lrb_focus_region_depth    (const LrbFocusRegion *region, gint width, gint height,
                                       gint x, gint y);

/* The same as a "Y float" buffer with `extent`. */
GeglBuffer *lrb_focus_region_buffer   (const LrbFocusRegion *region,
                                       const GeglRectangle *extent);
/* Only `part` of it, into `buffer` ("Y float" or any grey format), for an
 * image with `image` as its extent: what a chunk of a larger image needs. */
void        lrb_focus_region_fill     (const LrbFocusRegion *region, GeglBuffer *buffer,
                                       const GeglRectangle *image, const GeglRectangle *part);

/* "none", "ellipse", "band". */
const gchar *lrb_focus_region_to_nick   (LrbFocusRegionShape shape);
gboolean     lrb_focus_region_from_nick (const gchar *nick, LrbFocusRegionShape *shape);

G_END_DECLS
