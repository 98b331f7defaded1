/* lowrank-bokeh — circles of confusion, levels, and the kernels of each
 * level, against hand-computed values and shapes drawn at their radius.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-focus.h"

static void
test_defocus (void)
{
  LrbFocus focus;

  lrb_focus_init (&focus);
  focus.focus = 0.4;
  g_assert_cmpfloat (lrb_focus_defocus (&focus, 0.4), ==, 0.0);
  g_assert_cmpfloat (fabs (lrb_focus_defocus (&focus, 0.9) - 0.5), <, 1e-12);
  g_assert_cmpfloat (fabs (lrb_focus_defocus (&focus, 0.0) - 0.4), <, 1e-12);
  g_assert_cmpfloat (lrb_focus_defocus (&focus, 7.0), ==, lrb_focus_defocus (&focus, 1.0));

  /* The sharp band: |d − f| ≤ t is in focus, full defocus stays at 1. */
  focus.focus = 0.0;
  focus.tolerance = 0.2;
  g_assert_cmpfloat (lrb_focus_defocus (&focus, 0.15), ==, 0.0);
  g_assert_cmpfloat (fabs (lrb_focus_defocus (&focus, 0.6) - 0.5), <, 1e-12);
  g_assert_cmpfloat (fabs (lrb_focus_defocus (&focus, 1.0) - 1.0), <, 1e-12);

  /* Inverted: the map's 1 is near. */
  focus.tolerance = 0.0;
  focus.focus = 0.25;
  focus.invert = TRUE;
  g_assert_cmpfloat (lrb_focus_defocus (&focus, 0.75), ==, 0.0);
  {
    LrbFocusLevels levels;

    lrb_focus_levels_init (&levels, 10.0);
    g_assert_cmpint (lrb_focus_level (&focus, &levels, 1.0), ==, -3); /* 1 → depth 0: in front */
    g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.0), ==, 8);  /* 0 → depth 1: behind */
  }
}

/* A level per pixel up to 8 pixels, then 12.5 % apart, the last at the
 * full radius; each pixel takes the level nearest its circle of confusion. */
static void
test_levels (void)
{
  LrbFocusLevels levels;
  LrbFocus       focus;
  gdouble        previous = 0.0;

  lrb_focus_init (&focus);
  lrb_focus_levels_init (&levels, 0.5);
  g_assert_cmpint (levels.n, ==, 1);
  lrb_focus_levels_init (&levels, 7.5);
  g_assert_cmpint (levels.n, ==, 8);
  g_assert_cmpfloat (lrb_focus_level_radius (&levels, 8), ==, 7.5);
  g_assert_cmpfloat (lrb_focus_level_radius (&levels, -3), ==, 3.0);

  /* 50: 8 + ⌈log(50 / 8) / log(1.125)⌉ = 8 + 16 levels. */
  lrb_focus_levels_init (&levels, 50.0);
  g_assert_cmpint (levels.n, ==, 24);
  g_assert_cmpfloat (lrb_focus_level_radius (&levels, 24), ==, 50.0);
  g_assert_cmpfloat (fabs (lrb_focus_level_radius (&levels, 10) - 8 * 1.125 * 1.125), <, 1e-12);
  for (gint k = 1; k <= levels.n; k++)
    {
      gdouble r = lrb_focus_level_radius (&levels, k);

      g_assert_cmpfloat (r, >, previous);
      if (k > 1)
        g_assert_cmpfloat (r / previous, <=, k <= 8 ? 2.0 : 1.125 + 1e-12);
      previous = r;
    }

  /* Focus 0.5 and full radius 50: depth 0.9 is 20 pixels of blur, which
   * lies between 18.2 (level 15) and 20.5 (level 16): the nearer. */
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.5), ==, 0);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.9), ==, 16);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.1), ==, -16);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.505), ==, 0);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.515), ==, 1);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.58), ==, 4);
  /* 25 pixels: nearer 26.0 (level 18) than 23.1; 24: nearer 23.1. */
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 1.0), ==, 18);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.98), ==, 17);
  /* Focus 0: 49 pixels is nearer the last level, 50, than 46.8; 47.5 is
   * nearer 46.8. */
  focus.focus = 0.0;
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 1.0), ==, 24);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.98), ==, 24);
  g_assert_cmpint (lrb_focus_level (&focus, &levels, 0.95), ==, 23);
}

static void
test_validate (void)
{
  const LrbFocus bad[] = {
    { -0.1, 0.0, FALSE }, { 1.5, 0.0, FALSE }, { NAN, 0.0, FALSE },
    { 0.5, -0.1, FALSE }, { 0.5, 1.0, FALSE }, { 0.5, NAN, FALSE },
  };
  LrbFocus       good;

  lrb_focus_init (&good);
  g_assert_true (lrb_focus_validate (&good, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (lrb_focus_validate (&bad[i], &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "focus"));
    }
}

/* A shape's level kernel is the shape drawn at the level's radius. */
static void
test_level_kernel_shape (void)
{
  LrbKernelSpec         spec, small;
  LrbFocusLevels        levels;
  g_autoptr (LrbKernel) full = NULL, level = NULL, expected = NULL, zero = NULL;

  lrb_kernel_spec_init (&spec);
  spec.shape = LRB_SHAPE_POLYGON;
  spec.blades = 6;
  spec.radius = 20.0;
  full = lrb_kernel_new_from_spec (&spec, NULL);
  lrb_focus_levels_init (&levels, 20.0);
  level = lrb_focus_level_kernel (&spec, full, &levels, -5, LRB_PROFILE_FLAT, 0.0, NULL);

  lrb_kernel_spec_copy (&spec, &small);
  small.radius = 5.0;
  expected = lrb_kernel_new_from_spec (&small, NULL);
  g_assert_cmpint (level->rows, ==, 11);
  g_assert_cmpint (level->cols, ==, 11);
  g_assert_cmpmem (level->data, 11 * 11 * sizeof (gdouble), expected->data,
                   11 * 11 * sizeof (gdouble));

  zero = lrb_focus_level_kernel (&spec, full, &levels, 0, LRB_PROFILE_FLAT, 0.0, NULL);
  g_assert_cmpint (zero->rows * zero->cols, ==, 1);
  g_assert_cmpfloat (zero->data[0], ==, 1.0);
  g_assert_cmpfloat (lrb_focus_full_radius (&spec, full), ==, 20.0);
  lrb_kernel_spec_clear (&small);
  lrb_kernel_spec_clear (&spec);
}

/* Area resampling: a 6 × 6 box at half size is a 3 × 3 box (sum kept); a
 * single 1 at the anchor spreads over the output pixel that holds it. */
static void
test_scaled (void)
{
  g_autoptr (LrbKernel) box = lrb_kernel_new (7, 7, NULL), half = NULL, point = NULL;
  g_autoptr (LrbKernel) dot = lrb_kernel_new (5, 5, NULL);
  g_autoptr (GError)    error = NULL;

  /* 7 × 7 with a 6 × 6 box centred at the anchor ± 3 pixels: rows and
   * columns 1 … 6 (offsets −2 … 3) are 1, spread over 3 × 3 output
   * pixels, each output pixel covering 2 × 2 input ones. */
  for (gint i = 0; i < 7; i++)
    for (gint j = 0; j < 7; j++)
      box->data[i * 7 + j] = (i >= 1 && j >= 1) ? 1.0 : 0.0;
  half = lrb_kernel_new_scaled (box, 0.5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (half->rows, ==, 5);
  g_assert_cmpfloat (fabs (lrb_kernel_sum (half) - 36.0), <, 1e-9);
  /* Output offset o covers input offsets [2o − 1, 2o + 1]: −1 covers
   * −3 … −1 (half of −3 and −1, all of −2), of which −2 … −1 are 1. */
  {
    const gdouble axis[5] = { 0.0, 1.5, 2.0, 2.0, 0.5 };
    gdouble       scale = 36.0 / (6.0 * 6.0);

    for (gint a = 0; a < 5; a++)
      for (gint b = 0; b < 5; b++)
        g_assert_cmpfloat (fabs (lrb_kernel_get (half, a, b) - axis[a] * axis[b] * scale), <,
                           1e-9);
  }

  dot->data[12] = 1.0;
  point = lrb_kernel_new_scaled (dot, 0.4, NULL);
  g_assert_cmpint (point->rows, ==, 3);
  g_assert_cmpfloat (lrb_kernel_get (point, 1, 1), ==, 1.0);
  g_assert_cmpfloat (lrb_kernel_sum (point), ==, 1.0);

  g_assert_null (lrb_kernel_new_scaled (dot, 0.0, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/focus/defocus", test_defocus);
  g_test_add_func ("/focus/levels", test_levels);
  g_test_add_func ("/focus/validate", test_validate);
  g_test_add_func ("/focus/level-kernel-shape", test_level_kernel_shape);
  g_test_add_func ("/focus/scaled", test_scaled);
  return g_test_run ();
}
