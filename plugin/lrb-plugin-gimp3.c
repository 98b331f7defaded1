/* lowrank-bokeh — the GIMP 3 plug-in: a GimpPlugIn registering the same
 * two procedures as the GIMP 2.10 one (lrb-plugin.c), with the same
 * argument names, meanings and ranges.  The job, the render and the
 * dialog are shared with 2.10.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog.h"
#include "lrb-image-check.h"
#include "lrb-intl.h"
#include "lrb-plugin-docs.h"
#include "lrb-plugin-gimp3-args.h"
#include "lrb-plugin-gimp3-filter.h"
#include "lrb-plugin-measure.h"
#include "lrb-plugin-render.h"

#define LRB_TYPE_PLUG_IN (lrb_plug_in_get_type ())
G_DECLARE_FINAL_TYPE (LrbPlugIn, lrb_plug_in, LRB, PLUG_IN, GimpPlugIn)

struct _LrbPlugIn
{
  GimpPlugIn parent_instance;
};

G_DEFINE_TYPE (LrbPlugIn, lrb_plug_in, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (LRB_TYPE_PLUG_IN)

static GList *
query_procedures (GimpPlugIn *plug_in)
{
  GList           *names = NULL;
  g_autoptr (GFile) help_dir = g_file_new_for_path (LRB_HELPDIR);

  /* Without it the dialog's Help button looks our help ID up in GIMP's
   * own manual, which has no page for it. */
  gimp_plug_in_set_help_domain (plug_in, LRB_HELP_DOMAIN, help_dir);

  names = g_list_append (names, g_strdup (LRB_PROC_APPLY));
  names = g_list_append (names, g_strdup (LRB_PROC_APPLY2));
  names = g_list_append (names, g_strdup (LRB_PROC_APPLY3));
  names = g_list_append (names, g_strdup (LRB_PROC_APPLY4));
  names = g_list_append (names, g_strdup (LRB_PROC_ANALYZE));
  names = g_list_append (names, g_strdup (LRB_PROC_MEASURE));
  return g_list_append (names, g_strdup (LRB_PROC_CHECK_IMAGE));
}

static gboolean
set_i18n (GimpPlugIn *plug_in, const gchar *procedure_name, gchar **gettext_domain,
          gchar **catalog_dir)
{
  *gettext_domain = g_strdup (GETTEXT_PACKAGE);
  /* GIMP 3 wants the catalogues in a folder beside the plug-in. */
  *catalog_dir = g_strdup ("locale");
  return TRUE;
}

/* A failure from core: bad values (a rank above the kernel's size, a
 * malformed kernel file) are the caller's; memory and numerics are not. */
static GimpPDBStatusType
status_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GIMP_PDB_CANCEL;
  if (error->domain == LRB_ERROR && error->code != LRB_ERROR_MEMORY &&
      error->code != LRB_ERROR_NUMERIC)
    return GIMP_PDB_CALLING_ERROR;
  return GIMP_PDB_EXECUTION_ERROR;
}

static GimpValueArray *
failure (GimpProcedure *procedure, GError *error)
{
  return gimp_procedure_new_return_values (procedure, status_for_error (error), error);
}

/* A layer that GIMP draws from a source (a text, a path, a linked file:
 * GIMP 3.2's rasterizable layers) would draw itself again over the blur
 * whenever its source changes.  Written into the pixels, the blur first
 * makes it a plain layer, as GIMP does to a vector layer it paints on;
 * GIMP keeps the source for Layer > Revert Rasterize, and the run's one
 * undo step takes both back. */
static gboolean
render_into_pixels (GimpDrawable *drawable, GimpDrawable *depth, const LrbSettings *settings,
                    GError **error)
{
#if GIMP_CHECK_VERSION (3, 2, 0)
  gboolean rasterized = FALSE;

  if (GIMP_IS_RASTERIZABLE (drawable) &&
      !gimp_rasterizable_is_rasterized (GIMP_RASTERIZABLE (drawable)))
    rasterized = gimp_rasterizable_rasterize (GIMP_RASTERIZABLE (drawable));
  if (lrb_plugin_render (drawable, depth, settings, error))
    return TRUE;
  /* A failed or cancelled run leaves the layer as it found it. */
  if (rasterized)
    gimp_rasterizable_restore (GIMP_RASTERIZABLE (drawable));
  return FALSE;
#else
  return lrb_plugin_render (drawable, depth, settings, error);
#endif
}

/* Every selected drawable, in one undo step: as an editable filter when
 * asked and possible, else into the pixels. */
static gboolean
render_all (GimpImage *image, GimpDrawable **drawables, GimpDrawable *depth,
            const LrbSettings *settings, gboolean as_filter, GError **error)
{
  gboolean ok = TRUE;

  as_filter = as_filter && !lrb_gimp3_filter_unavailable (settings, depth);
  /* A group has no pixels of its own to write (GIMP's own filters on a
   * group are always filters): refuse before anything changes. */
  for (gint i = 0; !as_filter && drawables[i]; i++)
    if (gimp_item_is_group (GIMP_ITEM (drawables[i])))
      {
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                     "layer group %d has no pixels of its own: blur it as an editable "
                     "filter (as-filter) without a depth map, or pick a layer inside it",
                     gimp_item_get_id (GIMP_ITEM (drawables[i])));
        return FALSE;
      }
  gimp_image_undo_group_start (image);
  for (gint i = 0; ok && drawables[i]; i++)
    ok = as_filter ? lrb_gimp3_filter_append (drawables[i], settings, error)
                   : render_into_pixels (drawables[i], depth, settings, error);
  gimp_image_undo_group_end (image);
  return ok;
}

/* plug-in-lowrank-bokeh3 or 4: as-filter is one of their arguments. */
static gboolean
has_filter_argument (GimpProcedureConfig *config)
{
  const gchar *name = gimp_procedure_get_name (gimp_procedure_config_get_procedure (config));

  return g_strcmp0 (name, LRB_PROC_APPLY3) == 0 || g_strcmp0 (name, LRB_PROC_APPLY4) == 0;
}

static GimpValueArray *
run_apply (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
           GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  LrbSettings   settings;
  GError       *error = NULL;
  GimpDrawable *depth = NULL, *chosen;
  gboolean      ok, as_filter = FALSE;
  LrbDialogResult result = { FALSE, lrb_gimp3_filter_unavailable };

  gegl_init (NULL, NULL);
  if (!drawables || !drawables[0])
    return failure (procedure, g_error_new_literal (LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                                                    _("No drawable is selected")));

  lrb_settings_init (&settings);
  /* A script's call starts from the PDB arguments alone, as in 2.10; the
   * dialog and "Repeat" from everything the config remembers. */
  ok = lrb_gimp3_settings_from_config (config, run_mode != GIMP_RUN_NONINTERACTIVE, &settings,
                                       &error);
  /* The depth map: plug-in-lowrank-bokeh3's and 4's argument, or the first two
   * procedures' remembered one (never for their scripts' calls). */
  if (lrb_gimp3_config_has (config, "depth-map"))
    g_object_get (config, "depth-map", &depth, NULL);
  else if (run_mode != GIMP_RUN_NONINTERACTIVE)
    {
      gint id = -1;

      g_object_get (config, "depth-map-id", &id, NULL);
      if (id != -1 && (depth = lrb_drawable_from_id (id)))
        g_object_ref (depth);
      /* Repeat must not quietly blur without the map it remembers (the
       * dialog simply offers the maps that exist). */
      if (id != -1 && !depth && run_mode == GIMP_RUN_WITH_LAST_VALS && ok)
        {
          g_set_error (&error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                       "depth-map %d no longer exists: the last run's depth map was deleted", id);
          ok = FALSE;
        }
    }
  /* A script asks for the filter by the newest procedure's argument;
   * Repeat does what the dialog did. */
  if (run_mode != GIMP_RUN_NONINTERACTIVE || has_filter_argument (config))
    g_object_get (config, "as-filter", &as_filter, NULL);
  if (run_mode == GIMP_RUN_INTERACTIVE)
    {
      /* Last values that no longer hold (a deleted kernel file) do not
       * keep the dialog from opening. */
      g_clear_error (&error);
      if (depth && gimp_item_get_image (GIMP_ITEM (depth)) != image)
        g_clear_object (&depth);
      chosen = depth;
      g_object_get (config, "dialog-as-filter", &result.as_filter, NULL);
      if (!lrb_dialog_run_full (drawables[0], &chosen, &settings, &result))
        {
          g_clear_object (&depth);
          lrb_settings_clear (&settings);
          return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);
        }
      /* The dialog's choice belongs to libgimp: take a reference. */
      g_set_object (&depth, chosen);
      lrb_gimp3_settings_to_config (&settings, config);
      as_filter = result.as_filter;
      /* Unavailable for this run (a depth map) is not a change of mind. */
      if (!lrb_gimp3_filter_unavailable (&settings, depth))
        g_object_set (config, "dialog-as-filter", as_filter, NULL);
      g_object_set (config, "as-filter", as_filter, NULL);
      if (lrb_gimp3_config_has (config, "depth-map"))
        g_object_set (config, "depth-map", depth, NULL);
      else
        g_object_set (config, "depth-map-id",
                      depth ? gimp_item_get_id (GIMP_ITEM (depth)) : -1, NULL);
      ok = TRUE;
    }

  /* The depth map: none, or a drawable of this image. */
  if (ok && depth && gimp_item_get_image (GIMP_ITEM (depth)) != image)
    {
      g_set_error (&error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "depth-map %d is not a layer or channel of image %d",
                   gimp_item_get_id (GIMP_ITEM (depth)), gimp_image_get_id (image));
      ok = FALSE;
    }
  /* As in 2.10: a script's camera needs the distances. */
  if (ok && settings.use_camera && !depth && run_mode == GIMP_RUN_NONINTERACTIVE)
    {
      g_set_error_literal (&error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "use-camera needs a depth-map: the distance of each pixel");
      ok = FALSE;
    }
  ok = ok && render_all (image, drawables, depth, &settings, as_filter, &error);
  g_clear_object (&depth);
  lrb_settings_clear (&settings);
  if (!ok)
    return failure (procedure, error);
  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

static GimpValueArray *
run_analyze (GimpProcedure *procedure, GimpProcedureConfig *config, gpointer run_data)
{
  LrbSettings             settings;
  g_autoptr (LrbAnalysis) analysis = NULL;
  GError                 *error = NULL;
  GimpValueArray         *values;

  lrb_settings_init (&settings);
  if (!lrb_gimp3_settings_from_config (config, FALSE, &settings, &error) ||
      !lrb_settings_prepare (&settings, NULL, &analysis, NULL, &error))
    {
      lrb_settings_clear (&settings);
      return failure (procedure, error);
    }

  values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
  GIMP_VALUES_SET_INT (values, 1, analysis->numerical_rank);
  GIMP_VALUES_SET_INT (values, 2, analysis->n_values);
  GIMP_VALUES_SET_DOUBLE_ARRAY (values, 3, analysis->singular_values, analysis->n_values);
  GIMP_VALUES_SET_INT (values, 4,
                       lrb_analysis_rank_for_energy (analysis, settings.energy_target));
  lrb_settings_clear (&settings);
  return values;
}

/* A damaged file is an answer, not a failure (as in GIMP 2.10). */
static GimpValueArray *
run_check_image (GimpProcedure *procedure, GimpProcedureConfig *config, gpointer run_data)
{
  g_autofree gchar   *filename = NULL;
  g_autoptr (GError)  error = NULL;
  GimpValueArray     *values;
  gboolean            whole;

  g_object_get (config, "filename", &filename, NULL);
  if (!filename || !*filename)
    {
      g_set_error_literal (&error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "filename is empty: name the image file to check");
      return failure (procedure, g_steal_pointer (&error));
    }
  whole = lrb_image_file_check (filename, &error);
  values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
  GIMP_VALUES_SET_INT (values, 1, whole);
  GIMP_VALUES_SET_STRING (values, 2, whole ? "" : error->message);
  return values;
}

/* The kernel of one photographed light (as in GIMP 2.10): the first
 * selected drawable. */
static GimpValueArray *
run_measure (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
             GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  g_autofree gchar   *filename = NULL;
  GError             *error = NULL;
  LrbMeasured         measured = { 0 };
  GeglRectangle       rect;
  gint                rank = 0;
  GimpValueArray     *values;

  gegl_init (NULL, NULL);
  if (!drawables || !drawables[0])
    return failure (procedure, g_error_new_literal (LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                                                    _("No drawable is selected")));
  g_object_get (config, "x", &rect.x, "y", &rect.y, "width", &rect.width,
                "height", &rect.height, "rank", &rank, "filename", &filename, NULL);
  if (!lrb_plugin_measure_kernel (drawables[0], &rect, rank, filename, &measured, &error))
    return failure (procedure, error);
  values = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
  GIMP_VALUES_SET_INT (values, 1, measured.rank);
  GIMP_VALUES_SET_INT (values, 2, measured.n_values);
  GIMP_VALUES_SET_DOUBLE (values, 3, measured.noise);
  GIMP_VALUES_SET_INT (values, 4, measured.centre_x);
  GIMP_VALUES_SET_INT (values, 5, measured.centre_y);
  GIMP_VALUES_SET_STRING (values, 6, measured.report);
  lrb_measured_clear (&measured);
  return values;
}

static GimpProcedure *
create_measure (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, LRB_PROC_MEASURE,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_measure,
                                                       NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_documentation (procedure, _(LRB_DOC_MEASURE_BLURB), LRB_DOC_MEASURE_HELP,
                                    LRB_PROC_MEASURE);
  gimp_procedure_set_attribution (procedure, LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE);
  lrb_gimp3_add_measure_args (procedure);
  return procedure;
}

/* plug-in-lowrank-bokeh (the menu's, `version` 1) or plug-in-lowrank-bokeh2
 * and 3 (the same with the arguments added since, for scripts; as in GIMP
 * 2.10). */
static GimpProcedure *
create_apply (GimpPlugIn *plug_in, gint version)
{
  static const gchar *const names[] = { LRB_PROC_APPLY, LRB_PROC_APPLY2, LRB_PROC_APPLY3,
                                        LRB_PROC_APPLY4 };
  static const gchar *const blurbs[] = { LRB_DOC_APPLY_BLURB, LRB_DOC_APPLY2_BLURB,
                                         LRB_DOC_APPLY3_BLURB, LRB_DOC_APPLY4_BLURB };
  static const gchar *const helps[] = { LRB_DOC_APPLY_HELP, LRB_DOC_APPLY2_HELP,
                                        LRB_DOC_APPLY3_HELP, LRB_DOC_APPLY4_HELP };
  const gchar   *name = names[version - 1];
  GimpProcedure *procedure = gimp_image_procedure_new (plug_in, name,
                                                       GIMP_PDB_PROC_TYPE_PLUGIN, run_apply,
                                                       NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*, GRAY*");
  gimp_procedure_set_sensitivity_mask (procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                  GIMP_PROCEDURE_SENSITIVE_DRAWABLES);
  if (version == 1)
    {
      gimp_procedure_set_menu_label (procedure, _("Low-Rank _Bokeh..."));
      gimp_procedure_add_menu_path (procedure, "<Image>/Filters/Blur");
    }
  gimp_procedure_set_documentation (procedure, _(blurbs[version - 1]), helps[version - 1],
                                    name);
  gimp_procedure_set_attribution (procedure, LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE);
  lrb_gimp3_add_apply_args (procedure, version);
  return procedure;
}

static GimpProcedure *
create_analyze (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_procedure_new (plug_in, LRB_PROC_ANALYZE,
                                                 GIMP_PDB_PROC_TYPE_PLUGIN, run_analyze,
                                                 NULL, NULL);

  gimp_procedure_set_documentation (procedure, _(LRB_DOC_ANALYZE_BLURB), LRB_DOC_ANALYZE_HELP,
                                    LRB_PROC_ANALYZE);
  gimp_procedure_set_attribution (procedure, LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE);
  lrb_gimp3_add_analyze_args (procedure);
  return procedure;
}

static GimpProcedure *
create_check_image (GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_procedure_new (plug_in, LRB_PROC_CHECK_IMAGE,
                                                 GIMP_PDB_PROC_TYPE_PLUGIN, run_check_image,
                                                 NULL, NULL);

  gimp_procedure_set_documentation (procedure, _(LRB_DOC_CHECK_IMAGE_BLURB),
                                    LRB_DOC_CHECK_IMAGE_HELP, LRB_PROC_CHECK_IMAGE);
  gimp_procedure_set_attribution (procedure, LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE);
  lrb_gimp3_add_check_image_args (procedure);
  return procedure;
}

static GimpProcedure *
create_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  if (g_strcmp0 (name, LRB_PROC_APPLY) == 0)
    return create_apply (plug_in, 1);
  if (g_strcmp0 (name, LRB_PROC_APPLY2) == 0)
    return create_apply (plug_in, 2);
  if (g_strcmp0 (name, LRB_PROC_APPLY3) == 0)
    return create_apply (plug_in, 3);
  if (g_strcmp0 (name, LRB_PROC_APPLY4) == 0)
    return create_apply (plug_in, 4);
  if (g_strcmp0 (name, LRB_PROC_ANALYZE) == 0)
    return create_analyze (plug_in);
  if (g_strcmp0 (name, LRB_PROC_CHECK_IMAGE) == 0)
    return create_check_image (plug_in);
  if (g_strcmp0 (name, LRB_PROC_MEASURE) == 0)
    return create_measure (plug_in);
  return NULL;
}

static void
lrb_plug_in_class_init (LrbPlugInClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
}

static void
lrb_plug_in_init (LrbPlugIn *plug_in)
{
}
