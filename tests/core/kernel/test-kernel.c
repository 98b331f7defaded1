/* lowrank-bokeh — tests for core/kernel/lrb-kernel.c: the matrix type, its
 * validation and normalization.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel.h"

#include <math.h>
#include <string.h>

static void
test_new_is_zeroed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = lrb_kernel_new (3, 5, &error);

  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (!k)
    return;
  g_assert_cmpint (k->rows, ==, 3);
  g_assert_cmpint (k->cols, ==, 5);
  for (gint i = 0; i < 15; i++)
    g_assert_cmpfloat (k->data[i], ==, 0.0);
  /* The anchor is the centre pixel, row-major, row 0 on top. */
  g_assert_cmpint (lrb_kernel_anchor_row (k), ==, 1);
  g_assert_cmpint (lrb_kernel_anchor_col (k), ==, 2);
}

static void
test_new_size_limits (void)
{
  const gint bad[][2] = {
    { 0, 3 }, { 3, 0 }, { -1, 3 }, { 3, -7 },
    { LRB_KERNEL_MAX_SIDE + 1, 1 }, { 1, LRB_KERNEL_MAX_SIDE + 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LrbKernel) k = lrb_kernel_new (bad[i][0], bad[i][1], &error);

      g_assert_null (k);
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
    }

  /* The limit itself is allowed, on either side. */
  {
    g_autoptr (LrbKernel) row = lrb_kernel_new (1, LRB_KERNEL_MAX_SIDE, NULL);
    g_autoptr (LrbKernel) col = lrb_kernel_new (LRB_KERNEL_MAX_SIDE, 1, NULL);

    g_assert_nonnull (row);
    g_assert_nonnull (col);
  }
}

static void
test_from_data_and_copy_are_deep (void)
{
  gdouble data[6] = { 1, 2, 3, 4, 5, 6 };
  g_autoptr (LrbKernel) k = lrb_kernel_new_from_data (2, 3, data, NULL);
  g_autoptr (LrbKernel) c = NULL;

  g_assert_nonnull (k);
  if (!k)
    return;
  data[0] = 100.0;
  g_assert_cmpfloat (lrb_kernel_get (k, 0, 0), ==, 1.0);
  /* Row-major: (1, 2) is the sixth value. */
  g_assert_cmpfloat (lrb_kernel_get (k, 1, 2), ==, 6.0);
  g_assert_cmpfloat (lrb_kernel_get (k, 0, 2), ==, 3.0);

  c = lrb_kernel_copy (k);
  g_assert_true (c != k && c->data != k->data);
  g_assert_cmpint (c->rows, ==, 2);
  g_assert_cmpint (c->cols, ==, 3);
  g_assert_cmpmem (c->data, 6 * sizeof (gdouble), k->data, 6 * sizeof (gdouble));
  c->data[4] = -1.0;
  g_assert_cmpfloat (lrb_kernel_get (k, 1, 1), ==, 5.0);
}

static void
test_sum_and_max_abs (void)
{
  const gdouble data[] = { 0.5, -4.0, 1.25, 2.0 };
  g_autoptr (LrbKernel) k = lrb_kernel_new_from_data (2, 2, data, NULL);

  g_assert_cmpfloat (lrb_kernel_sum (k), ==, -0.25);
  g_assert_cmpfloat (lrb_kernel_max_abs (k), ==, 4.0);
}

static void
test_validate (void)
{
  const gdouble ok[] = { 0, 0, 1e-300, 0 };
  g_autoptr (LrbKernel) k = lrb_kernel_new_from_data (2, 2, ok, NULL);
  g_autoptr (LrbKernel) zero = lrb_kernel_new (4, 4, NULL);
  g_autoptr (GError) error = NULL;
  const gdouble bad_values[] = { NAN, INFINITY, -INFINITY };

  /* A tiny but non-zero kernel is still a kernel. */
  g_assert_true (lrb_kernel_validate (k, &error));
  g_assert_no_error (error);

  g_assert_false (lrb_kernel_validate (zero, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  g_assert_nonnull (strstr (error->message, "zero"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr (LrbKernel) b = lrb_kernel_new (3, 4, NULL);

      b->data[0] = 1.0;
      /* Row 2, column 3 in the 1-based words of the message. */
      b->data[1 * 4 + 2] = bad_values[i];
      g_assert_false (lrb_kernel_validate (b, &error));
      g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
      if (error)
        {
          g_assert_nonnull (strstr (error->message, "row 2"));
          g_assert_nonnull (strstr (error->message, "column 3"));
        }
      g_clear_error (&error);
    }
}

static void
test_normalize (void)
{
  const gdouble data[] = { 1, 2, 3, 4, 5, 6 };
  g_autoptr (LrbKernel) k = lrb_kernel_new_from_data (3, 2, data, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (lrb_kernel_normalize (k, &error));
  g_assert_no_error (error);
  /* Sum 21: each entry divided by it, so ratios are kept. */
  for (gint i = 0; i < 6; i++)
    g_assert_cmpfloat_with_epsilon (k->data[i], data[i] / 21.0, 1e-16);
  g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (k), 1.0, 1e-15);
}

static void
test_normalize_refuses_zero_and_negative_sum (void)
{
  /* A derivative filter has sum exactly 0; a flipped blur has sum < 0. */
  const gdouble band_pass[] = { 1, 0, -1, 2, 0, -2, 1, 0, -1 };
  const gdouble negative[] = { -1, -2, -1 };
  g_autoptr (LrbKernel) bp = lrb_kernel_new_from_data (3, 3, band_pass, NULL);
  g_autoptr (LrbKernel) neg = lrb_kernel_new_from_data (1, 3, negative, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (lrb_kernel_normalize (bp, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  if (error)
    g_assert_nonnull (strstr (error->message, "sum"));
  /* Refusing must leave the kernel as it was. */
  g_assert_cmpmem (bp->data, sizeof band_pass, band_pass, sizeof band_pass);
  g_clear_error (&error);

  g_assert_false (lrb_kernel_normalize (neg, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  if (error)
    g_assert_nonnull (strstr (error->message, "negative"));
  g_assert_cmpmem (neg->data, sizeof negative, negative, sizeof negative);
}

/* Rounding leaves a tiny non-zero sum on a band-pass kernel: that must not
 * pass for a positive sum and blow the kernel up by 1e16. */
static void
test_normalize_refuses_rounding_residue (void)
{
  g_autoptr (LrbKernel) k = lrb_kernel_new (1, 3, NULL);
  g_autoptr (GError) error = NULL;

  k->data[0] = 0.1;
  k->data[1] = 0.2;
  k->data[2] = -0.3; /* 0.1 + 0.2 − 0.3 = 5.6e-17 in doubles */
  g_assert_cmpfloat (lrb_kernel_sum (k), !=, 0.0);
  g_assert_false (lrb_kernel_normalize (k, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/kernel/new/zeroed-and-anchor", test_new_is_zeroed);
  g_test_add_func ("/kernel/new/size-limits", test_new_size_limits);
  g_test_add_func ("/kernel/new/from-data-and-copy-are-deep", test_from_data_and_copy_are_deep);
  g_test_add_func ("/kernel/sum-and-max-abs", test_sum_and_max_abs);
  g_test_add_func ("/kernel/validate", test_validate);
  g_test_add_func ("/kernel/normalize/sum-one", test_normalize);
  g_test_add_func ("/kernel/normalize/refuses-zero-and-negative-sum",
                   test_normalize_refuses_zero_and_negative_sum);
  g_test_add_func ("/kernel/normalize/refuses-rounding-residue",
                   test_normalize_refuses_rounding_residue);

  return g_test_run ();
}
