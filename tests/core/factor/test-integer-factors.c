/* lowrank-bokeh — tests for core/factor/lrb-integer-factors.c: exact integer
 * splits K = scale · a ⊗ b of integer rank-1 kernels.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-analysis.h"

#include <math.h>
#include <string.h>

static gint64
gcd (gint64 a, gint64 b)
{
  a = ABS (a);
  b = ABS (b);
  while (b)
    {
      gint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

static gint64
gcd_of (const gint64 *v, gint n)
{
  gint64 g = 0;

  for (gint i = 0; i < n; i++)
    g = gcd (g, v[i]);
  return g;
}

static gint64
first_non_zero (const gint64 *v, gint n)
{
  for (gint i = 0; i < n; i++)
    if (v[i])
      return v[i];
  return 0;
}

/* What every split must satisfy, whatever the kernel: exact reproduction,
 * primitive vectors, the row vector's first non-zero entry positive. */
static void
check_contract (const LrbKernel *k, const LrbIntegerFactors *f)
{
  g_assert_cmpint (f->rows, ==, k->rows);
  g_assert_cmpint (f->cols, ==, k->cols);
  for (gint r = 0; r < k->rows; r++)
    for (gint c = 0; c < k->cols; c++)
      g_assert_cmpfloat ((gdouble) (f->scale * f->column[r] * f->row[c]), ==,
                         lrb_kernel_get (k, r, c));
  g_assert_cmpint (gcd_of (f->column, f->rows), ==, 1);
  g_assert_cmpint (gcd_of (f->row, f->cols), ==, 1);
  g_assert_cmpint (first_non_zero (f->row, f->cols), >, 0);
}

static LrbIntegerFactors *
factor (gint rows, gint cols, const gdouble *data)
{
  g_autoptr (LrbKernel) kernel = lrb_kernel_new_from_data (rows, cols, data, NULL);
  GError            *error = NULL;
  LrbIntegerFactors *f = lrb_integer_factors_new (kernel, &error);

  g_assert_no_error (error);
  g_clear_error (&error);
  g_assert_nonnull (f);
  if (f)
    check_contract (kernel, f);
  return f;
}

/* The row vector is fixed by the contract (first non-zero entry positive);
 * the column's sign may trade places with the scale's. */
static void
assert_vectors (const LrbIntegerFactors *f, const gint64 *column, const gint64 *row)
{
  gint64 s = first_non_zero (f->column, f->rows) * first_non_zero (column, f->rows) > 0 ? 1 : -1;

  for (gint r = 0; r < f->rows; r++)
    g_assert_cmpint (f->column[r], ==, s * column[r]);
  for (gint c = 0; c < f->cols; c++)
    g_assert_cmpint (f->row[c], ==, row[c]);
}

static void
test_sobel (void)
{
  const gdouble sobel[] = { 1, 0, -1, 2, 0, -2, 1, 0, -1 };
  const gint64 column[] = { 1, 2, 1 }, row[] = { 1, 0, -1 };
  g_autoptr (LrbIntegerFactors) f = factor (3, 3, sobel);

  if (!f)
    return;
  g_assert_cmpint (ABS (f->scale), ==, 1);
  assert_vectors (f, column, row);
}

static void
test_design_example (void)
{
  /* DESIGN.md §1: [6 24 9; 8 32 12; 2 8 3] = [3 4 1]ᵀ ⊗ [2 8 3]. */
  const gdouble k[] = { 6, 24, 9, 8, 32, 12, 2, 8, 3 };
  const gint64 column[] = { 3, 4, 1 }, row[] = { 2, 8, 3 };
  g_autoptr (LrbIntegerFactors) f = factor (3, 3, k);

  if (!f)
    return;
  g_assert_cmpint (f->scale, ==, 1);
  assert_vectors (f, column, row);
}

static void
test_common_factor_goes_to_scale (void)
{
  /* 18 · [2 9]ᵀ ⊗ [1 2]. */
  const gdouble k[] = { 36, 72, 162, 324 };
  const gint64 column[] = { 2, 9 }, row[] = { 1, 2 };
  g_autoptr (LrbIntegerFactors) f = factor (2, 2, k);

  if (!f)
    return;
  g_assert_cmpint (f->scale, ==, 18);
  assert_vectors (f, column, row);
}

static void
test_negative_kernel (void)
{
  /* −1 · the design example: the sign goes to the scale, not the row. */
  const gdouble k[] = { -6, -24, -9, -8, -32, -12, -2, -8, -3 };
  const gint64 column[] = { 3, 4, 1 }, row[] = { 2, 8, 3 };
  g_autoptr (LrbIntegerFactors) f = factor (3, 3, k);

  if (!f)
    return;
  g_assert_cmpint (ABS (f->scale), ==, 1);
  assert_vectors (f, column, row);
}

static void
test_zeros_binomial_and_single (void)
{
  /* Zero rows and columns, the first non-zero entry away from (0, 0). */
  const gdouble zeros[] = { 0, 0, 0, 0,
                            0, 3, 0, -6,
                            0, 6, 0, -12 };
  const gint64 zc[] = { 0, 1, 2 }, zr[] = { 0, 1, 0, -2 };
  const gdouble single[] = { -7 };
  gdouble binomial[25];
  const gint64 b[] = { 1, 4, 6, 4, 1 };
  g_autoptr (LrbIntegerFactors) fz = factor (3, 4, zeros);
  g_autoptr (LrbIntegerFactors) fs = factor (1, 1, single);
  g_autoptr (LrbIntegerFactors) fb = NULL;

  if (fz)
    {
      g_assert_cmpint (fz->scale, ==, 3);
      assert_vectors (fz, zc, zr);
    }
  if (fs)
    {
      g_assert_cmpint (fs->scale, ==, -7);
      g_assert_cmpint (ABS (fs->column[0]), ==, 1);
      g_assert_cmpint (fs->row[0], ==, 1);
    }

  for (gint r = 0; r < 5; r++)
    for (gint c = 0; c < 5; c++)
      binomial[r * 5 + c] = b[r] * b[c];
  fb = factor (5, 5, binomial);
  if (fb)
    {
      g_assert_cmpint (fb->scale, ==, 1);
      assert_vectors (fb, b, b);
    }
}

/* Random s·a ⊗ b: the split recovers the primitive parts (up to sign). */
static void
test_random_products (void)
{
  for (gint t = 0; t < 200; t++)
    {
      gint    rows = g_test_rand_int_range (1, 8), cols = g_test_rand_int_range (1, 8);
      gint64  a[8], b[8], s = g_test_rand_int_range (1, 50) * (g_test_rand_bit () ? 1 : -1);
      gdouble data[64];
      gint64  ga, gb;
      g_autoptr (LrbIntegerFactors) f = NULL;

      do
        for (gint i = 0; i < rows; i++)
          a[i] = g_test_rand_int_range (-30, 31);
      while (!gcd_of (a, rows));
      do
        for (gint i = 0; i < cols; i++)
          b[i] = g_test_rand_int_range (-30, 31);
      while (!gcd_of (b, cols));
      /* Make them primitive, so the expected scale is s exactly (up to sign). */
      ga = gcd_of (a, rows);
      gb = gcd_of (b, cols);
      for (gint i = 0; i < rows; i++)
        a[i] /= ga;
      for (gint i = 0; i < cols; i++)
        b[i] /= gb;
      for (gint r = 0; r < rows; r++)
        for (gint c = 0; c < cols; c++)
          data[r * cols + c] = (gdouble) (s * a[r] * b[c]);

      f = factor (rows, cols, data);
      if (!f)
        continue;
      g_assert_cmpint (ABS (f->scale), ==, ABS (s));
      for (gint r = 0; r < rows; r++)
        g_assert_cmpint (ABS (f->column[r]), ==, ABS (a[r]));
      for (gint c = 0; c < cols; c++)
        g_assert_cmpint (ABS (f->row[c]), ==, ABS (b[c]));
    }
}

static void
assert_refused (gint rows, gint cols, const gdouble *data)
{
  g_autoptr (LrbKernel) k = lrb_kernel_new_from_data (rows, cols, data, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbIntegerFactors) f = lrb_integer_factors_new (k, &error);

  g_assert_null (f);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_NOT_INTEGER_RANK1);
}

static void
test_refusals (void)
{
  /* Rank 2, though every row and column alone looks fine. */
  const gdouble rank2[] = { 1, 2, 3, 4 };
  const gdouble rank2_shared_row[] = { 2, 4, 2, 1, 2, 2 };
  const gdouble not_integer[] = { 0.5, 1, 1, 2 };
  const gdouble nearly_integer[] = { 1, 2, 2, 4.000001 };
  const gdouble zero[] = { 0, 0, 0, 0 };
  const gdouble nan[] = { 1, NAN, 2, 4 };
  const gdouble huge[] = { 1e17, 2e17, 1, 2 }; /* beyond 2^53: not exact */

  assert_refused (2, 2, rank2);
  assert_refused (2, 3, rank2_shared_row);
  assert_refused (2, 2, not_integer);
  assert_refused (2, 2, nearly_integer);
  assert_refused (2, 2, zero);
  assert_refused (2, 2, nan);
  assert_refused (2, 2, huge);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/integer-factors/sobel", test_sobel);
  g_test_add_func ("/integer-factors/design-example", test_design_example);
  g_test_add_func ("/integer-factors/common-factor-goes-to-scale", test_common_factor_goes_to_scale);
  g_test_add_func ("/integer-factors/negative-kernel", test_negative_kernel);
  g_test_add_func ("/integer-factors/zeros-binomial-single", test_zeros_binomial_and_single);
  g_test_add_func ("/integer-factors/random-products", test_random_products);
  g_test_add_func ("/integer-factors/refusals", test_refusals);

  return g_test_run ();
}
