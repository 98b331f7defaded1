/* lowrank-bokeh — kernel shapes and the kernel specification.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-kernel.h"

G_BEGIN_DECLS

/* The numbers are the PDB's `shape` values (DESIGN.md §4): keep them. */
typedef enum
{
  LRB_SHAPE_DISC        = 0,
  LRB_SHAPE_POLYGON     = 1,
  LRB_SHAPE_BOX         = 2,
  LRB_SHAPE_GAUSSIAN    = 3,
  LRB_SHAPE_EXPONENTIAL = 4,
  LRB_SHAPE_DOG         = 5,
  LRB_SHAPE_RING        = 6,
  LRB_SHAPE_SKEWED_BOX  = 7,
  LRB_SHAPE_FILE        = 8,
  LRB_N_SHAPES
} LrbShape;

#define LRB_MAX_RADIUS 1000.0
#define LRB_MIN_BLADES 3
#define LRB_MAX_BLADES 16

/* Everything needed to build a kernel.  Lengths are in pixels, angles in
 * degrees counter-clockwise on screen.  A zero means "derive from radius". */
typedef struct
{
  LrbShape shape;
  gdouble  radius;       /* circumradius: disc, polygon, ring; support: smooth shapes */
  gint     blades;       /* polygon */
  gdouble  rotation;     /* polygon, gaussian, skewed box */
  gdouble  curvature;    /* polygon: 0 straight edges … 1 circle */
  gdouble  inner_radius; /* ring: 0 = 0.6·radius */
  gdouble  width;        /* box, skewed box: 0 = 2·radius + 1 */
  gdouble  height;       /* box, skewed box: 0 = width */
  gdouble  skew;         /* skewed box: angle between its edges, 0 = 60 */
  gdouble  sigma_x;      /* gaussian σ, exponential scale, DoG inner σ: 0 = from radius */
  gdouble  sigma_y;      /* gaussian: 0 = sigma_x */
  gdouble  sigma_ratio;  /* DoG: outer σ = ratio · inner σ, 0 = 2 */
  gdouble  dog_weight;   /* DoG: inner − weight · outer, 0 = 0.5 */
  gint     supersample;  /* samples per pixel side for anti-aliasing, 0 = 4 */
  gboolean normalize;    /* scale to sum 1 */
  gchar   *file;         /* LRB_SHAPE_FILE: text matrix or image */
} LrbKernelSpec;

void         lrb_kernel_spec_init     (LrbKernelSpec *spec);
void         lrb_kernel_spec_clear    (LrbKernelSpec *spec);
void         lrb_kernel_spec_copy     (const LrbKernelSpec *src, LrbKernelSpec *dest);
/* The parameters' ranges, without building anything (cheap): the checks
 * lrb_kernel_new_from_spec starts with. */
gboolean     lrb_kernel_spec_check    (const LrbKernelSpec *spec, GError **error);
LrbKernel   *lrb_kernel_new_from_spec (const LrbKernelSpec *spec, GError **error);

/* The CLI's and the GEGL operation's names: "disc", "polygon", …, "file". */
const gchar *lrb_shape_to_nick        (LrbShape shape);
gboolean     lrb_shape_from_nick      (const gchar *nick, LrbShape *shape);

G_END_DECLS
