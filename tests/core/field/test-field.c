/* lowrank-bokeh — a field of kernels: the cat's eye at a place, and the
 * windowed-zone run against the per-pixel scatter reference.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-field.h"
#include "lrb-gegl-field.h"
#include "lrb-image.h"
#include "lrb-shapes.h"
#include "spot-test-util.h"

static LrbKernel *
shape_kernel (LrbShape shape, gdouble radius)
{
  LrbKernelSpec spec;
  LrbKernel    *kernel;

  lrb_kernel_spec_init (&spec);
  spec.shape = shape;
  spec.radius = radius;
  spec.blades = 6;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  lrb_kernel_spec_clear (&spec);
  g_assert_nonnull (kernel);
  return kernel;
}

static void
test_kernel_at_centre_is_base (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_POLYGON, 10);
  LrbField              field = { .cats_eye = 1.0 };
  g_autoptr (LrbKernel) k = lrb_field_kernel_at (&field, base, lrb_field_aperture_radius (base),
                                                 201, 101, 100, 50);

  g_assert_cmpfloat (lrb_field_aperture_radius (base), <=, 10.5);
  g_assert_cmpmem (k->data, sizeof (gdouble) * k->rows * k->cols,
                   base->data, sizeof (gdouble) * base->rows * base->cols);
}

/* Toward a corner the disc is clipped into a lens: less area, longer
 * across the radius than along it, the light kept (sum as the base's). */
static void
test_kernel_at_corner_is_clipped (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_DISC, 12);
  LrbField              field = { .cats_eye = 1.0 };
  gdouble               radius = lrb_field_aperture_radius (base);
  g_autoptr (LrbKernel) k = lrb_field_kernel_at (&field, base, radius, 300, 200, 0, 0);
  gdouble               d = hypot (149.5, 99.5);
  Spot                  plain = measure_spot (base->data, base->cols, base->rows, 149.5 / d,
                                              99.5 / d);
  Spot                  eye = measure_spot (k->data, k->cols, k->rows, 149.5 / d, 99.5 / d);

  g_assert_cmpfloat_with_epsilon (eye.sum, 1.0, 1e-9);
  g_test_message ("area %g → %g, radial %g, tangential %g", plain.area, eye.area, eye.along,
                  eye.across);
  g_assert_cmpfloat (eye.area, <, 0.5 * plain.area);
  g_assert_cmpfloat (eye.across, >, 2.0 * eye.along);
  g_assert_cmpfloat (fabs (plain.across - plain.along), <, 0.02 * plain.along);
}

static GeglBuffer *
buffer_from_image (const LrbImage *image)
{
  GeglRectangle rect = { 0, 0, image->width, image->height };
  GeglBuffer   *buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));

  g_assert_cmpint (image->n_channels, ==, 4);
  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), image->data,
                   GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

static LrbImage *
image_from_buffer (GeglBuffer *buffer)
{
  const GeglRectangle *r = gegl_buffer_get_extent (buffer);
  LrbImage            *image = lrb_image_new (r->width, r->height, 4);

  gegl_buffer_get (buffer, r, 1.0, babl_format ("RGBA float"), image->data,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return image;
}

/* The fast field over a linear, opaque RGBA image. */
static LrbImage *
run_field (const LrbImage *in, const LrbKernel *base, const LrbSettings *settings)
{
  g_autoptr (GeglBuffer)  buffer = buffer_from_image (in);
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (base, NULL);
  g_autoptr (GError)      error = NULL;

  g_assert_true (lrb_gegl_apply_field (buffer, buffer, NULL, settings, base, analysis, NULL,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  return image_from_buffer (buffer);
}

static void
exact_settings (LrbSettings *settings, gdouble strength, gint zone)
{
  lrb_settings_init (settings);
  settings->rank = LRB_RANK_EXACT;
  settings->field.cats_eye = strength;
  settings->field.zone_size = zone;
  settings->threads = 1;
}

static LrbImage *
opaque_image (gint width, gint height)
{
  LrbImage *image = lrb_image_new (width, height, 4);

  memset (image->data, 0, sizeof (gfloat) * width * height * 4);
  for (gint i = 0; i < width * height; i++)
    image->data[4 * i + 3] = 1.0f;
  return image;
}

/* One channel of a 4-channel image, as doubles. */
static gdouble *
channel (const LrbImage *image, gint ch)
{
  gdouble *values = g_new (gdouble, image->width * image->height);

  for (gint i = 0; i < image->width * image->height; i++)
    values[i] = image->data[4 * i + ch];
  return values;
}

/* A point on a zone's node gets that zone's kernel alone: at the centre,
 * the base kernel's shape, as the uniform run gives it.  Its brightness
 * is the base's over the cover, which is not quite 1 anywhere: clipped
 * kernels send their light toward the centre, and the field divides that
 * out so that a grey image stays grey. */
static void
test_point_at_centre (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_POLYGON, 8);
  g_autoptr (LrbImage)  in = opaque_image (161, 121);
  g_autoptr (LrbImage)  out = NULL;
  g_autoptr (LrbImage)  plain = NULL;
  LrbSettings           settings;
  gdouble               worst = 0.0, peak = 0.0, sum = 0.0, plain_sum = 0.0;

  exact_settings (&settings, 1.0, 20); /* nodes every 20 px: (80, 60) is one */
  in->data[(60 * 161 + 80) * 4] = 1.0f;
  out = run_field (in, base, &settings);
  settings.field.cats_eye = 0.0;
  plain = run_field (in, base, &settings);
  for (gint i = 0; i < 161 * 121 * 4; i += 4)
    {
      sum += out->data[i];
      plain_sum += plain->data[i];
      peak = MAX (peak, plain->data[i]);
    }
  for (gint i = 0; i < 161 * 121 * 4; i += 4)
    worst = MAX (worst, fabs (out->data[i] / sum - plain->data[i] / plain_sum));
  g_test_message ("light %g of the uniform run's; shape within %g of the peak",
                  sum / plain_sum, worst / peak);
  g_assert_cmpfloat (worst, <, 1e-2 * peak); /* measured 0.6 % */
  g_assert_cmpfloat (fabs (sum / plain_sum - 1.0), <, 0.05);
  lrb_settings_clear (&settings);
}

/* Near a corner the spot is clipped: smaller and longer tangentially. */
static void
test_point_near_corner (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_DISC, 8);
  g_autoptr (LrbImage)  in = opaque_image (161, 121);
  g_autoptr (LrbImage)  out = NULL;
  g_autofree gdouble   *red = NULL;
  g_autoptr (LrbImage)  plain = NULL;
  g_autofree gdouble   *plain_red = NULL;
  LrbSettings           settings;
  gdouble               d = hypot (80 - 14, 60 - 14);
  Spot                  eye, disc;

  exact_settings (&settings, 1.0, 0);
  in->data[(14 * 161 + 14) * 4] = 1.0f;
  out = run_field (in, base, &settings);
  red = channel (out, 0);
  settings.field.cats_eye = 0.0;
  plain = run_field (in, base, &settings);
  plain_red = channel (plain, 0);
  eye = measure_spot (red, 161, 121, (80 - 14) / d, (60 - 14) / d);
  disc = measure_spot (plain_red, 161, 121, (80 - 14) / d, (60 - 14) / d);
  g_test_message ("area %g → %g; radial σ² %g, tangential σ² %g", disc.area, eye.area,
                  eye.along, eye.across);
  g_assert_cmpfloat (fabs (eye.sum - 1.0), <, 0.1); /* over the cover: 0.92 measured */
  g_assert_cmpfloat (eye.area, <, 0.8 * disc.area);
  g_assert_cmpfloat (eye.across, >, 1.3 * eye.along);
  lrb_settings_clear (&settings);
}

/* The fast field against each pixel spreading its own kernel: relative L2
 * over the image and the largest difference, on a random image (harder
 * than a photo: every pixel an edge). */
static void
check_against_scatter (LrbEdgeMode edge, gint zone, gdouble max_l2, gdouble max_diff,
                       gdouble max_alpha)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_DISC, 8);
  g_autoptr (LrbImage)  in = opaque_image (160, 100);
  g_autoptr (LrbImage)  ref = lrb_image_new (160, 100, 4);
  g_autoptr (LrbImage)  plain = lrb_image_new (160, 100, 4);
  g_autoptr (LrbImage)  out = NULL;
  LrbSettings           settings;
  gdouble               err = 0.0, norm = 0.0, worst = 0.0, away = 0.0, worst_alpha = 0.0;

  for (gint i = 0; i < 160 * 100; i++)
    for (gint ch = 0; ch < 3; ch++)
      in->data[4 * i + ch] = g_test_rand_double_range (0.0, 1.0);
  exact_settings (&settings, 1.0, zone);
  settings.edge = edge;
  out = run_field (in, base, &settings);
  lrb_reference_convolve_field (in, base, &settings.field, edge, ref);
  lrb_reference_convolve (in, base, edge, plain);
  for (gint i = 0; i < 160 * 100; i++)
    for (gint ch = 0; ch < 3; ch++)
      {
        /* Straight colour: the GEGL run's, the reference's over its alpha
         * (1 but at a zero edge, where both fade alike). */
        gdouble fast = out->data[4 * i + ch];
        gdouble r = ref->data[4 * i + ch] / ref->data[4 * i + 3];

        err += (fast - r) * (fast - r);
        away += (plain->data[4 * i + ch] / plain->data[4 * i + 3] - r) *
                (plain->data[4 * i + ch] / plain->data[4 * i + 3] - r);
        norm += r * r;
        worst = MAX (worst, fabs (fast - r));
        if (ch == 0)
          worst_alpha = MAX (worst_alpha, fabs (out->data[4 * i + 3] - ref->data[4 * i + 3]));
      }
  g_test_message ("%s, zone %d: relative L2 %.4f %%, max %.5f (alpha %.2g); the plain kernel is %.3f %% "
                  "away", lrb_edge_mode_to_nick (edge), zone, 100 * sqrt (err / norm), worst,
                  worst_alpha, 100 * sqrt (away / norm));
  g_assert_cmpfloat (sqrt (err / norm), <, max_l2);
  g_assert_cmpfloat (worst, <, max_diff);
  g_assert_cmpfloat (worst_alpha, <, max_alpha);
  /* The field is worth having: far more than its error from the plain blur. */
  g_assert_cmpfloat (sqrt (away / norm), >, 2.5 * sqrt (err / norm));
  lrb_settings_clear (&settings);
}

static void
test_matches_scatter (void)
{
  /* Disc R = 8, full strength.  Measured (--verbose), bounds about 1.5×:
   * zones of 3R 0.66 % relative L2, max 0.029; 1.5R 0.26 %, 0.009; 6R
   * with a zero edge 1.2 %, its max 0.18 at the fading border, where
   * colour is divided by a small alpha.  The plain kernel: 2.5–3.5 %. */
  check_against_scatter (LRB_EDGE_CLAMP, 0, 0.01, 0.045, 1e-4);
  check_against_scatter (LRB_EDGE_MIRROR, 12, 0.004, 0.015, 1e-4);
  check_against_scatter (LRB_EDGE_ZERO, 48, 0.018, 0.3, 0.02);
}

/* Grey stays grey, opaque stays opaque: exactly with the kernel itself;
 * at rank 3 about the grey the uniform run gives (a truncated kernel's Σ
 * is not 1; the field keeps each zone's, as the uniform run keeps its). */
static void
test_grey_stays_grey (void)
{
  g_autoptr (LrbKernel) base = shape_kernel (LRB_SHAPE_POLYGON, 9);
  g_autoptr (LrbImage)  in = opaque_image (150, 90);
  LrbSettings           settings;

  for (gint i = 0; i < 150 * 90 * 4; i++)
    in->data[i] = i % 4 == 3 ? 1.0f : 0.5f;
  exact_settings (&settings, 1.0, 0);
  for (gint rank = LRB_RANK_EXACT; rank <= 3; rank += 4)
    {
      g_autoptr (LrbImage) out = NULL;
      g_autoptr (LrbImage) plain = NULL;

      settings.rank = rank;
      settings.field.cats_eye = 0.0;
      plain = run_field (in, base, &settings);
      settings.field.cats_eye = 1.0;
      out = run_field (in, base, &settings);
      for (gint i = 0; i < 150 * 90 * 4; i++)
        {
          /* Rank 3: each zone's own truncated Σ (measured 3e-4 apart). */
          g_assert_cmpfloat (fabs (out->data[i] - plain->data[i]), <,
                             rank == LRB_RANK_EXACT ? 2e-5 : 1e-3);
          if (rank == LRB_RANK_EXACT)
            g_assert_cmpfloat (fabs (out->data[i] - (i % 4 == 3 ? 1.0 : 0.5)), <, 2e-5);
        }
    }
  lrb_settings_clear (&settings);
}

/* Strength 0 is today's run, to the bit, through an sRGB 8-bit photo
 * with γ and the highlight boost. */
static void
test_strength_zero_is_uniform (void)
{
  GeglRectangle           rect = { 0, 0, 97, 61 };
  g_autoptr (GeglBuffer)  in = gegl_buffer_new (&rect, babl_format ("R'G'B'A u8"));
  g_autoptr (GeglBuffer)  a = gegl_buffer_new (&rect, babl_format ("R'G'B'A u8"));
  g_autoptr (GeglBuffer)  b = gegl_buffer_new (&rect, babl_format ("R'G'B'A u8"));
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFilter)   filter = NULL;
  g_autofree guint8      *pixels = g_new (guint8, 97 * 61 * 4);
  g_autofree guint8      *other = g_new (guint8, 97 * 61 * 4);
  LrbRect                 r = { 0, 0, 97, 61 };
  LrbSettings             settings;
  LrbEngineConfig         config;

  for (gint i = 0; i < 97 * 61 * 4; i++)
    pixels[i] = g_test_rand_int_range (0, 256);
  gegl_buffer_set (in, &rect, 0, babl_format ("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
  lrb_settings_init (&settings);
  settings.kernel.radius = 7;
  settings.rank = 2;
  settings.gamma = 2.5;
  settings.highlights.stops = 3;
  g_assert_true (lrb_settings_prepare (&settings, &kernel, &analysis, NULL, NULL));
  filter = lrb_settings_prepare_filter (&settings, kernel, analysis, 4, &r, NULL, NULL);
  lrb_settings_engine_config (&settings, &config);
  g_assert_true (lrb_gegl_apply_look (in, a, NULL, filter,
                                      &(LrbLook) { settings.gamma, settings.highlights },
                                      settings.edge, &config, NULL, NULL, NULL, NULL));
  g_assert_true (lrb_gegl_apply_field (in, b, NULL, &settings, kernel, analysis, NULL, NULL,
                                       NULL, NULL));
  gegl_buffer_get (a, &rect, 1.0, babl_format ("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  gegl_buffer_get (b, &rect, 1.0, babl_format ("R'G'B'A u8"), other, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_assert_cmpmem (pixels, 97 * 61 * 4, other, 97 * 61 * 4);
  lrb_settings_clear (&settings);
}

static void
test_bad_values_refused (void)
{
  const LrbField bad[] = { { -0.1, 0 }, { 1.01, 0 }, { NAN, 0 }, { 0.5, 3 }, { 0.5, -1 },
                           { 0.5, LRB_FIELD_MAX_ZONE + 1 } };
  const gchar   *names[] = { "cat's eye", "cat's eye", "cat's eye", "zone size", "zone size",
                             "zone size" };
  LrbSettings    settings;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (lrb_field_validate (&bad[i], &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, names[i]));
    }
  lrb_settings_init (&settings);
  settings.field.cats_eye = 2.0;
  g_assert_false (lrb_settings_validate (&settings, NULL));
  lrb_settings_clear (&settings);
}

/* The zones' windows add to 1 at every pixel, whatever the length and
 * the blend, and are zero exactly outside their support. */
static void
test_windows_sum_to_one (void)
{
  static const gdouble blends[] = { 1.0, 0.5, 0.3, 0.1 };

  for (gsize b = 0; b < G_N_ELEMENTS (blends); b++)
    for (gint length = 1; length < 300; length += 7)
      for (gint zone = 8; zone < 120; zone += 13)
        {
          gint n = lrb_field_zone_count (length, zone);

          for (gint x = 0; x < length; x++)
            {
              gdouble sum = 0.0;

              for (gint k = 0; k < n; k++)
                {
                  gint    first, last;
                  gdouble w = lrb_field_zone_weight (length, n, blends[b], k, x);

                  lrb_field_zone_support (length, n, blends[b], k, &first, &last);
                  g_assert_true ((x >= first && x <= last) == (w > 0.0));
                  sum += w;
                }
              g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-12);
            }
        }
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/field/kernel-at-centre-is-base", test_kernel_at_centre_is_base);
  g_test_add_func ("/field/kernel-at-corner-is-clipped", test_kernel_at_corner_is_clipped);
  g_test_add_func ("/field/windows-sum-to-one", test_windows_sum_to_one);
  g_test_add_func ("/field/point-at-centre", test_point_at_centre);
  g_test_add_func ("/field/point-near-corner", test_point_near_corner);
  g_test_add_func ("/field/matches-scatter", test_matches_scatter);
  g_test_add_func ("/field/grey-stays-grey", test_grey_stays_grey);
  g_test_add_func ("/field/strength-zero-is-uniform", test_strength_zero_is_uniform);
  g_test_add_func ("/field/bad-values-refused", test_bad_values_refused);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
