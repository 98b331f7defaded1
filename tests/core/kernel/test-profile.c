/* lowrank-bokeh — the aperture's brightness profile (core/kernel/
 * lrb-profile.c): against a brute-force distance to the edge, on built-in
 * shapes and a painted kernel with a hole; each profile's look (rim,
 * centre, ripples) measured on the disc; the sum kept; off is a copy.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "../filter-test-util.h"
#include "lrb-profile.h"

/* A painted kernel: an off-centre blob with a hole and a spur, the kind a
 * radial profile about the anchor would get wrong. */
static LrbKernel *
painted_kernel (void)
{
  LrbKernel *k = lrb_kernel_new (21, 25, NULL);

  for (gint i = 0; i < 21; i++)
    for (gint j = 0; j < 25; j++)
      {
        gboolean blob = hypot (i - 8.0, j - 14.0) < 7.5 && hypot (i - 9.0, j - 15.0) > 2.5;
        gboolean spur = i >= 15 && i <= 17 && j >= 2 && j <= 12;

        k->data[i * 25 + j] = blob || spur ? 1.0 + 0.01 * ((i * 7 + j) % 5) : 0.0;
      }
  return k;
}

/* What the profile should be, the slow way: each tap's distance to every
 * tap outside the support (the frame's ring included), weights by
 * lrb_profile_weight, scaled to the sum. */
static LrbKernel *
brute_force (const LrbKernel *k, LrbProfile profile, gdouble strength)
{
  LrbKernel *out = lrb_kernel_copy (k);
  gdouble   *d = g_new (gdouble, (gsize) k->rows * k->cols);
  gdouble    tiny = 1e-2 * lrb_kernel_max_abs (k), depth = 0.0, sum = 0.0, new_sum = 0.0;

  for (gint i = 0; i < k->rows; i++)
    for (gint j = 0; j < k->cols; j++)
      {
        gdouble best = G_MAXDOUBLE;

        for (gint a = -1; a <= k->rows; a++)
          for (gint b = -1; b <= k->cols; b++)
            if (a < 0 || b < 0 || a == k->rows || b == k->cols ||
                fabs (lrb_kernel_get (k, a, b)) <= tiny)
              best = MIN (best, hypot (a - i, b - j));
        d[i * k->cols + j] = fabs (lrb_kernel_get (k, i, j)) > tiny ? best : 0.0;
        depth = MAX (depth, d[i * k->cols + j]);
      }
  for (gint t = 0; t < k->rows * k->cols; t++)
    {
      sum += k->data[t];
      if (d[t] > 0.0)
        out->data[t] *= lrb_profile_weight (profile, strength,
                                            (depth - d[t]) / (depth - 1.0), depth);
      new_sum += out->data[t];
    }
  for (gint t = 0; t < k->rows * k->cols; t++)
    out->data[t] *= sum / new_sum;
  g_free (d);
  return out;
}

static void
test_matches_brute_force (void)
{
  LrbKernel *kernels[] = {
    shape_kernel (LRB_SHAPE_DISC, 9.0, 10.0), shape_kernel (LRB_SHAPE_POLYGON, 11.0, 10.0),
    shape_kernel (LRB_SHAPE_RING, 10.0, 10.0), shape_kernel (LRB_SHAPE_GAUSSIAN, 5.0, 10.0),
    painted_kernel (),
  };

  for (gsize n = 0; n < G_N_ELEMENTS (kernels); n++)
    {
      for (gint p = 1; p < LRB_N_PROFILES; p++)
        {
          g_autoptr (LrbKernel) fast = lrb_kernel_new_profiled (kernels[n], p, 0.8);
          g_autoptr (LrbKernel) slow = brute_force (kernels[n], p, 0.8);
          gdouble               worst = 0.0;

          for (gint t = 0; t < fast->rows * fast->cols; t++)
            worst = MAX (worst, fabs (fast->data[t] - slow->data[t]));
          g_assert_cmpfloat (worst, <, 1e-12 * lrb_kernel_max_abs (slow));
          g_assert_cmpfloat (fabs (lrb_kernel_sum (fast) - lrb_kernel_sum (kernels[n])), <,
                             1e-12);
          /* And it did change the kernel. */
          g_assert_true (memcmp (fast->data, kernels[n]->data,
                                 sizeof (gdouble) * fast->rows * fast->cols) != 0);
        }
      lrb_kernel_free (kernels[n]);
    }
}

/* The mean of the taps at distance r0 … r1 from the disc's centre, as a
 * share of the unprofiled disc's there (coverage cancels). */
static gdouble
ring_gain (const LrbKernel *profiled, const LrbKernel *plain, gdouble r0, gdouble r1)
{
  gint    c = profiled->rows / 2;
  gdouble a = 0.0, b = 0.0;

  for (gint i = 0; i < profiled->rows; i++)
    for (gint j = 0; j < profiled->cols; j++)
      if (hypot (i - c, j - c) >= r0 && hypot (i - c, j - c) <= r1)
        {
          a += lrb_kernel_get (profiled, i, j);
          b += lrb_kernel_get (plain, i, j);
        }
  return a / b;
}

static void
test_looks (void)
{
  g_autoptr (LrbKernel) disc = shape_kernel (LRB_SHAPE_DISC, 15.0, 10.0);
  g_autoptr (LrbKernel) bubble = lrb_kernel_new_profiled (disc, LRB_PROFILE_SOAP_BUBBLE, 0.5);
  g_autoptr (LrbKernel) smooth = lrb_kernel_new_profiled (disc, LRB_PROFILE_SMOOTH, 0.5);
  g_autoptr (LrbKernel) rings = lrb_kernel_new_profiled (disc, LRB_PROFILE_ONION_RINGS, 0.5);
  gdouble               rim, middle, previous = 0.0, rise = 0.0;
  gint                  peaks = 0, c = disc->rows / 2;

  rim = ring_gain (bubble, disc, 13.0, 14.5);
  middle = ring_gain (bubble, disc, 0.0, 3.0);
  g_test_message ("soap bubble 0.5: rim %.3f, middle %.3f", rim, middle);
  g_assert_cmpfloat (rim / middle, >, 2.0);
  rim = ring_gain (smooth, disc, 13.0, 14.5);
  middle = ring_gain (smooth, disc, 0.0, 3.0);
  g_test_message ("smooth 0.5: rim %.3f, middle %.3f", rim, middle);
  g_assert_cmpfloat (middle / rim, >, 2.5);
  /* Onion rings: along a radius the light rises and falls, once per ring
   * (5 for a disc 15 deep), by about ±25 %. */
  for (gint j = c; j <= c + 14; j++)
    {
      gdouble v = lrb_kernel_get (rings, c, j) / lrb_kernel_get (disc, c, j);

      if (j > c && v < previous && rise > 0.0)
        peaks++;
      rise = j > c ? v - previous : 0.0;
      previous = v;
    }
  g_test_message ("onion rings 0.5: %d peaks inside the rim", peaks);
  g_assert_cmpint (peaks, >=, 4);
  /* Bright in the very middle, dark one ring-half out (the diagonal taps). */
  g_assert_cmpfloat (ring_gain (rings, disc, 0.0, 0.5) / ring_gain (rings, disc, 1.3, 1.5), >,
                     1.3);
}

/* An image kernel's faint background (half a percent of its peak, as a
 * JPEG leaves round a photographed disc) is not the shape: the rim stays
 * on the disc's edge, not on the frame. */
static void
test_faint_background (void)
{
  g_autoptr (LrbKernel) disc = shape_kernel (LRB_SHAPE_DISC, 12.0, 0.0);
  g_autoptr (LrbKernel) noisy = lrb_kernel_copy (disc);
  g_autoptr (LrbKernel) bubble = NULL;
  gdouble               peak = lrb_kernel_max_abs (disc);

  for (gint t = 0; t < noisy->rows * noisy->cols; t++)
    noisy->data[t] += 0.005 * peak * (1 + (t * 7919) % 3) / 3.0;
  g_autoptr (LrbKernel) clean = lrb_kernel_new_profiled (disc, LRB_PROFILE_SOAP_BUBBLE, 0.5);
  gdouble               want, got;

  bubble = lrb_kernel_new_profiled (noisy, LRB_PROFILE_SOAP_BUBBLE, 0.5);
  want = ring_gain (clean, disc, 10.0, 11.5) / ring_gain (clean, disc, 0.0, 3.0);
  got = ring_gain (bubble, noisy, 10.0, 11.5) / ring_gain (bubble, noisy, 0.0, 3.0);
  g_test_message ("rim over middle: %.3f on the clean disc, %.3f on the noisy one", want, got);
  g_assert_cmpfloat (fabs (got / want - 1.0), <, 0.02);
}

/* Flat, or strength 0, is the kernel itself to the bit; a 1 × 1 identity
 * (depth level 0) stays exactly 1 whatever the profile. */
static void
test_off_is_copy (void)
{
  g_autoptr (LrbKernel) hexagon = shape_kernel (LRB_SHAPE_POLYGON, 8.0, 10.0);
  g_autoptr (LrbKernel) flat = lrb_kernel_new_profiled (hexagon, LRB_PROFILE_FLAT, 1.0);
  g_autoptr (LrbKernel) zero = lrb_kernel_new_profiled (hexagon, LRB_PROFILE_SOAP_BUBBLE, 0.0);
  g_autoptr (LrbKernel) one = lrb_kernel_new (1, 1, NULL);
  g_autoptr (LrbKernel) one_profiled = NULL;
  gsize                 size = sizeof (gdouble) * hexagon->rows * hexagon->cols;

  g_assert_cmpmem (flat->data, size, hexagon->data, size);
  g_assert_cmpmem (zero->data, size, hexagon->data, size);
  one->data[0] = 1.0;
  one_profiled = lrb_kernel_new_profiled (one, LRB_PROFILE_ONION_RINGS, 1.0);
  g_assert_cmpfloat (one_profiled->data[0], ==, 1.0);
}

static void
test_nicks (void)
{
  LrbProfile profile;

  for (gint p = 0; p < LRB_N_PROFILES; p++)
    {
      g_assert_true (lrb_profile_from_nick (lrb_profile_to_nick (p), &profile));
      g_assert_cmpint (profile, ==, p);
    }
  g_assert_false (lrb_profile_from_nick ("bubbly", &profile));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profile/matches-brute-force", test_matches_brute_force);
  g_test_add_func ("/profile/looks", test_looks);
  g_test_add_func ("/profile/faint-background", test_faint_background);
  g_test_add_func ("/profile/off-is-copy", test_off_is_copy);
  g_test_add_func ("/profile/nicks", test_nicks);
  return g_test_run ();
}
