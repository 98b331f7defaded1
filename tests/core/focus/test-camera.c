/* lowrank-bokeh — the thin lens against hand-computed circles of
 * confusion, and the depth map it makes: every pixel's blur radius, as
 * the depth of field reads it (lrb_focus_defocus × the full radius),
 * equals half the lens's circle of confusion at that pixel's distance.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-camera.h"
#include "lrb-error.h"

/* 50 mm at f/2 focused at 2 m, full frame, 6000 pixels wide. */
static void
portrait_lens (LrbCamera *camera)
{
  lrb_camera_init (camera);
  camera->focal_length = 50.0;
  camera->f_number = 2.0;
  camera->focus_distance = 2.0;
}

static void
test_circle_of_confusion (void)
{
  LrbCamera camera;
  /* c = f² / (N (S − f)) · |Z − S| / Z, on a 36 mm sensor 6000 px wide:
   * 0.05² / (2 · 1.95) · (4 − 2) / 4 m = 0.32051 mm = 53.419 px. */
  const gdouble at_4m = 0.0025 / 3.9 * 0.5 * 6000.0 / 0.036;

  portrait_lens (&camera);
  g_assert_cmpfloat (fabs (lrb_camera_blur_diameter (&camera, 6000, 4.0) - at_4m), <, 1e-9);
  g_assert_cmpfloat (fabs (at_4m - 53.4188), <, 1e-3);
  /* At infinity |Z − S| / Z is 1: twice as much. */
  g_assert_cmpfloat (fabs (lrb_camera_blur_diameter (&camera, 6000, INFINITY) - 2 * at_4m),
                     <, 1e-9);
  g_assert_cmpfloat (lrb_camera_blur_diameter (&camera, 6000, 2.0), ==, 0.0);
  /* Half the sensor (crop 2), the same pixels: twice the blur in pixels. */
  camera.sensor_width = 18.0;
  g_assert_cmpfloat (fabs (lrb_camera_blur_diameter (&camera, 6000, 4.0) - 2 * at_4m), <, 1e-9);
}

static void
test_distances (void)
{
  LrbCamera camera;

  lrb_camera_init (&camera);
  camera.near = 1.0;
  camera.far = 20.0;
  g_assert_cmpfloat (lrb_camera_distance (&camera, FALSE, 0.5), ==, 10.5);
  g_assert_cmpfloat (lrb_camera_distance (&camera, TRUE, 0.25), ==, 15.25);
  g_assert_cmpfloat (lrb_camera_distance (&camera, FALSE, 1.5), ==, 20.0);
  camera.units = LRB_DEPTH_METRES;
  camera.scale = 65.535; /* a 16-bit PNG in millimetres */
  g_assert_cmpfloat (fabs (lrb_camera_distance (&camera, FALSE, 0.1) - 6.5535), <, 1e-12);
  g_assert_true (isnan (lrb_camera_distance (&camera, FALSE, -1.0)));
  g_assert_true (isnan (lrb_camera_distance (&camera, FALSE, 0.0)));
  camera.units = LRB_DEPTH_DISPARITY;
  camera.scale = 1.0;
  g_assert_cmpfloat (lrb_camera_distance (&camera, FALSE, 0.5), ==, 2.0);
  g_assert_cmpfloat (lrb_camera_distance (&camera, FALSE, 0.0), ==, INFINITY);
  g_assert_true (isnan (lrb_camera_distance (&camera, FALSE, -0.5)));
}

static GeglBuffer *
metres_buffer (const gfloat *metres, gint n)
{
  GeglRectangle extent = { 0, 0, n, 1 };
  GeglBuffer   *buffer = gegl_buffer_new (&extent, babl_format ("Y float"));

  gegl_buffer_set (buffer, &extent, 0, babl_format ("Y float"), metres, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

/* Each pixel's radius as the depth of field reads the map. */
static void
assert_radii (const LrbCamera *camera, const gfloat *metres, gint n, gint width)
{
  g_autoptr (GeglBuffer) depth = metres_buffer (metres, n);
  g_autoptr (GError)     error = NULL;
  g_autoptr (GeglBuffer) map = NULL;
  gfloat                 d[16];
  LrbFocus               focus;
  gdouble                radius = 0.0;

  g_assert_cmpint (n, <=, 16);
  map = lrb_camera_depth_buffer (camera, depth, FALSE, width, 1000.0, &focus, &radius, &error);
  g_assert_no_error (error);
  g_assert_nonnull (map);
  g_assert_true (lrb_focus_validate (&focus, NULL));
  g_assert_cmpfloat (focus.tolerance, ==, 0.0);
  gegl_buffer_get (map, gegl_buffer_get_extent (map), 1.0, babl_format ("Y float"), d,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gint i = 0; i < n; i++)
    {
      gdouble want = lrb_camera_blur_diameter (camera, width, metres[i]) / 2.0;
      gdouble got = lrb_focus_defocus (&focus, d[i]) * radius;

      g_assert_cmpfloat (d[i], >=, 0.0);
      g_assert_cmpfloat (d[i], <=, 1.0);
      g_assert_cmpfloat (fabs (got - want), <, 1e-4 * MAX (1.0, want));
    }
}

static void
test_depth_map (void)
{
  LrbCamera    camera;
  const gfloat scene[] = { 1.0f, 2.0f, 4.0f, 8.0f, 1.5f, 3.0f };
  const gfloat behind[] = { 4.0f, 8.0f, 100.0f };

  portrait_lens (&camera);
  camera.units = LRB_DEPTH_METRES;
  assert_radii (&camera, scene, G_N_ELEMENTS (scene), 1200);
  /* The focus (2 m) in front of everything: still exact. */
  assert_radii (&camera, behind, G_N_ELEMENTS (behind), 1200);
  camera.f_number = 8.0;
  camera.focal_length = 135.0;
  camera.focus_distance = 5.0;
  assert_radii (&camera, behind, G_N_ELEMENTS (behind), 600);
}

static void
assert_refused (const LrbCamera *camera, const gfloat *metres, gint n, gdouble max_radius,
                const gchar *words)
{
  g_autoptr (GeglBuffer) depth = metres_buffer (metres, n);
  g_autoptr (GError)     error = NULL;
  LrbFocus               focus;
  gdouble                radius;
  GeglBuffer            *map;

  map = lrb_camera_depth_buffer (camera, depth, FALSE, 1200, max_radius, &focus, &radius,
                                 &error);
  g_assert_null (map);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  if (!strstr (error->message, words))
    g_error ("'%s' does not say '%s'", error->message, words);
}

static void
test_refusals (void)
{
  LrbCamera    camera;
  const gfloat negative[] = { 3.0f, -1.0f };
  const gfloat at_focus[] = { 2.0f, 2.0f };
  const gfloat scene[] = { 0.3f, 50.0f };

  portrait_lens (&camera);
  camera.units = LRB_DEPTH_METRES;
  assert_refused (&camera, negative, 2, 1000.0, "pixel (1, 0) holds -1");
  assert_refused (&camera, at_focus, 2, 1000.0, "nothing to blur");
  assert_refused (&camera, scene, 2, 20.0, "above the largest kernel");
  camera.f_number = 0.0;
  assert_refused (&camera, scene, 2, 1000.0, "f-number 0");
  portrait_lens (&camera);
  camera.focus_distance = 0.04;
  assert_refused (&camera, scene, 2, 1000.0, "focus distance 0.04");
}

int
main (int argc, char **argv)
{
  gegl_init (NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/camera/circle-of-confusion", test_circle_of_confusion);
  g_test_add_func ("/camera/distances", test_distances);
  g_test_add_func ("/camera/depth-map", test_depth_map);
  g_test_add_func ("/camera/refusals", test_refusals);
  return g_test_run ();
}
