/* lowrank-bokeh — tests for core/kernel/lrb-highlight.c: a light drawn
 * from core's shapes onto a background, off the crop's centre, comes back
 * centred with the background taken off; bad crops are refused by name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-highlight.h"
#include "../noisy-shape-util.h"

#include <math.h>
#include <string.h>

/* The photo: 160 × 120, background 0.2, a hexagon of radius 12 at level
 * 0.3 with its centre on (97, 51); the crop: 80 × 80 from (60, 20), which
 * puts the light at (37, 31), off the crop's centre (40, 40). */
#define PHOTO_W 160
#define PHOTO_H 120
#define LIGHT_X 97
#define LIGHT_Y 51
#define CROP_X  60
#define CROP_Y  20
#define CROP_W  80
#define CROP_H  80

static LrbKernel *
extract_from_photo (const LrbKernel *shape, gdouble sigma, LrbHighlight *h)
{
  g_autoptr (GRand)   rand = g_rand_new_with_seed (29);
  g_autofree gdouble *photo = photo_of_light (shape, LIGHT_X, LIGHT_Y, 0.3, PHOTO_W, PHOTO_H,
                                              0.2, sigma, rand);
  g_autofree gdouble *crop = crop_of (photo, PHOTO_W, CROP_X, CROP_Y, CROP_W, CROP_H);
  GError             *error = NULL;
  LrbKernel          *kernel = lrb_highlight_extract (crop, CROP_W, CROP_H, h, &error);

  g_assert_no_error (error);
  return kernel;
}

/* Without noise the extraction is exact: the light's own pixels, centred. */
static void
test_clean_round_trip (void)
{
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_POLYGON, 6, 12, 0, 25);
  g_autoptr (LrbKernel) kernel = NULL;
  LrbHighlight          h;

  kernel = extract_from_photo (shape, 0.0, &h);
  /* The background plane, fitted by least squares: exact up to rounding. */
  g_assert_cmpfloat_with_epsilon (h.background, 0.2, 1e-12);
  g_assert_cmpfloat (h.border_noise, <, 1e-12);
  g_assert_cmpint (h.centre_x, ==, LIGHT_X - CROP_X);
  g_assert_cmpint (h.centre_y, ==, LIGHT_Y - CROP_Y);
  g_assert_cmpfloat_with_epsilon (h.peak, 0.3, 1e-12);
  g_assert_cmpint (kernel->rows % 2, ==, 1);
  g_assert_cmpint (kernel->cols % 2, ==, 1);
  /* Room for the whole light: it reaches 12 pixels from its centre. */
  g_assert_cmpint (kernel->rows, >=, 25);
  g_assert_cmpint (kernel->cols, >=, 25);
  g_assert_cmpfloat (centred_error (kernel, shape), <, 1e-12);
}

/* With noise (σ 0.01, a thirtieth of the light's level): the background
 * and the border's noise within their sampling error, the centre on the
 * light's pixel, and the kernel the clean shape plus about the noise. */
static void
test_noisy_round_trip (void)
{
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_POLYGON, 6, 12, 0, 25);
  g_autoptr (LrbKernel) kernel = NULL;
  LrbHighlight          h;
  gdouble               error;

  kernel = extract_from_photo (shape, 0.01, &h);
  error = centred_error (kernel, shape);
  g_test_message ("background %.5f, border noise %.5f, centroid (%.2f, %.2f), %d × %d, "
                  "error against the clean shape %.4f", h.background, h.border_noise,
                  h.centroid_x, h.centroid_y, kernel->rows, kernel->cols, error);
  g_assert_cmpfloat (fabs (h.background - 0.2), <, 0.002);
  g_assert_cmpfloat (fabs (h.border_noise / 0.01 - 1.0), <, 0.15);
  g_assert_cmpint (h.centre_x, ==, LIGHT_X - CROP_X);
  g_assert_cmpint (h.centre_y, ==, LIGHT_Y - CROP_Y);
  g_assert_cmpfloat (fabs (h.centroid_x - (LIGHT_X - CROP_X)), <, 0.25);
  g_assert_cmpfloat (fabs (h.centroid_y - (LIGHT_Y - CROP_Y)), <, 0.25);
  g_assert_cmpint (kernel->rows % 2, ==, 1);
  g_assert_cmpint (kernel->cols % 2, ==, 1);
  g_assert_cmpfloat (error, <, 0.1);
}

/* A background that darkens across the crop (a sky towards the horizon)
 * is a plane, taken off whole; a second, dimmer bright thing at the
 * crop's edge, not touching the light, stays out of the kernel (the
 * brightest one is the light). */
static void
test_gradient_and_neighbour (void)
{
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_DISC, 0, 9, 0, 19);
  g_autoptr (GRand)     rand = g_rand_new_with_seed (4);
  g_autofree gdouble   *photo = photo_of_light (shape, 30, 28, 0.5, 64, 60, 0.0, 0.005, rand);
  g_autoptr (LrbKernel) kernel = NULL;
  GError               *error = NULL;
  LrbHighlight          h;

  for (gint y = 0; y < 60; y++)
    for (gint x = 0; x < 64; x++)
      photo[y * 64 + x] += 0.3 + 0.004 * x - 0.003 * y + (x >= 60 && y < 10 ? 0.3 : 0.0);
  kernel = lrb_highlight_extract (photo, 64, 60, &h, &error);
  g_assert_no_error (error);
  g_test_message ("background %.4f at the centre, centre (%d, %d), %d × %d, error %.4f",
                  h.background, h.centre_x, h.centre_y, kernel->rows, kernel->cols,
                  centred_error (kernel, shape));
  g_assert_cmpint (h.centre_x, ==, 30);
  g_assert_cmpint (h.centre_y, ==, 28);
  g_assert_cmpfloat (fabs (h.background - (0.3 + 0.004 * 31.5 - 0.003 * 29.5)), <, 0.005);
  g_assert_cmpfloat (centred_error (kernel, shape), <, 0.05);
}

/* A light half a pixel off the grid lands on one of the two pixels next
 * to it, and its centroid says where it really is. */
static void
test_centroid_between_pixels (void)
{
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_BOX, 0, 4, 0, 9);
  g_autoptr (LrbKernel) wide = lrb_kernel_new (9, 10, NULL);
  g_autoptr (GRand)     rand = g_rand_new_with_seed (1);
  g_autofree gdouble   *photo = NULL;
  g_autoptr (LrbKernel) kernel = NULL;
  GError               *error = NULL;
  LrbHighlight          h;

  /* A 10-pixel-wide box: its centre lies between two pixels. */
  for (gint r = 0; r < 9; r++)
    for (gint c = 0; c < 10; c++)
      wide->data[r * 10 + c] = lrb_kernel_get (shape, r, MIN (c, 8));
  photo = photo_of_light (wide, 20, 20, 1.0, 41, 41, 0.0, 0.0, rand);
  kernel = lrb_highlight_extract (photo, 41, 41, &h, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (h.centroid_x, 15 + 4.5, 1e-12);
  g_assert_true (h.centre_x == 19 || h.centre_x == 20);
  g_assert_cmpfloat_with_epsilon (h.centroid_y, 20, 1e-12);
}

static void
assert_refused (const gdouble *values, gint width, gint height, const gchar *words)
{
  GError                *error = NULL;
  g_autoptr (LrbKernel)  kernel = lrb_highlight_extract (values, width, height, NULL, &error);

  g_assert_null (kernel);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  if (error)
    {
      g_test_message ("%d × %d: %s", width, height, error->message);
      g_assert_nonnull (strstr (error->message, words));
    }
  g_clear_error (&error);
}

static void
test_bad_crops (void)
{
  g_autoptr (GRand)     rand = g_rand_new_with_seed (9);
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_DISC, 0, 8, 0, 17);
  g_autofree gdouble   *flat = g_new (gdouble, 64 * 64);
  g_autofree gdouble   *noise = photo_of_light (shape, 32, 32, 0.0, 64, 64, 0.5, 0.05, rand);
  g_autofree gdouble   *nan = photo_of_light (shape, 32, 32, 1.0, 64, 64, 0.5, 0.01, rand);
  g_autofree gdouble   *edge = photo_of_light (shape, 6, 32, 1.0, 64, 64, 0.5, 0.01, rand);
  g_autofree gdouble   *large = g_new0 (gdouble, (gsize) (LRB_HIGHLIGHT_MAX_SIDE + 1) * 16);

  for (gint i = 0; i < 64 * 64; i++)
    flat[i] = 0.5;
  nan[40 * 64 + 20] = NAN;
  assert_refused (flat, 0, 10, "empty");
  assert_refused (flat, 6, 6, "too small");
  assert_refused (large, LRB_HIGHLIGHT_MAX_SIDE + 1, 16, "too large");
  assert_refused (nan, 64, 64, "not a number");
  assert_refused (flat, 64, 64, "flat");
  assert_refused (noise, 64, 64, "no light stands out");
  assert_refused (edge, 64, 64, "reaches the rectangle's edge");
}

/* A faint light (level 2 σ of the noise) is still found. */
static void
test_faint_light (void)
{
  g_autoptr (GRand)     rand = g_rand_new_with_seed (11);
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_DISC, 0, 10, 0, 21);
  g_autofree gdouble   *photo = photo_of_light (shape, 30, 34, 0.1, 64, 64, 0.5, 0.05, rand);
  g_autoptr (LrbKernel) kernel = NULL;
  GError               *error = NULL;
  LrbHighlight          h;

  kernel = lrb_highlight_extract (photo, 64, 64, &h, &error);
  g_assert_no_error (error);
  g_assert_cmpint (abs (h.centre_x - 30), <=, 1);
  g_assert_cmpint (abs (h.centre_y - 34), <=, 1);
}

/* lrb_highlight_read: linear luminance of the rectangle, and a rectangle
 * outside the image refused with the image's size. */
static void
test_read_buffer (void)
{
  GeglRectangle          extent = { 0, 0, 30, 20 }, inside = { 5, 4, 10, 9 };
  GeglRectangle          outside = { 25, 4, 10, 9 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&extent, babl_format ("Y float"));
  g_autofree gfloat     *pixels = g_new (gfloat, 30 * 20);
  g_autofree gdouble    *values = NULL;
  GError                *error = NULL;

  for (gint i = 0; i < 30 * 20; i++)
    pixels[i] = i / 600.0f;
  gegl_buffer_set (buffer, &extent, 0, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE);
  values = lrb_highlight_read (buffer, &inside, &error);
  g_assert_no_error (error);
  for (gint r = 0; r < 9; r++)
    for (gint c = 0; c < 10; c++)
      g_assert_cmpfloat_with_epsilon (values[r * 10 + c], pixels[(r + 4) * 30 + c + 5], 1e-7);
  g_assert_null (lrb_highlight_read (buffer, &outside, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_assert_true (error && strstr (error->message, "outside the 30×20 image"));
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  gegl_init (NULL, NULL);

  g_test_add_func ("/highlight/clean-round-trip", test_clean_round_trip);
  g_test_add_func ("/highlight/noisy-round-trip", test_noisy_round_trip);
  g_test_add_func ("/highlight/gradient-and-neighbour", test_gradient_and_neighbour);
  g_test_add_func ("/highlight/centroid-between-pixels", test_centroid_between_pixels);
  g_test_add_func ("/highlight/bad-crops", test_bad_crops);
  g_test_add_func ("/highlight/faint-light", test_faint_light);
  g_test_add_func ("/highlight/read-buffer", test_read_buffer);

  status = g_test_run ();
  gegl_exit ();
  return status;
}
