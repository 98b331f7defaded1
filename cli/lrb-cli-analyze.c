/* lowrank-bokeh — `lrbokeh analyze`: what each rank costs and buys.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

/* −min(K_r) / max(K_r) for every rank r at once.  The same definition as
 * lrb_analysis_negative_lobe, built up term by term: calling that per rank
 * would cost O(M·N·n²). */
static gdouble *
negative_lobes (const LrbAnalysis *a)
{
  gint                n = a->n_values;
  g_autofree gdouble *approx = g_new0 (gdouble, (gsize) a->rows * a->cols);
  gdouble            *lobes = g_new (gdouble, n);

  for (gint i = 0; i < n; i++)
    {
      gdouble min = 0.0, max = 0.0;

      for (gint row = 0; row < a->rows; row++)
        for (gint col = 0; col < a->cols; col++)
          {
            gdouble *v = &approx[(gsize) row * a->cols + col];

            *v += a->u[(gsize) row * n + i] * a->singular_values[i] *
                  a->vt[(gsize) i * a->cols + col];
            min = MIN (min, *v);
            max = MAX (max, *v);
          }
      lobes[i] = max > 0.0 && min < 0.0 ? -min / max : 0.0; /* never −0 */
    }
  return lobes;
}

/* Non-negative factorizations are made one per rank: past this rank the
 * report would take seconds, and the errors are tiny by then anyway. */
#define NONNEGATIVE_MAX_RANK 32

/* The non-negative errors and lobes of ranks 1 … n, when asked for. */
typedef struct
{
  gint     n;
  gdouble *errors;
  gdouble *lobes;
} Nonnegative;

static void
add_doubles (JsonBuilder *builder, const gchar *name, const gdouble *values, gint n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (gint i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
lrb_cli_print_json (JsonNode *root)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree gchar         *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

void
lrb_cli_json_add_noise (JsonBuilder *builder, const LrbNoiseRank *noise, const LrbAnalysis *a)
{
  g_autofree gchar *why = lrb_noise_rank_describe (noise, a);

  json_builder_set_member_name (builder, "noise_sigma");
  json_builder_add_double_value (builder, noise->noise);
  json_builder_set_member_name (builder, "noise_sigma_spectrum");
  json_builder_add_double_value (builder, noise->noise_spectrum);
  json_builder_set_member_name (builder, "noise_sigma_wavelet");
  json_builder_add_double_value (builder, noise->noise_wavelet);
  json_builder_set_member_name (builder, "noise_threshold");
  json_builder_add_double_value (builder, noise->threshold);
  json_builder_set_member_name (builder, "noise_detected");
  json_builder_add_boolean_value (builder, noise->noisy);
  json_builder_set_member_name (builder, "noise_rank");
  json_builder_add_int_value (builder, noise->rank);
  json_builder_set_member_name (builder, "noise_rank_reason");
  json_builder_add_string_value (builder, why);
}

static void
print_json (const LrbKernel *kernel, const LrbAnalysis *a, const gchar *description,
            gboolean normalized, const gdouble *lobes, const Nonnegative *nn, gint rank,
            gdouble energy_target, const LrbNoiseRank *noise, const LrbCliFieldReport *field)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kernel");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, a->rows);
  json_builder_set_member_name (builder, "cols");
  json_builder_add_int_value (builder, a->cols);
  json_builder_set_member_name (builder, "anchor_row");
  json_builder_add_int_value (builder, lrb_kernel_anchor_row (kernel));
  json_builder_set_member_name (builder, "anchor_col");
  json_builder_add_int_value (builder, lrb_kernel_anchor_col (kernel));
  json_builder_set_member_name (builder, "normalized");
  json_builder_add_boolean_value (builder, normalized);
  json_builder_set_member_name (builder, "sum");
  json_builder_add_double_value (builder, lrb_kernel_sum (kernel));
  json_builder_set_member_name (builder, "numerical_rank");
  json_builder_add_int_value (builder, a->numerical_rank);
  add_doubles (builder, "singular_values", a->singular_values, a->n_values);
  add_doubles (builder, "energy_sq", a->energy_sq, a->n_values);
  add_doubles (builder, "energy_abs", a->energy_abs, a->n_values);
  add_doubles (builder, "relative_error", a->relative_error, a->n_values);
  add_doubles (builder, "negative_lobe", lobes, a->n_values);
  json_builder_set_member_name (builder, "factorization");
  json_builder_add_string_value (builder, nn->n ? "nonnegative" : "svd");
  if (nn->n)
    {
      add_doubles (builder, "nonnegative_relative_error", nn->errors, nn->n);
      add_doubles (builder, "nonnegative_negative_lobe", nn->lobes, nn->n);
    }
  if (!isnan (energy_target))
    {
      json_builder_set_member_name (builder, "energy_target");
      json_builder_add_double_value (builder, energy_target);
      json_builder_set_member_name (builder, "rank_for_energy");
      json_builder_add_int_value (builder, rank);
    }
  else if (rank > 0)
    {
      json_builder_set_member_name (builder, "rank");
      json_builder_add_int_value (builder, rank);
    }
  lrb_cli_json_add_noise (builder, noise, a);
  lrb_cli_field_report_json (field, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  lrb_cli_print_json (root);
}

static void
print_table (const LrbKernel *kernel, const LrbAnalysis *a, const gchar *description,
             gboolean normalized, const gdouble *lobes, const Nonnegative *nn, gint rank,
             gdouble energy_target, const LrbNoiseRank *noise)
{
  gint              m = a->rows, n = a->cols;
  gint              shown = MAX (1, a->numerical_rank);
  g_autofree gchar *why = lrb_noise_rank_describe (noise, a);

  printf ("Kernel      %s: %d × %d, anchor (%d, %d), sum %.6g%s\n", description, m, n,
          lrb_kernel_anchor_row (kernel), lrb_kernel_anchor_col (kernel),
          lrb_kernel_sum (kernel), normalized ? " (normalized)" : "");
  printf ("Rank        numerically %d of %d (σᵢ > max(M, N)·ε·σ₁)\n", a->numerical_rank,
          a->n_values);
  if (noise->noisy)
    printf ("Noise       σ̂ %.4g per entry (%.3g %% of the largest entry): noise floor "
            "τ = %.4g\n", noise->noise, 100.0 * noise->noise / lrb_kernel_max_abs (kernel),
            noise->threshold);
  else
    printf ("Noise       none found\n");
  printf ("Noise-aware %s\n", why);
  printf ("Direct 2-D  %d taps per pixel\n", m * n);
  if (!isnan (energy_target))
    printf ("Target      energy %.6g is reached at rank %d\n", energy_target, rank);
  printf ("\n rank            σ    energy²     energy  rel. error  neg. lobe"
          "   taps/px  speed-up%s\n", nn->n ? "  non-neg. error  lobe" : "");
  for (gint i = 0; i < shown; i++)
    {
      gint taps = (i + 1) * (m + n);

      printf ("%c%4d  %11.5e  %9.6f  %9.6f  %10.3e  %9.3e  %8d  %7.2f×",
              i + 1 == rank ? '*' : ' ', i + 1, a->singular_values[i], a->energy_sq[i],
              a->energy_abs[i], a->relative_error[i], lobes[i], taps,
              (gdouble) m * n / taps);
      if (i < nn->n)
        printf ("  %15.3e  %4.2g", nn->errors[i], nn->lobes[i]);
      printf ("\n");
    }
  if (shown < a->n_values)
    printf ("  ranks %d to %d add nothing: their σ are rounding noise (≤ %.1e)\n",
            shown + 1, a->n_values, a->singular_values[shown]);
  printf ("\nenergy²   = Σᵢ≤r σᵢ² / Σ σ² (Frobenius; rel. error = √(1 − energy²))\n"
          "energy    = Σᵢ≤r σᵢ / Σ σ (Wronski's \"approximation percentage\")\n"
          "neg. lobe = −min(K_r) / max(K_r): how much the rank-r kernel rings\n"
          "taps/px   = r·(M + N) instead of M·N; speed-up = M·N / (r·(M + N))\n");
  if (nn->n)
    printf ("non-neg.  = the same for non-negative factors (--factorization nonnegative),\n"
            "            ranks 1 to %d: never below zero, so they cannot ring\n", nn->n);
}

gint
lrb_cli_analyze (gchar **argv)
{
  g_auto (LrbCliOptions)  options = { 0 };
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autofree gchar       *description = NULL;
  g_autofree gdouble     *lobes = NULL;
  g_autofree gdouble     *nn_errors = NULL;
  g_autofree gdouble     *nn_lobes = NULL;
  Nonnegative             nn = { 0 };
  LrbNoiseRank            noise;
  gboolean                json = FALSE;
  gint                    rank = 0;
  g_auto (LrbCliFieldReport) field;
  const GOptionEntry      entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print one JSON object (per-rank arrays, full precision) instead of a table", NULL },
    { "cats-eye", 0, 0, G_OPTION_ARG_DOUBLE, &field.field.cats_eye,
      "With --frame: how the zones' error falls as they shrink for this cat's eye (0 to 1), "
      "as lrbokeh apply would run it", "S" },
    { "swirl", 0, 0, G_OPTION_ARG_DOUBLE, &field.field.swirl,
      "With --frame: the same for this swirl (0 to 1)", "S" },
    { "aspect", 0, 0, G_OPTION_ARG_DOUBLE, &field.field.aspect,
      "With --cats-eye or --swirl: an oval aperture (1 to 4)", "A" },
    { "aspect-rotation", 0, 0, G_OPTION_ARG_DOUBLE, &field.field.aspect_rotation,
      "The oval's long axis, degrees counter-clockwise from across", "DEG" },
    { "field-zone", 0, 0, G_OPTION_ARG_INT, &field.field.zone_size,
      "The run's zone spacing in pixels (default: as lrbokeh apply chooses)", "PIXELS" },
    { "frame", 0, 0, G_OPTION_ARG_STRING, &field.frame_text,
      "The image's size, such as 2560x1600: the cat's eye and swirl change over it",
      "WIDTHxHEIGHT" },
    { NULL }
  };

  lrb_cli_field_report_init (&field);
  lrb_cli_options_init (&options);
  if (!lrb_cli_parse ("analyze", "[KERNEL]",
                      "Singular values of a kernel and, for every rank r, the energy kept, the\n"
                      "relative error, the ringing and the cost of r separable passes; and the\n"
                      "kernel's noise level with the rank that keeps its shape and drops its\n"
                      "noise (--rank auto-noise; for kernels measured from photos).",
                      entries, &options, &argv, &error))
    return lrb_cli_report_error ("analyze", error);
  if (g_strv_length (argv) > 2)
    {
      lrb_cli_set_usage_error (&error, "unexpected argument '%s'", argv[2]);
      return lrb_cli_report_error ("analyze", error);
    }

  if (!lrb_cli_load_kernel (&options, argv[1], TRUE, &kernel, &analysis, &description, &error))
    return lrb_cli_report_error ("analyze", error);
  /* A rank is only worth reporting when one was asked for. */
  if ((options.rank_text || options.energy_given) &&
      !lrb_cli_options_resolve_rank (&options, analysis, &rank, &error))
    return lrb_cli_report_error ("analyze", error);

  if (options.factorization == LRB_FACTORIZATION_NONNEGATIVE)
    {
      nn.n = MIN (MAX (1, analysis->numerical_rank), NONNEGATIVE_MAX_RANK);
      nn.errors = nn_errors = g_new (gdouble, nn.n);
      nn.lobes = nn_lobes = g_new (gdouble, nn.n);
      if (!lrb_nonnegative_errors (kernel, analysis, nn.n, nn.errors, nn.lobes, &error))
        return lrb_cli_report_error ("analyze", error);
    }

  if (!lrb_cli_field_report_make (&field, kernel, &error))
    return lrb_cli_report_error ("analyze", error);

  lobes = negative_lobes (analysis);
  lrb_noise_rank_choose (analysis, kernel, 0.0, &noise);
  if (json)
    print_json (kernel, analysis, description, !options.no_normalize, lobes, &nn, rank,
                options.energy_given ? options.energy : NAN, &noise, &field);
  else
    {
      print_table (kernel, analysis, description, !options.no_normalize, lobes, &nn, rank,
                   options.energy_given ? options.energy : NAN, &noise);
      lrb_cli_field_report_print (&field);
    }
  return LRB_CLI_EXIT_OK;
}
