/* lowrank-bokeh — a field of kernels: the aperture as it changes over the
 * frame.  Real lenses clip the aperture toward the corners (the "cat's
 * eye" of optical vignetting); one kernel for the whole frame cannot show
 * it.  The field says how the base kernel changes with the pixel's place;
 * lrb_gegl_apply_field (lrb-gegl-field.h) runs it fast by windowed zones
 * (Hirsch et al., "Efficient filter flow", CVPR 2010), and
 * lrb_reference_convolve_field (lrb-image.h) slowly and plainly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-kernel.h"

G_BEGIN_DECLS

/* Zones of about this many aperture radii: the numpy study in issue 28
 * (disc R = 16, full cat's eye) gave 1.0 % relative L2 at 3R, 2.3 % at 6R. */
#define LRB_FIELD_ZONE_PER_RADIUS 3.0
#define LRB_FIELD_MIN_ZONE 8
#define LRB_FIELD_MAX_ZONE 65536

/* One strength per effect, 0 = off; the effects to come (swirl, aspect,
 * brightness profile, axial colour) add theirs here. */
typedef struct
{
  gdouble cats_eye;  /* 0 … 1: the clipping disc's shift at the corners, in radii */
  gint    zone_size; /* pixels between zone centres; 0 = LRB_FIELD_ZONE_PER_RADIUS radii */
} LrbField;

void     lrb_field_init        (LrbField *field);
gboolean lrb_field_validate    (const LrbField *field, GError **error);
/* Every effect off: the same kernel everywhere, today's uniform run. */
gboolean lrb_field_is_uniform  (const LrbField *field);

/* The aperture's radius in pixels: the farthest non-zero tap from the
 * anchor, so the unshifted disc keeps every tap and the centre of the
 * frame gets exactly the base kernel. */
gdouble  lrb_field_aperture_radius (const LrbKernel *base);
/* The zone size a run uses: field->zone_size or LRB_FIELD_ZONE_PER_RADIUS
 * aperture radii, at least LRB_FIELD_MIN_ZONE. */
gint     lrb_field_zone_size   (const LrbField *field, const LrbKernel *base);

/* The kernel that a source pixel at (x, y) of a width × height image
 * spreads: `base` times a disc of the aperture's radius shifted toward the
 * image's centre by cats_eye · (distance / half-diagonal) · radius, the
 * disc's edge antialiased over one pixel; scaled to base's sum.  The same
 * size as `base`.  `radius` is lrb_field_aperture_radius (base). */
LrbKernel *lrb_field_kernel_at (const LrbField *field, const LrbKernel *base, gdouble radius,
                                gint width, gint height, gdouble x, gdouble y);

/* The zones along one axis of `length` pixels: n ≥ 1 tent windows whose
 * peaks (nodes) are evenly spaced from pixel 0 to pixel length − 1, at most
 * `zone` apart; they sum to 1 at every pixel.  Returns n. */
gint     lrb_field_zone_count  (gint length, gint zone);
gdouble  lrb_field_zone_node   (gint length, gint n, gint k);
/* Window k's weight at pixel x, and the pixels where it is not zero. */
gdouble  lrb_field_zone_weight (gint length, gint n, gint k, gint x);
void     lrb_field_zone_support (gint length, gint n, gint k, gint *first, gint *last);

G_END_DECLS
