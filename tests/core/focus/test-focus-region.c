/* lowrank-bokeh — generated depth maps against hand-computed distances,
 * and through the depth of field: sharp in the region, the full kernel
 * beyond it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-focus-region.h"
#include "lrb-gegl-depth.h"

/* 200 × 100: the unit (half the smaller side) is 50 pixels, the centre
 * (100, 50); pixel x's centre lies at x + 0.5. */
/* (distance in units − radius) / transition, for distances across and
 * along in pixels from the centre. */
static gdouble
ramp (gdouble along_px, gdouble across_px, gdouble radius, gdouble transition)
{
  return CLAMP ((hypot (along_px, across_px) / 50.0 - radius) / transition, 0.0, 1.0);
}

static void
test_circle (void)
{
  LrbFocusRegion r;

  lrb_focus_region_init (&r);
  r.shape = LRB_FOCUS_REGION_ELLIPSE;
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 100, 50), ==, 0.0);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 124, 50), ==, 0.0);  /* 24.5 px */
  g_assert_cmpfloat (fabs (lrb_focus_region_depth (&r, 200, 100, 137, 50) -
                           ramp (37.5, 0.5, 0.5, 0.5)), <, 1e-12);               /* ≈ 0.5 */
  g_assert_cmpfloat (fabs (lrb_focus_region_depth (&r, 200, 100, 100, 50 - 38) -
                           ramp (0.5, 37.5, 0.5, 0.5)), <, 1e-12);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 150, 50), ==, 1.0);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 0, 0), ==, 1.0);
}

/* Twice as wide as high, then turned a quarter: the axes swap. */
static void
test_ellipse (void)
{
  LrbFocusRegion r;

  lrb_focus_region_init (&r);
  r.shape = LRB_FOCUS_REGION_ELLIPSE;
  r.aspect = 2.0;
  /* Across counts double: 14.5 px up is as far as 29 px along. */
  g_assert_cmpfloat (fabs (lrb_focus_region_depth (&r, 200, 100, 100, 50 - 15) -
                           ramp (0.5, 2 * 14.5, 0.5, 0.5)), <, 1e-12);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 100, 50 - 15), >, 0.1);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 100 + 24, 50), ==, 0.0);
  r.rotation = 90.0;
  g_assert_cmpfloat (fabs (lrb_focus_region_depth (&r, 200, 100, 100 + 14, 50) -
                           ramp (0.5, 2 * 14.5, 0.5, 0.5)), <, 1e-12);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 100, 50 - 25), ==, 0.0);
}

/* A horizontal band through the centre: only the distance across counts;
 * turned 90°, it is vertical; moved, it follows its point. */
static void
test_band (void)
{
  LrbFocusRegion r;

  lrb_focus_region_init (&r);
  r.shape = LRB_FOCUS_REGION_BAND;
  r.radius = 0.2;
  r.transition = 0.4;
  for (gint x = 0; x < 200; x += 33)
    {
      g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, x, 50), ==, 0.0);
      /* 35.5 px: (0.71 − 0.2) / 0.4 = 1.275: full blur. */
      g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, x, 85), ==, 1.0);
      /* 19.5 px below: (0.39 − 0.2) / 0.4 = 0.475. */
      g_assert_cmpfloat (fabs (lrb_focus_region_depth (&r, 200, 100, x, 69) - 0.475), <, 1e-12);
    }
  r.rotation = 90.0;
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 100, 0), ==, 0.0);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 199, 50), ==, 1.0);
  r.rotation = 0.0;
  r.y = 0.8;
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 10, 80), ==, 0.0);
  g_assert_cmpfloat (lrb_focus_region_depth (&r, 200, 100, 10, 50), >, 0.0);
}

static void
test_validate (void)
{
  LrbFocusRegion good, bad[7];

  lrb_focus_region_init (&good);
  g_assert_true (lrb_focus_region_validate (&good, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    bad[i] = good;
  bad[0].shape = 3;
  bad[1].x = NAN;
  bad[2].y = 5.0;
  bad[3].radius = -0.1;
  bad[4].transition = 0.0;
  bad[5].aspect = 0.0;
  bad[6].rotation = INFINITY;
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (lrb_focus_region_validate (&bad[i], &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "focus region"));
    }
}

/* Through the depth of field, focus 0: a point at the centre of a circle
 * stays a point, one in a corner becomes the disc at its full radius. */
static void
test_points (void)
{
  GeglRectangle          extent = { 0, 0, 80, 60 };
  g_autoptr (GeglBuffer) in = gegl_buffer_new (&extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&extent, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer) depth = NULL;
  g_autoptr (LrbKernel)  full = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  g_autofree gfloat     *pixels = g_new0 (gfloat, 80 * 60 * 4);
  LrbFocusRegion         region;
  LrbSettings            settings;

  for (gint i = 0; i < 80 * 60; i++)
    pixels[4 * i + 3] = 1.0f;
  for (gint ch = 0; ch < 3; ch++)
    pixels[4 * (30 * 80 + 40) + ch] = pixels[4 * (8 * 80 + 8) + ch] = 1.0f;
  gegl_buffer_set (in, &extent, 0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE);

  lrb_focus_region_init (&region);
  region.shape = LRB_FOCUS_REGION_ELLIPSE;
  region.radius = 0.3;
  region.transition = 0.2;
  depth = lrb_focus_region_buffer (&region, &extent);
  lrb_settings_init (&settings);
  settings.kernel.shape = LRB_SHAPE_DISC;
  settings.kernel.radius = 5.0;
  settings.rank = LRB_RANK_EXACT;
  settings.focus.focus = 0.0;
  g_assert_true (lrb_settings_prepare (&settings, &full, NULL, NULL, NULL));
  filters = lrb_depth_filters_new (&settings, full);
  g_assert_true (lrb_gegl_apply_depth (in, depth, out, NULL, &settings, filters, NULL, NULL,
                                       NULL, NULL));
  gegl_buffer_get (out, &extent, 1.0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);

  g_assert_cmpfloat (fabsf (pixels[4 * (30 * 80 + 40)] - 1.0f), <, 1e-6f);
  g_assert_cmpfloat (pixels[4 * (30 * 80 + 41)], <, 1e-6f);
  for (gint dy = -5; dy <= 5; dy++)
    for (gint dx = -5; dx <= 5; dx++)
      g_assert_cmpfloat (fabs (pixels[4 * ((8 + dy) * 80 + 8 + dx)] -
                               lrb_kernel_get (full, dy + 5, dx + 5)), <, 1e-5);
  lrb_settings_clear (&settings);
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/focus-region/circle", test_circle);
  g_test_add_func ("/focus-region/ellipse", test_ellipse);
  g_test_add_func ("/focus-region/band", test_band);
  g_test_add_func ("/focus-region/validate", test_validate);
  g_test_add_func ("/focus-region/points", test_points);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
