/* lowrank-bokeh — the GIMP 2.10 plug-in: registration and run modes.
 *
 * A thin adapter: arguments become an LrbSettings, the core does the rest
 * (bootchk/resynthesizer's split); the dialog edits the same settings.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "lrb-dialog.h"
#include "lrb-image-check.h"
#include "lrb-intl.h"
#include "lrb-plugin-docs.h"
#include "lrb-plugin-measure.h"
#include "lrb-plugin-params.h"
#include "lrb-plugin-render.h"

static void query (void);
static void run   (const gchar *name, gint n_params, const GimpParam *params,
                   gint *n_return_vals, GimpParam **return_vals);

const GimpPlugInInfo PLUG_IN_INFO = { NULL, NULL, query, run };

MAIN ()

static void
query (void)
{
  gint                n_args, n_returns;
  const GimpParamDef *args;
  const GimpParamDef *returns;
  g_autofree gchar   *help_uri = g_filename_to_uri (LRB_HELPDIR, NULL, NULL);

  gimp_plugin_domain_register (GETTEXT_PACKAGE, LRB_LOCALEDIR);
  /* Without it gimp_standard_help_func looks our help ID up in GIMP's
   * own manual, which has no page for it. */
  gimp_plugin_help_register (LRB_HELP_DOMAIN, help_uri);

  args = lrb_plugin_apply_args (&n_args);
  gimp_install_procedure (LRB_PROC_APPLY, LRB_DOC_APPLY_BLURB, LRB_DOC_APPLY_HELP,
                          LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE,
                          N_("Low-Rank _Bokeh..."), "RGB*, GRAY*", GIMP_PLUGIN,
                          n_args, 0, args, NULL);
  gimp_plugin_menu_register (LRB_PROC_APPLY, "<Image>/Filters/Blur");

  /* For scripts: no menu entry of its own. */
  args = lrb_plugin_apply2_args (&n_args);
  gimp_install_procedure (LRB_PROC_APPLY2, LRB_DOC_APPLY2_BLURB, LRB_DOC_APPLY2_HELP,
                          LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE,
                          NULL, "RGB*, GRAY*", GIMP_PLUGIN, n_args, 0, args, NULL);

  args = lrb_plugin_apply3_args (&n_args);
  gimp_install_procedure (LRB_PROC_APPLY3, LRB_DOC_APPLY3_BLURB, LRB_DOC_APPLY3_HELP,
                          LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE,
                          NULL, "RGB*, GRAY*", GIMP_PLUGIN, n_args, 0, args, NULL);

  args = lrb_plugin_apply4_args (&n_args);
  gimp_install_procedure (LRB_PROC_APPLY4, LRB_DOC_APPLY4_BLURB, LRB_DOC_APPLY4_HELP,
                          LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE,
                          NULL, "RGB*, GRAY*", GIMP_PLUGIN, n_args, 0, args, NULL);

  args = lrb_plugin_analyze_args (&n_args);
  returns = lrb_plugin_analyze_returns (&n_returns);
  gimp_install_procedure (LRB_PROC_ANALYZE, LRB_DOC_ANALYZE_BLURB, LRB_DOC_ANALYZE_HELP,
                          LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE,
                          NULL, NULL, GIMP_PLUGIN, n_args, n_returns, args, returns);

  args = lrb_plugin_measure_args (&n_args);
  returns = lrb_plugin_measure_returns (&n_returns);
  gimp_install_procedure (LRB_PROC_MEASURE, LRB_DOC_MEASURE_BLURB, LRB_DOC_MEASURE_HELP,
                          LRB_DOC_AUTHOR, LRB_DOC_AUTHOR, LRB_DOC_DATE, NULL, "RGB*, GRAY*",
                          GIMP_PLUGIN, n_args, n_returns, args, returns);

  args = lrb_plugin_check_image_args (&n_args);
  returns = lrb_plugin_check_image_returns (&n_returns);
  gimp_install_procedure (LRB_PROC_CHECK_IMAGE, LRB_DOC_CHECK_IMAGE_BLURB,
                          LRB_DOC_CHECK_IMAGE_HELP, LRB_DOC_AUTHOR, LRB_DOC_AUTHOR,
                          LRB_DOC_DATE, NULL, NULL, GIMP_PLUGIN, n_args, n_returns, args,
                          returns);
}

/* GIMP shows a second STRING return value as the error message. */
static void
set_error_return (GimpParam *values, gint *n_return_vals, GimpPDBStatusType status,
                  const GError *error)
{
  values[0].data.d_status = status;
  values[1].type = GIMP_PDB_STRING;
  values[1].data.d_string = g_strdup (error->message);
  *n_return_vals = 2;
}

/* 1 for plug-in-lowrank-bokeh, 2 to 4 for the later ones, 0 for others. */
static gint
apply_version (const gchar *name)
{
  static const gchar *const names[] = { LRB_PROC_APPLY, LRB_PROC_APPLY2, LRB_PROC_APPLY3,
                                        LRB_PROC_APPLY4 };

  for (gint i = 0; i < (gint) G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return i + 1;
  return 0;
}

/* `version`: apply_version's. */
static void
run_apply (gint version, gint n_params, const GimpParam *params, GimpParam *values,
           gint *n_return_vals)
{
  GimpRunMode        run_mode = params[0].data.d_int32;
  LrbSettings        settings;
  g_autoptr (GError) error = NULL;
  gint32             drawable_id = -1, depth_id = -1;
  gboolean           ok;

  lrb_settings_init (&settings);
  if (!lrb_plugin_apply_drawable (params, n_params, &drawable_id, &error))
    {
      set_error_return (values, n_return_vals, GIMP_PDB_CALLING_ERROR, error);
      goto out;
    }
  switch (run_mode)
    {
    case GIMP_RUN_NONINTERACTIVE:
      ok = version == 4 ? lrb_plugin_settings_from_apply4 (params, n_params, &settings,
                                                           &depth_id, &error)
           : version == 3 ? lrb_plugin_settings_from_apply3 (params, n_params, &settings,
                                                             &depth_id, &error)
           : version == 2 ? lrb_plugin_settings_from_apply2 (params, n_params, &settings, &error)
           : lrb_plugin_settings_from_apply (params, n_params, &settings, &error);
      if (!ok)
        {
          set_error_return (values, n_return_vals, GIMP_PDB_CALLING_ERROR, error);
          goto out;
        }
      break;
    case GIMP_RUN_INTERACTIVE:
      lrb_plugin_load_last_values (&settings, &depth_id);
      /* A map deleted since, or of another image, is not offered. */
      if (!lrb_plugin_check_depth (drawable_id, depth_id, NULL))
        depth_id = -1;
      if (!lrb_dialog_run (drawable_id, &depth_id, &settings))
        {
          values[0].data.d_status = GIMP_PDB_CANCEL;
          goto out;
        }
      break;
    default: /* GIMP_RUN_WITH_LAST_VALS: run () refuses the others */
      lrb_plugin_load_last_values (&settings, &depth_id);
      if (!lrb_plugin_check_depth (drawable_id, depth_id, &error))
        {
          set_error_return (values, n_return_vals, GIMP_PDB_CALLING_ERROR, error);
          goto out;
        }
      break;
    }

  if (!lrb_plugin_render (drawable_id, depth_id, &settings, &error))
    {
      /* Bad values can still surface here (a rank above the kernel's
       * size, a malformed kernel file): those are the caller's. */
      set_error_return (values, n_return_vals,
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        ? GIMP_PDB_CANCEL
                        : error->domain == LRB_ERROR && error->code != LRB_ERROR_MEMORY &&
                          error->code != LRB_ERROR_NUMERIC
                        ? GIMP_PDB_CALLING_ERROR : GIMP_PDB_EXECUTION_ERROR,
                        error);
      goto out;
    }

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  lrb_plugin_save_last_values (&settings, depth_id);

out:
  lrb_settings_clear (&settings);
}

static void
run_analyze (gint n_params, const GimpParam *params, GimpParam *values, gint *n_return_vals)
{
  LrbSettings             settings;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (GError)      error = NULL;
  gdouble                *sv;

  lrb_settings_init (&settings);
  if (!lrb_plugin_settings_from_analyze (params, n_params, &settings, &error) ||
      !lrb_settings_prepare (&settings, NULL, &analysis, NULL, &error))
    {
      set_error_return (values, n_return_vals,
                        error->code == LRB_ERROR_NUMERIC ? GIMP_PDB_EXECUTION_ERROR
                                                         : GIMP_PDB_CALLING_ERROR,
                        error);
      lrb_settings_clear (&settings);
      return;
    }

  sv = g_memdup2 (analysis->singular_values, sizeof (gdouble) * analysis->n_values);
  values[1].type = GIMP_PDB_INT32;
  values[1].data.d_int32 = analysis->numerical_rank;
  values[2].type = GIMP_PDB_INT32;
  values[2].data.d_int32 = analysis->n_values;
  values[3].type = GIMP_PDB_FLOATARRAY;
  values[3].data.d_floatarray = sv;
  values[4].type = GIMP_PDB_INT32;
  values[4].data.d_int32 = lrb_analysis_rank_for_energy (analysis, settings.energy_target);
  *n_return_vals = 5;
  lrb_settings_clear (&settings);
}

static void
run_measure (gint n_params, const GimpParam *params, GimpParam *values, gint *n_return_vals)
{
  g_autoptr (GError) error = NULL;
  LrbMeasured        measured = { 0 };
  GeglRectangle      rect;
  const gchar       *filename;
  gint32             drawable_id;
  gint               rank;

  if (!lrb_plugin_measure_from_params (params, n_params, &drawable_id, &rect, &rank, &filename,
                                       &error) ||
      !lrb_plugin_measure_kernel (drawable_id, &rect, rank, filename, &measured, &error))
    {
      set_error_return (values, n_return_vals, GIMP_PDB_CALLING_ERROR, error);
      return;
    }
  values[1].type = GIMP_PDB_INT32;
  values[1].data.d_int32 = measured.rank;
  values[2].type = GIMP_PDB_INT32;
  values[2].data.d_int32 = measured.n_values;
  values[3].type = GIMP_PDB_FLOAT;
  values[3].data.d_float = measured.noise;
  values[4].type = GIMP_PDB_INT32;
  values[4].data.d_int32 = measured.centre_x;
  values[5].type = GIMP_PDB_INT32;
  values[5].data.d_int32 = measured.centre_y;
  values[6].type = GIMP_PDB_STRING;
  values[6].data.d_string = g_steal_pointer (&measured.report);
  *n_return_vals = 7;
}

/* A damaged file is an answer, not a failure: the call succeeds and says
 * why, so a script can skip the file and go on with the others. */
static void
run_check_image (gint n_params, const GimpParam *params, GimpParam *values,
                 gint *n_return_vals)
{
  const gchar        *filename;
  g_autoptr (GError)  error = NULL;
  gboolean            whole;

  if (!lrb_plugin_check_image_filename (params, n_params, &filename, &error))
    {
      set_error_return (values, n_return_vals, GIMP_PDB_CALLING_ERROR, error);
      return;
    }
  whole = lrb_image_file_check (filename, &error);
  values[1].type = GIMP_PDB_INT32;
  values[1].data.d_int32 = whole;
  values[2].type = GIMP_PDB_STRING;
  values[2].data.d_string = g_strdup (whole ? "" : error->message);
  *n_return_vals = 3;
}

static void
run (const gchar *name, gint n_params, const GimpParam *params,
     gint *n_return_vals, GimpParam **return_vals)
{
  /* libgimp reads the return values after run() returns. */
  static GimpParam   values[7];
  g_autoptr (GError) error = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LRB_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  gegl_init (NULL, NULL);

  memset (values, 0, sizeof values);
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = GIMP_PDB_SUCCESS;
  *n_return_vals = 1;
  *return_vals = values;

  if (n_params < 1 || params[0].type != GIMP_PDB_INT32)
    {
      values[0].data.d_status = GIMP_PDB_CALLING_ERROR;
      return;
    }
  if (!lrb_plugin_check_run_mode (params[0].data.d_int32, &error))
    {
      set_error_return (values, n_return_vals, GIMP_PDB_CALLING_ERROR, error);
      return;
    }
  if (apply_version (name) > 0)
    run_apply (apply_version (name), n_params, params, values, n_return_vals);
  else if (strcmp (name, LRB_PROC_ANALYZE) == 0)
    run_analyze (n_params, params, values, n_return_vals);
  else if (strcmp (name, LRB_PROC_CHECK_IMAGE) == 0)
    run_check_image (n_params, params, values, n_return_vals);
  else if (strcmp (name, LRB_PROC_MEASURE) == 0)
    run_measure (n_params, params, values, n_return_vals);
  else
    values[0].data.d_status = GIMP_PDB_CALLING_ERROR;
}
