/* lowrank-bokeh — PDB parameters and last values.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-params.h"
#include "lrb-plugin-docs.h"

#include <string.h>

#define KERNEL_ARGS                                                                          \
  { GIMP_PDB_INT32, "shape", LRB_DOC_SHAPE },                                                 \
  { GIMP_PDB_FLOAT, "radius", LRB_DOC_RADIUS },                                               \
  { GIMP_PDB_INT32, "blades", LRB_DOC_BLADES },                                               \
  { GIMP_PDB_FLOAT, "rotation", LRB_DOC_ROTATION },                                           \
  { GIMP_PDB_FLOAT, "curvature", LRB_DOC_CURVATURE }

/* plug-in-lowrank-bokeh4 takes all of them; plug-in-lowrank-bokeh3 the
 * first LRB_N_APPLY3_ARGS, plug-in-lowrank-bokeh2 the first
 * LRB_N_APPLY2_ARGS, plug-in-lowrank-bokeh the first LRB_N_APPLY_ARGS. */
static const GimpParamDef apply_args[] = {
  { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
    "RUN-WITH-LAST-VALS (2) }" },
  { GIMP_PDB_IMAGE, "image", "Input image" },
  { GIMP_PDB_DRAWABLE, "drawable", "Drawable to blur (RGB or grey, any precision)" },
  KERNEL_ARGS,
  { GIMP_PDB_INT32, "rank", LRB_DOC_RANK },
  { GIMP_PDB_FLOAT, "energy-target", LRB_DOC_ENERGY_TARGET },
  { GIMP_PDB_FLOAT, "gamma", LRB_DOC_GAMMA },
  { GIMP_PDB_INT32, "edge-mode", LRB_DOC_EDGE_MODE },
  { GIMP_PDB_STRING, "kernel-file", LRB_DOC_KERNEL_FILE },
  { GIMP_PDB_INT32, "factorization", LRB_DOC_FACTORIZATION },
  { GIMP_PDB_FLOAT, "highlight-stops", LRB_DOC_HIGHLIGHT_STOPS },
  { GIMP_PDB_FLOAT, "highlight-threshold-low", LRB_DOC_HIGHLIGHT_LOW },
  { GIMP_PDB_FLOAT, "highlight-threshold-high", LRB_DOC_HIGHLIGHT_HIGH },
  { GIMP_PDB_DRAWABLE, "depth-map", LRB_DOC_DEPTH_MAP },
  { GIMP_PDB_FLOAT, "focus", LRB_DOC_FOCUS },
  { GIMP_PDB_FLOAT, "focus-tolerance", LRB_DOC_FOCUS_TOLERANCE },
  { GIMP_PDB_INT32, "depth-invert", LRB_DOC_DEPTH_INVERT },
  { GIMP_PDB_INT32, "grain", LRB_DOC_GRAIN },
  { GIMP_PDB_FLOAT, "grain-level", LRB_DOC_GRAIN_LEVEL },
  { GIMP_PDB_INT32, "grain-seed", LRB_DOC_GRAIN_SEED },
  { GIMP_PDB_INT32, "use-camera", LRB_DOC_USE_CAMERA },
  { GIMP_PDB_FLOAT, "focal-length", LRB_DOC_FOCAL_LENGTH },
  { GIMP_PDB_FLOAT, "f-number", LRB_DOC_F_NUMBER },
  { GIMP_PDB_FLOAT, "focus-distance", LRB_DOC_FOCUS_DISTANCE },
  { GIMP_PDB_FLOAT, "sensor-width", LRB_DOC_SENSOR_WIDTH },
  { GIMP_PDB_INT32, "depth-units", LRB_DOC_DEPTH_UNITS },
  { GIMP_PDB_FLOAT, "depth-near", LRB_DOC_DEPTH_NEAR },
  { GIMP_PDB_FLOAT, "depth-far", LRB_DOC_DEPTH_FAR },
  { GIMP_PDB_FLOAT, "depth-scale", LRB_DOC_DEPTH_SCALE },
  { GIMP_PDB_FLOAT, "cats-eye", LRB_DOC_CATS_EYE },
  { GIMP_PDB_FLOAT, "swirl", LRB_DOC_SWIRL },
  { GIMP_PDB_FLOAT, "aspect", LRB_DOC_ASPECT },
  { GIMP_PDB_FLOAT, "aspect-rotation", LRB_DOC_ASPECT_ROTATION },
};

static const GimpParamDef analyze_args[] = {
  { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-NONINTERACTIVE (1) }" },
  KERNEL_ARGS,
  { GIMP_PDB_FLOAT, "energy-target", LRB_DOC_ANALYZE_ENERGY_TARGET },
  { GIMP_PDB_STRING, "kernel-file", LRB_DOC_KERNEL_FILE },
};

static const GimpParamDef analyze_returns[] = {
  { GIMP_PDB_INT32, "numerical-rank", LRB_DOC_NUMERICAL_RANK },
  { GIMP_PDB_INT32, "num-singular-values", LRB_DOC_NUM_SINGULAR_VALUES },
  { GIMP_PDB_FLOATARRAY, "singular-values", LRB_DOC_SINGULAR_VALUES },
  { GIMP_PDB_INT32, "energy-rank", LRB_DOC_ENERGY_RANK },
};

static const GimpParamDef measure_args[] = {
  { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-NONINTERACTIVE (1) }" },
  { GIMP_PDB_IMAGE, "image", "Input image" },
  { GIMP_PDB_DRAWABLE, "drawable", "The drawable holding the light" },
  { GIMP_PDB_INT32, "x", LRB_DOC_MEASURE_X },
  { GIMP_PDB_INT32, "y", LRB_DOC_MEASURE_Y },
  { GIMP_PDB_INT32, "width", LRB_DOC_MEASURE_WIDTH },
  { GIMP_PDB_INT32, "height", LRB_DOC_MEASURE_HEIGHT },
  { GIMP_PDB_INT32, "rank", LRB_DOC_MEASURE_RANK },
  { GIMP_PDB_STRING, "filename", LRB_DOC_MEASURE_FILENAME },
};

static const GimpParamDef measure_returns[] = {
  { GIMP_PDB_INT32, "rank", LRB_DOC_MEASURE_RANK_USED },
  { GIMP_PDB_INT32, "num-singular-values", LRB_DOC_NUM_SINGULAR_VALUES },
  { GIMP_PDB_FLOAT, "noise", LRB_DOC_MEASURE_NOISE },
  { GIMP_PDB_INT32, "centre-x", LRB_DOC_MEASURE_CENTRE_X },
  { GIMP_PDB_INT32, "centre-y", LRB_DOC_MEASURE_CENTRE_Y },
  { GIMP_PDB_STRING, "report", LRB_DOC_MEASURE_REPORT },
};

static const GimpParamDef check_image_args[] = {
  { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-NONINTERACTIVE (1) }" },
  { GIMP_PDB_STRING, "filename", LRB_DOC_CHECK_IMAGE_FILENAME },
};

static const GimpParamDef check_image_returns[] = {
  { GIMP_PDB_INT32, "whole", LRB_DOC_CHECK_IMAGE_WHOLE },
  { GIMP_PDB_STRING, "reason", LRB_DOC_CHECK_IMAGE_REASON },
};

const GimpParamDef *
lrb_plugin_apply_args (gint *n_args)
{
  *n_args = LRB_N_APPLY_ARGS;
  return apply_args;
}

const GimpParamDef *
lrb_plugin_apply2_args (gint *n_args)
{
  *n_args = LRB_N_APPLY2_ARGS;
  return apply_args;
}

const GimpParamDef *
lrb_plugin_apply3_args (gint *n_args)
{
  *n_args = LRB_N_APPLY3_ARGS;
  return apply_args;
}

const GimpParamDef *
lrb_plugin_apply4_args (gint *n_args)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (apply_args) == LRB_N_APPLY4_ARGS);
  *n_args = LRB_N_APPLY4_ARGS;
  return apply_args;
}

const GimpParamDef *
lrb_plugin_analyze_args (gint *n_args)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (analyze_args) == LRB_N_ANALYZE_ARGS);
  *n_args = G_N_ELEMENTS (analyze_args);
  return analyze_args;
}

const GimpParamDef *
lrb_plugin_analyze_returns (gint *n_returns)
{
  *n_returns = G_N_ELEMENTS (analyze_returns);
  return analyze_returns;
}

const GimpParamDef *
lrb_plugin_measure_args (gint *n_args)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (measure_args) == LRB_N_MEASURE_ARGS);
  *n_args = G_N_ELEMENTS (measure_args);
  return measure_args;
}

const GimpParamDef *
lrb_plugin_measure_returns (gint *n_returns)
{
  *n_returns = G_N_ELEMENTS (measure_returns);
  return measure_returns;
}

const GimpParamDef *
lrb_plugin_check_image_args (gint *n_args)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (check_image_args) == LRB_N_CHECK_IMAGE_ARGS);
  *n_args = G_N_ELEMENTS (check_image_args);
  return check_image_args;
}

const GimpParamDef *
lrb_plugin_check_image_returns (gint *n_returns)
{
  *n_returns = G_N_ELEMENTS (check_image_returns);
  return check_image_returns;
}

static gboolean
check_types (const GimpParam *params, gint n_params, const GimpParamDef *defs, gint n_defs,
             GError **error)
{
  if (n_params < n_defs)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "%d arguments given, %d expected", n_params, n_defs);
      return FALSE;
    }
  for (gint i = 0; i < n_defs; i++)
    if (params[i].type != defs[i].type)
      {
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                     "argument %d (%s) has the wrong type", i + 1, defs[i].name);
        return FALSE;
      }
  return TRUE;
}

gboolean
lrb_plugin_check_image_filename (const GimpParam *params, gint n_params,
                                 const gchar **filename, GError **error)
{
  if (!check_types (params, n_params, check_image_args, LRB_N_CHECK_IMAGE_ARGS, error))
    return FALSE;
  *filename = params[LRB_CHECK_IMAGE_FILENAME].data.d_string;
  if (!*filename || !**filename)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "filename is empty: name the image file to check");
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_plugin_check_run_mode (gint run_mode, GError **error)
{
  if (run_mode != GIMP_RUN_INTERACTIVE && run_mode != GIMP_RUN_NONINTERACTIVE &&
      run_mode != GIMP_RUN_WITH_LAST_VALS)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "run mode %d is unknown (0 interactive, 1 non-interactive, "
                   "2 with last values)", run_mode);
      return FALSE;
    }
  return TRUE;
}

/* GIMP checks that each ID names an item of the declared kind but lets -1
 * through, and nothing ties the drawable to the image. */
gboolean
lrb_plugin_apply_drawable (const GimpParam *params, gint n_params, gint32 *drawable_id,
                           GError **error)
{
  gint32 image_id, owner_id;

  if (!check_types (params, n_params, apply_args, LRB_ARG_DRAWABLE + 1, error))
    return FALSE;
  image_id = params[LRB_ARG_IMAGE].data.d_image;
  *drawable_id = params[LRB_ARG_DRAWABLE].data.d_drawable;
  if (lrb_drawable_from_id (*drawable_id) == -1)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "drawable %d is not a layer or channel", *drawable_id);
      return FALSE;
    }
  owner_id = gimp_item_get_image (*drawable_id);
  if (owner_id != image_id)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "drawable %d does not belong to image %d", *drawable_id, image_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_plugin_measure_from_params (const GimpParam *params, gint n_params, gint32 *drawable_id,
                                GeglRectangle *rect, gint *rank, const gchar **filename,
                                GError **error)
{
  gint32 image_id;

  if (!check_types (params, n_params, measure_args, LRB_N_MEASURE_ARGS, error))
    return FALSE;
  image_id = params[LRB_MEASURE_IMAGE].data.d_image;
  *drawable_id = params[LRB_MEASURE_DRAWABLE].data.d_drawable;
  if (lrb_drawable_from_id (*drawable_id) == -1 || gimp_item_get_image (*drawable_id) != image_id)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "drawable %d is not a layer or channel of image %d", *drawable_id, image_id);
      return FALSE;
    }
  *rect = (GeglRectangle) { params[LRB_MEASURE_X].data.d_int32,
                            params[LRB_MEASURE_Y].data.d_int32,
                            params[LRB_MEASURE_WIDTH].data.d_int32,
                            params[LRB_MEASURE_HEIGHT].data.d_int32 };
  *rank = params[LRB_MEASURE_RANK].data.d_int32;
  *filename = params[LRB_MEASURE_FILENAME].data.d_string;
  return TRUE;
}

/* The kernel arguments stand in the same order in both procedures. */
static void
read_kernel_args (const GimpParam *p, LrbKernelSpec *spec, const gchar *file)
{
  spec->shape = p[0].data.d_int32;
  spec->radius = p[1].data.d_float;
  spec->blades = p[2].data.d_int32;
  spec->rotation = p[3].data.d_float;
  spec->curvature = p[4].data.d_float;
  g_free (spec->file);
  spec->file = file && *file ? g_strdup (file) : NULL;
}

/* Core checks every value; blades also matters for the PDB's caller when
 * the shape is not a polygon, so an absurd count is refused always. */
static gboolean
check_blades (const LrbKernelSpec *spec, GError **error)
{
  if (spec->blades < LRB_MIN_BLADES || spec->blades > LRB_MAX_BLADES)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "blades %d is out of range (%d to %d)", spec->blades,
                   LRB_MIN_BLADES, LRB_MAX_BLADES);
      return FALSE;
    }
  return TRUE;
}

/* A PDB "boolean": an INT32 that must be 0 or 1. */
static gboolean
read_switch (const GimpParam *params, gint arg, gboolean *value, GError **error)
{
  gint number = params[arg].data.d_int32;

  if (number != 0 && number != 1)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "%s %d is out of range (0 or 1)", apply_args[arg].name, number);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

/* plug-in-lowrank-bokeh4's own arguments. */
static gboolean
read_apply4 (const GimpParam *p, LrbSettings *settings, GError **error)
{
  LrbCamera *camera = &settings->camera;
  gint       seed = p[LRB_ARG_GRAIN_SEED].data.d_int32, units = p[LRB_ARG_DEPTH_UNITS].data.d_int32;

  if (!read_switch (p, LRB_ARG_GRAIN, &settings->grain.enabled, error) ||
      !read_switch (p, LRB_ARG_USE_CAMERA, &settings->use_camera, error))
    return FALSE;
  if (seed < 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "grain-seed %d is out of range (0 or more)", seed);
      return FALSE;
    }
  settings->grain.level = p[LRB_ARG_GRAIN_LEVEL].data.d_float;
  settings->grain.seed = seed;
  camera->focal_length = p[LRB_ARG_FOCAL_LENGTH].data.d_float;
  camera->f_number = p[LRB_ARG_F_NUMBER].data.d_float;
  camera->focus_distance = p[LRB_ARG_FOCUS_DISTANCE].data.d_float;
  camera->sensor_width = p[LRB_ARG_SENSOR_WIDTH].data.d_float;
  camera->units = units;
  camera->near = p[LRB_ARG_DEPTH_NEAR].data.d_float;
  camera->far = p[LRB_ARG_DEPTH_FAR].data.d_float;
  camera->scale = p[LRB_ARG_DEPTH_SCALE].data.d_float;
  settings->field.cats_eye = p[LRB_ARG_CATS_EYE].data.d_float;
  settings->field.swirl = p[LRB_ARG_SWIRL].data.d_float;
  settings->field.aspect = p[LRB_ARG_ASPECT].data.d_float;
  settings->field.aspect_rotation = p[LRB_ARG_ASPECT_ROTATION].data.d_float;
  return TRUE;
}

/* The first n_defs of apply_args: LRB_N_APPLY_ARGS … LRB_N_APPLY4_ARGS. */
static gboolean
settings_from_apply (const GimpParam *params, gint n_params, gint n_defs,
                     LrbSettings *settings, GError **error)
{
  if (!check_types (params, n_params, apply_args, n_defs, error))
    return FALSE;

  read_kernel_args (params + LRB_ARG_SHAPE, &settings->kernel,
                    params[LRB_ARG_KERNEL_FILE].data.d_string);
  settings->rank = params[LRB_ARG_RANK].data.d_int32;
  settings->energy_target = params[LRB_ARG_ENERGY_TARGET].data.d_float;
  settings->gamma = params[LRB_ARG_GAMMA].data.d_float;
  settings->edge = params[LRB_ARG_EDGE_MODE].data.d_int32;
  if (n_defs > LRB_ARG_FACTORIZATION)
    settings->factorization = params[LRB_ARG_FACTORIZATION].data.d_int32;
  if (n_defs > LRB_ARG_DEPTH_INVERT)
    {
      gint invert = params[LRB_ARG_DEPTH_INVERT].data.d_int32;

      settings->highlights.stops = params[LRB_ARG_HIGHLIGHT_STOPS].data.d_float;
      settings->highlights.low = params[LRB_ARG_HIGHLIGHT_LOW].data.d_float;
      settings->highlights.high = params[LRB_ARG_HIGHLIGHT_HIGH].data.d_float;
      settings->focus.focus = params[LRB_ARG_FOCUS].data.d_float;
      settings->focus.tolerance = params[LRB_ARG_FOCUS_TOLERANCE].data.d_float;
      if (invert != 0 && invert != 1)
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                       "depth-invert %d is out of range (0 or 1)", invert);
          return FALSE;
        }
      settings->focus.invert = invert;
    }
  if (n_defs > LRB_ARG_ASPECT_ROTATION && !read_apply4 (params, settings, error))
    return FALSE;
  return check_blades (&settings->kernel, error) && lrb_settings_validate (settings, error);
}

gboolean
lrb_plugin_settings_from_apply (const GimpParam *params, gint n_params, LrbSettings *settings,
                                GError **error)
{
  return settings_from_apply (params, n_params, LRB_N_APPLY_ARGS, settings, error);
}

gboolean
lrb_plugin_settings_from_apply2 (const GimpParam *params, gint n_params, LrbSettings *settings,
                                 GError **error)
{
  return settings_from_apply (params, n_params, LRB_N_APPLY2_ARGS, settings, error);
}

gboolean
lrb_plugin_check_depth (gint32 drawable_id, gint32 depth_id, GError **error)
{
  gint32 image_id = gimp_item_get_image (drawable_id);

  if (depth_id == -1)
    return TRUE;
  if (lrb_drawable_from_id (depth_id) == -1 || gimp_item_get_image (depth_id) != image_id)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "depth-map %d is not a layer or channel of image %d (-1 for none)",
                   depth_id, image_id);
      return FALSE;
    }
  return TRUE;
}

/* The settings and the depth map of plug-in-lowrank-bokeh3 or 4. */
static gboolean
settings_with_depth (const GimpParam *params, gint n_params, gint n_defs,
                     LrbSettings *settings, gint32 *depth_id, GError **error)
{
  if (!settings_from_apply (params, n_params, n_defs, settings, error))
    return FALSE;
  *depth_id = params[LRB_ARG_DEPTH_MAP].data.d_drawable;
  if (settings->use_camera && *depth_id == -1)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "use-camera needs a depth-map: the distance of each pixel");
      return FALSE;
    }
  return lrb_plugin_check_depth (params[LRB_ARG_DRAWABLE].data.d_drawable, *depth_id, error);
}

gboolean
lrb_plugin_settings_from_apply3 (const GimpParam *params, gint n_params, LrbSettings *settings,
                                 gint32 *depth_id, GError **error)
{
  return settings_with_depth (params, n_params, LRB_N_APPLY3_ARGS, settings, depth_id, error);
}

gboolean
lrb_plugin_settings_from_apply4 (const GimpParam *params, gint n_params, LrbSettings *settings,
                                 gint32 *depth_id, GError **error)
{
  return settings_with_depth (params, n_params, LRB_N_APPLY4_ARGS, settings, depth_id, error);
}

gboolean
lrb_plugin_settings_from_analyze (const GimpParam *params, gint n_params,
                                  LrbSettings *settings, GError **error)
{
  if (!check_types (params, n_params, analyze_args, LRB_N_ANALYZE_ARGS, error))
    return FALSE;

  read_kernel_args (params + LRB_ANALYZE_SHAPE, &settings->kernel,
                    params[LRB_ANALYZE_KERNEL_FILE].data.d_string);
  settings->rank = 0;
  settings->energy_target = params[LRB_ANALYZE_ENERGY_TARGET].data.d_float;
  return check_blades (&settings->kernel, error) && lrb_settings_validate (settings, error);
}

/* ---- Last values ------------------------------------------------------ */

/* Bump the version whenever the struct changes: an old blob of another
 * size or version is ignored, never read. */
#define LAST_VALUES_VERSION 7

typedef struct
{
  guint32 version;
  gint32  shape;
  gdouble radius;
  gint32  blades;
  gdouble rotation;
  gdouble curvature;
  /* The dialog's further shape parameters (not in the PDB). */
  gdouble inner_radius, width, height, skew, sigma_x, sigma_y, sigma_ratio, dog_weight;
  gint32  rank;
  gdouble energy_target;
  gdouble gamma;
  gint32  edge;
  gint32  factorization;
  gdouble highlight_stops, highlight_low, highlight_high;
  gdouble focus, focus_tolerance;
  gint32  depth_invert;
  gint32  depth_id;       /* -1: none; IDs hold within one GIMP session */
  gint32  region_shape;   /* the dialog's focus region (not in the PDB) */
  gdouble region_x, region_y, region_radius, region_transition, region_aspect,
          region_rotation;
  gint32  grain, use_camera, depth_units;
  gdouble grain_level;
  guint64 grain_seed;
  gdouble focal_length, f_number, focus_distance, sensor_width, depth_near, depth_far,
          depth_scale, cats_eye, swirl, aspect, aspect_rotation;
  gint32  profile;        /* the dialog's brightness profile (not in the PDB yet) */
  gdouble profile_strength;
  gchar   kernel_file[4096];
} LastValues;

void
lrb_plugin_load_last_values (LrbSettings *settings, gint32 *depth_id)
{
  LastValues values;

  if (gimp_get_data_size (LRB_PROC_APPLY) != sizeof values)
    return;
  gimp_get_data (LRB_PROC_APPLY, &values);
  if (values.version != LAST_VALUES_VERSION)
    return;

  values.kernel_file[sizeof values.kernel_file - 1] = '\0';
  settings->kernel.shape = values.shape;
  settings->kernel.radius = values.radius;
  settings->kernel.blades = values.blades;
  settings->kernel.rotation = values.rotation;
  settings->kernel.curvature = values.curvature;
  settings->kernel.inner_radius = values.inner_radius;
  settings->kernel.width = values.width;
  settings->kernel.height = values.height;
  settings->kernel.skew = values.skew;
  settings->kernel.sigma_x = values.sigma_x;
  settings->kernel.sigma_y = values.sigma_y;
  settings->kernel.sigma_ratio = values.sigma_ratio;
  settings->kernel.dog_weight = values.dog_weight;
  g_free (settings->kernel.file);
  settings->kernel.file = values.kernel_file[0] ? g_strdup (values.kernel_file) : NULL;
  settings->rank = values.rank;
  settings->energy_target = values.energy_target;
  settings->gamma = values.gamma;
  settings->edge = values.edge;
  settings->factorization = values.factorization;
  settings->highlights.stops = values.highlight_stops;
  settings->highlights.low = values.highlight_low;
  settings->highlights.high = values.highlight_high;
  settings->focus.focus = values.focus;
  settings->focus.tolerance = values.focus_tolerance;
  settings->focus.invert = values.depth_invert != 0;
  *depth_id = values.depth_id;
  settings->region = (LrbFocusRegion) { values.region_shape, values.region_x, values.region_y,
                                        values.region_radius, values.region_transition,
                                        values.region_aspect, values.region_rotation };
  settings->grain = (LrbGrainOptions) { values.grain != 0, values.grain_level,
                                        values.grain_seed };
  settings->use_camera = values.use_camera != 0;
  settings->camera = (LrbCamera) { values.focal_length, values.f_number, values.focus_distance,
                                   values.sensor_width, values.depth_units, values.depth_near,
                                   values.depth_far, values.depth_scale };
  settings->field.cats_eye = values.cats_eye;
  settings->field.swirl = values.swirl;
  settings->field.aspect = values.aspect;
  settings->field.aspect_rotation = values.aspect_rotation;
  settings->field.profile = values.profile;
  settings->field.profile_strength = values.profile_strength;
}

void
lrb_plugin_save_last_values (const LrbSettings *settings, gint32 depth_id)
{
  LastValues values;

  memset (&values, 0, sizeof values);
  values.version = LAST_VALUES_VERSION;
  values.shape = settings->kernel.shape;
  values.radius = settings->kernel.radius;
  values.blades = settings->kernel.blades;
  values.rotation = settings->kernel.rotation;
  values.curvature = settings->kernel.curvature;
  values.inner_radius = settings->kernel.inner_radius;
  values.width = settings->kernel.width;
  values.height = settings->kernel.height;
  values.skew = settings->kernel.skew;
  values.sigma_x = settings->kernel.sigma_x;
  values.sigma_y = settings->kernel.sigma_y;
  values.sigma_ratio = settings->kernel.sigma_ratio;
  values.dog_weight = settings->kernel.dog_weight;
  if (settings->kernel.file)
    g_strlcpy (values.kernel_file, settings->kernel.file, sizeof values.kernel_file);
  values.rank = settings->rank;
  values.energy_target = settings->energy_target;
  values.gamma = settings->gamma;
  values.edge = settings->edge;
  values.factorization = settings->factorization;
  values.highlight_stops = settings->highlights.stops;
  values.highlight_low = settings->highlights.low;
  values.highlight_high = settings->highlights.high;
  values.focus = settings->focus.focus;
  values.focus_tolerance = settings->focus.tolerance;
  values.depth_invert = settings->focus.invert;
  values.depth_id = depth_id;
  values.region_shape = settings->region.shape;
  values.region_x = settings->region.x;
  values.region_y = settings->region.y;
  values.region_radius = settings->region.radius;
  values.region_transition = settings->region.transition;
  values.region_aspect = settings->region.aspect;
  values.region_rotation = settings->region.rotation;
  values.grain = settings->grain.enabled;
  values.grain_level = settings->grain.level;
  values.grain_seed = settings->grain.seed;
  values.use_camera = settings->use_camera;
  values.focal_length = settings->camera.focal_length;
  values.f_number = settings->camera.f_number;
  values.focus_distance = settings->camera.focus_distance;
  values.sensor_width = settings->camera.sensor_width;
  values.depth_units = settings->camera.units;
  values.depth_near = settings->camera.near;
  values.depth_far = settings->camera.far;
  values.depth_scale = settings->camera.scale;
  values.cats_eye = settings->field.cats_eye;
  values.swirl = settings->field.swirl;
  values.aspect = settings->field.aspect;
  values.aspect_rotation = settings->field.aspect_rotation;
  values.profile = settings->field.profile;
  values.profile_strength = settings->field.profile_strength;
  gimp_set_data (LRB_PROC_APPLY, &values, sizeof values);
}
