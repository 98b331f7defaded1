/* lowrank-bokeh — every build of the 1-D pass against a plain loop.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "lrb-pass.h"

static void
check_path (LrbPassPath path, gint taps, gint out_rows, gint width, gboolean accumulate)
{
  gsize              stride = width + 16; /* any stride that keeps rows aligned */
  gint               in_rows = out_rows + taps - 1;
  g_autofree gfloat *in = g_aligned_alloc0 ((gsize) in_rows * stride, sizeof (gfloat), 64);
  g_autofree gfloat *out = g_aligned_alloc0 ((gsize) out_rows * stride, sizeof (gfloat), 64);
  g_autofree gfloat *start = g_new (gfloat, (gsize) out_rows * stride);
  gint               n_padded = taps + 2 * (LRB_PASS_ROWS - 1);
  g_autofree gfloat *padded = g_aligned_alloc0 ((gsize) n_padded * LRB_PASS_WEIGHT_LANES,
                                                sizeof (gfloat), 64);
  g_autofree gdouble *weights = g_new (gdouble, taps);

  for (gsize i = 0; i < (gsize) in_rows * stride; i++)
    in[i] = g_test_rand_double_range (-1, 1);
  for (gsize i = 0; i < (gsize) out_rows * stride; i++)
    out[i] = start[i] = g_test_rand_double_range (-1, 1);
  for (gint t = 0; t < taps; t++)
    {
      weights[t] = g_test_rand_double_range (-1, 1);
      for (gint lane = 0; lane < LRB_PASS_WEIGHT_LANES; lane++)
        padded[(LRB_PASS_ROWS - 1 + t) * LRB_PASS_WEIGHT_LANES + lane] = weights[t];
    }

  lrb_pass_columns_with (path, in, stride, out, stride, out_rows, width, padded, taps, accumulate);

  for (gint y = 0; y < out_rows; y++)
    for (gint x = 0; x < width; x++)
      {
        gdouble expected = accumulate ? start[y * stride + x] : 0.0;

        for (gint t = 0; t < taps; t++)
          expected += (gdouble) (gfloat) weights[t] * in[(y + t) * stride + x];
        g_assert_cmpfloat (fabs (out[y * stride + x] - expected), <=, 1e-5 * (taps + 1));
      }
}

static void
test_every_path (void)
{
  static const gint taps[] = { 1, 2, 3, 7, 33 };

  for (LrbPassPath path = LRB_PASS_GENERIC; path <= LRB_PASS_AVX512; path++)
    {
      if (!lrb_pass_path_supported (path))
        {
          g_test_message ("path %d not supported by this CPU or build: skipped", path);
          continue;
        }
      for (guint t = 0; t < G_N_ELEMENTS (taps); t++)
        {
          check_path (path, taps[t], LRB_PASS_ROWS, LRB_PASS_COLUMNS, FALSE);
          check_path (path, taps[t], 3 * LRB_PASS_ROWS, 2 * LRB_PASS_COLUMNS, TRUE);
        }
    }
}

static void
test_transpose (void)
{
  for (gint c = 1; c <= 4; c++)
    {
      gint               rows = 37, cols = 21;
      g_autofree gfloat *src = g_new (gfloat, rows * cols * c);
      g_autofree gfloat *dest = g_new0 (gfloat, cols * rows * c);

      for (gint i = 0; i < rows * cols * c; i++)
        src[i] = i;
      lrb_transpose_pixels (src, cols * c, rows, cols, c, dest, rows * c);
      for (gint y = 0; y < rows; y++)
        for (gint x = 0; x < cols; x++)
          for (gint ch = 0; ch < c; ch++)
            g_assert_cmpfloat (dest[(x * rows + y) * c + ch], ==, src[(y * cols + x) * c + ch]);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pass/every-path", test_every_path);
  g_test_add_func ("/pass/transpose", test_transpose);
  return g_test_run ();
}
