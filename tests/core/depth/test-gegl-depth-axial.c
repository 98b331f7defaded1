/* lowrank-bokeh — axial colour in the depth of field
 * (core/depth/lrb-gegl-depth.c): opposite rims in front of and behind the
 * focus, each side against the per-channel direct convolution, the
 * background side against the run without a depth map, grey staying grey.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "../axial-test-util.h"
#include "../filter-test-util.h"
#include "lrb-gegl-axial.h"
#include "lrb-gegl-depth.h"
#include "lrb-gegl-field.h"

/* The depth tests' settings: separable passes, focused at 0.5. */
static void
settings_for (LrbSettings *settings, gdouble radius, gint rank, gdouble strength)
{
  axial_settings (settings, radius, rank, strength);
  settings->method = LRB_METHOD_SEPARABLE;
  settings->focus.focus = 0.5;
}

/* `in` (straight linear RGBA) through lrb_gegl_apply_depth with the map
 * `depth` (NULL: `uniform` everywhere). */
static LrbImage *
depth_run (const LrbImage *in, const gfloat *depth, gfloat uniform, const LrbSettings *settings)
{
  GeglRectangle           rect = { 0, 0, in->width, in->height };
  g_autoptr (GeglBuffer)  buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (GeglBuffer)  map = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbDepthFilters) filters = NULL;
  g_autoptr (GError)      error = NULL;
  g_autofree gfloat      *flat = g_new (gfloat, (gsize) in->width * in->height);
  LrbImage               *out = lrb_image_new (in->width, in->height, 4);

  for (gsize i = 0; i < (gsize) in->width * in->height; i++)
    flat[i] = depth ? depth[i] : uniform;
  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), in->data, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_set (map, &rect, 0, babl_format ("Y float"), flat, GEGL_AUTO_ROWSTRIDE);
  g_assert_true (lrb_settings_prepare (settings, &kernel, NULL, NULL, &error));
  filters = lrb_depth_filters_new (settings, kernel);
  g_assert_true (lrb_gegl_apply_depth (buffer, map, buffer, NULL, settings, filters, NULL, NULL,
                                       NULL, &error));
  g_assert_no_error (error);
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), out->data,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return out;
}

/* The whole scene at depth 0 focused at 1 (in front: red and blue keep
 * the kernel) or at 1 focused at 0 (behind: green does), the full
 * kernel's level, the exact kernels, random colours and alphas:
 * the per-channel direct convolution of that side. */
static void
test_sides_against_reference (void)
{
  g_autoptr (LrbImage)  in = random_image (36, 28, 4);
  g_autoptr (LrbKernel) full = shape_kernel (LRB_SHAPE_DISC, 7.0, 0.0);
  /* Strength 0.8: 7 · (1 − 0.25 · 0.8). */
  g_autoptr (LrbKernel) shrunk = shape_kernel (LRB_SHAPE_DISC, 5.6, 0.0);

  for (gsize i = 0; i < (gsize) in->width * in->height; i++)
    in->data[4 * i + 3] = 0.3f + 0.7f * in->data[4 * i + 3];
  for (gint behind = 0; behind <= 1; behind++)
    {
      g_autoptr (LrbImage) ref = lrb_image_new (in->width, in->height, 4);
      g_autoptr (LrbImage) out = NULL;
      LrbSettings          settings;
      gdouble              worst;

      settings_for (&settings, 7.0, LRB_RANK_EXACT, 0.8);
      settings.focus.focus = behind ? 0.0 : 1.0;
      out = depth_run (in, NULL, behind ? 1.0f : 0.0f, &settings);
      lrb_reference_convolve_axial (in, full, shrunk, behind, LRB_EDGE_CLAMP, ref);
      worst = max_difference (out, ref);
      g_test_message ("%s the focus: largest difference from the reference %g",
                      behind ? "behind" : "in front of", worst);
      g_assert_cmpfloat (worst, <, 2e-4);
      lrb_settings_clear (&settings);
    }
}

/* Behind the focus everywhere is the run without a depth map, at a
 * truncated rank too (the same gain for the shrunk channels). */
static void
test_behind_is_no_map (void)
{
  g_autoptr (LrbImage)  in = random_image (40, 32, 4);
  g_autoptr (LrbImage)  out = NULL;
  g_autoptr (LrbImage)  plain = NULL;
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_DISC, 9.0, 0.0);
  LrbSettings           settings;
  gdouble               worst;

  settings_for (&settings, 9.0, 4, 1.0);
  settings.focus.focus = 0.0;
  out = depth_run (in, NULL, 1.0f, &settings);
  {
    GeglRectangle           rect = { 0, 0, in->width, in->height };
    g_autoptr (GeglBuffer)  buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));
    g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, NULL);

    gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), in->data,
                     GEGL_AUTO_ROWSTRIDE);
    g_assert_true (lrb_gegl_apply_field (buffer, buffer, NULL, &settings, kernel, analysis,
                                         NULL, NULL, NULL, NULL));
    plain = lrb_image_new (in->width, in->height, 4);
    gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), plain->data,
                     GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  }
  worst = max_difference (out, plain);
  g_test_message ("behind everywhere against no depth map: %g", worst);
  g_assert_cmpfloat (worst, <, 1e-5);
  lrb_settings_clear (&settings);
}

/* White lights at `lights` (x, y pairs, the first on the left half) on
 * black, the left half at depth 0 (in front of the focus at 0.5), the
 * right half at 1 (behind), through the depth run. */
static LrbImage *
two_sides_run (gint w, gint h, const gint *lights, const LrbSettings *settings)
{
  g_autoptr (LrbImage) in = axial_lights (w, h, lights, 2);
  g_autofree gfloat   *depth = g_new (gfloat, w * h);

  for (gint i = 0; i < w * h; i++)
    depth[i] = i % w < w / 2 ? 0.0f : 1.0f;
  return depth_run (in, depth, 0.0f, settings);
}

/* Two white lights on black, one at depth 0 (in front), one at 1
 * (behind), focused at 0.5: both blurred by the same level, the front
 * one's rim magenta (red and blue, no green), the back one's green. */
static void
test_opposite_rims (void)
{
  const gint           lights[] = { 24, 24, 72, 24 };
  g_autoptr (LrbImage) out = NULL;
  LrbSettings          settings;
  LrbFocusLevels       levels;
  gdouble              rims[2][3], radius;

  settings_for (&settings, 24.0, 16, 1.0);
  out = two_sides_run (96, 48, lights, &settings);
  /* The level's radius, and the shrunk one's: 3/4 of it. */
  lrb_focus_levels_init (&levels, 24.0);
  radius = lrb_focus_level_radius (&levels, lrb_focus_level (&settings.focus, &levels, 1.0));
  g_assert_cmpint (lrb_focus_level (&settings.focus, &levels, 1.0), ==,
                   -lrb_focus_level (&settings.focus, &levels, 0.0));
  for (gint side = 0; side < 2; side++)
    {
      axial_ring (out, lights[2 * side], lights[2 * side + 1], 0.75 * radius + 0.8,
                  radius - 0.8, rims[side]);
      g_test_message ("%s: rim R G B %g %g %g", side ? "behind" : "in front", rims[side][0],
                      rims[side][1], rims[side][2]);
    }
  /* In front: magenta, red and blue alike. */
  g_assert_cmpfloat (rims[0][0], >, 10.0 * rims[0][1]);
  g_assert_cmpfloat (fabs (rims[0][0] - rims[0][2]), <, 1e-3 * rims[0][0]);
  /* Behind: green. */
  g_assert_cmpfloat (rims[1][1], >, 10.0 * (rims[1][0] + rims[1][2]));
  lrb_settings_clear (&settings);
}

/* With the aspect's oval (long across) the levels are the oval's, the
 * shrunk ones too: along the long axis, between the shrunk oval's end and
 * the full one's, only green behind the focus and only red and blue in
 * front. */
static void
test_oval_rims (void)
{
  const gint           w = 120, lights[] = { 30, 20, 90, 20 };
  g_autoptr (LrbImage) out = NULL;
  LrbSettings          settings;

  /* Focused at 0.5, depths 0 and 1 are blurred by half the full radius
   * 16: the oval is 8·√2 ≈ 11.3 across, the shrunk one 8.5, so 10 pixels
   * out lies in the rim (and outside the round disc of 8). */
  settings_for (&settings, 16.0, 16, 1.0);
  settings.field.aspect = 2.0;
  out = two_sides_run (w, 40, lights, &settings);
  for (gint side = 0; side < 2; side++)
    for (gint dx = -1; dx <= 1; dx += 2)
      {
        const gfloat *p = out->data + 4 * (lights[2 * side + 1] * w + lights[2 * side] + 10 * dx);

        g_test_message ("%s, %+d: R G B %g %g %g", side ? "behind" : "in front", 10 * dx, p[0],
                        p[1], p[2]);
        if (side)
          g_assert_cmpfloat (p[1], >, 10.0f * (fabsf (p[0]) + fabsf (p[2])) + 1e-4f);
        else
          g_assert_cmpfloat (MIN (p[0], p[2]), >, 10.0f * fabsf (p[1]) + 1e-4f);
      }
  lrb_settings_clear (&settings);
}

/* A flat grey over a depth ramp (every level, both sides) stays grey:
 * exactly with the exact kernels; at a truncated rank each level keeps
 * its kernel's own sum (as the plain run does), and the channels weigh
 * the levels a little differently, so to the spread of those sums. */
static void
test_grey_stays_grey (void)
{
  const gint           w = 80, h = 24;
  const gint           ranks[] = { LRB_RANK_EXACT, 3 };
  const gdouble        bounds[] = { 5e-6, 3e-4 };
  g_autoptr (LrbImage) in = lrb_image_new (w, h, 4);
  g_autofree gfloat   *depth = g_new (gfloat, w * h);

  for (gint i = 0; i < w * h; i++)
    {
      in->data[4 * i] = in->data[4 * i + 1] = in->data[4 * i + 2] = 0.3f;
      in->data[4 * i + 3] = 1.0f;
      depth[i] = (gfloat) (i % w) / (w - 1);
    }
  for (gsize r = 0; r < G_N_ELEMENTS (ranks); r++)
    {
      g_autoptr (LrbImage) out = NULL;
      LrbSettings          settings;
      gdouble              worst = 0.0;

      settings_for (&settings, 10.0, ranks[r], 1.0);
      out = depth_run (in, depth, 0.0f, &settings);
      for (gint i = 0; i < w * h; i++)
        {
          worst = MAX (worst, fabs (out->data[4 * i] - out->data[4 * i + 1]));
          worst = MAX (worst, fabs (out->data[4 * i + 2] - out->data[4 * i + 1]));
        }
      g_test_message ("grey over a depth ramp at rank %d: channels differ by at most %g",
                      ranks[r], worst);
      g_assert_cmpfloat (worst, <, bounds[r]);
      lrb_settings_clear (&settings);
    }
}

gint
main (gint argc, gchar **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/depth-axial/sides-against-reference", test_sides_against_reference);
  g_test_add_func ("/depth-axial/behind-is-no-map", test_behind_is_no_map);
  g_test_add_func ("/depth-axial/opposite-rims", test_opposite_rims);
  g_test_add_func ("/depth-axial/oval-rims", test_oval_rims);
  g_test_add_func ("/depth-axial/grey-stays-grey", test_grey_stays_grey);
  status = g_test_run ();
  gegl_exit ();
  return status;
}
