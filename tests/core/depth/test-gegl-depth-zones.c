/* lowrank-bokeh — depth of field with a field of kernels (cat's eye,
 * swirl, oval), against the per-pixel scatter reference and the shapes
 * the field gives at a place.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-gegl-depth.h"
#include "lrb-image.h"
#include "../field/spot-test-util.h"

/* A depth of field of `image` (straight linear RGBA) with every pixel at
 * `depth` (focus 0: depth 1 is full defocus), over `roi` (NULL: all). */
static LrbImage *
run_depth (const LrbImage *image, const gfloat *depth_map, const LrbSettings *settings,
           const GeglRectangle *roi)
{
  GeglRectangle          rect = { 0, 0, image->width, image->height };
  g_autoptr (GeglBuffer) in = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) depth = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  g_autoptr (GError)     error = NULL;
  LrbImage              *out = lrb_image_new (image->width, image->height, 4);

  gegl_buffer_set (in, &rect, 0, babl_format ("RGBA float"), image->data, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (depth, &rect, 0, babl_format ("Y float"), depth_map, GEGL_AUTO_ROWSTRIDE);
  g_assert_true (lrb_settings_prepare (settings, &full, NULL, NULL, &error));
  filters = lrb_depth_filters_new (settings, full);
  g_assert_true (lrb_gegl_apply_depth (in, depth, in, roi, settings, filters, NULL, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  gegl_buffer_get (in, &rect, 1.0, babl_format ("RGBA float"), out->data, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return out;
}

static gfloat *
flat_depth (gint width, gint height, gfloat value)
{
  gfloat *depth = g_new (gfloat, (gsize) width * height);

  for (gint i = 0; i < width * height; i++)
    depth[i] = value;
  return depth;
}

static LrbImage *
black_image (gint width, gint height)
{
  LrbImage *image = lrb_image_new (width, height, 4);

  memset (image->data, 0, sizeof (gfloat) * width * height * 4);
  for (gint i = 0; i < width * height; i++)
    image->data[4 * i + 3] = 1.0f;
  return image;
}

static void
disc_settings (LrbSettings *settings, gdouble radius)
{
  lrb_settings_init (settings);
  settings->kernel.shape = LRB_SHAPE_DISC;
  settings->kernel.radius = radius;
  settings->rank = LRB_RANK_EXACT;
  settings->focus.focus = 0.0;
  settings->threads = 2;
}

/* The red channel's spot (a white point's image). */
static Spot
measure_red (const LrbImage *image, gdouble ux, gdouble uy)
{
  g_autofree gdouble *red = g_new (gdouble, image->width * image->height);

  for (gint i = 0; i < image->width * image->height; i++)
    red[i] = image->data[4 * i];
  return measure_spot (red, image->width, image->height, ux, uy);
}

/* Every pixel at full defocus: the depth of field is the field's blur,
 * so the per-pixel scatter (each source pixel spreading its own place's
 * kernel) is its reference.  The zones blend renders by the output's
 * place, the uniform run's by the source's: both err by the blend. */
static void
test_matches_scatter (void)
{
  g_autoptr (LrbImage)  in = black_image (160, 100);
  g_autoptr (LrbImage)  ref = lrb_image_new (160, 100, 4);
  g_autoptr (LrbImage)  plain = lrb_image_new (160, 100, 4);
  g_autoptr (LrbImage)  out = NULL;
  g_autofree gfloat    *depth = flat_depth (160, 100, 1.0f);
  g_autoptr (LrbKernel) full = NULL;
  LrbSettings           settings;
  gdouble               err = 0.0, away = 0.0, norm = 0.0, worst = 0.0;

  for (gint i = 0; i < 160 * 100; i++)
    for (gint ch = 0; ch < 3; ch++)
      in->data[4 * i + ch] = g_test_rand_double_range (0.0, 1.0);
  disc_settings (&settings, 8);
  settings.field.cats_eye = 1.0;
  settings.field.swirl = 0.5;
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  out = run_depth (in, depth, &settings, NULL);
  lrb_reference_convolve_field (in, full, &settings.field, settings.edge, ref);
  lrb_reference_convolve (in, full, settings.edge, plain);
  for (gint i = 0; i < 160 * 100; i++)
    for (gint ch = 0; ch < 3; ch++)
      {
        gdouble r = ref->data[4 * i + ch] / ref->data[4 * i + 3];
        gdouble p = plain->data[4 * i + ch] / plain->data[4 * i + 3];

        err += (out->data[4 * i + ch] - r) * (out->data[4 * i + ch] - r);
        away += (p - r) * (p - r);
        norm += r * r;
        worst = MAX (worst, fabs (out->data[4 * i + ch] - r));
      }
  g_test_message ("relative L2 %.3f %%, max %.4f; the plain kernel %.3f %% away",
                  100 * sqrt (err / norm), worst, 100 * sqrt (away / norm));
  g_assert_cmpfloat (sqrt (err / norm), <, 0.015);
  g_assert_cmpfloat (worst, <, 0.1);
  g_assert_cmpfloat (sqrt (away / norm), >, 2.5 * sqrt (err / norm));
  lrb_settings_clear (&settings);
}

/* Half defocus: the level's kernel is the zone's resampled, so a point
 * near a corner still comes out clipped into a lens (less area than the
 * plain depth of field's disc, longer across the radius than along). */
static void
test_point_near_corner (void)
{
  g_autoptr (LrbImage) in = black_image (241, 161);
  g_autoptr (LrbImage) eye = NULL;
  g_autoptr (LrbImage) disc = NULL;
  g_autofree gfloat   *depth = flat_depth (241, 161, 0.5f);
  gdouble              dx = 120 - 20, dy = 80 - 20, d = hypot (dx, dy);
  LrbSettings          settings;
  Spot                 e, p;

  in->data[(20 * 241 + 20) * 4] = 1.0f;
  disc_settings (&settings, 24);
  disc = run_depth (in, depth, &settings, NULL);
  settings.field.cats_eye = 1.0;
  eye = run_depth (in, depth, &settings, NULL);
  p = measure_red (disc, dx / d, dy / d);
  e = measure_red (eye, dx / d, dy / d);
  g_test_message ("area %g → %g; radial σ² %g → %g, tangential σ² %g → %g", p.area, e.area,
                  p.along, e.along, p.across, e.across);
  g_assert_cmpfloat (fabs (e.sum - 1.0), <, 0.1); /* the windows change over the spot */
  g_assert_cmpfloat (e.area, <, 0.8 * p.area);
  g_assert_cmpfloat (e.across, >, 1.3 * e.along);
  g_assert_cmpfloat (fabs (p.across - p.along), <, 0.05 * p.along);
  lrb_settings_clear (&settings);
}

/* The oval alone is one kernel: a point at full defocus is the oval,
 * as lrb_field_base draws it. */
static void
test_oval_point (void)
{
  g_autoptr (LrbImage)  in = black_image (61, 61);
  g_autoptr (LrbImage)  out = NULL;
  g_autofree gfloat    *depth = flat_depth (61, 61, 1.0f);
  g_autoptr (LrbKernel) full = NULL;
  g_autoptr (LrbKernel) oval = NULL;
  LrbSettings           settings;
  gdouble               worst = 0.0, peak;

  in->data[(30 * 61 + 30) * 4] = 1.0f;
  disc_settings (&settings, 8);
  settings.field.aspect = 2.0;
  settings.field.aspect_rotation = 30.0;
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  oval = lrb_field_base (&settings.field, full);
  out = run_depth (in, depth, &settings, NULL);
  peak = lrb_kernel_max_abs (oval);
  for (gint y = 0; y < 61; y++)
    for (gint x = 0; x < 61; x++)
      {
        /* A point's image is the kernel turned half round. */
        gint    i = lrb_kernel_anchor_row (oval) - (y - 30);
        gint    j = lrb_kernel_anchor_col (oval) - (x - 30);
        gdouble k = i >= 0 && i < oval->rows && j >= 0 && j < oval->cols
                      ? lrb_kernel_get (oval, i, j) : 0.0;

        worst = MAX (worst, fabs (out->data[(y * 61 + x) * 4] - k));
      }
  g_test_message ("largest difference from the oval %.3g of its peak %.3g", worst, peak);
  g_assert_cmpfloat (worst, <, 1e-4 * peak + 1e-6);
  lrb_settings_clear (&settings);
}

/* Grey stays grey through every zone and level, and the effects off give
 * today's depth of field exactly. */
static void
test_grey_and_off (void)
{
  g_autoptr (LrbImage) grey = black_image (200, 120);
  g_autoptr (LrbImage) out = NULL;
  g_autoptr (LrbImage) off = NULL;
  g_autoptr (LrbImage) plain = NULL;
  g_autofree gfloat   *depth = g_new (gfloat, 200 * 120);
  LrbSettings          settings;
  gdouble              worst = 0.0;

  for (gint i = 0; i < 200 * 120; i++)
    {
      grey->data[4 * i] = grey->data[4 * i + 1] = grey->data[4 * i + 2] = 0.4f;
      depth[i] = (i % 200) / 199.0f;
    }
  disc_settings (&settings, 10);
  settings.focus.focus = 0.3;
  settings.rank = 3;
  plain = run_depth (grey, depth, &settings, NULL);
  settings.field.cats_eye = 0.0; /* off, given */
  settings.field.aspect = 1.0;
  off = run_depth (grey, depth, &settings, NULL);
  g_assert_cmpmem (off->data, sizeof (gfloat) * 200 * 120 * 4, plain->data,
                   sizeof (gfloat) * 200 * 120 * 4);
  /* Each zone's kernel whole: a rank-3 one's sum is not quite 1, and
   * differs from zone to zone. */
  settings.rank = LRB_RANK_EXACT;
  settings.field.cats_eye = 0.8;
  settings.field.swirl = 0.6;
  out = run_depth (grey, depth, &settings, NULL);
  for (gint i = 0; i < 200 * 120 * 4; i++)
    worst = MAX (worst, fabs (out->data[i] - (i % 4 == 3 ? 1.0 : 0.4)));
  g_test_message ("largest difference from grey %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-4);
  lrb_settings_clear (&settings);
}

/* A part rendered alone is that part of the whole (the GEGL operation
 * renders chunk by chunk). */
static void
test_part_is_part_of_whole (void)
{
  g_autoptr (LrbImage) in = black_image (180, 120);
  g_autoptr (LrbImage) whole = NULL;
  g_autoptr (LrbImage) part = NULL;
  g_autofree gfloat   *depth = g_new (gfloat, 180 * 120);
  GeglRectangle        roi = { 37, 21, 90, 64 };
  LrbSettings          settings;
  gdouble              worst = 0.0;

  for (gint i = 0; i < 180 * 120; i++)
    {
      for (gint ch = 0; ch < 3; ch++)
        in->data[4 * i + ch] = g_test_rand_double_range (0.0, 1.0);
      depth[i] = (i / 180) / 119.0f;
    }
  disc_settings (&settings, 9);
  settings.field.cats_eye = 1.0;
  settings.rank = 4;
  whole = run_depth (in, depth, &settings, NULL);
  part = run_depth (in, depth, &settings, &roi);
  for (gint y = 0; y < 120; y++)
    for (gint x = 0; x < 180; x++)
      for (gint ch = 0; ch < 4; ch++)
        {
          gsize    i = ((gsize) y * 180 + x) * 4 + ch;
          gboolean inside = x >= roi.x && x < roi.x + roi.width && y >= roi.y &&
                            y < roi.y + roi.height;

          if (inside)
            worst = MAX (worst, fabs (part->data[i] - whole->data[i]));
          else
            g_assert_cmpfloat (part->data[i], ==, in->data[i]);
        }
  g_test_message ("largest difference inside the part %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-5);
  lrb_settings_clear (&settings);
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/gegl-depth-zones/matches-scatter", test_matches_scatter);
  g_test_add_func ("/gegl-depth-zones/point-near-corner", test_point_near_corner);
  g_test_add_func ("/gegl-depth-zones/oval-point", test_oval_point);
  g_test_add_func ("/gegl-depth-zones/grey-and-off", test_grey_and_off);
  g_test_add_func ("/gegl-depth-zones/part-is-part-of-whole", test_part_is_part_of_whole);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
