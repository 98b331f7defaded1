/* lowrank-bokeh — depth of field: how far each pixel is from the focal
 * depth, and which blur level that gives it.
 *
 * A depth map holds 0 for the nearest point of the scene and 1 for the
 * farthest (or the other way round, with `invert`).  A pixel at depth d is
 * sharp while |d − focus| ≤ tolerance; beyond that its circle of confusion
 * grows linearly and reaches the kernel at full size (the shape's radius)
 * at |d − focus| = 1.  Radii are quantized into levels on each side of
 * the focal plane (LrbFocusLevels): one pixel apart up to 8 pixels, then
 * 12.5 % apart, a step the eye does not see in a blur that size, and the
 * last at the full radius.  Level ℓ's kernel is the full kernel scaled to
 * its radius.  Negative levels lie in front of the focal plane, positive
 * ones behind it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-profile.h"
#include "lrb-shapes.h"

G_BEGIN_DECLS

/* Up to this radius, a level per pixel; beyond it, LRB_FOCUS_LEVEL_RATIO
 * from one level to the next. */
#define LRB_FOCUS_LINEAR_LEVELS 8
#define LRB_FOCUS_LEVEL_RATIO   1.125

typedef struct
{
  gdouble  focus;     /* the depth in focus, 0 … 1 */
  gdouble  tolerance; /* half-width of the sharp band around it, 0 ≤ t < 1 */
  gboolean invert;    /* the map says 1 for near, 0 for far */
} LrbFocus;

/* Focus 0.5, no tolerance, not inverted. */
void     lrb_focus_init      (LrbFocus *focus);
gboolean lrb_focus_validate  (const LrbFocus *focus, GError **error);

/* The levels of a kernel whose full-defocus radius is `radius` pixels:
 * n of them on each side, level n at the full radius. */
#define LRB_FOCUS_MAX_LEVELS 64

typedef struct
{
  gdouble radius;
  gint    n;
  gdouble radii[LRB_FOCUS_MAX_LEVELS + 1]; /* of each level, 0 … n */
} LrbFocusLevels;

void     lrb_focus_levels_init  (LrbFocusLevels *levels, gdouble radius);
/* The radius in pixels of level ±`level` (0 … n). */
gdouble  lrb_focus_level_radius (const LrbFocusLevels *levels, gint level);

/* The signed level (−n … n) of a pixel at `depth`: the level whose radius
 * is nearest its circle of confusion; depths outside 0 … 1 count as 0 or
 * 1. */
gint     lrb_focus_level     (const LrbFocus *focus, const LrbFocusLevels *levels,
                              gdouble depth);

/* The circle of confusion as a fraction of the full kernel, 0 … 1,
 * before quantization. */
gdouble  lrb_focus_defocus   (const LrbFocus *focus, gdouble depth);

/* The kernel of level ±`level` of `full`, the kernel at full defocus
 * built from `spec` and profiled by `profile` at `strength`
 * (lrb_settings_prepare's): shapes are built again with their lengths
 * scaled to the level's radius (so a small hexagon is a hexagon drawn
 * small, not a blurred copy) and profiled the same; a kernel from a file
 * is resampled by area, its profile with it.  Level 0 is the 1 × 1
 * identity. */
LrbKernel *lrb_focus_level_kernel (const LrbKernelSpec *spec, const LrbKernel *full,
                                   const LrbFocusLevels *levels, gint level,
                                   LrbProfile profile, gdouble strength, GError **error);

/* `full` (built from `spec`) at `scale` (0 < scale ≤ 1) of its size, as a
 * level's kernel is made: a shape built again, a file's kernel resampled. */
LrbKernel *lrb_focus_kernel_at_scale (const LrbKernelSpec *spec, const LrbKernel *full,
                                      gdouble scale, LrbProfile profile, gdouble strength,
                                      GError **error);

/* A kernel resampled by area to `scale` (0 < scale ≤ 1) of its size around
 * its anchor, keeping its sum. */
LrbKernel *lrb_kernel_new_scaled  (const LrbKernel *kernel, gdouble scale, GError **error);

/* The full-defocus radius in pixels of a kernel: the spec's radius for a
 * shape, half the larger side for a kernel from a file. */
gdouble  lrb_focus_full_radius (const LrbKernelSpec *spec, const LrbKernel *full);

G_END_DECLS
