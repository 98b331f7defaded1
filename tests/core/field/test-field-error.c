/* lowrank-bokeh — the zones' error estimate (lrb_field_zone_error)
 * against the error the zones' run makes on white noise, where the
 * kernels' distance is the image's: for noise of variance v about a
 * mean, the run's error has variance v · Σ‖ΔK‖² and the result's
 * deviation from its mean v · Σ‖K‖².
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "field-test-util.h"
#include "lrb-shapes.h"

static LrbKernel *
disc (gdouble radius)
{
  LrbKernelSpec spec;
  LrbKernel    *kernel;

  lrb_kernel_spec_init (&spec);
  spec.radius = radius;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  lrb_kernel_spec_clear (&spec);
  return kernel;
}

/* The run's relative error on the noise's deviation from its mean. */
static gdouble
noise_error (const LrbField *field, const LrbKernel *base, gint width, gint height)
{
  g_autoptr (LrbImage) in = lrb_image_new (width, height, 4);
  g_autoptr (LrbImage) ref = lrb_image_new (width, height, 4);
  g_autoptr (LrbImage) out = NULL;
  LrbSettings          settings;
  gdouble              err = 0.0, dev = 0.0;

  for (gint i = 0; i < width * height; i++)
    {
      for (gint ch = 0; ch < 3; ch++)
        in->data[4 * i + ch] = g_test_rand_double_range (0.0, 1.0);
      in->data[4 * i + 3] = 1.0f;
    }
  lrb_settings_init (&settings);
  settings.rank = LRB_RANK_EXACT;
  settings.field = *field;
  settings.edge = LRB_EDGE_MIRROR;
  out = field_run (in, base, &settings, NULL);
  lrb_reference_convolve_field (in, base, field, settings.edge, ref);
  for (gint i = 0; i < width * height; i++)
    for (gint ch = 0; ch < 3; ch++)
      {
        gdouble r = ref->data[4 * i + ch] / ref->data[4 * i + 3];

        err += (out->data[4 * i + ch] - r) * (out->data[4 * i + ch] - r);
        dev += (r - 0.5) * (r - 0.5);
      }
  lrb_settings_clear (&settings);
  return sqrt (err / dev);
}

static void
test_estimate_matches_noise (void)
{
  g_autoptr (LrbKernel) base = disc (8);
  LrbField              field;

  lrb_field_init (&field);
  field.cats_eye = 1.0;
  for (gint zone = 12; zone <= 48; zone *= 2)
    {
      gdouble work, estimate, measured;

      field.zone_size = zone;
      estimate = lrb_field_zone_error (&field, base, 240, 160, zone, &work);
      measured = noise_error (&field, base, 240, 160);
      g_test_message ("zones of %d px: estimate %.3f %%, on noise %.3f %%, work %.2f×", zone,
                      100 * estimate, 100 * measured, work);
      g_assert_cmpfloat (estimate, <, 1.25 * measured);
      g_assert_cmpfloat (estimate, >, measured / 1.25);
    }
}

/* Smaller zones, less error and more work; one kernel everywhere (the
 * oval alone) has none. */
static void
test_falls_with_zone (void)
{
  g_autoptr (LrbKernel) base = disc (20);
  LrbField              field;
  gdouble               last = G_MAXDOUBLE, last_work = 0.0;

  lrb_field_init (&field);
  field.cats_eye = 0.7;
  field.swirl = 0.4;
  for (gint zone = 400; zone >= 50; zone /= 2)
    {
      gdouble work, e = lrb_field_zone_error (&field, base, 1600, 1000, zone, &work);

      g_test_message ("zones of %d px: %.3f %%, work %.2f×", zone, 100 * e, work);
      g_assert_cmpfloat (e, <, last);
      g_assert_cmpfloat (work, >, last_work);
      last = e, last_work = work;
    }
  lrb_field_init (&field);
  field.aspect = 2.0;
  {
    g_autoptr (LrbKernel) oval = lrb_field_base (&field, base);

    g_assert_cmpfloat (lrb_field_zone_error (&field, oval, 1600, 1000, 100, NULL), <, 1e-12);
  }
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/field-error/estimate-matches-noise", test_estimate_matches_noise);
  g_test_add_func ("/field-error/falls-with-zone", test_falls_with_zone);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
