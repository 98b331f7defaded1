/* lowrank-bokeh — the shapes the dialog offers, and what each one shows.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-settings.h"

G_BEGIN_DECLS

/* The dialog's list: core's shapes plus the ways to give a kernel. */
typedef enum
{
  LRB_UI_DISC,
  LRB_UI_POLYGON,
  LRB_UI_HEXAGON,
  LRB_UI_BOX,
  LRB_UI_GAUSSIAN,
  LRB_UI_ANISOTROPIC_GAUSSIAN,
  LRB_UI_EXPONENTIAL,
  LRB_UI_DOG,
  LRB_UI_RING,
  LRB_UI_SKEWED_BOX,
  LRB_UI_PAINTED,
  LRB_UI_FILE,
  LRB_UI_LAYER,
  LRB_UI_N_SHAPES
} LrbUiShape;

/* The parameters a shape uses, as bits. */
typedef enum
{
  LRB_PARAM_RADIUS       = 1 << 0,
  LRB_PARAM_BLADES       = 1 << 1,
  LRB_PARAM_ROTATION     = 1 << 2,
  LRB_PARAM_CURVATURE    = 1 << 3,
  LRB_PARAM_INNER_RADIUS = 1 << 4,
  LRB_PARAM_WIDTH        = 1 << 5,
  LRB_PARAM_HEIGHT       = 1 << 6,
  LRB_PARAM_SKEW         = 1 << 7,
  LRB_PARAM_SIGMA        = 1 << 8,
  LRB_PARAM_SIGMA_Y      = 1 << 9,
  LRB_PARAM_SIGMA_RATIO  = 1 << 10,
  LRB_PARAM_DOG_WEIGHT   = 1 << 11,
  LRB_PARAM_FILE         = 1 << 12,
  LRB_PARAM_LAYER        = 1 << 13,
  LRB_PARAM_PAINTER      = 1 << 14,
} LrbUiParams;

const gchar *lrb_ui_shape_label  (LrbUiShape shape);
LrbUiParams  lrb_ui_shape_params (LrbUiShape shape);

/* Which entry of the list a kernel spec is (a file equal to `custom_path`
 * is the painted kernel). */
LrbUiShape   lrb_ui_shape_from_spec (const LrbKernelSpec *spec, const gchar *custom_path);

/* Sets the spec's shape (and fixed values such as a hexagon's 6 blades)
 * for a list entry; parameters stay as the widgets set them. */
void         lrb_ui_shape_apply     (LrbUiShape shape, LrbKernelSpec *spec);

G_END_DECLS
