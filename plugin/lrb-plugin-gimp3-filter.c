/* lowrank-bokeh — the plug-in's result as an editable layer filter (GIMP 3).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-plugin-gimp3-filter.h"
#include "lrb-intl.h"
#include "lrb-kernel-io.h"
#include "lrb-plugin-profile.h"

#define LRB_OP_BLUR "lowrank-bokeh:blur"

const gchar *
lrb_gimp3_filter_unavailable (const LrbSettings *settings, GimpDrawable *depth)
{
  if (depth)
    return _("A depth map is applied to the pixels: GIMP keeps no filter that reads "
             "another layer.");
  /* A focus region is lowrank-bokeh:depth-blur's, and GIMP refuses any
   * operation with an aux pad as a filter, even with nothing on it
   * ("effects with an 'aux' pad cannot be applied non-destructively"). */
  if (settings->region.shape != LRB_FOCUS_REGION_NONE)
    return _("A focus region is applied to the pixels: GIMP keeps no filter that can read "
             "a depth map.");
  /* The plug-in's GEGL loads modules from the same folders as GIMP's. */
  if (!gegl_has_operation (LRB_OP_BLUR))
    return _("The GEGL operation lowrank-bokeh:blur is not installed: the blur is applied "
             "to the pixels.");
  return NULL;
}

/* Whether the operation's shape properties make exactly this kernel: its
 * further parameters at their defaults ("derived from the radius"). */
static gboolean
spec_is_expressible (const LrbKernelSpec *spec)
{
  return spec->shape != LRB_SHAPE_FILE && spec->normalize &&
         (spec->supersample == 0 || spec->supersample == 4) &&
         spec->inner_radius == 0.0 && spec->width == 0.0 && spec->height == 0.0 &&
         spec->skew == 0.0 && spec->sigma_x == 0.0 && spec->sigma_y == 0.0 &&
         spec->sigma_ratio == 0.0 && spec->dog_weight == 0.0;
}

/* The kernel as a text matrix in the profile, named after its contents:
 * the file the filter names never changes under it (a later painting
 * writes another). */
static gchar *
save_kernel (const LrbKernelSpec *spec, GError **error)
{
  g_autoptr (LrbKernel) kernel = lrb_kernel_new_from_spec (spec, error);
  g_autofree gchar     *text = NULL;

  if (!kernel)
    return NULL;
  text = lrb_kernel_to_text (kernel);
  return lrb_profile_save_kernel_text (text, "kernel", error);
}

/* An enum property as GIMP hands it to plug-ins: a GimpChoice of the
 * operation's nicks, or the enum (or its int) itself. */
static void
set_enum (GObject *config, const gchar *name, const gchar *nick, gint value)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name);

  g_return_if_fail (pspec != NULL);
  if (G_IS_PARAM_SPEC_STRING (pspec))
    g_object_set (config, name, nick, NULL);
  else
    g_object_set (config, name, value, NULL);
}

static gboolean
set_properties (GObject *config, const LrbSettings *settings, GError **error)
{
  const LrbKernelSpec *spec = &settings->kernel;
  g_autofree gchar     *file = NULL;
  LrbShape              shape = spec->shape;

  if (!spec_is_expressible (spec))
    {
      file = save_kernel (spec, error);
      if (!file)
        return FALSE;
      shape = LRB_SHAPE_FILE;
    }
  set_enum (config, "shape", lrb_shape_to_nick (shape), shape);
  set_enum (config, "edge-mode", lrb_edge_mode_to_nick (settings->edge), settings->edge);
  set_enum (config, "method", lrb_method_to_nick (settings->method), settings->method);
  set_enum (config, "factorization", lrb_factorization_to_nick (settings->factorization),
            settings->factorization);
  set_enum (config, "profile", lrb_profile_to_nick (settings->field.profile),
            settings->field.profile);
  g_object_set (config,
                "radius", spec->radius, "blades", spec->blades,
                "rotation", spec->rotation, "curvature", spec->curvature,
                "kernel-file", file ? file : "",
                "rank", settings->rank, "energy-target", settings->energy_target,
                "gamma", settings->gamma,
                "highlight-stops", settings->highlights.stops,
                "highlight-threshold-low", settings->highlights.low,
                "highlight-threshold-high", settings->highlights.high,
                "grain", settings->grain.enabled, "grain-level", settings->grain.level,
                "grain-seed", (gint) MIN (settings->grain.seed, G_MAXINT),
                "cats-eye", settings->field.cats_eye, "swirl", settings->field.swirl,
                "aspect", MAX (settings->field.aspect, 1.0),
                "aspect-rotation", settings->field.aspect_rotation,
                "profile-strength", settings->field.profile_strength, NULL);
  return TRUE;
}

static gboolean
has_filter (GimpDrawable *drawable, GimpDrawableFilter *filter)
{
  GimpDrawableFilter **filters = gimp_drawable_get_filters (drawable);
  gboolean             found = FALSE;

  for (gint i = 0; filters && filters[i]; i++)
    found = found ||
            gimp_drawable_filter_get_id (filters[i]) == gimp_drawable_filter_get_id (filter);
  g_free (filters);
  return found;
}

gboolean
lrb_gimp3_filter_append (GimpDrawable *drawable, const LrbSettings *settings, GError **error)
{
  GimpDrawableFilter *filter;

  /* The settings are checked as for the pixels, so a script hears of a
   * bad rank now, not as a filter that silently passes the image. */
  if (!lrb_settings_prepare (settings, NULL, NULL, NULL, error))
    return FALSE;
  filter = gimp_drawable_filter_new (drawable, LRB_OP_BLUR, _("Low-Rank Bokeh"));
  if (!filter)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "GIMP could not make a %s filter on drawable %d", LRB_OP_BLUR,
                   gimp_item_get_id (GIMP_ITEM (drawable)));
      return FALSE;
    }
  if (!set_properties (G_OBJECT (gimp_drawable_filter_get_config (filter)), settings, error))
    {
      gimp_drawable_filter_delete (filter);
      return FALSE;
    }
  gimp_drawable_filter_update (filter);
  gimp_drawable_append_filter (drawable, filter);
  /* GIMP says nothing back when it refuses a filter: look. */
  if (!has_filter (drawable, filter))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "GIMP did not keep the %s filter on drawable %d", LRB_OP_BLUR,
                   gimp_item_get_id (GIMP_ITEM (drawable)));
      return FALSE;
    }
  return TRUE;
}
