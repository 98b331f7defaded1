/* lowrank-bokeh — the highlight boost: its curve and inverse, and through
 * the GEGL driver in every method, against direct expectations.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-gegl.h"
#include "lrb-highlights.h"
#include "lrb-method.h"
#include "lrb-shapes.h"

#define SIDE 64

static const LrbHighlights four_stops = { 4.0, 0.5, 0.9 };

static void
test_curve (void)
{
  const LrbHighlights *h = &four_stops;
  gdouble              previous = -1.0;

  for (gint i = 0; i <= 4000; i++)
    {
      gdouble y = i / 2000.0, b = lrb_highlights_boost (h, y);

      if (y <= h->low)
        g_assert_cmpfloat (b, ==, y);           /* shadows, mid-tones: untouched */
      if (y >= h->high)
        g_assert_cmpfloat (fabs (b - 16.0 * y), <=, 1e-12 * y);
      g_assert_cmpfloat (b, >, previous);        /* strictly increasing */
      previous = b;
      g_assert_cmpfloat (fabs (lrb_highlights_restore (h, b) - y), <=, 1e-12 * MAX (y, 1e-3));
    }
  /* Continuous where the ramp starts and ends. */
  g_assert_cmpfloat (fabs (lrb_highlights_boost (h, h->low + 1e-9) - h->low), <, 1e-8);
  g_assert_cmpfloat (fabs (lrb_highlights_boost (h, h->high - 1e-9) - 16.0 * h->high), <, 1e-6);
  /* The inverse of values the curve never reaches below: as the line. */
  g_assert_cmpfloat (lrb_highlights_restore (h, 32.0), ==, 2.0);
}

static void
test_validate (void)
{
  const LrbHighlights bad[] = {
    { -1.0, 0.7, 1.0 }, { 16.5, 0.7, 1.0 }, { NAN, 0.7, 1.0 }, { 2.0, 1.0, 1.0 },
    { 2.0, 0.9, 0.5 }, { 2.0, -0.1, 1.0 }, { 2.0, 0.7, 101.0 }, { 2.0, NAN, 1.0 },
  };
  LrbHighlights       defaults;

  lrb_highlights_init (&defaults);
  g_assert_true (lrb_highlights_validate (&defaults, NULL));
  g_assert_false (lrb_highlights_active (&defaults));
  g_assert_true (lrb_highlights_validate (&four_stops, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (lrb_highlights_validate (&bad[i], &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "highlight"));
    }
}

/* Colour keeps its hue: the channels are scaled together. */
static void
test_pixel (void)
{
  const gdouble weights[3] = { 0.2126, 0.7152, 0.0722 };
  gfloat        dim[3] = { 0.1f, 0.4f, 0.2f }, bright[3] = { 1.0f, 0.95f, 0.5f };
  gfloat        copy[3];

  memcpy (copy, dim, sizeof dim);
  lrb_highlights_boost_pixel (&four_stops, weights, dim, 3);
  g_assert_cmpmem (dim, sizeof dim, copy, sizeof copy);

  memcpy (copy, bright, sizeof bright);
  lrb_highlights_boost_pixel (&four_stops, weights, bright, 3);
  g_assert_cmpfloat (bright[0], >, 10.0f * copy[0]);
  g_assert_cmpfloat (fabsf (bright[1] / bright[0] - copy[1] / copy[0]), <, 1e-6f);
  g_assert_cmpfloat (fabsf (bright[2] / bright[0] - copy[2] / copy[0]), <, 1e-6f);
  lrb_highlights_restore_pixel (&four_stops, weights, bright, 3);
  for (gint ch = 0; ch < 3; ch++)
    g_assert_cmpfloat (fabsf (bright[ch] - copy[ch]), <, 1e-6f);
}

static GeglBuffer *
rgba_buffer (const gfloat *pixels)
{
  GeglRectangle rect = { 0, 0, SIDE, SIDE };
  GeglBuffer   *buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));

  gegl_buffer_set (buffer, &rect, 0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE);
  return buffer;
}

static gfloat *
run (const gfloat *pixels, const LrbKernel *kernel, LrbMethod method, const LrbLook *look)
{
  GeglRectangle          rect = { 0, 0, SIDE, SIDE };
  g_autoptr (GeglBuffer) in = rgba_buffer (pixels);
  g_autoptr (GeglBuffer) out = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  g_autoptr (LrbFilter)  filter = NULL;
  g_autoptr (GError)     error = NULL;
  gfloat                *result = g_new (gfloat, SIDE * SIDE * 4);

  filter = lrb_filter_new (kernel, NULL, method, &error);
  g_assert_no_error (error);
  g_assert_true (lrb_gegl_apply_look (in, out, NULL, filter, look, LRB_EDGE_ZERO, NULL, NULL,
                                      NULL, NULL, &error));
  g_assert_no_error (error);
  gegl_buffer_get (out, &rect, 1.0, babl_format ("RGBA float"), result, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  return result;
}

static LrbKernel *
box (gint side)
{
  LrbKernel *kernel = lrb_kernel_new (side, side, NULL);

  for (gint i = 0; i < side * side; i++)
    kernel->data[i] = 1.0 / (side * side);
  return kernel;
}

/* A single bright pixel becomes the kernel, 2^stops as bright, wherever
 * the spread light is below the threshold; the black around stays black
 * in every method, with and without gamma. */
static void
test_point_blooms (void)
{
  g_autoptr (LrbKernel) kernel = box (9);
  g_autofree gfloat    *pixels = g_new0 (gfloat, SIDE * SIDE * 4);
  const LrbMethod       methods[] = { LRB_METHOD_SEPARABLE, LRB_METHOD_FFT, LRB_METHOD_CHORD };
  const gint            centre = (SIDE / 2) * SIDE + SIDE / 2;

  for (gint i = 0; i < SIDE * SIDE; i++)
    pixels[4 * i + 3] = 1.0f;
  for (gint ch = 0; ch < 3; ch++)
    pixels[4 * centre + ch] = 1.0f;

  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    for (gdouble gamma = 1.0; gamma <= 2.0; gamma += 1.0)
      {
        /* The FFT's float rounding, about 1e-7 of the boosted peak, spreads
         * over its whole block; under a gamma its root shows:
         * the planner keeps such runs to separable passes. */
        if (methods[m] == LRB_METHOD_FFT && gamma > 1.0)
          continue;
        LrbLook           look = { gamma, four_stops };
        g_autofree gfloat *out = run (pixels, kernel, methods[m], &look);

        for (gint y = 0; y < SIDE; y++)
          for (gint x = 0; x < SIDE; x++)
            {
              gboolean inside = abs (x - SIDE / 2) <= 4 && abs (y - SIDE / 2) <= 4;
              /* Inside: (16^γ / 81)^(1/γ), then the boost undone. */
              gdouble  expected = inside ? lrb_highlights_restore (&four_stops,
                                                                   16.0 * pow (81.0, -1.0 / gamma))
                                         : 0.0;

              if (!(fabs (out[4 * (y * SIDE + x)] - expected) <= (inside ? 1e-5 : 1.0 / 65535)))
                g_error ("method %d gamma %g at %d,%d: %g, expected %g", methods[m], gamma, x, y,
                         out[4 * (y * SIDE + x)], expected);
            }
      }
}

/* A wide bright area keeps its level (the boost is undone), and an image
 * below the threshold comes out bit for bit as without highlights. */
static void
test_levels_kept (void)
{
  g_autoptr (LrbKernel) kernel = box (5);
  g_autofree gfloat    *bright = g_new (gfloat, SIDE * SIDE * 4);
  g_autofree gfloat    *dim = g_new (gfloat, SIDE * SIDE * 4);
  LrbLook               plain = { 2.0 }, boosted = { 2.0, four_stops };
  g_autofree gfloat    *a = NULL, *b = NULL, *c = NULL;
  GRand                *rand = g_rand_new_with_seed (12);

  lrb_highlights_init (&plain.highlights);
  for (gint i = 0; i < SIDE * SIDE * 4; i++)
    {
      bright[i] = i % 4 == 3 ? 1.0f : 0.95f;
      dim[i] = i % 4 == 3 ? 1.0f : (gfloat) g_rand_double_range (rand, 0.0, 0.45);
    }
  g_rand_free (rand);

  a = run (bright, kernel, LRB_METHOD_SEPARABLE, &boosted);
  for (gint i = 0; i < SIDE * SIDE * 4; i++)
    if (i % 4 != 3 && i / 4 % SIDE >= 2 && i / 4 % SIDE < SIDE - 2 && i / 4 / SIDE >= 2 &&
        i / 4 / SIDE < SIDE - 2)
      g_assert_cmpfloat (fabsf (a[i] - 0.95f), <, 1e-5f);

  b = run (dim, kernel, LRB_METHOD_SEPARABLE, &plain);
  c = run (dim, kernel, LRB_METHOD_SEPARABLE, &boosted);
  g_assert_cmpmem (b, SIDE * SIDE * 4 * sizeof (gfloat), c, SIDE * SIDE * 4 * sizeof (gfloat));
}

static void
test_refused (void)
{
  g_autoptr (LrbKernel) kernel = box (3);
  g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_SEPARABLE, NULL);
  GeglRectangle          rect = { 0, 0, 4, 4 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("RGBA float"));
  LrbLook                look = { 1.0, { 2.0, 0.9, 0.4 } };
  g_autoptr (GError)     error = NULL;

  g_assert_false (lrb_gegl_apply_look (buffer, buffer, NULL, filter, &look, LRB_EDGE_CLAMP,
                                       NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  gint result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  g_test_add_func ("/highlights/curve", test_curve);
  g_test_add_func ("/highlights/validate", test_validate);
  g_test_add_func ("/highlights/pixel", test_pixel);
  g_test_add_func ("/highlights/point-blooms", test_point_blooms);
  g_test_add_func ("/highlights/levels-kept", test_levels_kept);
  g_test_add_func ("/highlights/refused", test_refused);
  result = g_test_run ();
  gegl_exit ();
  return result;
}
