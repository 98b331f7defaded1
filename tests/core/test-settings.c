/* lowrank-bokeh — tests for core/lrb-settings.c: validation of every
 * setting and the path settings → kernel → analysis → factors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-settings.h"

#include <math.h>
#include <string.h>

static void
test_defaults (void)
{
  LrbSettings s;
  g_autoptr (GError) error = NULL;

  lrb_settings_init (&s);
  g_assert_true (lrb_settings_validate (&s, &error));
  g_assert_no_error (error);
  /* DESIGN.md §3: a plain linear-light blur, clamped edges, automatic rank. */
  g_assert_cmpfloat (s.gamma, ==, 1.0);
  g_assert_cmpint (s.edge, ==, LRB_EDGE_CLAMP);
  g_assert_cmpint (s.rank, ==, 0);
  g_assert_true (s.energy_target > 0.0 && s.energy_target <= 1.0);
  g_assert_true (s.kernel.normalize);
  g_assert_cmpint (s.region.shape, ==, LRB_FOCUS_REGION_NONE);
  lrb_settings_clear (&s);
}

typedef struct
{
  const gchar *what;
  void       (*apply) (LrbSettings *s);
  const gchar *named;
} BadSettings;

static void bad_gamma_low (LrbSettings *s) { s->gamma = 0.5; }
static void bad_gamma_high (LrbSettings *s) { s->gamma = 11; }
static void bad_gamma_nan (LrbSettings *s) { s->gamma = NAN; }
static void bad_edge (LrbSettings *s) { s->edge = 7; }
static void bad_edge_negative (LrbSettings *s) { s->edge = -1; }
/* −1 is exact (the PDB's convention); below it nothing. */
static void bad_rank (LrbSettings *s) { s->rank = -2; }
static void bad_method (LrbSettings *s) { s->method = LRB_N_METHODS; }
static void bad_energy_zero (LrbSettings *s) { s->rank = 0; s->energy_target = 0; }
static void bad_energy_high (LrbSettings *s) { s->rank = 0; s->energy_target = 1.5; }
static void bad_energy_nan (LrbSettings *s) { s->rank = 0; s->energy_target = NAN; }
static void bad_threads (LrbSettings *s) { s->threads = -1; }
static void bad_threads_many (LrbSettings *s) { s->threads = LRB_MAX_THREADS + 1; }
static void bad_region_shape (LrbSettings *s) { s->region.shape = LRB_N_FOCUS_REGIONS; }
static void bad_region_transition (LrbSettings *s)
{
  s->region.shape = LRB_FOCUS_REGION_BAND;
  s->region.transition = 0;
}

static void
test_validate_rejects (void)
{
  static const BadSettings cases[] = {
    { "gamma 0.5", bad_gamma_low, "gamma" },
    { "gamma 11", bad_gamma_high, "gamma" },
    { "gamma NaN", bad_gamma_nan, "gamma" },
    { "edge 7", bad_edge, "edge" },
    { "edge -1", bad_edge_negative, "edge" },
    { "rank -2", bad_rank, "rank" },
    { "method 4", bad_method, "method" },
    { "energy 0 with rank 0", bad_energy_zero, "energy" },
    { "energy 1.5 with rank 0", bad_energy_high, "energy" },
    { "energy NaN with rank 0", bad_energy_nan, "energy" },
    { "threads -1", bad_threads, "threads" },
    { "too many threads", bad_threads_many, "threads" },
    { "focus region 3", bad_region_shape, "focus region" },
    { "focus region transition 0", bad_region_transition, "transition" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LrbSettings s;
      g_autoptr (GError) error = NULL;
      g_autoptr (LrbKernel) kernel = NULL;

      g_test_message ("%s", cases[i].what);
      lrb_settings_init (&s);
      cases[i].apply (&s);
      g_assert_false (lrb_settings_validate (&s, &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      if (error && !strstr (error->message, cases[i].named))
        {
          g_test_message ("message '%s' does not name '%s'", error->message, cases[i].named);
          g_test_fail ();
        }
      g_clear_error (&error);

      /* prepare validates first and hands nothing out. */
      g_assert_false (lrb_settings_prepare (&s, &kernel, NULL, NULL, &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      g_assert_null (kernel);
      lrb_settings_clear (&s);
    }
}

static void
test_validate_accepts_bounds (void)
{
  LrbSettings s;

  lrb_settings_init (&s);
  s.gamma = 1.0;
  g_assert_true (lrb_settings_validate (&s, NULL));
  s.gamma = LRB_MAX_GAMMA;
  g_assert_true (lrb_settings_validate (&s, NULL));
  s.energy_target = 1.0;
  g_assert_true (lrb_settings_validate (&s, NULL));
  s.edge = LRB_EDGE_ZERO;
  s.threads = LRB_MAX_THREADS;
  g_assert_true (lrb_settings_validate (&s, NULL));
  /* The energy target is only read when the rank is automatic. */
  s.rank = 3;
  s.energy_target = 0.0;
  g_assert_true (lrb_settings_validate (&s, NULL));
  lrb_settings_clear (&s);
}

/* The smallest r with Σ_{i≤r} σᵢ² ≥ target·Σσ², summed here. */
static gint
expected_rank (const LrbAnalysis *a, gdouble target)
{
  gdouble total = 0.0, acc = 0.0;

  for (gint i = 0; i < a->n_values; i++)
    total += a->singular_values[i] * a->singular_values[i];
  for (gint i = 0; i < a->n_values; i++)
    {
      acc += a->singular_values[i] * a->singular_values[i];
      if (acc >= target * total * (1 - 1e-12))
        return i + 1;
    }
  return a->n_values;
}

static void
test_prepare_energy_rank (void)
{
  const gdouble targets[] = { 0.3, 0.9, 0.99, 0.999, 0.99999, 1.0 };
  gint previous = 0;

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      LrbSettings s;
      g_autoptr (GError) error = NULL;
      g_autoptr (LrbKernel) kernel = NULL;
      g_autoptr (LrbAnalysis) analysis = NULL;
      g_autoptr (LrbFactors) factors = NULL;

      lrb_settings_init (&s);
      s.kernel.shape = LRB_SHAPE_DISC;
      s.kernel.radius = 10;
      s.energy_target = targets[t];
      g_assert_true (lrb_settings_prepare (&s, &kernel, &analysis, &factors, &error));
      g_assert_no_error (error);
      g_assert_nonnull (kernel);
      g_assert_nonnull (analysis);
      g_assert_nonnull (factors);
      if (kernel && analysis && factors)
        {
          g_assert_cmpint (kernel->rows, ==, 21);
          g_assert_cmpint (factors->rank, ==, expected_rank (analysis, targets[t]));
          /* A higher target never asks for fewer terms. */
          g_assert_cmpint (factors->rank, >=, previous);
          previous = factors->rank;
        }
      lrb_settings_clear (&s);
    }
  /* A disc is not separable: the targets above spread over several ranks. */
  g_assert_cmpint (previous, >, 3);
}

static void
test_prepare_explicit_rank (void)
{
  LrbSettings s;
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) kernel = NULL;
  g_autoptr (LrbFactors) factors = NULL;
  g_autoptr (LrbFactors) direct = NULL;

  lrb_settings_init (&s);
  s.kernel.radius = 7;
  s.rank = 5;
  s.energy_target = 0.0; /* ignored */
  g_assert_true (lrb_settings_prepare (&s, &kernel, NULL, &factors, &error));
  g_assert_no_error (error);
  g_assert_nonnull (factors);
  if (!factors || !kernel)
    return;
  g_assert_cmpint (factors->rank, ==, 5);
  /* The same factors as the kernel's own, at that rank. */
  direct = lrb_factors_from_kernel (kernel, 5, NULL);
  g_assert_cmpmem (factors->vertical, 5 * kernel->rows * sizeof (gdouble),
                   direct->vertical, 5 * kernel->rows * sizeof (gdouble));
  g_assert_cmpmem (factors->horizontal, 5 * kernel->cols * sizeof (gdouble),
                   direct->horizontal, 5 * kernel->cols * sizeof (gdouble));
  lrb_settings_clear (&s);
}

static void
test_prepare_rank_above_kernel (void)
{
  /* A 3×5 box has ranks 1 to 3. */
  for (gint want_factors = 0; want_factors <= 1; want_factors++)
    {
      LrbSettings s;
      g_autoptr (GError) error = NULL;
      g_autoptr (LrbKernel) kernel = NULL;
      g_autoptr (LrbAnalysis) analysis = NULL;
      g_autoptr (LrbFactors) factors = NULL;

      lrb_settings_init (&s);
      s.kernel.shape = LRB_SHAPE_BOX;
      s.kernel.width = 5;
      s.kernel.height = 3;
      s.rank = 4;
      g_assert_false (lrb_settings_prepare (&s, &kernel, &analysis,
                                            want_factors ? &factors : NULL, &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      if (error)
        {
          g_assert_nonnull (strstr (error->message, "rank 4"));
          g_assert_nonnull (strstr (error->message, "1 to 3"));
        }
      g_assert_null (kernel);
      g_assert_null (analysis);
      g_assert_null (factors);

      /* Rank 3 is the most it takes. */
      g_clear_error (&error);
      s.rank = 3;
      g_assert_true (lrb_settings_prepare (&s, NULL, NULL, want_factors ? &factors : NULL,
                                           &error));
      g_assert_no_error (error);
      lrb_settings_clear (&s);
    }
}

static void
test_prepare_bad_kernel (void)
{
  LrbSettings s;
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbFactors) factors = NULL;

  lrb_settings_init (&s);
  s.kernel.radius = -1;
  g_assert_false (lrb_settings_prepare (&s, NULL, NULL, &factors, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  if (error)
    g_assert_nonnull (strstr (error->message, "radius"));
  g_assert_null (factors);
  lrb_settings_clear (&s);
}

static void
test_engine_config_and_clear (void)
{
  LrbSettings     s;
  LrbEngineConfig config = { 99, 99, 99 };

  lrb_settings_init (&s);
  s.threads = 3;
  s.memory_limit = 1 << 20;
  lrb_settings_engine_config (&s, &config);
  g_assert_cmpint (config.threads, ==, 3);
  g_assert_cmpuint (config.memory_limit, ==, 1 << 20);
  /* The tile size is the planner's choice. */
  g_assert_cmpint (config.tile_size, ==, 0);

  s.kernel.shape = LRB_SHAPE_FILE;
  s.kernel.file = g_strdup ("kernel.txt");
  lrb_settings_clear (&s);
  g_assert_null (s.kernel.file);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/settings/defaults", test_defaults);
  g_test_add_func ("/settings/validate/rejects", test_validate_rejects);
  g_test_add_func ("/settings/validate/accepts-bounds", test_validate_accepts_bounds);
  g_test_add_func ("/settings/prepare/energy-rank", test_prepare_energy_rank);
  g_test_add_func ("/settings/prepare/explicit-rank", test_prepare_explicit_rank);
  g_test_add_func ("/settings/prepare/rank-above-kernel", test_prepare_rank_above_kernel);
  g_test_add_func ("/settings/prepare/bad-kernel", test_prepare_bad_kernel);
  g_test_add_func ("/settings/engine-config-and-clear", test_engine_config_and_clear);

  return g_test_run ();
}
