/* lowrank-bokeh — `lrbokeh analyze` against exact values and the SVD's
 * properties.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-test-util.h"

#include <cairo.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static JsonObject *
analyze_json (const gchar *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (CliResult) result = NULL;
  va_list               ap;

  g_ptr_array_add (args, "analyze");
  g_ptr_array_add (args, "--json");
  va_start (ap, first_arg);
  for (const gchar *a = first_arg; a; a = va_arg (ap, const gchar *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  result = cli_run_argv ((const gchar *const *) args->pdata);
  cli_assert_exit (result, 0);
  return cli_parse_object (result);
}

/* A box is rank 1 and its one singular value is ‖K‖_F = √(15)/15 = 1/√15. */
static void
test_box (void)
{
  g_autoptr (JsonObject) o = analyze_json ("--shape", "box", "--width", "5", "--height", "3",
                                           NULL);
  g_autofree gdouble *sigma = NULL, *energy = NULL;
  guint               n, n_energy;

  g_assert_cmpint (json_object_get_int_member (o, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (o, "cols"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (o, "numerical_rank"), ==, 1);
  sigma = cli_doubles (o, "singular_values", &n);
  energy = cli_doubles (o, "energy_sq", &n_energy);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (n_energy, ==, 3);
  g_assert_cmpfloat_with_epsilon (sigma[0], 1.0 / sqrt (15.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (energy[0], 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "sum"), 1.0, 1e-12);
}

/* --profile reaches the analysis: the box's rim brightened is no longer
 * one row times one column (its distance to the edge is the nearer of
 * two), its sum stays 1, and the report names the profile. */
static void
test_profile (void)
{
  g_autoptr (JsonObject) o = analyze_json ("--shape", "box", "--width", "9", "--profile",
                                           "soap-bubble", NULL);

  g_assert_cmpint (json_object_get_int_member (o, "numerical_rank"), >, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "sum"), 1.0, 1e-12);
  g_assert_cmpstr (json_object_get_string_member (o, "kernel"), ==,
                   "box, width 9, height 9, soap-bubble profile 0.5");
}

/* diag(3, 2, 1): every number of the analysis is known in closed form. */
static void
test_diagonal (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *path = cli_write_file (dir, "diag.txt",
                                                "# diag(3, 2, 1)\n3 0 0\n0, 2, 0\n\n0 0 1\n");
  g_autoptr (JsonObject) o = analyze_json (path, "--no-normalize", NULL);
  const gdouble          sigma_ref[] = { 3, 2, 1 };
  const gdouble          sq_ref[] = { 9.0 / 14, 13.0 / 14, 1 };
  const gdouble          abs_ref[] = { 3.0 / 6, 5.0 / 6, 1 };
  const gdouble          err_ref[] = { sqrt (5.0 / 14), sqrt (1.0 / 14), 0 };
  g_autofree gdouble    *sigma = NULL, *sq = NULL, *abs_ = NULL, *err = NULL;
  guint                  n;

  sigma = cli_doubles (o, "singular_values", &n);
  g_assert_cmpuint (n, ==, 3);
  sq = cli_doubles (o, "energy_sq", &n);
  abs_ = cli_doubles (o, "energy_abs", &n);
  err = cli_doubles (o, "relative_error", &n);
  for (gint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (sigma[i], sigma_ref[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (sq[i], sq_ref[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (abs_[i], abs_ref[i], 1e-12);
      g_assert_cmpfloat_with_epsilon (err[i], err_ref[i], 1e-12);
    }
  g_assert_cmpint (json_object_get_int_member (o, "numerical_rank"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "sum"), 6.0, 1e-12);
  g_assert_false (json_object_get_boolean_member (o, "normalized"));

  /* Normalized, every σ is divided by the sum. */
  {
    g_autoptr (JsonObject) normalized = analyze_json (path, NULL);
    g_autofree gdouble    *s = cli_doubles (normalized, "singular_values", &n);

    for (gint i = 0; i < 3; i++)
      g_assert_cmpfloat_with_epsilon (s[i], sigma_ref[i] / 6.0, 1e-12);
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* What must hold for any kernel. */
static void
check_properties (JsonObject *o, const gchar *what)
{
  gint               rows = json_object_get_int_member (o, "rows");
  gint               cols = json_object_get_int_member (o, "cols");
  guint              n = MIN (rows, cols), len;
  g_autofree gdouble *sigma = cli_doubles (o, "singular_values", &len);
  g_autofree gdouble *sq = NULL, *abs_ = NULL, *err = NULL, *lobe = NULL;
  gint               numerical = 0;

  g_test_message ("%s: %d x %d", what, rows, cols);
  g_assert_cmpuint (len, ==, n);
  sq = cli_doubles (o, "energy_sq", &len);
  g_assert_cmpuint (len, ==, n);
  abs_ = cli_doubles (o, "energy_abs", &len);
  g_assert_cmpuint (len, ==, n);
  err = cli_doubles (o, "relative_error", &len);
  g_assert_cmpuint (len, ==, n);
  lobe = cli_doubles (o, "negative_lobe", &len);
  g_assert_cmpuint (len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (sigma[i], >=, 0.0);
      if (i > 0)
        {
          g_assert_cmpfloat (sigma[i], <=, sigma[i - 1]);
          g_assert_cmpfloat (sq[i], >=, sq[i - 1]);
          g_assert_cmpfloat (abs_[i], >=, abs_[i - 1]);
          g_assert_cmpfloat (err[i], <=, err[i - 1] + 1e-15);
        }
      /* Eckart–Young: the error is what the energy leaves out.  Below
       * 1e-6, 1 − energy_sq is lost to cancellation (the tool sums the
       * tail directly), so compare squares there. */
      g_assert_cmpfloat_with_epsilon (err[i] * err[i], 1.0 - sq[i], 1e-14);
      if (err[i] > 1e-6)
        g_assert_cmpfloat_with_epsilon (err[i], sqrt (1.0 - sq[i]), 1e-9);
      g_assert_cmpfloat (lobe[i], >=, 0.0);
      if (sigma[i] > MAX (rows, cols) * DBL_EPSILON * sigma[0])
        numerical++;
    }
  g_assert_cmpfloat_with_epsilon (sq[n - 1], 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (abs_[n - 1], 1.0, 1e-12);
  g_assert_cmpint (json_object_get_int_member (o, "numerical_rank"), ==, numerical);
}

static void
test_properties (void)
{
  const gchar *const shapes[][12] = {
    { "--shape", "hexagon", "--radius", "7" },
    { "--shape", "polygon", "--blades", "5", "--rotation", "17", "--radius", "6.5" },
    { "--shape", "disc", "--radius", "9" },
    { "--shape", "ring", "--radius", "8", "--inner-radius", "5" },
    { "--shape", "gaussian", "--radius", "6", "--sigma", "2", "--sigma-y", "3",
      "--rotation", "30" },
    { "--shape", "dog", "--radius", "9" },
    { "--shape", "exponential", "--radius", "7" },
    { "--shape", "skewed-box", "--width", "9", "--height", "7", "--skew", "50" },
    { "--shape", "polygon", "--blades", "7", "--curvature", "0.5", "--radius", "10",
      "--supersample", "2" },
  };

  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      const gchar *args[16] = { "analyze", "--json" };
      g_autoptr (CliResult)  result = NULL;
      g_autoptr (JsonObject) o = NULL;
      g_autofree gchar      *what = NULL;
      gint                   k = 2;

      for (gint i = 0; shapes[s][i]; i++)
        args[k++] = shapes[s][i];
      result = cli_run_argv (args);
      cli_assert_exit (result, 0);
      o = cli_parse_object (result);
      what = g_strjoinv (" ", (gchar **) shapes[s]);
      check_properties (o, what);
    }
}

/* --energy picks the smallest rank whose energy_sq reaches the target. */
static void
test_rank_for_energy (void)
{
  const gdouble targets[] = { 0.5, 0.9, 0.99, 0.999, 1.0 };

  for (gsize t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      gchar                  target[32];
      g_autoptr (JsonObject) o = NULL;
      g_autofree gdouble    *sq = NULL;
      guint                  n;
      gint                   rank, expected = 0;

      g_ascii_dtostr (target, sizeof target, targets[t]);
      o = analyze_json ("--shape", "disc", "--radius", "8", "--energy", target, NULL);
      sq = cli_doubles (o, "energy_sq", &n);
      rank = json_object_get_int_member (o, "rank_for_energy");
      for (guint i = 0; i < n && !expected; i++)
        if (sq[i] >= targets[t] - 1e-12)
          expected = i + 1;
      g_assert_cmpint (rank, ==, expected);
      g_assert_cmpfloat (json_object_get_double_member (o, "energy_target"), ==, targets[t]);
    }
}

/* negative_lobe against −min/max of Σ vertical ⊗ horizontal from `factors`. */
static void
test_negative_lobe (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *path = cli_write_file (dir, "k.txt",
                                                "1 3 1 0\n3 -1 3 2\n1 3 1 1\n0 2 1 4\n");
  g_autoptr (JsonObject) o = analyze_json (path, NULL);
  g_autofree gdouble    *lobe = NULL;
  guint                  n;

  lobe = cli_doubles (o, "negative_lobe", &n);
  g_assert_cmpuint (n, ==, 4);
  for (guint r = 1; r <= n; r++)
    {
      g_autofree gchar      *rank = g_strdup_printf ("%u", r);
      g_autoptr (CliResult)  result = cli_run ("factors", path, "--rank", rank, "--format",
                                               "json", NULL);
      g_autoptr (JsonObject) f = NULL;
      JsonArray             *vertical, *horizontal;
      gdouble                min = 0, max = 0;

      cli_assert_exit (result, 0);
      f = cli_parse_object (result);
      vertical = json_object_get_array_member (f, "vertical");
      horizontal = json_object_get_array_member (f, "horizontal");
      for (gint i = 0; i < 4; i++)
        for (gint j = 0; j < 4; j++)
          {
            gdouble v = 0;

            for (guint t = 0; t < r; t++)
              v += json_array_get_double_element (json_array_get_array_element (vertical, t), i) *
                   json_array_get_double_element (json_array_get_array_element (horizontal, t), j);
            min = MIN (min, v);
            max = MAX (max, v);
          }
      g_assert_cmpfloat_with_epsilon (lobe[r - 1], -min / max, 1e-9);
    }
  /* The full-rank kernel has its −1 / 4 lobe. */
  g_assert_cmpfloat_with_epsilon (lobe[n - 1], 0.25, 1e-12);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --factorization nonnegative adds, for ranks 1 … min(numerical rank, 32),
 * the non-negative errors (never below the SVD's, falling up to rank 16;
 * above that HALS's local optima may leave one rank a little worse than the
 * one below, see docs/nonnegative.md) and lobes (all zero, where the SVD's
 * ring); the table gains the columns; a kernel with a negative entry is bad
 * input. */
static void
test_nonnegative (void)
{
  g_autoptr (CliResult)  json = cli_run ("analyze", "--shape", "disc", "--radius", "40", "--json",
                                         "--factorization", "nonnegative", NULL);
  g_autoptr (CliResult)  table = cli_run ("analyze", "--shape", "disc", "--radius", "5",
                                          "--factorization", "nonnegative", NULL);
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *path = cli_write_file (dir, "k.txt", "1 3 1\n3 -1 3\n1 3 1\n");
  g_autoptr (CliResult)  negative = cli_run ("analyze", path, "--factorization", "nonnegative",
                                             NULL);
  g_autoptr (JsonObject) o = NULL;
  g_autofree gdouble    *svd = NULL, *svd_lobe = NULL, *nn = NULL, *nn_lobe = NULL;
  guint                  n, n_nn, n_lobe;

  cli_assert_exit (json, 0);
  o = cli_parse_object (json);
  g_assert_cmpstr (json_object_get_string_member (o, "factorization"), ==, "nonnegative");
  svd = cli_doubles (o, "relative_error", &n);
  svd_lobe = cli_doubles (o, "negative_lobe", &n);
  nn = cli_doubles (o, "nonnegative_relative_error", &n_nn);
  nn_lobe = cli_doubles (o, "nonnegative_negative_lobe", &n_lobe);
  g_assert_cmpuint (n_nn, ==, MIN (json_object_get_int_member (o, "numerical_rank"), 32));
  g_assert_cmpuint (n_lobe, ==, n_nn);
  for (guint i = 0; i < n_nn; i++)
    {
      g_assert_cmpfloat (nn_lobe[i], ==, 0.0);
      g_assert_cmpfloat (nn[i], >=, svd[i] - 1e-12);
      if (i > 0 && i < 16)
        g_assert_cmpfloat (nn[i], <, nn[i - 1]);
    }
  g_assert_cmpuint (n_nn, >, 16);
  g_assert_cmpfloat (nn[n_nn - 1], <, 0.5 * nn[15]);
  g_assert_cmpfloat (svd_lobe[3], >, 0.05);

  cli_assert_exit (table, 0);
  g_assert_nonnull (strstr (table->out, "non-neg. error"));
  cli_assert_exit (negative, 1);
  g_assert_nonnull (strstr (negative->err, "negative entries"));
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The table for people: one line per useful rank with the right speed-up. */
static void
test_table (void)
{
  g_autoptr (CliResult) result = cli_run ("analyze", "--shape", "hexagon", "--radius", "5",
                                          "--rank", "2", NULL);
  g_auto (GStrv)        lines = NULL;
  gint                  rank_lines = 0;

  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->err, ==, "");
  /* 11 × 11: rank 1 costs 22 taps instead of 121, a 5.50× speed-up. */
  g_assert_nonnull (strstr (result->out, "11 × 11"));
  g_assert_nonnull (strstr (result->out, "5.50×"));
  g_assert_nonnull (strstr (result->out, "2.75×"));
  g_assert_nonnull (strstr (result->out, "Wronski"));
  lines = g_strsplit (result->out, "\n", -1);
  for (gchar **l = lines; *l; l++)
    {
      gint rank;

      if (**l && sscanf (*l + 1, "%d ", &rank) == 1 && rank > 0 && strstr (*l, "×"))
        {
          rank_lines++;
          /* The asked-for rank is starred. */
          g_assert_true ((**l == '*') == (rank == 2));
        }
    }
  g_assert_cmpint (rank_lines, >=, 2);
}

/* The field's accuracy knob: smaller zones, less error and more work;
 * the run's spacing starred in the table and named in the JSON; the
 * frame required and checked. */
static void
test_field (void)
{
  g_autoptr (CliResult) json = cli_run ("analyze", "--shape", "disc", "--radius", "8",
                                        "--cats-eye", "1", "--swirl", "0.3", "--frame",
                                        "400x300", "--json", NULL);
  g_autoptr (CliResult) table = cli_run ("analyze", "--shape", "disc", "--radius", "8",
                                         "--cats-eye", "1", "--frame", "400x300",
                                         "--field-zone", "40", NULL);
  const gchar *const    bad[][3] = {
    { "--cats-eye", "1", "--frame" },
    { "--frame", "400x300", "give one of them" },
    { "--field-zone", "20", "--cats-eye or --swirl" },
  };
  JsonObject           *root, *field;
  JsonArray            *zones;
  gdouble               last_error = G_MAXDOUBLE, last_work = 0.0;
  gboolean              chosen_listed = FALSE;

  cli_assert_exit (json, 0);
  root = cli_parse_object (json);
  field = json_object_get_object_member (root, "field");
  g_assert_nonnull (field);
  g_assert_cmpint (json_object_get_int_member (field, "frame_width"), ==, 400);
  zones = json_object_get_array_member (field, "zones");
  g_assert_cmpuint (json_array_get_length (zones), >=, 5);
  /* Listed from the smallest spacing up. */
  for (guint i = json_array_get_length (zones); i-- > 0;)
    {
      JsonObject *z = json_array_get_object_element (zones, i);
      gdouble     error = json_object_get_double_member (z, "relative_error");
      gdouble     work = json_object_get_double_member (z, "work");

      g_assert_cmpfloat (error, <, last_error);
      g_assert_cmpfloat (work, >, last_work);
      g_assert_cmpfloat (error, >, 0.0);
      last_error = error, last_work = work;
      chosen_listed |= json_object_get_int_member (z, "zone") ==
                       json_object_get_int_member (field, "zone");
    }
  g_assert_true (chosen_listed);
  json_object_unref (root);

  cli_assert_exit (table, 0);
  g_assert_nonnull (strstr (table->out, "--field-zone; * the run's"));
  g_assert_nonnull (strstr (table->out, "\n*       40 "));

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CliResult) result = cli_run ("analyze", "--shape", "disc", bad[i][0],
                                              bad[i][1], NULL);

      cli_assert_exit (result, 2);
      g_assert_nonnull (strstr (result->err, bad[i][2]));
    }
  {
    g_autoptr (CliResult) result = cli_run ("analyze", "--shape", "disc", "--cats-eye", "1",
                                            "--frame", "12x", NULL);

    cli_assert_exit (result, 2);
    g_assert_nonnull (strstr (result->err, "--frame '12x' is not WIDTHxHEIGHT"));
  }
}

/* An image kernel: a white rectangle on black is rank 1 at the image's size. */
static void
test_image_kernel (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *path = g_build_filename (dir, "kernel.png", NULL);
  cairo_surface_t       *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 9, 7);
  cairo_t               *cr = cairo_create (surface);
  g_autoptr (JsonObject) o = NULL;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 2, 1, 4, 3);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  o = analyze_json (path, NULL);
  g_assert_cmpint (json_object_get_int_member (o, "rows"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (o, "cols"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (o, "numerical_rank"), ==, 1);
  /* Normalized: twelve equal entries of 1/12, so σ₁ = ‖K‖_F = 1/√12. */
  {
    guint              n;
    g_autofree gdouble *sigma = cli_doubles (o, "singular_values", &n);

    g_assert_cmpfloat_with_epsilon (sigma[0], 1.0 / sqrt (12.0), 1e-9);
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_errors (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *zero_sum = cli_write_file (dir, "sobel.txt", "1 0 -1\n2 0 -2\n1 0 -1\n");

  {
    /* A band-pass kernel cannot be normalized: bad input, said why. */
    g_autoptr (CliResult) result = cli_run ("analyze", zero_sum, NULL);

    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "normaliz"));
    g_assert_cmpstr (result->out, ==, "");
  }
  {
    g_autoptr (CliResult) result = cli_run ("analyze", zero_sum, "--no-normalize", "--json",
                                            NULL);
    cli_assert_exit (result, 0);
  }
  {
    g_autoptr (CliResult) result = cli_run ("analyze", "--shape", "disc", "--radius", "5000",
                                            NULL);
    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "radius"));
  }
  {
    /* Out-of-range values are bad input, whatever their spelling. */
    const gchar *const energies[] = { "nan", "0", "1.5", "-0.5" };

    for (gsize i = 0; i < G_N_ELEMENTS (energies); i++)
      {
        g_autoptr (CliResult) result = cli_run ("analyze", "--shape", "disc", "--energy",
                                                energies[i], NULL);
        cli_assert_exit (result, 1);
        g_assert_nonnull (strstr (result->err, "energy"));
      }
  }
  {
    /* Neither a kernel nor a shape, both, an unknown shape, a stray argument. */
    const gchar *const cases[][6] = {
      { "analyze" },
      { "analyze", zero_sum, "--shape", "disc" },
      { "analyze", "--shape", "star" },
      { "analyze", zero_sum, "extra" },
      { "analyze", "--shape", "disc", "--rank", "many" },
      { "analyze", "--shape", "hexagon", "--blades", "5" },
      { "analyze", "--json", "--radius" },
      { "analyze", "--shape", "disc", "--energy", "most" },
      { "analyze", "--shape", "disc", "--radius", "big" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr (CliResult) result = cli_run_argv (cases[i]);
        cli_assert_exit (result, 2);
        g_assert_cmpstr (result->out, ==, "");
        g_assert_cmpstr (result->err, !=, "");
      }
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/analyze/box", test_box);
  g_test_add_func ("/cli/analyze/diagonal", test_diagonal);
  g_test_add_func ("/cli/analyze/profile", test_profile);
  g_test_add_func ("/cli/analyze/properties", test_properties);
  g_test_add_func ("/cli/analyze/rank-for-energy", test_rank_for_energy);
  g_test_add_func ("/cli/analyze/negative-lobe", test_negative_lobe);
  g_test_add_func ("/cli/analyze/table", test_table);
  g_test_add_func ("/cli/analyze/image-kernel", test_image_kernel);
  g_test_add_func ("/cli/analyze/errors", test_errors);
  g_test_add_func ("/cli/analyze/nonnegative", test_nonnegative);
  g_test_add_func ("/cli/analyze/field", test_field);
  return g_test_run ();
}
