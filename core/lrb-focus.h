/* lowrank-bokeh — depth of field: how far each pixel is from the focal
 * depth, and which blur level that gives it.
 *
 * A depth map holds 0 for the nearest point of the scene and 1 for the
 * farthest (or the other way round, with `invert`).  A pixel at depth d is
 * sharp while |d − focus| ≤ tolerance; beyond that its circle of confusion
 * grows linearly and reaches the kernel at full size (the shape's radius)
 * at |d − focus| = 1.  Radii are quantized into `n` levels per side of the
 * focal plane, one pixel apart up to 64 pixels (lrb_focus_levels), so
 * level ℓ's kernel is the full kernel scaled by |ℓ| / n.  Negative levels
 * lie in front of the focal plane, positive ones behind it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-shapes.h"

G_BEGIN_DECLS

#define LRB_FOCUS_MAX_LEVELS 64

typedef struct
{
  gdouble  focus;     /* the depth in focus, 0 … 1 */
  gdouble  tolerance; /* half-width of the sharp band around it, 0 ≤ t < 1 */
  gboolean invert;    /* the map says 1 for near, 0 for far */
} LrbFocus;

/* Focus 0.5, no tolerance, not inverted. */
void     lrb_focus_init      (LrbFocus *focus);
gboolean lrb_focus_validate  (const LrbFocus *focus, GError **error);

/* Levels per side for a kernel whose full-defocus radius is `radius`
 * pixels: one per pixel of radius, at most LRB_FOCUS_MAX_LEVELS. */
gint     lrb_focus_levels    (gdouble radius);

/* The signed level (−n … n) of a pixel at `depth`; depths outside 0 … 1
 * count as 0 or 1. */
gint     lrb_focus_level     (const LrbFocus *focus, gdouble depth, gint n_levels);

/* The circle of confusion as a fraction of the full kernel, 0 … 1,
 * before quantization. */
gdouble  lrb_focus_defocus   (const LrbFocus *focus, gdouble depth);

/* The kernel of level ℓ (`level` ≠ 0) of `full`, the kernel at full
 * defocus built from `spec`: shapes are built again with their lengths
 * scaled by |ℓ| / n (so a small hexagon is a hexagon drawn small, not a
 * blurred copy); a kernel from a file is resampled by area.  Level 0 is
 * the 1 × 1 identity. */
LrbKernel *lrb_focus_level_kernel (const LrbKernelSpec *spec, const LrbKernel *full,
                                   gint level, gint n_levels, GError **error);

/* A kernel resampled by area to `scale` (0 < scale ≤ 1) of its size around
 * its anchor, keeping its sum. */
LrbKernel *lrb_kernel_new_scaled  (const LrbKernel *kernel, gdouble scale, GError **error);

/* The full-defocus radius in pixels of a kernel: the spec's radius for a
 * shape, half the larger side for a kernel from a file. */
gdouble  lrb_focus_full_radius (const LrbKernelSpec *spec, const LrbKernel *full);

G_END_DECLS
