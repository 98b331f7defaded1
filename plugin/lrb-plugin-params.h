/* lowrank-bokeh — the PDB procedures' parameters (DESIGN.md §4) and the
 * values remembered between runs.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* Positions in the apply procedure's parameter array. */
enum
{
  LRB_ARG_RUN_MODE,
  LRB_ARG_IMAGE,
  LRB_ARG_DRAWABLE,
  LRB_ARG_SHAPE,
  LRB_ARG_RADIUS,
  LRB_ARG_BLADES,
  LRB_ARG_ROTATION,
  LRB_ARG_CURVATURE,
  LRB_ARG_RANK,
  LRB_ARG_ENERGY_TARGET,
  LRB_ARG_GAMMA,
  LRB_ARG_EDGE_MODE,
  LRB_ARG_KERNEL_FILE,
  LRB_N_APPLY_ARGS,
  /* plug-in-lowrank-bokeh2 only */
  LRB_ARG_FACTORIZATION = LRB_N_APPLY_ARGS,
  LRB_N_APPLY2_ARGS,
  /* plug-in-lowrank-bokeh3 only */
  LRB_ARG_HIGHLIGHT_STOPS = LRB_N_APPLY2_ARGS,
  LRB_ARG_HIGHLIGHT_LOW,
  LRB_ARG_HIGHLIGHT_HIGH,
  LRB_ARG_DEPTH_MAP,
  LRB_ARG_FOCUS,
  LRB_ARG_FOCUS_TOLERANCE,
  LRB_ARG_DEPTH_INVERT,
  LRB_N_APPLY3_ARGS,
  /* plug-in-lowrank-bokeh4 only */
  LRB_ARG_GRAIN = LRB_N_APPLY3_ARGS,
  LRB_ARG_GRAIN_LEVEL,
  LRB_ARG_GRAIN_SEED,
  LRB_ARG_USE_CAMERA,
  LRB_ARG_FOCAL_LENGTH,
  LRB_ARG_F_NUMBER,
  LRB_ARG_FOCUS_DISTANCE,
  LRB_ARG_SENSOR_WIDTH,
  LRB_ARG_DEPTH_UNITS,
  LRB_ARG_DEPTH_NEAR,
  LRB_ARG_DEPTH_FAR,
  LRB_ARG_DEPTH_SCALE,
  LRB_ARG_CATS_EYE,
  LRB_N_APPLY4_ARGS
};

/* The analyze procedure takes run-mode then the kernel's parameters. */
enum
{
  LRB_ANALYZE_RUN_MODE,
  LRB_ANALYZE_SHAPE,
  LRB_ANALYZE_RADIUS,
  LRB_ANALYZE_BLADES,
  LRB_ANALYZE_ROTATION,
  LRB_ANALYZE_CURVATURE,
  LRB_ANALYZE_ENERGY_TARGET,
  LRB_ANALYZE_KERNEL_FILE,
  LRB_N_ANALYZE_ARGS
};

/* The check-image procedure: run-mode and a file name. */
enum
{
  LRB_CHECK_IMAGE_RUN_MODE,
  LRB_CHECK_IMAGE_FILENAME,
  LRB_N_CHECK_IMAGE_ARGS
};

const GimpParamDef *lrb_plugin_apply_args       (gint *n_args);
const GimpParamDef *lrb_plugin_apply2_args      (gint *n_args);
const GimpParamDef *lrb_plugin_apply3_args      (gint *n_args);
const GimpParamDef *lrb_plugin_apply4_args      (gint *n_args);
const GimpParamDef *lrb_plugin_analyze_args     (gint *n_args);
const GimpParamDef *lrb_plugin_analyze_returns  (gint *n_returns);
/* The kernel-from-photo procedure: run-mode, image, drawable, the
 * rectangle, the rank and the file to write. */
enum
{
  LRB_MEASURE_RUN_MODE,
  LRB_MEASURE_IMAGE,
  LRB_MEASURE_DRAWABLE,
  LRB_MEASURE_X,
  LRB_MEASURE_Y,
  LRB_MEASURE_WIDTH,
  LRB_MEASURE_HEIGHT,
  LRB_MEASURE_RANK,
  LRB_MEASURE_FILENAME,
  LRB_N_MEASURE_ARGS
};

const GimpParamDef *lrb_plugin_measure_args        (gint *n_args);
const GimpParamDef *lrb_plugin_measure_returns     (gint *n_returns);
/* The drawable (of the image), the rectangle, the rank and the file. */
gboolean lrb_plugin_measure_from_params (const GimpParam *params, gint n_params,
                                         gint32 *drawable_id, GeglRectangle *rect, gint *rank,
                                         const gchar **filename, GError **error);
const GimpParamDef *lrb_plugin_check_image_args    (gint *n_args);
const GimpParamDef *lrb_plugin_check_image_returns (gint *n_returns);

/* Fill `settings` from a call; FALSE with a message naming the parameter
 * and its range when an argument is out of range or the wrong type. */
gboolean lrb_plugin_settings_from_apply   (const GimpParam *params, gint n_params,
                                           LrbSettings *settings, GError **error);
gboolean lrb_plugin_settings_from_apply2  (const GimpParam *params, gint n_params,
                                           LrbSettings *settings, GError **error);
/* …and the depth map's drawable (-1 for none): a layer or channel of the
 * call's image. */
gboolean lrb_plugin_settings_from_apply3  (const GimpParam *params, gint n_params,
                                           LrbSettings *settings, gint32 *depth_id,
                                           GError **error);
/* …and the grain, the camera and the lens's character. */
gboolean lrb_plugin_settings_from_apply4  (const GimpParam *params, gint n_params,
                                           LrbSettings *settings, gint32 *depth_id,
                                           GError **error);
gboolean lrb_plugin_settings_from_analyze (const GimpParam *params, gint n_params,
                                           LrbSettings *settings, GError **error);
/* The file name of a check-image call; FALSE when the call is malformed. */
gboolean lrb_plugin_check_image_filename  (const GimpParam *params, gint n_params,
                                           const gchar **filename, GError **error);

/* FALSE for a run mode GIMP 2.10 does not define: libgimp passes any
 * INT32 through, and an unknown one must not run as some other mode. */
gboolean lrb_plugin_check_run_mode        (gint run_mode, GError **error);
/* The drawable an apply call names, when it is a layer or channel of the
 * call's image; FALSE otherwise, so a script never blurs another image. */
gboolean lrb_plugin_apply_drawable        (const GimpParam *params, gint n_params,
                                           gint32 *drawable_id, GError **error);

/* Last values, stored with gimp_set_data under the procedure's name. */
/* TRUE when `depth_id` is -1 (none) or a drawable of drawable_id's image. */
gboolean lrb_plugin_check_depth (gint32 drawable_id, gint32 depth_id, GError **error);

/* The last run's settings and depth map (-1: none), for the dialog and
 * "Repeat"; nothing changes when there are none. */
void     lrb_plugin_load_last_values (LrbSettings *settings, gint32 *depth_id);
void     lrb_plugin_save_last_values (const LrbSettings *settings, gint32 depth_id);

G_END_DECLS
