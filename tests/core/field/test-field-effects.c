/* lowrank-bokeh — the swirl and the aspect (core/field/lrb-field.c): the
 * shapes they give (elongation and its direction, measured by the
 * kernel's moments), the fast run against the per-pixel scatter
 * reference, grey staying grey, and strength 0 being today's run; the
 * brightness profile through the settings: a point becomes the profiled
 * kernel, a kernel file gets it too, and it combines with the field.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

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

/* The settings' kernel (profiled by lrb_settings_prepare) over `in`. */
static LrbImage *
prepared_run (const LrbImage *in, const LrbSettings *settings, LrbKernel **kernel_out)
{
  g_autoptr (LrbKernel) kernel = NULL;
  g_autoptr (GError)    error = NULL;
  LrbImage             *out;

  g_assert_true (lrb_settings_prepare (settings, &kernel, NULL, NULL, &error));
  g_assert_no_error (error);
  out = field_run (in, kernel, settings, NULL);
  if (kernel_out)
    *kernel_out = g_steal_pointer (&kernel);
  return out;
}

static LrbImage *
point_image (gint side)
{
  LrbImage *in = lrb_image_new (side, side, 4);

  for (gint i = 0; i < side * side; i++)
    in->data[4 * i + 3] = 1.0f;
  for (gint ch = 0; ch < 3; ch++)
    in->data[4 * (side / 2 * side + side / 2) + ch] = 1.0f;
  return in;
}

/* A single bright pixel becomes the profiled kernel: the soap bubble's
 * rim brighter than its middle, the smooth one's middle brighter than its
 * rim, the onion rings' middle brighter than one ring-half out; equal to
 * a direct 2-D convolution by the kernel the profile makes of the plain
 * disc.  Rank 8 by SVD too: the profile is in the kernel the SVD sees. */
static void
test_profile_point (void)
{
  const gint side = 41, c = side / 2;
  const struct
  {
    LrbProfile profile;
    gint       rank;
    gdouble    tolerance;
  } cases[] = {
    { LRB_PROFILE_SOAP_BUBBLE, LRB_RANK_EXACT, 2e-6 },
    { LRB_PROFILE_SMOOTH, LRB_RANK_EXACT, 2e-6 },
    { LRB_PROFILE_ONION_RINGS, LRB_RANK_EXACT, 2e-6 },
    { LRB_PROFILE_SOAP_BUBBLE, 0, 0.0 },
  };
  g_autoptr (LrbImage) in = point_image (side);

  for (gsize k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (LrbKernel) plain = NULL;
      g_autoptr (LrbKernel) expected = NULL;
      g_autoptr (LrbKernel) used = NULL;
      g_autoptr (LrbImage)  out = NULL;
      g_autoptr (LrbImage)  ref = lrb_image_new (side, side, 4);
      LrbSettings           settings;
      gdouble               middle, rim, worst = 0.0;

      lrb_settings_init (&settings);
      settings.kernel.shape = LRB_SHAPE_DISC;
      settings.kernel.radius = 12.0;
      settings.rank = cases[k].rank;
      plain = lrb_kernel_new_from_spec (&settings.kernel, NULL);
      settings.field.profile = cases[k].profile;
      settings.field.profile_strength = 0.6;
      expected = lrb_kernel_new_profiled (plain, cases[k].profile, 0.6);
      out = prepared_run (in, &settings, &used);
      lrb_reference_convolve (in, expected, settings.edge, ref);
      for (gint i = 0; i < side * side * 4; i++)
        worst = MAX (worst, fabs (out->data[i] - ref->data[i]));
      /* The rank the energy target picks is an approximation: say how
       * close, and check the look below. */
      g_test_message ("%s, rank %s: %.2g from the direct convolution",
                      lrb_profile_to_nick (cases[k].profile),
                      settings.rank ? "exact" : "by energy", worst);
      if (cases[k].tolerance > 0.0)
        g_assert_cmpfloat (worst, <, cases[k].tolerance);
      else
        g_assert_cmpmem (used->data, sizeof (gdouble) * used->rows * used->cols,
                         expected->data, sizeof (gdouble) * used->rows * used->cols);
      middle = out->data[4 * (c * side + c)];
      rim = out->data[4 * (c * side + c + 11)];
      switch (cases[k].profile)
        {
        case LRB_PROFILE_SOAP_BUBBLE:
          g_assert_cmpfloat (rim, >, 1.8 * middle);
          break;
        case LRB_PROFILE_SMOOTH:
          g_assert_cmpfloat (middle, >, 2.0 * rim);
          break;
        default:
          g_assert_cmpfloat (middle, >, 1.3 * out->data[4 * ((c + 1) * side + c + 1)]);
          break;
        }
      lrb_settings_clear (&settings);
    }
}

/* A painted kernel saved to a file gets the profile as a shape does: its
 * edge brighter, the same as profiling the loaded kernel. */
static void
test_profile_kernel_file (void)
{
  g_autofree gchar     *path = g_build_filename (g_get_tmp_dir (), "lrb-profile-XXXXXX.txt",
                                                 NULL);
  GString              *text = g_string_new ("# a painted L with a notch\n");
  g_autoptr (LrbKernel) loaded = NULL;
  g_autoptr (LrbKernel) expected = NULL;
  g_autoptr (LrbKernel) used = NULL;
  g_autoptr (LrbImage)  in = point_image (41);
  g_autoptr (LrbImage)  out = NULL;
  g_autoptr (LrbImage)  ref = lrb_image_new (41, 41, 4);
  LrbSettings           settings;
  gint                  fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  for (gint i = 0; i < 15; i++)
    {
      for (gint j = 0; j < 15; j++)
        g_string_append (text, (i >= 9 || j < 7) && !(i == 12 && j > 11) ? "1 " : "0 ");
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  g_string_free (text, TRUE);

  lrb_settings_init (&settings);
  settings.kernel.shape = LRB_SHAPE_FILE;
  settings.kernel.file = g_strdup (path);
  settings.rank = LRB_RANK_EXACT;
  loaded = lrb_kernel_new_from_spec (&settings.kernel, NULL);
  settings.field.profile = LRB_PROFILE_SOAP_BUBBLE;
  settings.field.profile_strength = 1.0;
  expected = lrb_kernel_new_profiled (loaded, LRB_PROFILE_SOAP_BUBBLE, 1.0);
  out = prepared_run (in, &settings, &used);
  g_assert_cmpmem (used->data, sizeof (gdouble) * 15 * 15, expected->data,
                   sizeof (gdouble) * 15 * 15);
  /* The L's outer corner (row 14, column 0) against a tap deep in its
   * foot (row 11, column 3). */
  g_assert_cmpfloat (lrb_kernel_get (used, 14, 0), >, 2.5 * lrb_kernel_get (used, 11, 3));
  lrb_reference_convolve (in, expected, settings.edge, ref);
  for (gint i = 0; i < 41 * 41 * 4; i++)
    g_assert_cmpfloat (fabs (out->data[i] - ref->data[i]), <, 2e-6);
  g_remove (path);
  lrb_settings_clear (&settings);
}

/* The profile with the swirl, the oval and the cat's eye: the field of
 * the profiled kernel, against the scatter reference (which the
 * unprofiled field's misses by far more); grey stays grey. */
static void
test_profile_with_field (void)
{
  g_autoptr (LrbImage)  in = random_image (60, 44, 4);
  g_autoptr (LrbImage)  grey = lrb_image_new (60, 44, 4);
  g_autoptr (LrbImage)  ref = lrb_image_new (60, 44, 4);
  g_autoptr (LrbImage)  out = NULL;
  g_autoptr (LrbImage)  flat = NULL;
  g_autoptr (LrbKernel) plain = NULL;
  g_autoptr (LrbKernel) expected = NULL;
  LrbSettings           settings;
  gdouble               l2, away;

  for (gint i = 0; i < 60 * 44; i++)
    in->data[4 * i + 3] = 1.0f;
  for (gint i = 0; i < 60 * 44 * 4; i++)
    grey->data[i] = i % 4 == 3 ? 1.0f : 0.25f;
  lrb_settings_init (&settings);
  settings.kernel.shape = LRB_SHAPE_DISC;
  settings.kernel.radius = 6.0;
  settings.rank = LRB_RANK_EXACT;
  settings.field.profile = LRB_PROFILE_SOAP_BUBBLE;
  settings.field.profile_strength = 1.0;
  settings.field.swirl = 0.5;
  settings.field.aspect = 1.5;
  settings.field.aspect_rotation = 60.0;
  settings.field.cats_eye = 0.3;
  settings.field.zone_size = 8;
  plain = lrb_kernel_new_from_spec (&settings.kernel, NULL);
  expected = lrb_kernel_new_profiled (plain, LRB_PROFILE_SOAP_BUBBLE, 1.0);
  out = prepared_run (in, &settings, NULL);
  lrb_reference_convolve_field (in, expected, &settings.field, settings.edge, ref);
  l2 = field_relative_l2 (out, ref);
  lrb_reference_convolve_field (in, plain, &settings.field, settings.edge, ref);
  away = field_relative_l2 (out, ref);
  g_test_message ("soap bubble with swirl, oval and cat's eye: %.3f %% from the scatter, "
                  "%.3f %% from the unprofiled one", 100 * l2, 100 * away);
  /* Measured 0.26 % and 2.1 %. */
  g_assert_cmpfloat (l2, <, 0.006);
  g_assert_cmpfloat (away, >, 4.0 * l2);
  flat = prepared_run (grey, &settings, NULL);
  for (gint i = 0; i < 60 * 44 * 4; i++)
    g_assert_cmpfloat (fabs (flat->data[i] - (i % 4 == 3 ? 1.0 : 0.25)), <, 2e-5);
  lrb_settings_clear (&settings);
}

/* Strength 0, or flat at any strength, is today's run to the bit. */
static void
test_profile_off_is_today (void)
{
  g_autoptr (LrbImage) in = random_image (64, 48, 4);
  g_autoptr (LrbImage) today = NULL;
  LrbSettings          settings;

  lrb_settings_init (&settings);
  settings.kernel.radius = 7.0;
  settings.rank = 4;
  settings.field.profile_strength = 0.0;
  today = prepared_run (in, &settings, NULL);
  for (gint k = 0; k < 2; k++)
    {
      g_autoptr (LrbImage) off = NULL;

      settings.field.profile = k == 0 ? LRB_PROFILE_SOAP_BUBBLE : LRB_PROFILE_FLAT;
      settings.field.profile_strength = k == 0 ? 0.0 : 1.0;
      off = prepared_run (in, &settings, NULL);
      g_assert_cmpmem (off->data, sizeof (gfloat) * 64 * 48 * 4, today->data,
                       sizeof (gfloat) * 64 * 48 * 4);
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
  g_autoptr (GError) e4 = NULL;

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
  lrb_field_init (&field);
  field.profile = LRB_PROFILE_SMOOTH;
  field.profile_strength = 1.5;
  g_assert_false (lrb_field_validate (&field, &e4));
  g_assert_nonnull (strstr (e4->message, "profile"));
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
  g_test_add_func ("/field-effects/profile-point", test_profile_point);
  g_test_add_func ("/field-effects/profile-kernel-file", test_profile_kernel_file);
  g_test_add_func ("/field-effects/profile-with-field", test_profile_with_field);
  g_test_add_func ("/field-effects/profile-off-is-today", test_profile_off_is_today);
  g_test_add_func ("/field-effects/bad-values-refused", test_bad_values_refused);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
