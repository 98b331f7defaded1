/* lowrank-bokeh — the grain: its numbers are standard normal and repeat
 * by seed; the photo's noise is measured within 10 % in the presence of
 * edges, gradients and clipped black; what goes back has the variance
 * σ²(1 − Σk²), and pixels the blur left alone stay bit-identical.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-grain.h"

#define SIZE 256

static void
test_normal (void)
{
  gdouble sum = 0.0, squares = 0.0;
  gint    n = 0, same = 0;

  for (gint y = 0; y < 200; y++)
    for (gint x = 0; x < 500; x++)
      {
        gdouble v = lrb_grain_normal (x, y, x % 3, 7);

        sum += v;
        squares += v * v;
        n++;
        same += lrb_grain_normal (x, y, x % 3, 7) == v;
        g_assert_cmpfloat (lrb_grain_normal (x, y, x % 3, 8), !=, v);
      }
  g_assert_cmpint (same, ==, n);
  g_assert_cmpfloat (fabs (sum / n), <, 0.01);
  g_assert_cmpfloat (fabs (squares / n - 1.0), <, 0.02);
}

static void
test_kept (void)
{
  const gdouble box[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  const gdouble one[1] = { 3.0 };
  g_autoptr (GError) error = NULL;
  LrbKernel *k = lrb_kernel_new_from_data (3, 3, box, &error);
  LrbKernel *identity = lrb_kernel_new_from_data (1, 1, one, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (lrb_grain_kept (k) - 1.0 / 9.0), <, 1e-15);
  g_assert_cmpfloat (lrb_grain_kept (identity), ==, 1.0);
  lrb_kernel_free (k);
  lrb_kernel_free (identity);
}

/* A photo's stand-in, encoded R'G'B': a gradient, hard edges, a clipped
 * black quarter, and Gaussian noise of sigma[c] from GLib's generator
 * (not the grain's own). */
static GeglBuffer *
noisy_scene (const gdouble *sigma)
{
  GeglRectangle      extent = { 0, 0, SIZE, SIZE };
  g_autofree gfloat *pixels = g_new (gfloat, SIZE * SIZE * 3);
  g_autoptr (GRand)  rand = g_rand_new_with_seed (42);
  GeglBuffer        *buffer = gegl_buffer_new (&extent, babl_format ("R'G'B' float"));

  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      for (gint c = 0; c < 3; c++)
        {
          gfloat *p = pixels + (y * SIZE + x) * 3 + c;
          gdouble u1 = 1.0 - g_rand_double (rand), u2 = g_rand_double (rand);
          gdouble noise = sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2) * sigma[c];

          if (x < SIZE / 2 && y < SIZE / 2)
            *p = 0.0f;                                  /* clipped: no noise */
          else
            *p = 0.2 + 0.4 * x / SIZE + ((x / 16 + y / 16) % 2 ? 0.2 : 0.0) + noise;
        }
  gegl_buffer_set (buffer, &extent, 0, babl_format ("R'G'B' float"), pixels,
                   GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

static void
test_estimate (void)
{
  const gdouble          sigma[3] = { 0.01, 0.02, 0.04 };
  g_autoptr (GeglBuffer) scene = noisy_scene (sigma);
  LrbGrain               grain;

  lrb_grain_estimate (scene, &grain);
  g_assert_cmpint (grain.n_channels, ==, 3);
  for (gint c = 0; c < 3; c++)
    {
      g_test_message ("channel %d: σ %.5f measured %.5f", c, sigma[c], grain.sigma[c]);
      g_assert_cmpfloat (fabs (grain.sigma[c] / sigma[c] - 1.0), <, 0.10);
    }
}

/* Mean and spread of channel c over columns x0 … x1 − 1 of "R'G'B' float". */
static void
statistics (const gfloat *pixels, gint c, gint x0, gint x1, gdouble *mean, gdouble *sd)
{
  gdouble sum = 0.0, squares = 0.0;
  gint    n = 0;

  for (gint y = 0; y < SIZE; y++)
    for (gint x = x0; x < x1; x++)
      {
        gdouble v = pixels[(y * SIZE + x) * 3 + c];

        sum += v;
        squares += v * v;
        n++;
      }
  *mean = sum / n;
  *sd = sqrt (squares / n - *mean * *mean);
}

/* Grey 0.5 stored as 16 bits; a kept map of 1 (unblurred) on the left
 * half, `right` on the right. */
static void
test_add (void)
{
  GeglRectangle          extent = { 0, 0, SIZE, SIZE };
  g_autoptr (GeglBuffer) image = gegl_buffer_new (&extent, babl_format ("R'G'B' u16"));
  g_autoptr (GeglBuffer) kept = gegl_buffer_new (&extent, babl_format ("Y float"));
  g_autofree guint16    *before = g_new (guint16, SIZE * SIZE * 3);
  g_autofree guint16    *after = g_new (guint16, SIZE * SIZE * 3);
  g_autofree gfloat     *pixels = g_new (gfloat, SIZE * SIZE * 3);
  g_autofree gfloat     *share = g_new (gfloat, SIZE * SIZE);
  const gfloat           grey[3] = { 0.5f, 0.5f, 0.5f };
  LrbGrain               grain = { 3, { 0.02, 0.04, 0.08 }, 5 };
  const gdouble          right = 0.25;

  gegl_buffer_set_color_from_pixel (image, &extent, grey, babl_format ("R'G'B' float"));
  for (gint i = 0; i < SIZE * SIZE; i++)
    share[i] = i % SIZE < SIZE / 2 ? 1.0f : (gfloat) right;
  gegl_buffer_set (kept, &extent, 0, babl_format ("Y float"), share, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_get (image, &extent, 1.0, babl_format ("R'G'B' u16"), before,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  lrb_grain_add (image, kept, 0.0, &grain);
  gegl_buffer_get (image, &extent, 1.0, babl_format ("R'G'B' u16"), after,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  gegl_buffer_get (image, &extent, 1.0, babl_format ("R'G'B' float"), pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gint y = 0; y < SIZE; y++)
    g_assert_cmpint (memcmp (before + y * SIZE * 3, after + y * SIZE * 3,
                             SIZE / 2 * 3 * sizeof *before), ==, 0);
  for (gint c = 0; c < 3; c++)
    {
      gdouble mean, sd, want = grain.sigma[c] * sqrt (1.0 - right);

      statistics (pixels, c, SIZE / 2, SIZE, &mean, &sd);
      g_test_message ("channel %d: mean %.5f, spread %.5f, want %.5f", c, mean, sd, want);
      g_assert_cmpfloat (fabs (mean - 0.5), <, 0.005);
      g_assert_cmpfloat (fabs (sd / want - 1.0), <, 0.05);
    }
}

/* The same seed, the same grain; another seed, another. */
static void
test_seed (void)
{
  GeglRectangle          extent = { 0, 0, 64, 64 };
  g_autoptr (GeglBuffer) a = gegl_buffer_new (&extent, babl_format ("R'G'B' float"));
  g_autoptr (GeglBuffer) b = gegl_buffer_new (&extent, babl_format ("R'G'B' float"));
  g_autoptr (GeglBuffer) c = gegl_buffer_new (&extent, babl_format ("R'G'B' float"));
  g_autofree gfloat     *pa = g_new (gfloat, 64 * 64 * 3);
  g_autofree gfloat     *pb = g_new (gfloat, 64 * 64 * 3);
  g_autofree gfloat     *pc = g_new (gfloat, 64 * 64 * 3);
  LrbGrain               grain = { 3, { 0.05, 0.05, 0.05 }, 1 };

  lrb_grain_add (a, NULL, 0.1, &grain);
  lrb_grain_add (b, NULL, 0.1, &grain);
  grain.seed = 2;
  lrb_grain_add (c, NULL, 0.1, &grain);
  gegl_buffer_get (a, &extent, 1.0, NULL, pa, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  gegl_buffer_get (b, &extent, 1.0, NULL, pb, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  gegl_buffer_get (c, &extent, 1.0, NULL, pc, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_assert_cmpint (memcmp (pa, pb, 64 * 64 * 3 * sizeof *pa), ==, 0);
  g_assert_cmpint (memcmp (pa, pc, 64 * 64 * 3 * sizeof *pa), !=, 0);
}

int
main (int argc, char **argv)
{
  gegl_init (NULL, NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/grain/normal", test_normal);
  g_test_add_func ("/grain/kept", test_kept);
  g_test_add_func ("/grain/estimate", test_estimate);
  g_test_add_func ("/grain/add", test_add);
  g_test_add_func ("/grain/seed", test_seed);
  return g_test_run ();
}
