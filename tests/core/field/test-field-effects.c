/* lowrank-bokeh — the swirl and the aspect (core/field/lrb-field.c): the
 * shapes they give (elongation and its direction, measured by the
 * kernel's moments), the fast run against the per-pixel scatter
 * reference, grey staying grey, and strength 0 being today's run.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "../filter-test-util.h"
#include "lrb-field.h"
#include "field-test-util.h"

#define W 150
#define H 96

/* The kernel's variance along the screen direction `angle` (radians,
 * counter-clockwise, y up) and across it, about its centroid. */
static void
kernel_spread (const LrbKernel *k, gdouble angle, gdouble *along, gdouble *across)
{
  gdouble sum = 0.0, mx = 0.0, my = 0.0, c = cos (angle), s = sin (angle);

  *along = *across = 0.0;
  for (gint pass = 0; pass < 2; pass++)
    for (gint i = 0; i < k->rows; i++)
      for (gint j = 0; j < k->cols; j++)
        {
          gdouble v = lrb_kernel_get (k, i, j), x = j, y = -i;

          if (pass == 0)
            {
              sum += v;
              mx += v * x;
              my += v * y;
              continue;
            }
          *along += v * pow ((x - mx / sum) * c + (y - my / sum) * s, 2) / sum;
          *across += v * pow (-(x - mx / sum) * s + (y - my / sum) * c, 2) / sum;
        }
}

/* The aspect stretches along its rotation by √A and across by 1/√A:
 * variances A and 1/A times the disc's, keeping its light. */
static void
test_aspect_shape (void)
{
  g_autoptr (LrbKernel) disc = shape_kernel (LRB_SHAPE_DISC, 10, 0.0);
  g_autoptr (LrbKernel) oval = NULL;
  LrbField              field;
  gdouble               along, across, round_along, round_across;

  lrb_field_init (&field);
  field.aspect = 2.0;
  field.aspect_rotation = 30.0;
  oval = lrb_field_base (&field, disc);
  kernel_spread (disc, G_PI / 6, &round_along, &round_across);
  kernel_spread (oval, G_PI / 6, &along, &across);
  g_test_message ("aspect 2 at 30°: along σ² %g → %g, across %g → %g", round_along, along,
                  round_across, across);
  g_assert_cmpfloat (fabs (along / round_along - 2.0), <, 0.1);
  g_assert_cmpfloat (fabs (across / round_across - 0.5), <, 0.05);
  g_assert_cmpfloat (fabs (lrb_kernel_sum (oval) - lrb_kernel_sum (disc)), <, 1e-9);
  g_assert_true (oval->rows % 2 == 1 && oval->cols % 2 == 1);
}

/* The swirl leaves the centre's kernel alone and stretches a corner's
 * along the circle round the centre: across the line to it. */
static void
test_swirl_shape (void)
{
  g_autoptr (LrbKernel) disc = shape_kernel (LRB_SHAPE_DISC, 10, 0.0);
  g_autoptr (LrbKernel) base = NULL;
  g_autoptr (LrbKernel) centre = NULL;
  g_autoptr (LrbKernel) corner = NULL;
  LrbField              field;
  gdouble               radius, along, across, round_along, round_across;
  /* (10, 10) of a 401 × 301 image: the centre lies down-right, at
   * (1, −0.75) on screen (y up); the circle's direction is across it. */
  gdouble               radial = atan2 (-(150.0 - 10.0), 200.0 - 10.0);

  lrb_field_init (&field);
  field.swirl = 1.0;
  base = lrb_field_base (&field, disc);
  g_assert_cmpint (base->rows, >=, 2 * disc->rows - 1);
  radius = lrb_field_aperture_radius (base);
  centre = lrb_field_kernel_at (&field, base, radius, 401, 301, 200, 150);
  g_assert_cmpmem (centre->data, sizeof (gdouble) * base->rows * base->cols, base->data,
                   sizeof (gdouble) * base->rows * base->cols);
  corner = lrb_field_kernel_at (&field, base, radius, 401, 301, 10, 10);
  kernel_spread (corner, radial, &along, &across);
  kernel_spread (base, radial, &round_along, &round_across);
  g_test_message ("swirl 1 near the corner: radial σ² %g → %g, tangential %g → %g",
                  round_along, along, round_across, across);
  /* Stretch 1 + 0.92 there: variances ×3.7 and ÷3.7. */
  g_assert_cmpfloat (across, >, 3.0 * round_across);
  g_assert_cmpfloat (along, <, round_along / 3.0);
  g_assert_cmpfloat (fabs (lrb_kernel_sum (corner) - lrb_kernel_sum (disc)), <, 1e-9);
  /* The base is the disc padded, nothing else. */
  {
    gint di = lrb_kernel_anchor_row (base) - lrb_kernel_anchor_row (disc);
    gint dj = lrb_kernel_anchor_col (base) - lrb_kernel_anchor_col (disc);

    for (gint i = 0; i < base->rows; i++)
      for (gint j = 0; j < base->cols; j++)
        {
          gboolean inside = i - di >= 0 && i - di < disc->rows && j - dj >= 0 &&
                            j - dj < disc->cols;

          g_assert_cmpfloat (lrb_kernel_get (base, i, j), ==,
                             inside ? lrb_kernel_get (disc, i - di, j - dj) : 0.0);
        }
  }
}

/* Swirl (by FFT blocks and by the engine's passes), aspect alone (one
 * kernel: the uniform run) and both with the cat's eye, against the
 * scatter reference; the plain kernel is farther from it. */
static void
test_matches_scatter (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_DISC, 7, 0.0);
  g_autoptr (LrbImage)  in = random_image (W, H, 4);
  const struct
  {
    gdouble   swirl, aspect, cats_eye, max_l2;
    LrbMethod method;
  } cases[] = {
    /* Measured 0.69 %, 0.69 %, 0 and 0.80 %; the plain disc 3.3–3.6 %. */
    { 1.0, 1.0, 0.0, 0.011, LRB_METHOD_FFT },
    { 1.0, 1.0, 0.0, 0.011, LRB_METHOD_SEPARABLE },
    { 0.0, 2.5, 0.0, 1e-4, LRB_METHOD_AUTO },
    { 0.7, 1.5, 1.0, 0.013, LRB_METHOD_FFT },
  };

  for (gint i = 0; i < W * H; i++)
    in->data[4 * i + 3] = 1.0f;
  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (LrbImage) fast = NULL;
      g_autoptr (LrbImage) plain = NULL;
      g_autoptr (LrbImage) ref = lrb_image_new (W, H, 4);
      LrbSettings          settings;
      gdouble              l2, away;

      lrb_settings_init (&settings);
      settings.rank = LRB_RANK_EXACT;
      settings.method = cases[k].method;
      settings.field.swirl = cases[k].swirl;
      settings.field.aspect = cases[k].aspect;
      settings.field.aspect_rotation = 75.0;
      settings.field.cats_eye = cases[k].cats_eye;
      settings.field.zone_size = 24;
      fast = field_run (in, base, &settings, NULL);
      lrb_reference_convolve_field (in, base, &settings.field, settings.edge, ref);
      settings.field.swirl = settings.field.cats_eye = 0.0;
      settings.field.aspect = 1.0;
      plain = field_run (in, base, &settings, NULL);
      l2 = field_relative_l2 (fast, ref);
      away = field_relative_l2 (plain, ref);
      g_test_message ("swirl %g, aspect %g, cat's eye %g (%s): %.3f %% from the scatter, the "
                      "plain disc %.2f %%", cases[k].swirl, cases[k].aspect, cases[k].cats_eye,
                      lrb_method_to_nick (cases[k].method), 100 * l2, 100 * away);
      g_assert_cmpfloat (l2, <, cases[k].max_l2);
      g_assert_cmpfloat (away, >, 2.5 * l2);
      lrb_settings_clear (&settings);
    }
}

/* Grey stays grey, opaque stays opaque, with every effect on. */
static void
test_grey_stays_grey (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_POLYGON, 8, 10.0);
  g_autoptr (LrbImage)  in = lrb_image_new (W, H, 4);
  g_autoptr (LrbImage)  out = NULL;
  LrbSettings           settings;

  for (gint i = 0; i < W * H * 4; i++)
    in->data[i] = i % 4 == 3 ? 1.0f : 0.25f;
  lrb_settings_init (&settings);
  settings.rank = LRB_RANK_EXACT;
  settings.field.swirl = 1.0;
  settings.field.aspect = 3.0;
  settings.field.aspect_rotation = -20.0;
  settings.field.cats_eye = 0.5;
  out = field_run (in, base, &settings, NULL);
  for (gint i = 0; i < W * H * 4; i++)
    g_assert_cmpfloat (fabs (out->data[i] - (i % 4 == 3 ? 1.0 : 0.25)), <, 2e-5);
  lrb_settings_clear (&settings);
}

/* Swirl 0 and aspect 1 (or 0) are today's uniform run, to the bit. */
static void
test_strength_zero_is_uniform (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_POLYGON, 6, 0.0);
  g_autoptr (LrbImage)  in = random_image (W, H, 4);
  g_autoptr (LrbImage)  plain = NULL;
  LrbSettings           settings;

  lrb_settings_init (&settings);
  settings.rank = 3;
  plain = field_run (in, base, &settings, NULL);
  for (gint k = 0; k < 2; k++)
    {
      g_autoptr (LrbImage) off = NULL;

      settings.field.swirl = 0.0;
      settings.field.aspect = k;
      settings.field.aspect_rotation = 40.0;
      off = field_run (in, base, &settings, NULL);
      g_assert_cmpmem (off->data, sizeof (gfloat) * W * H * 4, plain->data,
                       sizeof (gfloat) * W * H * 4);
    }
  lrb_settings_clear (&settings);
}

static void
test_bad_values_refused (void)
{
  LrbField           field;
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;

  lrb_field_init (&field);
  field.swirl = 1.2;
  g_assert_false (lrb_field_validate (&field, &e1));
  g_assert_nonnull (strstr (e1->message, "swirl"));
  lrb_field_init (&field);
  field.aspect = 0.5;
  g_assert_false (lrb_field_validate (&field, &e2));
  g_assert_nonnull (strstr (e2->message, "aspect"));
  field.aspect = 2.0;
  field.aspect_rotation = NAN;
  g_assert_false (lrb_field_validate (&field, &e3));
  g_assert_nonnull (strstr (e3->message, "rotation"));
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/field-effects/aspect-shape", test_aspect_shape);
  g_test_add_func ("/field-effects/swirl-shape", test_swirl_shape);
  g_test_add_func ("/field-effects/matches-scatter", test_matches_scatter);
  g_test_add_func ("/field-effects/grey-stays-grey", test_grey_stays_grey);
  g_test_add_func ("/field-effects/strength-zero-is-uniform", test_strength_zero_is_uniform);
  g_test_add_func ("/field-effects/bad-values-refused", test_bad_values_refused);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
