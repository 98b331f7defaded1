/* lowrank-bokeh — tests for core/factor/lrb-nonnegative.c: non-negative factors
 * never go below zero, cost little more than the SVD, are optimal against an
 * independent solver (Lee–Seung multiplicative updates run far longer),
 * reproduce non-negative separable kernels, refuse kernels with negative
 * entries, are deterministic, and run through every method as the
 * reconstructed kernel's direct convolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "filter-test-util.h"
#include "lrb-settings.h"

static LrbFactors *
nonnegative (const LrbKernel *kernel, const LrbAnalysis *analysis, gint rank)
{
  GError     *error = NULL;
  LrbFactors *factors = lrb_factors_new_nonnegative (kernel, analysis, rank, &error);

  g_assert_no_error (error);
  g_assert_nonnull (factors);
  return factors;
}

static gdouble
min_entry (const gdouble *v, gsize n)
{
  gdouble min = G_MAXDOUBLE;

  for (gsize i = 0; i < n; i++)
    min = MIN (min, v[i]);
  return min;
}

/* ‖K − A‖_F / ‖K‖_F, written out here rather than taken from the core. */
static gdouble
frobenius_error (const LrbKernel *kernel, const LrbKernel *approx)
{
  gdouble diff = 0.0, norm = 0.0;

  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    {
      diff += pow (kernel->data[i] - approx->data[i], 2);
      norm += pow (kernel->data[i], 2);
    }
  return sqrt (diff / norm);
}

/* The targets on 101×101 hexagon and disc: no entry below zero
 * anywhere (factors, reconstruction), and little more error than the SVD's
 * at the same rank.  The bounds are what HALS reaches; random restarts of
 * a reference HALS reach the same minimum (docs/nonnegative.md), so they
 * are the price of non-negativity for these kernels, not of the solver. */
static void
test_shapes_non_negative_and_close (void)
{
  const LrbShape shapes[] = { LRB_SHAPE_POLYGON, LRB_SHAPE_DISC }; /* hexagon, disc */
  const struct { gint rank; gdouble max_ratio; } ranks[] = { { 2, 1.04 }, { 4, 1.07 }, { 8, 1.10 } };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr (LrbKernel)   kernel = shape_kernel (shapes[s], 50, 0);
      g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, NULL);

      g_assert_cmpint (kernel->rows, ==, 101);
      for (guint r = 0; r < G_N_ELEMENTS (ranks); r++)
        {
          g_autoptr (LrbFactors) f = nonnegative (kernel, analysis, ranks[r].rank);
          g_autoptr (LrbKernel)  approx = lrb_factors_to_kernel (f);
          gdouble                error = frobenius_error (kernel, approx);
          gdouble                svd = analysis->relative_error[ranks[r].rank - 1];

          g_test_message ("shape %d rank %d: error %.5f, SVD %.5f, ratio %.4f", shapes[s],
                          ranks[r].rank, error, svd, error / svd);
          g_assert_cmpint (f->rank, ==, ranks[r].rank);
          g_assert_cmpfloat (min_entry (f->vertical, (gsize) f->rank * f->rows), >=, 0.0);
          g_assert_cmpfloat (min_entry (f->horizontal, (gsize) f->rank * f->cols), >=, 0.0);
          g_assert_cmpfloat (min_entry (approx->data, (gsize) approx->rows * approx->cols), >=,
                             0.0);
          g_assert_cmpfloat (lrb_kernel_negative_lobe (approx), ==, 0.0);
          g_assert_cmpfloat (error, >=, svd * (1 - 1e-9)); /* the SVD is optimal */
          g_assert_cmpfloat (error, <=, ranks[r].max_ratio * svd);
          g_assert_cmpfloat_with_epsilon (lrb_factors_relative_error (f, kernel), error, 1e-12);
        }
      /* While the SVD's rank-4 kernel rings by ≈ 18 % of its peak. */
      g_assert_cmpfloat (lrb_analysis_negative_lobe (analysis, 4), >, 0.05);
    }
}

/* More terms never fit worse, and each one adds something. */
static void
test_error_falls_with_rank (void)
{
  g_autoptr (LrbKernel)   kernel = shape_kernel (LRB_SHAPE_POLYGON, 20, 0);
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, NULL);
  gdouble                 previous = 1.0;

  for (gint rank = 1; rank <= 10; rank++)
    {
      g_autoptr (LrbFactors) f = nonnegative (kernel, analysis, rank);
      gdouble                error = lrb_factors_relative_error (f, kernel);

      g_assert_cmpfloat (error, <, previous);
      previous = error;
    }
}

/* wh = W·H, W m × rank and H rank × n, row-major. */
static void
product (const gdouble *w, const gdouble *h, gint m, gint n, gint rank, gdouble *wh)
{
  for (gint i = 0; i < m; i++)
    for (gint j = 0; j < n; j++)
      {
        gdouble acc = 0.0;

        for (gint t = 0; t < rank; t++)
          acc += w[i * rank + t] * h[t * n + j];
        wh[i * n + j] = acc;
      }
}

/* Lee–Seung multiplicative updates (a different algorithm from HALS) from a
 * seeded random start, run for many more iterations, scaled to the
 * kernel's sum as our factors are: HALS must be as good to within 1 %. */
static gdouble
multiplicative_updates_error (const LrbKernel *k, gint rank, gint iterations)
{
  gint                m = k->rows, n = k->cols;
  g_autofree gdouble *w = g_new (gdouble, (gsize) m * rank);
  g_autofree gdouble *h = g_new (gdouble, (gsize) rank * n);
  g_autofree gdouble *wh = g_new (gdouble, (gsize) m * n);
  g_autoptr (LrbKernel) approx = lrb_kernel_new (m, n, NULL);
  GRand              *rand = g_rand_new_with_seed (7);

  for (gint i = 0; i < m * rank; i++)
    w[i] = g_rand_double_range (rand, 0.01, 0.1);
  for (gint i = 0; i < rank * n; i++)
    h[i] = g_rand_double_range (rand, 0.01, 0.1);
  g_rand_free (rand);

  for (gint it = 0; it < iterations; it++)
    {
      product (w, h, m, n, rank, wh);
      /* H ← H ⊙ (WᵀK) ⊘ (WᵀWH) */
      for (gint t = 0; t < rank; t++)
        for (gint j = 0; j < n; j++)
          {
            gdouble num = 0.0, den = 1e-300;

            for (gint i = 0; i < m; i++)
              {
                num += w[i * rank + t] * k->data[i * n + j];
                den += w[i * rank + t] * wh[i * n + j];
              }
            h[t * n + j] *= num / den;
          }
      product (w, h, m, n, rank, wh);
      /* W ← W ⊙ (KHᵀ) ⊘ (WHHᵀ) */
      for (gint i = 0; i < m; i++)
        for (gint t = 0; t < rank; t++)
          {
            gdouble num = 0.0, den = 1e-300;

            for (gint j = 0; j < n; j++)
              {
                num += k->data[i * n + j] * h[t * n + j];
                den += wh[i * n + j] * h[t * n + j];
              }
            w[i * rank + t] *= num / den;
          }
    }
  product (w, h, m, n, rank, approx->data);
  {
    gdouble gain = lrb_kernel_sum (k) / lrb_kernel_sum (approx);

    for (gint i = 0; i < m * n; i++)
      approx->data[i] *= gain;
  }
  return frobenius_error (k, approx);
}

static void
test_as_good_as_an_independent_solver (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_DISC, 8, 0);

  for (gint rank = 2; rank <= 4; rank++)
    {
      g_autoptr (LrbFactors) f = nonnegative (kernel, NULL, rank);
      gdouble                ours = lrb_factors_relative_error (f, kernel);
      gdouble                reference = multiplicative_updates_error (kernel, rank, 20000);

      g_test_message ("17×17 disc rank %d: HALS %.5f, multiplicative updates %.5f", rank, ours,
                      reference);
      g_assert_cmpfloat (ours, <=, 1.01 * reference);
    }
}

/* A non-negative separable kernel is rank 1 and non-negative already: the
 * factors reproduce it, and both vectors are its own up to scale. */
static void
test_separable_kernel_reproduced (void)
{
  g_autoptr (LrbKernel) kernel = lrb_kernel_new (7, 9, NULL);
  const gdouble         column[7] = { 1, 3, 0, 2, 5, 1, 0.5 };
  const gdouble         row[9] = { 0, 1, 4, 6, 4, 1, 0, 2, 3 };

  for (gint r = 0; r < 7; r++)
    for (gint c = 0; c < 9; c++)
      kernel->data[r * 9 + c] = column[r] * row[c];
  for (gint rank = 1; rank <= 3; rank++)
    {
      g_autoptr (LrbFactors) f = nonnegative (kernel, NULL, rank);

      g_assert_cmpfloat (lrb_factors_relative_error (f, kernel), <, 1e-9);
      /* The first term carries the kernel; zeros stay exact zeros. */
      g_assert_cmpfloat (f->vertical[2], ==, 0.0);
      g_assert_cmpfloat (f->horizontal[0], ==, 0.0);
      g_assert_cmpfloat_with_epsilon (f->vertical[4] / f->vertical[0], 5.0, 1e-9);
    }
}

/* √ of each term's scale in both vectors, the largest term first, and the
 * kernel's sum kept. */
static void
test_conventions (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_POLYGON, 15, 0);
  g_autoptr (LrbFactors) f = nonnegative (kernel, NULL, 5);
  g_autoptr (LrbKernel) approx = lrb_factors_to_kernel (f);
  gdouble                previous = G_MAXDOUBLE;

  for (gint t = 0; t < f->rank; t++)
    {
      gdouble nv = 0.0, nh = 0.0;

      for (gint r = 0; r < f->rows; r++)
        nv += pow (f->vertical[t * f->rows + r], 2);
      for (gint c = 0; c < f->cols; c++)
        nh += pow (f->horizontal[t * f->cols + c], 2);
      g_assert_cmpfloat_with_epsilon (sqrt (nv), sqrt (nh), 1e-12);
      g_assert_cmpfloat (nv * nh, <=, previous);
      previous = nv * nh;
    }
  g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (approx), lrb_kernel_sum (kernel), 1e-12);
}

static void
test_deterministic (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_DISC, 30, 0);
  g_autoptr (LrbFactors) a = nonnegative (kernel, NULL, 6);
  g_autoptr (LrbFactors) b = nonnegative (kernel, NULL, 6);

  g_assert_cmpmem (a->vertical, sizeof (gdouble) * a->rank * a->rows, b->vertical,
                   sizeof (gdouble) * b->rank * b->rows);
  g_assert_cmpmem (a->horizontal, sizeof (gdouble) * a->rank * a->cols, b->horizontal,
                   sizeof (gdouble) * b->rank * b->cols);
}

/* A DoG and a sharpening kernel have negative entries: a clear error that
 * names the entry, not a silent SVD. */
static void
test_negative_kernel_refused (void)
{
  g_autoptr (LrbKernel) dog = shape_kernel (LRB_SHAPE_DOG, 10, 0);
  g_autoptr (LrbKernel) sharpen = lrb_kernel_new (3, 3, NULL);
  g_autoptr (LrbKernel) noise = shape_kernel (LRB_SHAPE_DISC, 5, 0);
  GError               *error = NULL;
  LrbFactors           *f;

  f = lrb_factors_new_nonnegative (dog, NULL, 2, &error);
  g_assert_null (f);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  g_assert_nonnull (strstr (error->message, "negative"));
  g_clear_error (&error);

  for (gint i = 0; i < 9; i++)
    sharpen->data[i] = i == 4 ? 5.0 : (i % 2 ? -1.0 : 0.0);
  f = lrb_factors_new_nonnegative (sharpen, NULL, 1, &error);
  g_assert_null (f);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  g_assert_nonnull (strstr (error->message, "row 1, column 2"));
  g_clear_error (&error);

  /* Rank out of range: the SVD's message. */
  f = lrb_factors_new_nonnegative (noise, NULL, 12, &error);
  g_assert_null (f);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Rounding noise below zero (a kernel read from a file) is zero. */
  noise->data[0] = -1e-15 * lrb_kernel_max_abs (noise);
  f = lrb_factors_new_nonnegative (noise, NULL, 3, &error);
  g_assert_no_error (error);
  lrb_factors_free (f);
}

/* Through the settings and every method: a single bright pixel becomes the
 * non-negative rank-r kernel, and an image equals the direct convolution
 * with it. */
static void
test_settings_and_methods (void)
{
  LrbSettings            s;
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFactors) factors = NULL;
  g_autoptr (LrbKernel)  approx = NULL;
  g_autoptr (LrbImage)   src = random_image (61, 47, 2);
  g_autoptr (LrbImage)   reference = lrb_image_new (61, 47, 2);
  GError                *error = NULL;
  LrbRect                rect = { 0, 0, 61, 47 };
  LrbEngineConfig        config = { 0 };

  lrb_settings_init (&s);
  s.kernel.shape = LRB_SHAPE_POLYGON;
  s.kernel.blades = 6;
  s.kernel.radius = 9;
  s.rank = 3;
  s.factorization = LRB_FACTORIZATION_NONNEGATIVE;
  g_assert_true (lrb_settings_prepare (&s, &kernel, &analysis, &factors, &error));
  g_assert_no_error (error);
  approx = lrb_factors_to_kernel (factors);
  g_assert_cmpfloat (min_entry (approx->data, (gsize) approx->rows * approx->cols), >=, 0.0);
  lrb_reference_convolve (src, approx, LRB_EDGE_CLAMP, reference);

  for (LrbMethod m = LRB_METHOD_AUTO; m <= LRB_METHOD_FFT; m++)
    {
      g_autoptr (LrbFilter) filter = NULL;
      g_autoptr (LrbImage)  out = lrb_image_new (61, 47, 2);

      s.method = m;
      filter = lrb_settings_prepare_filter (&s, kernel, analysis, 2, &rect, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (lrb_filter_get_rank (filter), ==, 3);
      g_assert_true (lrb_image_convolve_filter (src, out, filter, LRB_EDGE_CLAMP, &config, NULL,
                                                NULL, &error));
      g_assert_cmpfloat (max_difference (out, reference), <, 2e-5);
    }

  /* Under a gamma the planner keeps non-negative filters separable: the
   * FFT's absolute rounding would show in the shadows. */
  s.method = LRB_METHOD_AUTO;
  s.gamma = 7.0;
  {
    g_autofree gchar     *why = NULL;
    g_autoptr (LrbFilter) filter = lrb_settings_prepare_filter (&s, kernel, analysis, 4, &rect,
                                                                &why, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lrb_filter_get_method (filter), ==, LRB_METHOD_SEPARABLE);
    g_assert_nonnull (strstr (why, "gamma 7"));
  }
  s.gamma = 1.0;

  /* Exact ignores the factorization; an unknown one is refused. */
  s.rank = LRB_RANK_EXACT;
  s.method = LRB_METHOD_AUTO;
  {
    g_autoptr (LrbFilter) filter = lrb_settings_prepare_filter (&s, kernel, analysis, 2, &rect,
                                                                NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (lrb_filter_get_rank (filter), ==, LRB_RANK_EXACT);
  }
  s.factorization = 7;
  g_assert_false (lrb_settings_validate (&s, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "factorization"));
  g_clear_error (&error);

  /* A DoG with the non-negative factorization fails in prepare, before
   * any pixel is touched, with or without factors asked for. */
  s.factorization = LRB_FACTORIZATION_NONNEGATIVE;
  s.rank = 2;
  s.kernel.shape = LRB_SHAPE_DOG;
  g_assert_false (lrb_settings_prepare (&s, NULL, NULL, NULL, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);
  g_clear_error (&error);
  lrb_settings_clear (&s);
}

static void
test_nicks (void)
{
  LrbFactorization f;

  g_assert_cmpstr (lrb_factorization_to_nick (LRB_FACTORIZATION_SVD), ==, "svd");
  g_assert_cmpstr (lrb_factorization_to_nick (LRB_FACTORIZATION_NONNEGATIVE), ==, "nonnegative");
  g_assert_true (lrb_factorization_from_nick ("nonnegative", &f));
  g_assert_cmpint (f, ==, LRB_FACTORIZATION_NONNEGATIVE);
  g_assert_false (lrb_factorization_from_nick ("nmf", &f));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nonnegative/shapes-non-negative-and-close", test_shapes_non_negative_and_close);
  g_test_add_func ("/nonnegative/error-falls-with-rank", test_error_falls_with_rank);
  g_test_add_func ("/nonnegative/as-good-as-an-independent-solver",
                   test_as_good_as_an_independent_solver);
  g_test_add_func ("/nonnegative/separable-kernel-reproduced", test_separable_kernel_reproduced);
  g_test_add_func ("/nonnegative/conventions", test_conventions);
  g_test_add_func ("/nonnegative/deterministic", test_deterministic);
  g_test_add_func ("/nonnegative/negative-kernel-refused", test_negative_kernel_refused);
  g_test_add_func ("/nonnegative/settings-and-methods", test_settings_and_methods);
  g_test_add_func ("/nonnegative/nicks", test_nicks);
  return g_test_run ();
}
