/* lowrank-bokeh — the flags every lrbokeh subcommand shares: the kernel
 * (a file or a shape) and the rank.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"
#include "lrb-gegl.h"

#include <gegl.h>
#include <math.h>
#include <string.h>

#define DEFAULT_RADIUS 12.0
#define DEFAULT_ENERGY 0.99

void
lrb_cli_options_init (LrbCliOptions *options)
{
  memset (options, 0, sizeof *options);
  options->radius = DEFAULT_RADIUS;
  options->energy = DEFAULT_ENERGY;
}

void
lrb_cli_options_clear (LrbCliOptions *options)
{
  g_clear_pointer (&options->shape, g_free);
  g_clear_pointer (&options->rank_text, g_free);
  g_clear_pointer (&options->profile, g_free);
  g_clear_pointer (&options->profile_strength, g_free);
}

/* A callback rather than G_OPTION_ARG_DOUBLE: "--energy nan" must count
 * as given (and be refused), and no value can mark "not given". */
static gboolean
parse_energy (const gchar *name, const gchar *value, gpointer data, GError **error)
{
  LrbCliOptions *o = data;
  gchar         *end;

  o->energy = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0')
    {
      lrb_cli_set_usage_error (error, "--energy takes a number, not '%s'", value);
      return FALSE;
    }
  o->energy_given = TRUE;
  return TRUE;
}

static gboolean
parse_factorization (const gchar *name, const gchar *value, gpointer data, GError **error)
{
  LrbCliOptions *o = data;

  if (!lrb_factorization_from_nick (value, &o->factorization))
    {
      lrb_cli_set_usage_error (error, "--factorization is svd or nonnegative, not '%s'", value);
      return FALSE;
    }
  return TRUE;
}

LrbFactors *
lrb_cli_options_factors (const LrbCliOptions *o, const LrbKernel *kernel,
                         const LrbAnalysis *analysis, gint rank, GError **error)
{
  return lrb_factors_new_for (o->factorization, kernel, analysis, rank, error);
}

/* GOption converts each value from the locale's character set and, when
 * one does not convert, says only "Invalid byte sequence": name it. */
static void
refuse_unconvertible (gchar **argv, GError **error)
{
  const gchar *charset;

  g_get_charset (&charset);
  for (gchar **arg = argv; *arg; arg++)
    {
      g_autofree gchar *converted = g_locale_to_utf8 (*arg, -1, NULL, NULL, NULL);
      g_autofree gchar *shown = NULL;

      if (converted)
        continue;
      shown = g_strescape (*arg, NULL);
      lrb_cli_set_usage_error (error, "the argument \"%s\" is not text in this system's "
                               "character set (%s)", shown, charset);
      return;
    }
  lrb_cli_set_usage_error (error, "an argument is not text in this system's character "
                           "set (%s)", charset);
}

gboolean
lrb_cli_parse (const gchar *command, const gchar *parameters, const gchar *summary,
               const GOptionEntry *entries, LrbCliOptions *o, gchar ***argv,
               GError **error)
{
  const GOptionEntry rank_entries[] = {
    { "rank", 0, 0, G_OPTION_ARG_STRING, &o->rank_text,
      "Rank of the approximation: 1 to min(rows, cols), 'full', 0 to choose by --energy, "
      "-1 for the exact kernel (every term it has), 'auto-noise' to keep the terms above "
      "the kernel's noise floor (for a kernel measured from a photo)", "R" },
    { "energy", 0, 0, G_OPTION_ARG_CALLBACK, parse_energy,
      "Use the smallest rank whose energy Σσᵢ²/Σσ² reaches E (default 0.99)", "E" },
    { "factorization", 0, 0, G_OPTION_ARG_CALLBACK, parse_factorization,
      "svd (default: least error, low ranks ring) or nonnegative (a little more error, "
      "never below zero, so no dark rings)", "F" },
    { NULL }
  };
  const GOptionEntry kernel_entries[] = {
    { "shape", 0, 0, G_OPTION_ARG_STRING, &o->shape,
      "Kernel shape instead of a KERNEL file: disc, polygon, hexagon, box, gaussian, "
      "exponential, dog, ring, skewed-box", "NAME" },
    { "radius", 0, 0, G_OPTION_ARG_DOUBLE, &o->radius,
      "Radius in pixels; a polygon's reaches its vertices (default 12)", "R" },
    { "blades", 0, 0, G_OPTION_ARG_INT, &o->blades,
      "Polygon: number of sides, 3 to 16 (default 6)", "N" },
    { "rotation", 0, 0, G_OPTION_ARG_DOUBLE, &o->rotation,
      "Polygon, gaussian, skewed box: degrees counter-clockwise", "DEG" },
    { "curvature", 0, 0, G_OPTION_ARG_DOUBLE, &o->curvature,
      "Polygon: 0 straight edges to 1 the disc through the vertices", "C" },
    { "inner-radius", 0, 0, G_OPTION_ARG_DOUBLE, &o->inner_radius,
      "Ring: inner radius (default 0.6 × radius)", "R" },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &o->width,
      "Box, skewed box: width (default 2 × radius + 1)", "W" },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &o->height,
      "Box, skewed box: height (default the width)", "H" },
    { "skew", 0, 0, G_OPTION_ARG_DOUBLE, &o->skew,
      "Skewed box: angle between its edges (default 60)", "DEG" },
    { "sigma", 0, 0, G_OPTION_ARG_DOUBLE, &o->sigma_x,
      "Gaussian σ, exponential scale, DoG inner σ (default from the radius)", "S" },
    { "sigma-y", 0, 0, G_OPTION_ARG_DOUBLE, &o->sigma_y,
      "Gaussian: vertical σ (default --sigma)", "S" },
    { "sigma-ratio", 0, 0, G_OPTION_ARG_DOUBLE, &o->sigma_ratio,
      "DoG: outer σ over inner σ (default 2)", "Q" },
    { "dog-weight", 0, 0, G_OPTION_ARG_DOUBLE, &o->dog_weight,
      "DoG: weight of the outer Gaussian (default 0.5)", "W" },
    { "supersample", 0, 0, G_OPTION_ARG_INT, &o->supersample,
      "Anti-aliasing samples per pixel side, 1 to 16 (default 4)", "N" },
    { "no-normalize", 0, 0, G_OPTION_ARG_NONE, &o->no_normalize,
      "Keep the kernel's own scale instead of scaling it to sum 1", NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &o->profile,
      "The light across the aperture, any shape's: flat (default), soap-bubble (a bright "
      "rim), smooth (bright middle, soft edge) or onion-rings (ripples)", "NAME" },
    { "profile-strength", 0, 0, G_OPTION_ARG_STRING, &o->profile_strength,
      "With --profile: how much, 0 (flat) to 1 (default 0.5)", "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (parameters);
  GOptionGroup              *group = g_option_group_new (NULL, NULL, NULL, o, NULL);
  g_autofree gchar          *prgname = g_strdup_printf ("lrbokeh %s", command);
  g_autoptr (GError)         parse_error = NULL;

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  /* The main group hands `o` to the --energy and --factorization callbacks. */
  g_option_group_add_entries (group, entries);
  g_option_group_add_entries (group, rank_entries);
  if (!o->no_kernel_flags)
    g_option_group_add_entries (group, kernel_entries);
  g_option_context_set_main_group (context, group);
  if (!g_option_context_parse_strv (context, argv, &parse_error))
    {
      if (parse_error->domain == G_CONVERT_ERROR)
        refuse_unconvertible (*argv, error);
      else
        g_propagate_error (error, g_steal_pointer (&parse_error));
      return FALSE;
    }

  for (gchar **arg = *argv + 1; *arg; arg++)
    if ((*arg)[0] == '-' && (*arg)[1] != '\0')
      {
        /* GOption leaves "--" and what follows it; only "--" itself is ours. */
        if (strcmp (*arg, "--") != 0)
          continue;
        g_free (*arg);
        memmove (arg, arg + 1, g_strv_length (arg + 1) * sizeof *arg + sizeof *arg);
        break;
      }
  if (o->rank_text && o->energy_given)
    {
      lrb_cli_set_usage_error (error, "give --rank or --energy, not both");
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_cli_options_to_spec (const LrbCliOptions *o, const gchar *file, gboolean allow_default,
                         LrbKernelSpec *spec, GError **error)
{
  const gchar *shape = o->shape;

  if (file && shape)
    {
      lrb_cli_set_usage_error (error, "give a KERNEL file or --shape, not both");
      return FALSE;
    }
  spec->normalize = !o->no_normalize;
  if (file)
    {
      spec->shape = LRB_SHAPE_FILE;
      g_free (spec->file);
      spec->file = g_strdup (file);
      return TRUE;
    }
  if (!shape && !allow_default)
    {
      lrb_cli_set_usage_error (error, "no kernel: give a KERNEL file or --shape NAME");
      return FALSE;
    }

  if (!shape || strcmp (shape, "hexagon") == 0)
    {
      if (o->blades != 0 && o->blades != 6)
        {
          lrb_cli_set_usage_error (error, "a hexagon has 6 blades; for %d use --shape polygon",
                                   o->blades);
          return FALSE;
        }
      spec->shape = LRB_SHAPE_POLYGON;
      spec->blades = 6;
    }
  else if (!lrb_shape_from_nick (shape, &spec->shape) || spec->shape == LRB_SHAPE_FILE)
    {
      lrb_cli_set_usage_error (error, "unknown shape '%s' (disc, polygon, hexagon, box, "
                               "gaussian, exponential, dog, ring or skewed-box)", shape);
      return FALSE;
    }
  else
    spec->blades = o->blades != 0 ? o->blades : 6;

  spec->radius = o->radius;
  spec->rotation = o->rotation;
  spec->curvature = o->curvature;
  spec->inner_radius = o->inner_radius;
  spec->width = o->width;
  spec->height = o->height;
  spec->skew = o->skew;
  spec->sigma_x = o->sigma_x;
  spec->sigma_y = o->sigma_y;
  spec->sigma_ratio = o->sigma_ratio;
  spec->dog_weight = o->dog_weight;
  spec->supersample = o->supersample;
  return TRUE;
}

gboolean
lrb_cli_options_profile (const LrbCliOptions *o, LrbField *field, GError **error)
{
  gchar *end;

  if (o->profile_strength && !o->profile)
    {
      lrb_cli_set_usage_error (error, "--profile-strength needs --profile");
      return FALSE;
    }
  if (o->profile && !lrb_profile_from_nick (o->profile, &field->profile))
    {
      lrb_cli_set_usage_error (error, "unknown profile '%s' (flat, soap-bubble, smooth or "
                               "onion-rings)", o->profile);
      return FALSE;
    }
  if (!o->profile_strength)
    return TRUE;
  field->profile_strength = g_ascii_strtod (o->profile_strength, &end);
  if (end == o->profile_strength || *end != '\0')
    {
      lrb_cli_set_usage_error (error, "--profile-strength takes a number, not '%s'",
                               o->profile_strength);
      return FALSE;
    }
  if (!(field->profile_strength >= 0.0 && field->profile_strength <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "--profile-strength %s is out of range (0 to 1)", o->profile_strength);
      return FALSE;
    }
  return TRUE;
}

static gchar *
describe_shape (const LrbKernelSpec *spec)
{
  GString *text = g_string_new (NULL);

  switch (spec->shape)
    {
    case LRB_SHAPE_FILE:
      g_string_free (text, TRUE);
      return g_path_get_basename (spec->file);
    case LRB_SHAPE_POLYGON:
      if (spec->blades == 6)
        g_string_append (text, "hexagon");
      else
        g_string_append_printf (text, "%d-blade polygon", spec->blades);
      break;
    case LRB_SHAPE_BOX:
    case LRB_SHAPE_SKEWED_BOX:
      g_string_append (text, spec->shape == LRB_SHAPE_BOX ? "box" : "skewed box");
      if (spec->width > 0)
        g_string_append_printf (text, ", width %g, height %g", spec->width,
                                spec->height > 0 ? spec->height : spec->width);
      break;
    default:
      g_string_append (text, lrb_shape_to_nick (spec->shape));
      break;
    }
  if (spec->width <= 0 || (spec->shape != LRB_SHAPE_BOX && spec->shape != LRB_SHAPE_SKEWED_BOX))
    g_string_append_printf (text, ", radius %g", spec->radius);
  if (spec->rotation != 0)
    g_string_append_printf (text, ", rotated %g°", spec->rotation);
  if (spec->curvature != 0 && spec->shape == LRB_SHAPE_POLYGON)
    g_string_append_printf (text, ", curvature %g", spec->curvature);
  return g_string_free (text, FALSE);
}

gchar *
lrb_cli_describe_spec (const LrbKernelSpec *spec, const LrbField *field)
{
  gchar *shape = describe_shape (spec);
  gchar *text;

  if (!field || !lrb_profile_active (field->profile, field->profile_strength))
    return shape;
  text = g_strdup_printf ("%s, %s profile %g", shape, lrb_profile_to_nick (field->profile),
                          field->profile_strength);
  g_free (shape);
  return text;
}

gboolean
lrb_cli_options_parse_rank (const LrbCliOptions *o, gint *rank, GError **error)
{
  gint64 value;

  *rank = 0;
  if (!o->rank_text)
    return TRUE;
  if (g_ascii_strcasecmp (o->rank_text, "full") == 0)
    {
      *rank = LRB_CLI_RANK_FULL;
      return TRUE;
    }
  if (g_ascii_strcasecmp (o->rank_text, "auto-noise") == 0)
    {
      *rank = LRB_CLI_RANK_NOISE;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (o->rank_text, 10, G_MININT, G_MAXINT, &value, NULL))
    {
      lrb_cli_set_usage_error (error, "--rank takes a whole number, 'full' or 'auto-noise', "
                               "not '%s'", o->rank_text);
      return FALSE;
    }
  /* The same range, and the same message, as the PDB and the operation. */
  if (!lrb_settings_check_rank (value, error))
    return FALSE;
  *rank = value;
  return TRUE;
}

gboolean
lrb_cli_options_resolve_rank (const LrbCliOptions *o, const LrbAnalysis *analysis,
                              gint *rank, GError **error)
{
  gdouble energy = o->energy;

  if (!lrb_cli_options_parse_rank (o, rank, error))
    return FALSE;
  if (*rank == LRB_CLI_RANK_FULL)
    *rank = analysis->n_values;
  else if (*rank == LRB_CLI_RANK_NOISE)
    {
      LrbNoiseRank choice;

      lrb_noise_rank_choose (analysis, NULL, 0.0, &choice);
      *rank = choice.rank;
    }
  else if (*rank == LRB_RANK_EXACT)
    *rank = analysis->numerical_rank; /* every term the kernel has */
  if (*rank > 0)
    return lrb_analysis_check_rank (analysis, *rank, error);

  if (!(energy > 0.0 && energy <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "energy target %g is out of range (above 0, at most 1)", energy);
      return FALSE;
    }
  *rank = lrb_analysis_rank_for_energy (analysis, energy);
  return TRUE;
}

gboolean
lrb_cli_load_kernel (const LrbCliOptions *o, const gchar *file, gboolean normalize,
                     LrbKernel **kernel_out, LrbAnalysis **analysis_out, gchar **description,
                     GError **error)
{
  LrbKernelSpec          spec;
  LrbField               field;
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autofree gchar      *text = NULL;

  lrb_kernel_spec_init (&spec);
  lrb_field_init (&field);
  if (!lrb_cli_options_profile (o, &field, error) ||
      !lrb_cli_options_to_spec (o, file, FALSE, &spec, error))
    {
      lrb_kernel_spec_clear (&spec);
      return FALSE;
    }
  spec.normalize = spec.normalize && normalize;

  /* Only image kernels need GEGL, and starting it costs a tenth of a
   * second; nothing after this load uses it. */
  if (spec.shape == LRB_SHAPE_FILE)
    {
      gegl_init (NULL, NULL);
      kernel = lrb_kernel_new_from_spec (&spec, error);
      lrb_gegl_exit (30.0);
    }
  else
    kernel = lrb_kernel_new_from_spec (&spec, error);
  if (kernel && lrb_profile_active (field.profile, field.profile_strength))
    {
      LrbKernel *profiled = lrb_kernel_new_profiled (kernel, field.profile,
                                                     field.profile_strength);

      lrb_kernel_free (kernel);
      kernel = profiled;
    }

  if (kernel && analysis_out)
    analysis = lrb_analysis_new (kernel, error);
  if (kernel && description)
    text = lrb_cli_describe_spec (&spec, &field);
  lrb_kernel_spec_clear (&spec);
  if (!kernel || (analysis_out && !analysis))
    return FALSE;

  if (description)
    *description = g_steal_pointer (&text);
  if (kernel_out)
    *kernel_out = g_steal_pointer (&kernel);
  if (analysis_out)
    *analysis_out = g_steal_pointer (&analysis);
  return TRUE;
}
