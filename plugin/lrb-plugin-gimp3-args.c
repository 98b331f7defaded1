/* lowrank-bokeh — GIMP 3 arguments and last values.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-gimp3-args.h"
#include "lrb-plugin-docs.h"

/* The largest kernel side core builds (a radius of LRB_MAX_RADIUS). */
#define MAX_RANK ((gint) (2 * LRB_MAX_RADIUS + 1))

/* The kernel arguments stand in the same order in both procedures. */
static void
add_kernel_args (GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument (procedure, "shape", "Shape",
                                   LRB_DOC_SHAPE,
                                   0, LRB_SHAPE_FILE, LRB_SHAPE_POLYGON, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "radius", "Radius",
                                      LRB_DOC_RADIUS,
                                      0.5, LRB_MAX_RADIUS, 20.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "blades", "Blades",
                                   LRB_DOC_BLADES,
                                   LRB_MIN_BLADES, LRB_MAX_BLADES, 6, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "rotation", "Rotation",
                                      LRB_DOC_ROTATION,
                                      -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "curvature", "Curvature",
                                      LRB_DOC_CURVATURE,
                                      0.0, 1.0, 0.0, G_PARAM_READWRITE);
}

typedef void (*AddDouble) (GimpProcedure *procedure, const gchar *name, const gchar *nick,
                           const gchar *blurb, gdouble min, gdouble max, gdouble value,
                           GParamFlags flags);

/* plug-in-lowrank-bokeh3's arguments after plug-in-lowrank-bokeh2's; for
 * the first two procedures remembered values of the dialog (aux). */
static void
add_depth_args (GimpProcedure *procedure, gboolean aux)
{
  AddDouble add_double = aux ? gimp_procedure_add_double_aux_argument
                             : gimp_procedure_add_double_argument;

  add_double (procedure, "highlight-stops", "Highlight boost",
                                      LRB_DOC_HIGHLIGHT_STOPS,
                                      0.0, LRB_HIGHLIGHT_MAX_STOPS, 0.0, G_PARAM_READWRITE);
  add_double (procedure, "highlight-threshold-low",
                                      "Highlight threshold low", LRB_DOC_HIGHLIGHT_LOW,
                                      0.0, LRB_HIGHLIGHT_MAX_THRESHOLD, 0.7, G_PARAM_READWRITE);
  add_double (procedure, "highlight-threshold-high",
                                      "Highlight threshold high", LRB_DOC_HIGHLIGHT_HIGH,
                                      0.0, LRB_HIGHLIGHT_MAX_THRESHOLD, 1.0, G_PARAM_READWRITE);
  /* GIMP 3.0 cannot keep a drawable among last values: the dialog's
   * choice is remembered by its ID. */
  if (aux)
    gimp_procedure_add_int_aux_argument (procedure, "depth-map-id", "Depth map ID", NULL,
                                         -1, G_MAXINT, -1, G_PARAM_READWRITE);
  else
    gimp_procedure_add_drawable_argument (procedure, "depth-map", "Depth map",
                                          LRB_DOC_DEPTH_MAP, TRUE, G_PARAM_READWRITE);
  add_double (procedure, "focus", "Focus", LRB_DOC_FOCUS, 0.0, 1.0, 0.5, G_PARAM_READWRITE);
  add_double (procedure, "focus-tolerance", "Focus tolerance", LRB_DOC_FOCUS_TOLERANCE,
              0.0, 0.99, 0.0, G_PARAM_READWRITE);
  (aux ? gimp_procedure_add_boolean_aux_argument : gimp_procedure_add_boolean_argument)
    (procedure, "depth-invert", "Invert depth", LRB_DOC_DEPTH_INVERT, FALSE,
     G_PARAM_READWRITE);
}

/* plug-in-lowrank-bokeh4's arguments after plug-in-lowrank-bokeh3's; for
 * the first three procedures remembered values of the dialog (aux). */
static void
add_camera_args (GimpProcedure *procedure, gboolean aux)
{
  AddDouble add_double = aux ? gimp_procedure_add_double_aux_argument
                             : gimp_procedure_add_double_argument;
  typeof (gimp_procedure_add_int_argument) *add_int =
    aux ? gimp_procedure_add_int_aux_argument : gimp_procedure_add_int_argument;
  typeof (gimp_procedure_add_boolean_argument) *add_boolean =
    aux ? gimp_procedure_add_boolean_aux_argument : gimp_procedure_add_boolean_argument;

  add_boolean (procedure, "grain", "Grain", LRB_DOC_GRAIN, FALSE, G_PARAM_READWRITE);
  add_double (procedure, "grain-level", "Grain level", LRB_DOC_GRAIN_LEVEL, -1.0, 1.0,
              LRB_GRAIN_MEASURED, G_PARAM_READWRITE);
  add_int (procedure, "grain-seed", "Grain seed", LRB_DOC_GRAIN_SEED, 0, G_MAXINT, 0,
           G_PARAM_READWRITE);
  add_boolean (procedure, "use-camera", "Use camera", LRB_DOC_USE_CAMERA, FALSE,
               G_PARAM_READWRITE);
  add_double (procedure, "focal-length", "Focal length", LRB_DOC_FOCAL_LENGTH, 1.0, 5000.0,
              50.0, G_PARAM_READWRITE);
  add_double (procedure, "f-number", "F-number", LRB_DOC_F_NUMBER, 0.5, 256.0, 2.8,
              G_PARAM_READWRITE);
  add_double (procedure, "focus-distance", "Focus distance", LRB_DOC_FOCUS_DISTANCE, 0.001,
              1e6, 3.0, G_PARAM_READWRITE);
  add_double (procedure, "sensor-width", "Sensor width", LRB_DOC_SENSOR_WIDTH, 1.0, 1000.0,
              LRB_CAMERA_FULL_FRAME_WIDTH, G_PARAM_READWRITE);
  add_int (procedure, "depth-units", "Depth units", LRB_DOC_DEPTH_UNITS, 0,
           LRB_N_DEPTH_UNITS - 1, LRB_DEPTH_NORMALIZED, G_PARAM_READWRITE);
  add_double (procedure, "depth-near", "Depth near", LRB_DOC_DEPTH_NEAR, 0.0, G_MAXDOUBLE, 1.0,
              G_PARAM_READWRITE);
  add_double (procedure, "depth-far", "Depth far", LRB_DOC_DEPTH_FAR, 0.0, G_MAXDOUBLE, 20.0,
              G_PARAM_READWRITE);
  add_double (procedure, "depth-scale", "Depth scale", LRB_DOC_DEPTH_SCALE, 0.0, G_MAXDOUBLE,
              1.0, G_PARAM_READWRITE);
  add_double (procedure, "cats-eye", "Cat's eye", LRB_DOC_CATS_EYE, 0.0, 1.0, 0.0,
              G_PARAM_READWRITE);
  add_double (procedure, "swirl", "Swirl", LRB_DOC_SWIRL, 0.0, 1.0, 0.0, G_PARAM_READWRITE);
  add_double (procedure, "aspect", "Aspect", LRB_DOC_ASPECT, 1.0, LRB_FIELD_MAX_ASPECT, 1.0,
              G_PARAM_READWRITE);
  add_double (procedure, "aspect-rotation", "Aspect rotation", LRB_DOC_ASPECT_ROTATION,
              -360.0, 360.0, 0.0, G_PARAM_READWRITE);
}

void
lrb_gimp3_add_apply_args (GimpProcedure *procedure, gint version)
{
  gboolean factorization_argument = version >= 2;

  add_kernel_args (procedure);
  gimp_procedure_add_int_argument (procedure, "rank", "Rank",
                                   LRB_DOC_RANK,
                                   LRB_RANK_EXACT, MAX_RANK, 0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "energy-target", "Energy target",
                                      LRB_DOC_ENERGY_TARGET,
                                      0.0, 1.0, 0.99, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (procedure, "gamma", "Gamma",
                                      LRB_DOC_GAMMA,
                                      1.0, LRB_MAX_GAMMA, 1.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "edge-mode", "Edge mode",
                                   LRB_DOC_EDGE_MODE,
                                   LRB_EDGE_CLAMP, LRB_EDGE_ZERO, LRB_EDGE_CLAMP,
                                   G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "kernel-file", "Kernel file",
                                      LRB_DOC_KERNEL_FILE,
                                      "", G_PARAM_READWRITE);
  if (factorization_argument)
    gimp_procedure_add_int_argument (procedure, "factorization", "Factorization",
                                     LRB_DOC_FACTORIZATION, 0, LRB_N_FACTORIZATIONS - 1,
                                     LRB_FACTORIZATION_SVD, G_PARAM_READWRITE);
  else
    gimp_procedure_add_int_aux_argument (procedure, "factorization", "Factorization",
                                         LRB_DOC_FACTORIZATION, 0, LRB_N_FACTORIZATIONS - 1,
                                         LRB_FACTORIZATION_SVD, G_PARAM_READWRITE);
  add_depth_args (procedure, version < 3);

  /* The result as an editable layer filter: an argument of the newest
   * procedure (after all the others, so older calls keep theirs), a
   * remembered choice of the first two.  The dialog starts from its own
   * memory, which defaults to the filter; scripts default to pixels. */
  (version >= 3 ? gimp_procedure_add_boolean_argument : gimp_procedure_add_boolean_aux_argument)
    (procedure, "as-filter", "As editable filter", LRB_DOC_AS_FILTER, FALSE,
     G_PARAM_READWRITE);
  add_camera_args (procedure, version < 4);
  gimp_procedure_add_boolean_aux_argument (procedure, "dialog-as-filter",
                                           "Dialog: as editable filter", NULL, TRUE,
                                           G_PARAM_READWRITE);

  /* The dialog's focus region: remembered, not in the PDB signature. */
  gimp_procedure_add_int_aux_argument (procedure, "focus-region", "Focus region", NULL,
                                       0, LRB_N_FOCUS_REGIONS - 1, LRB_FOCUS_REGION_NONE,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "focus-x", "Focus X", NULL,
                                          -1.0, 2.0, 0.5, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "focus-y", "Focus Y", NULL,
                                          -1.0, 2.0, 0.5, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "focus-radius", "Focus radius", NULL,
                                          0.0, 10.0, 0.5, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "focus-transition", "Focus transition",
                                          NULL, 0.001, 10.0, 0.5, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "focus-aspect", "Focus aspect", NULL,
                                          0.05, 20.0, 1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "focus-rotation", "Focus rotation", NULL,
                                          -360.0, 360.0, 0.0, G_PARAM_READWRITE);

  /* The dialog's further shape parameters: remembered, not in the PDB
   * signature.  0 means "derived from the radius", as in core. */
  gimp_procedure_add_double_aux_argument (procedure, "inner-radius", "Inner radius", NULL,
                                          0.0, LRB_MAX_RADIUS, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "width", "Width", NULL,
                                          0.0, 2 * LRB_MAX_RADIUS + 1, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "height", "Height", NULL,
                                          0.0, 2 * LRB_MAX_RADIUS + 1, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "skew", "Skew", NULL,
                                          0.0, 180.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "sigma-x", "Sigma", NULL,
                                          0.0, LRB_MAX_RADIUS, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "sigma-y", "Sigma Y", NULL,
                                          0.0, LRB_MAX_RADIUS, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "sigma-ratio", "Sigma ratio", NULL,
                                          0.0, 100.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "dog-weight", "Outer weight", NULL,
                                          0.0, 1.0, 0.0, G_PARAM_READWRITE);

  /* The dialog's brightness profile: remembered; the PDB gets it with the
   * next procedure. */
  gimp_procedure_add_int_aux_argument (procedure, "profile", "Profile", NULL,
                                       0, LRB_N_PROFILES - 1, LRB_PROFILE_FLAT,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_double_aux_argument (procedure, "profile-strength", "Profile strength",
                                          NULL, 0.0, 1.0, LRB_PROFILE_DEFAULT_STRENGTH,
                                          G_PARAM_READWRITE);
}

void
lrb_gimp3_add_analyze_args (GimpProcedure *procedure)
{
  gimp_procedure_add_enum_argument (procedure, "run-mode", "Run mode", "The run mode",
                                    GIMP_TYPE_RUN_MODE, GIMP_RUN_NONINTERACTIVE,
                                    G_PARAM_READWRITE);
  add_kernel_args (procedure);
  gimp_procedure_add_double_argument (procedure, "energy-target", "Energy target",
                                      LRB_DOC_ANALYZE_ENERGY_TARGET,
                                      0.0, 1.0, 0.99, G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "kernel-file", "Kernel file",
                                      LRB_DOC_KERNEL_FILE, "", G_PARAM_READWRITE);

  gimp_procedure_add_int_return_value (procedure, "numerical-rank", "Numerical rank",
                                       LRB_DOC_NUMERICAL_RANK,
                                       0, G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "num-singular-values",
                                       "Number of singular values",
                                       LRB_DOC_NUM_SINGULAR_VALUES,
                                       0, G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_double_array_return_value (procedure, "singular-values",
                                                "Singular values",
                                                LRB_DOC_SINGULAR_VALUES,
                                                G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "energy-rank", "Energy rank",
                                       LRB_DOC_ENERGY_RANK,
                                       0, G_MAXINT, 0, G_PARAM_READWRITE);
}

void
lrb_gimp3_add_check_image_args (GimpProcedure *procedure)
{
  gimp_procedure_add_enum_argument (procedure, "run-mode", "Run mode", "The run mode",
                                    GIMP_TYPE_RUN_MODE, GIMP_RUN_NONINTERACTIVE,
                                    G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "filename", "File name",
                                      LRB_DOC_CHECK_IMAGE_FILENAME, "", G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "whole", "Whole",
                                       LRB_DOC_CHECK_IMAGE_WHOLE, 0, 1, 0, G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value (procedure, "reason", "Reason",
                                          LRB_DOC_CHECK_IMAGE_REASON, "", G_PARAM_READWRITE);
}

void
lrb_gimp3_add_measure_args (GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument (procedure, "x", "X", LRB_DOC_MEASURE_X, G_MININT / 2,
                                   G_MAXINT / 2, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "y", "Y", LRB_DOC_MEASURE_Y, G_MININT / 2,
                                   G_MAXINT / 2, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "width", "Width", LRB_DOC_MEASURE_WIDTH, 0,
                                   G_MAXINT / 2, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "height", "Height", LRB_DOC_MEASURE_HEIGHT, 0,
                                   G_MAXINT / 2, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument (procedure, "rank", "Rank", LRB_DOC_MEASURE_RANK, -1,
                                   G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "filename", "File name",
                                      LRB_DOC_MEASURE_FILENAME, "", G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "rank", "Rank", LRB_DOC_MEASURE_RANK_USED,
                                       0, G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "num-singular-values",
                                       "Number of singular values",
                                       LRB_DOC_NUM_SINGULAR_VALUES, 0, G_MAXINT, 0,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value (procedure, "noise", "Noise", LRB_DOC_MEASURE_NOISE,
                                          0.0, G_MAXDOUBLE, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "centre-x", "Centre X",
                                       LRB_DOC_MEASURE_CENTRE_X, G_MININT, G_MAXINT, 0,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_int_return_value (procedure, "centre-y", "Centre Y",
                                       LRB_DOC_MEASURE_CENTRE_Y, G_MININT, G_MAXINT, 0,
                                       G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value (procedure, "report", "Report",
                                          LRB_DOC_MEASURE_REPORT, "", G_PARAM_READWRITE);
}

gboolean
lrb_gimp3_config_has (GimpProcedureConfig *config, const gchar *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (config), name) != NULL;
}

static gboolean
is_procedure (GimpProcedureConfig *config, const gchar *name)
{
  return g_strcmp0 (gimp_procedure_get_name (gimp_procedure_config_get_procedure (config)),
                    name) == 0;
}

gboolean
lrb_gimp3_settings_from_config (GimpProcedureConfig *config, gboolean with_aux,
                                LrbSettings *settings, GError **error)
{
  LrbKernelSpec    *spec = &settings->kernel;
  g_autofree gchar *file = NULL;
  gint              edge = LRB_EDGE_CLAMP;

  g_object_get (config, "shape", &spec->shape, "radius", &spec->radius,
                "blades", &spec->blades, "rotation", &spec->rotation,
                "curvature", &spec->curvature, "energy-target", &settings->energy_target,
                "kernel-file", &file, NULL);
  g_free (spec->file);
  spec->file = file && *file ? g_strdup (file) : NULL;
  if (lrb_gimp3_config_has (config, "rank"))
    g_object_get (config, "rank", &settings->rank, "gamma", &settings->gamma,
                  "edge-mode", &edge, NULL);
  settings->edge = edge;
  /* A script's call of plug-in-lowrank-bokeh is the SVD, as in 2.10. */
  if (lrb_gimp3_config_has (config, "factorization") &&
      (with_aux || is_procedure (config, LRB_PROC_APPLY4) ||
       is_procedure (config, LRB_PROC_APPLY3) || is_procedure (config, LRB_PROC_APPLY2)))
    {
      gint factorization = LRB_FACTORIZATION_SVD;

      g_object_get (config, "factorization", &factorization, NULL);
      settings->factorization = factorization;
    }
  /* …and without highlights or depth, as before they existed. */
  if (lrb_gimp3_config_has (config, "highlight-stops") &&
      (with_aux || is_procedure (config, LRB_PROC_APPLY4) ||
       is_procedure (config, LRB_PROC_APPLY3)))
    g_object_get (config, "highlight-stops", &settings->highlights.stops,
                  "highlight-threshold-low", &settings->highlights.low,
                  "highlight-threshold-high", &settings->highlights.high,
                  "focus", &settings->focus.focus,
                  "focus-tolerance", &settings->focus.tolerance,
                  "depth-invert", &settings->focus.invert, NULL);
  /* …and without grain, camera or cat's eye, as before they existed. */
  if (lrb_gimp3_config_has (config, "cats-eye") &&
      (with_aux || is_procedure (config, LRB_PROC_APPLY4)))
    {
      LrbCamera *c = &settings->camera;
      gint       seed = 0, units = LRB_DEPTH_NORMALIZED;

      g_object_get (config, "grain", &settings->grain.enabled,
                    "grain-level", &settings->grain.level, "grain-seed", &seed,
                    "use-camera", &settings->use_camera, "focal-length", &c->focal_length,
                    "f-number", &c->f_number, "focus-distance", &c->focus_distance,
                    "sensor-width", &c->sensor_width, "depth-units", &units,
                    "depth-near", &c->near, "depth-far", &c->far, "depth-scale", &c->scale,
                    "cats-eye", &settings->field.cats_eye, "swirl", &settings->field.swirl,
                    "aspect", &settings->field.aspect,
                    "aspect-rotation", &settings->field.aspect_rotation, NULL);
      settings->grain.seed = seed;
      c->units = units;
    }
  if (with_aux && lrb_gimp3_config_has (config, "focus-region"))
    {
      LrbFocusRegion *r = &settings->region;
      gint            shape = LRB_FOCUS_REGION_NONE;

      g_object_get (config, "focus-region", &shape, "focus-x", &r->x, "focus-y", &r->y,
                    "focus-radius", &r->radius, "focus-transition", &r->transition,
                    "focus-aspect", &r->aspect, "focus-rotation", &r->rotation, NULL);
      r->shape = shape;
    }
  if (with_aux && lrb_gimp3_config_has (config, "inner-radius"))
    g_object_get (config, "inner-radius", &spec->inner_radius, "width", &spec->width,
                  "height", &spec->height, "skew", &spec->skew, "sigma-x", &spec->sigma_x,
                  "sigma-y", &spec->sigma_y, "sigma-ratio", &spec->sigma_ratio,
                  "dog-weight", &spec->dog_weight, NULL);
  if (with_aux && lrb_gimp3_config_has (config, "profile"))
    {
      gint profile = LRB_PROFILE_FLAT;

      g_object_get (config, "profile", &profile, "profile-strength",
                    &settings->field.profile_strength, NULL);
      settings->field.profile = profile;
    }
  return lrb_settings_validate (settings, error);
}

void
lrb_gimp3_settings_to_config (const LrbSettings *settings, GimpProcedureConfig *config)
{
  const LrbKernelSpec *spec = &settings->kernel;

  g_object_set (config, "shape", spec->shape, "radius", spec->radius, "blades", spec->blades,
                "rotation", spec->rotation, "curvature", spec->curvature,
                "rank", settings->rank, "energy-target", settings->energy_target,
                "gamma", settings->gamma, "edge-mode", (gint) settings->edge,
                "kernel-file", spec->file ? spec->file : "",
                "inner-radius", spec->inner_radius, "width", spec->width,
                "height", spec->height, "skew", spec->skew, "sigma-x", spec->sigma_x,
                "sigma-y", spec->sigma_y, "sigma-ratio", spec->sigma_ratio,
                "dog-weight", spec->dog_weight,
                "factorization", (gint) settings->factorization, NULL);
  g_object_set (config, "focus-region", (gint) settings->region.shape,
                "focus-x", settings->region.x, "focus-y", settings->region.y,
                "focus-radius", settings->region.radius,
                "focus-transition", settings->region.transition,
                "focus-aspect", settings->region.aspect,
                "focus-rotation", settings->region.rotation, NULL);
  if (lrb_gimp3_config_has (config, "highlight-stops"))
    g_object_set (config, "highlight-stops", settings->highlights.stops,
                  "highlight-threshold-low", settings->highlights.low,
                  "highlight-threshold-high", settings->highlights.high,
                  "focus", settings->focus.focus,
                  "focus-tolerance", settings->focus.tolerance,
                  "depth-invert", settings->focus.invert, NULL);
  if (lrb_gimp3_config_has (config, "cats-eye"))
    {
      const LrbCamera *c = &settings->camera;

      g_object_set (config, "grain", settings->grain.enabled,
                    "grain-level", settings->grain.level,
                    "grain-seed", (gint) MIN (settings->grain.seed, G_MAXINT),
                    "use-camera", settings->use_camera, "focal-length", c->focal_length,
                    "f-number", c->f_number, "focus-distance", c->focus_distance,
                    "sensor-width", c->sensor_width, "depth-units", (gint) c->units,
                    "depth-near", c->near, "depth-far", c->far, "depth-scale", c->scale,
                    "cats-eye", settings->field.cats_eye, "swirl", settings->field.swirl,
                    "aspect", MAX (settings->field.aspect, 1.0),
                    "aspect-rotation", settings->field.aspect_rotation, NULL);
    }
  if (lrb_gimp3_config_has (config, "profile"))
    g_object_set (config, "profile", (gint) settings->field.profile,
                  "profile-strength", settings->field.profile_strength, NULL);
}
