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
#include "lrb-profile.h"

G_BEGIN_DECLS

/* The default zones: at least this many aperture radii, since a piece's
 * halo (2R) over its support (2 zones) is the run's overhead … */
#define LRB_FIELD_ZONE_PER_RADIUS 3.0
/* … and at least this fraction of the half-diagonal: the kernel changes
 * by cats_eye · R per half-diagonal, so a zone's share of it sets the
 * error whatever R (docs/benchmarks.md, "Cat's eye"). */
#define LRB_FIELD_ZONE_PER_HALF_DIAGONAL 0.125
#define LRB_FIELD_MIN_ZONE 8
#define LRB_FIELD_MAX_ZONE 65536

/* One strength per effect, 0 = off; the effects to come (axial colour)
 * add theirs here, at the end: callers fill it in order. */
typedef struct
{
  gdouble cats_eye;  /* 0 … 1: the clipping disc's shift at the corners, in radii */
  gint    zone_size; /* pixels between zone centres; 0: lrb_field_zone_size's default */
  gdouble blend;     /* the part of a zone its neighbour's kernel blends over:
                      * 1 = bilinear tents, less = flat tops; 0: LRB_FIELD_DEFAULT_BLEND */
  gdouble swirl;     /* 0 … 1: the stretch along the circle round the centre at the
                      * corners, less than 1 + swirl times (area kept) */
  gdouble aspect;    /* 1 … LRB_FIELD_MAX_ASPECT, 0 or 1 = round: the oval's long over
                      * short axis (area kept), the same everywhere */
  gdouble aspect_rotation; /* degrees, counter-clockwise: the long axis, 0 = across */
  /* The light across the aperture, the same everywhere: applied to the
   * kernel itself (lrb_settings_prepare, and each depth level's), before
   * the aspect, cat's eye and swirl reshape it. */
  LrbProfile profile;
  gdouble    profile_strength; /* 0 … 1 */
  gdouble axial_color; /* 0 … 1: axial chromatic aberration; the channels behind the
                        * focus (green) or in front (red, blue) keep the kernel, the
                        * others shrink by LRB_FIELD_AXIAL_COLOR_SPREAD · axial_color */
} LrbField;

#define LRB_FIELD_MAX_ASPECT 4.0
/* At strength 1 the smaller discs lose a quarter of the radius: the rim of
 * a cheap fast lens wide open; 0.3 (a 7.5 % rim) is a good lens's. */
#define LRB_FIELD_AXIAL_COLOR_SPREAD  0.25
#define LRB_FIELD_AXIAL_COLOR_TYPICAL 0.3

/* Tents: flat tops with narrow ramps overlap less, but lost more accuracy
 * than they saved time (docs/benchmarks-field.md). */
#define LRB_FIELD_DEFAULT_BLEND 1.0

void     lrb_field_init        (LrbField *field);
gboolean lrb_field_validate    (const LrbField *field, GError **error);
/* Every effect off: the same kernel everywhere and in every channel,
 * today's uniform run. */
gboolean lrb_field_is_uniform  (const LrbField *field);
/* An effect that changes the aperture's shape (cat's eye, swirl, aspect):
 * the kernel the depth levels are made from is the field's.  Axial colour
 * alone leaves it (and the levels' cache) as it is. */
gboolean lrb_field_shapes_aperture (const LrbField *field);
/* An effect that changes the kernel over the frame (cat's eye, swirl):
 * zones.  The aspect alone is one kernel everywhere: the uniform run's
 * way, with lrb_field_base's kernel. */
gboolean lrb_field_varies      (const LrbField *field);
/* The kernel's scale in the channels that axial colour shrinks: 1 −
 * LRB_FIELD_AXIAL_COLOR_SPREAD · axial_color. */
gdouble  lrb_field_axial_scale (const LrbField *field);
/* Whether colour channel `channel` (0 red, 1 green, 2 blue) keeps the full
 * kernel on this side of the focus (`behind`: the background, and the
 * whole image without a depth map): green behind, red and blue in front,
 * so that the others' smaller discs leave a green rim behind and a
 * magenta one in front, as a lens's longitudinal colour does. */
gboolean lrb_field_axial_keeps (gint channel, gboolean behind);
/* Every member the same (a new effect's member must be added here). */
gboolean lrb_field_equal       (const LrbField *a, const LrbField *b);
/* field->blend, or the default for 0. */
gdouble  lrb_field_blend       (const LrbField *field);

/* The aperture's radius in pixels: the farthest non-zero tap from the
 * anchor, so the unshifted disc keeps every tap and the centre of the
 * frame gets exactly the base kernel. */
gdouble  lrb_field_aperture_radius (const LrbKernel *base);
/* The zone size a run over a width × height image uses: field->zone_size,
 * or the larger of LRB_FIELD_ZONE_PER_RADIUS aperture radii and
 * LRB_FIELD_ZONE_PER_HALF_DIAGONAL of the half-diagonal, at least
 * LRB_FIELD_MIN_ZONE. */
gint     lrb_field_zone_size   (const LrbField *field, const LrbKernel *base, gint width,
                                gint height);

/* The kernel the field starts from: `kernel` stretched into the aspect's
 * oval, and padded so that the swirl's stretch stays inside it; a copy of
 * `kernel` when neither is on.  Odd sides, anchor at the centre; scaled to
 * the kernel's sum. */
LrbKernel *lrb_field_base      (const LrbField *field, const LrbKernel *kernel);

/* `kernel` resampled through the linear map that stretches it `factor`
 * times along the direction `angle` (radians, counter-clockwise on screen)
 * and 1 / factor across, about the anchor; supersampled; scaled to the
 * kernel's sum.  rows × cols, anchor at the centre. */
LrbKernel *lrb_field_stretch   (const LrbKernel *kernel, gdouble factor, gdouble angle,
                                gint rows, gint cols);

/* The kernel that a source pixel at (x, y) of a width × height image
 * spreads: `base` (lrb_field_base's) times a disc of the aperture's radius
 * shifted toward the image's centre by cats_eye · (distance /
 * half-diagonal) · radius, the disc's edge antialiased over one pixel,
 * then stretched along the circle round the centre by 1 + swirl ·
 * (distance / half-diagonal); scaled to base's sum.  The same size as
 * `base`.  `radius` is lrb_field_aperture_radius (base). */
LrbKernel *lrb_field_kernel_at (const LrbField *field, const LrbKernel *base, gdouble radius,
                                gint width, gint height, gdouble x, gdouble y);

/* The zones along one axis of `length` pixels: n ≥ 1 windows whose
 * centres (nodes) are evenly spaced from pixel 0 to pixel length − 1, at
 * most `zone` apart; they sum to 1 at every pixel.  Returns n. */
gint     lrb_field_zone_count  (gint length, gint zone);
gdouble  lrb_field_zone_node   (gint length, gint n, gint k);
/* Window k's weight at pixel x, and the pixels where it is not zero: 1
 * around its node, falling linearly to 0 over `blend` of the spacing
 * centred halfway to each neighbour (blend 1: a tent, node to node). */
gdouble  lrb_field_zone_weight (gint length, gint n, gdouble blend, gint k, gint x);
void     lrb_field_zone_support (gint length, gint n, gdouble blend, gint k, gint *first,
                                 gint *last);

/* The zones' error: over a grid of places in a width × height frame, the
 * relative L2 distance between the kernel each place's pixel would spread
 * (lrb_field_kernel_at) and the blend of its zones' kernels that the
 * windows of zones `zone` pixels apart give it (what the zones' run
 * spreads), every kernel whole (the rank's error is the analysis's).
 * `work` (may be NULL): the pieces' convolved area, halos included, over
 * the image's — what the zones cost against one plain blur's 1. */
gdouble  lrb_field_zone_error  (const LrbField *field, const LrbKernel *base, gint width,
                                gint height, gint zone, gdouble *work);
/* The largest spacing whose lrb_field_zone_error is at most `target`
 * (LRB_FIELD_MIN_ZONE when none is): the knob chosen by the error, as the
 * rank is by the energy. */
gint     lrb_field_zone_for_error (const LrbField *field, const LrbKernel *base, gint width,
                                   gint height, gdouble target);

G_END_DECLS
