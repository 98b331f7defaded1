/* lowrank-bokeh — the dialog's shape list.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-shapes.h"

#include <glib/gi18n-lib.h>

static const struct
{
  const gchar *label;
  LrbUiParams  params;
} ui_shapes[LRB_UI_N_SHAPES] = {
  [LRB_UI_DISC] = { N_("Disc"), LRB_PARAM_RADIUS },
  [LRB_UI_POLYGON] = { N_("Polygon iris"),
                       LRB_PARAM_RADIUS | LRB_PARAM_BLADES | LRB_PARAM_ROTATION | LRB_PARAM_CURVATURE },
  [LRB_UI_HEXAGON] = { N_("Hexagon"), LRB_PARAM_RADIUS | LRB_PARAM_ROTATION | LRB_PARAM_CURVATURE },
  [LRB_UI_BOX] = { N_("Box"), LRB_PARAM_WIDTH | LRB_PARAM_HEIGHT },
  [LRB_UI_GAUSSIAN] = { N_("Gaussian"), LRB_PARAM_RADIUS | LRB_PARAM_SIGMA },
  [LRB_UI_ANISOTROPIC_GAUSSIAN] = { N_("Anisotropic Gaussian"),
                                    LRB_PARAM_RADIUS | LRB_PARAM_SIGMA | LRB_PARAM_SIGMA_Y |
                                    LRB_PARAM_ROTATION },
  [LRB_UI_EXPONENTIAL] = { N_("Exponential"), LRB_PARAM_RADIUS | LRB_PARAM_SIGMA },
  [LRB_UI_DOG] = { N_("Difference of Gaussians"),
                   LRB_PARAM_RADIUS | LRB_PARAM_SIGMA | LRB_PARAM_SIGMA_RATIO | LRB_PARAM_DOG_WEIGHT },
  [LRB_UI_RING] = { N_("Ring"), LRB_PARAM_RADIUS | LRB_PARAM_INNER_RADIUS },
  [LRB_UI_SKEWED_BOX] = { N_("Skewed box"),
                          LRB_PARAM_WIDTH | LRB_PARAM_HEIGHT | LRB_PARAM_ROTATION | LRB_PARAM_SKEW },
  [LRB_UI_PAINTED] = { N_("Painted"), LRB_PARAM_PAINTER },
  [LRB_UI_FILE] = { N_("From file"), LRB_PARAM_FILE },
  [LRB_UI_LAYER] = { N_("From layer"), LRB_PARAM_LAYER },
};

const gchar *
lrb_ui_shape_label (LrbUiShape shape)
{
  g_return_val_if_fail (shape < LRB_UI_N_SHAPES, NULL);
  return _(ui_shapes[shape].label);
}

LrbUiParams
lrb_ui_shape_params (LrbUiShape shape)
{
  g_return_val_if_fail (shape < LRB_UI_N_SHAPES, 0);
  return ui_shapes[shape].params;
}

LrbUiShape
lrb_ui_shape_from_spec (const LrbKernelSpec *spec, const gchar *custom_path)
{
  switch (spec->shape)
    {
    case LRB_SHAPE_DISC:        return LRB_UI_DISC;
    case LRB_SHAPE_POLYGON:     return spec->blades == 6 ? LRB_UI_HEXAGON : LRB_UI_POLYGON;
    case LRB_SHAPE_BOX:         return LRB_UI_BOX;
    case LRB_SHAPE_GAUSSIAN:
      return spec->sigma_y > 0 || spec->rotation != 0 ? LRB_UI_ANISOTROPIC_GAUSSIAN
                                                      : LRB_UI_GAUSSIAN;
    case LRB_SHAPE_EXPONENTIAL: return LRB_UI_EXPONENTIAL;
    case LRB_SHAPE_DOG:         return LRB_UI_DOG;
    case LRB_SHAPE_RING:        return LRB_UI_RING;
    case LRB_SHAPE_SKEWED_BOX:  return LRB_UI_SKEWED_BOX;
    case LRB_SHAPE_FILE:
    default:
      return g_strcmp0 (spec->file, custom_path) == 0 ? LRB_UI_PAINTED : LRB_UI_FILE;
    }
}

void
lrb_ui_shape_apply (LrbUiShape shape, LrbKernelSpec *spec)
{
  static const LrbShape core_shape[LRB_UI_N_SHAPES] = {
    [LRB_UI_DISC] = LRB_SHAPE_DISC,
    [LRB_UI_POLYGON] = LRB_SHAPE_POLYGON,
    [LRB_UI_HEXAGON] = LRB_SHAPE_POLYGON,
    [LRB_UI_BOX] = LRB_SHAPE_BOX,
    [LRB_UI_GAUSSIAN] = LRB_SHAPE_GAUSSIAN,
    [LRB_UI_ANISOTROPIC_GAUSSIAN] = LRB_SHAPE_GAUSSIAN,
    [LRB_UI_EXPONENTIAL] = LRB_SHAPE_EXPONENTIAL,
    [LRB_UI_DOG] = LRB_SHAPE_DOG,
    [LRB_UI_RING] = LRB_SHAPE_RING,
    [LRB_UI_SKEWED_BOX] = LRB_SHAPE_SKEWED_BOX,
    [LRB_UI_PAINTED] = LRB_SHAPE_FILE,
    [LRB_UI_FILE] = LRB_SHAPE_FILE,
    [LRB_UI_LAYER] = LRB_SHAPE_FILE,
  };

  spec->shape = core_shape[shape];
  if (shape == LRB_UI_HEXAGON)
    spec->blades = 6;
  /* An isotropic Gaussian has no second σ and no direction. */
  if (shape == LRB_UI_GAUSSIAN)
    {
      spec->sigma_y = 0;
      spec->rotation = 0;
    }
}
