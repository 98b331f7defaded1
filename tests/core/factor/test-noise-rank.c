/* lowrank-bokeh — tests for core/factor/lrb-noise-rank.c: the
 * Marchenko–Pastur median and Gavish–Donoho's constants against the paper
 * and against random matrices; the noise level and rank of core's shapes
 * under seeded Gaussian noise of known σ, judged by the error against the
 * clean shape, which the code never sees.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-noise-rank.h"
#include "../noisy-shape-util.h"

#include <lapacke.h>
#include <math.h>

static LrbAnalysis *
analyse (const LrbKernel *k)
{
  GError      *error = NULL;
  LrbAnalysis *a = lrb_analysis_new (k, &error);

  g_assert_no_error (error);
  return a;
}

/* ‖K_r − clean‖_F / ‖clean‖_F for r = 1 … n_values (entry r − 1),
 * adding one term at a time. */
static gdouble *
errors_against (const LrbAnalysis *a, const LrbKernel *clean)
{
  gsize               size = (gsize) a->rows * a->cols;
  g_autofree gdouble *approx = g_new0 (gdouble, size);
  gdouble            *errors = g_new (gdouble, a->n_values);
  gdouble             norm = 0.0;

  for (gsize i = 0; i < size; i++)
    norm += clean->data[i] * clean->data[i];
  for (gint t = 0; t < a->n_values; t++)
    {
      gdouble diff = 0.0;

      for (gint r = 0; r < a->rows; r++)
        for (gint c = 0; c < a->cols; c++)
          {
            gsize i = (gsize) r * a->cols + c;

            approx[i] += a->u[(gsize) r * a->n_values + t] * a->singular_values[t] *
                         a->vt[(gsize) t * a->cols + c];
            diff += (approx[i] - clean->data[i]) * (approx[i] - clean->data[i]);
          }
      errors[t] = sqrt (diff / norm);
    }
  return errors;
}

/* ---- The constants ------------------------------------------------------ */

/* λ*(1) = 4/√3, the paper's title; ω(β) against the paper's fitted
 * polynomial 0.56β³ − 0.95β² + 1.82β + 1.43 (its eq. (5), good to about
 * 0.02). */
static void
test_constants (void)
{
  g_assert_cmpfloat_with_epsilon (lrb_gavish_donoho_lambda (1.0), 4.0 / sqrt (3.0), 1e-12);
  for (gdouble beta = 0.1; beta <= 1.0 + 1e-9; beta += 0.15)
    {
      gdouble poly = 0.56 * beta * beta * beta - 0.95 * beta * beta + 1.82 * beta + 1.43;

      g_assert_cmpfloat_with_epsilon (lrb_gavish_donoho_omega (beta), poly, 0.02);
    }
  /* The paper quotes ω(1) ≈ 2.858. */
  g_assert_cmpfloat_with_epsilon (lrb_gavish_donoho_omega (1.0), 2.858, 0.001);
}

/* The median eigenvalue of Z·Zᵀ/n for white Gaussian Z (m × n), from
 * LAPACK's symmetric eigensolver: the Marchenko–Pastur median by another
 * road.  Within 3 %: a 200 × 400 matrix's median scatters by about 1 %
 * from seed to seed (numpy, 5 seeds: 0.832 ± 0.009 against 0.8305). */
static void
test_marchenko_pastur_median (void)
{
  const gint sizes[][2] = { { 400, 400 }, { 200, 400 }, { 100, 500 } };
  g_autoptr (GRand) rand = g_rand_new_with_seed (29);

  for (gsize t = 0; t < G_N_ELEMENTS (sizes); t++)
    {
      gint                m = sizes[t][0], n = sizes[t][1];
      g_autofree gdouble *z = g_new (gdouble, (gsize) m * n);
      g_autofree gdouble *gram = g_new0 (gdouble, (gsize) m * m);
      g_autofree gdouble *w = g_new (gdouble, m);
      gdouble             median, expected = lrb_marchenko_pastur_median ((gdouble) m / n);

      for (gsize i = 0; i < (gsize) m * n; i++)
        z[i] = gaussian (rand);
      for (gint i = 0; i < m; i++)
        for (gint j = i; j < m; j++)
          {
            gdouble acc = 0.0;

            for (gint k = 0; k < n; k++)
              acc += z[(gsize) i * n + k] * z[(gsize) j * n + k];
            gram[(gsize) i * m + j] = gram[(gsize) j * m + i] = acc / n;
          }
      g_assert_cmpint (LAPACKE_dsyev (LAPACK_ROW_MAJOR, 'N', 'U', m, gram, m, w), ==, 0);
      median = m % 2 ? w[m / 2] : (w[m / 2 - 1] + w[m / 2]) / 2;
      g_test_message ("β = %.2f: median eigenvalue %.4f, Marchenko–Pastur %.4f",
                      (gdouble) m / n, median, expected);
      g_assert_cmpfloat (fabs (median / expected - 1.0), <, 0.03);
    }
}

/* ---- Noise alone -------------------------------------------------------- */

/* White noise has no shape: σ̂ within 5 %, nothing above the floor. */
static void
test_pure_noise (void)
{
  g_autoptr (GRand)       rand = g_rand_new_with_seed (1);
  g_autoptr (LrbKernel)   zero = lrb_kernel_new (120, 160, NULL);
  g_autoptr (LrbKernel)   noise = add_noise (zero, 0.3, rand);
  g_autoptr (LrbAnalysis) a = analyse (noise);
  LrbNoiseRank            choice;

  lrb_noise_rank_choose (a, noise, 0.0, &choice);
  g_assert_true (choice.noisy);
  g_assert_cmpfloat (fabs (choice.noise / 0.3 - 1.0), <, 0.05);
  g_assert_cmpfloat (fabs (choice.noise_spectrum / 0.3 - 1.0), <, 0.05);
  g_assert_cmpfloat (fabs (choice.noise_wavelet / 0.3 - 1.0), <, 0.05);
  g_assert_cmpfloat_with_epsilon (choice.beta, 0.75, 1e-12);
  g_assert_cmpint (choice.rank, ==, 1);
  g_assert_cmpfloat (a->singular_values[0], <, choice.threshold);
}

/* ---- Shapes under noise ------------------------------------------------- */

typedef struct
{
  const gchar *name;
  LrbShape     shape;
  gint         blades;
  gdouble      radius, rotation;
} Shape;

static const Shape shapes[] = {
  { "hexagon", LRB_SHAPE_POLYGON, 6, 15, 0 },
  { "hexagon rotated 15°", LRB_SHAPE_POLYGON, 6, 15, 15 },
  { "disc", LRB_SHAPE_DISC, 0, 15, 0 },
  { "pentagon", LRB_SHAPE_POLYGON, 5, 12, 0 },
};

/* Noise σ as a fraction of the shape's level (its inside is 1). */
static const gdouble noise_levels[] = { 0.05, 0.1, 0.2 };

/* The bar: the chosen rank's error against the clean shape is
 * below the raw noisy kernel's (by 10 % at least; by half at high noise)
 * and rank 1's, within 10 % of the best rank's, and the best rank lies
 * near the chosen one (the error curve is flat there: a rotated hexagon's
 * weak terms fade into the noise gradually).  σ̂ within 15 % of σ. */
static void
test_shapes_under_noise (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2029);

  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (gsize l = 0; l < G_N_ELEMENTS (noise_levels); l++)
      {
        const Shape            *sh = &shapes[s];
        gdouble                 sigma = noise_levels[l];
        g_autoptr (LrbKernel)   clean = clean_shape (sh->shape, sh->blades, sh->radius,
                                                     sh->rotation, 61);
        g_autoptr (LrbKernel)   noisy = add_noise (clean, sigma, rand);
        g_autoptr (LrbAnalysis) a = analyse (noisy);
        g_autofree gdouble     *errors = errors_against (a, clean);
        LrbNoiseRank            c;
        gint                    best = 1;
        gdouble                 chosen;

        lrb_noise_rank_choose (a, noisy, 0.0, &c);
        for (gint r = 1; r <= a->n_values; r++)
          if (errors[r - 1] < errors[best - 1])
            best = r;
        chosen = errors[c.rank - 1];
        g_test_message ("%s, σ %.2f: σ̂ %.4f (spectrum %.4f, wavelet %.4f), rank %d, best %d; "
                        "error %.4f, best %.4f, full %.4f, rank 1 %.4f", sh->name, sigma,
                        c.noise, c.noise_spectrum, c.noise_wavelet, c.rank, best, chosen,
                        errors[best - 1], errors[a->n_values - 1], errors[0]);
        g_assert_true (c.noisy);
        g_assert_cmpfloat (fabs (c.noise / sigma - 1.0), <, 0.15);
        g_assert_cmpfloat (chosen, <, 0.9 * errors[a->n_values - 1]);
        if (sigma >= 0.2)
          g_assert_cmpfloat (chosen, <, 0.6 * errors[a->n_values - 1]);
        g_assert_cmpfloat (chosen, <, errors[0]);
        g_assert_cmpfloat (chosen, <=, 1.1 * errors[best - 1]);
        g_assert_cmpint (abs (best - c.rank), <=, MAX (2, best / 2));
      }
}

/* More noise, fewer terms worth keeping. */
static void
test_rank_falls_with_noise (void)
{
  g_autoptr (GRand)     rand = g_rand_new_with_seed (7);
  g_autoptr (LrbKernel) clean = clean_shape (LRB_SHAPE_POLYGON, 6, 15, 0, 61);
  gint                  previous = G_MAXINT;

  for (gdouble sigma = 0.01; sigma < 0.5; sigma *= 2)
    {
      g_autoptr (LrbKernel)   noisy = add_noise (clean, sigma, rand);
      g_autoptr (LrbAnalysis) a = analyse (noisy);
      LrbNoiseRank            c;

      lrb_noise_rank_choose (a, noisy, 0.0, &c);
      g_assert_cmpint (c.rank, <=, previous);
      previous = c.rank;
    }
  g_assert_cmpint (previous, <=, 3);
}

/* A computed shape has no noise: every term it has is kept. */
static void
test_clean_kernel (void)
{
  g_autoptr (LrbKernel)   clean = clean_shape (LRB_SHAPE_POLYGON, 6, 15, 15, 41);
  g_autoptr (LrbAnalysis) a = analyse (clean);
  g_autofree gchar       *why = NULL;
  LrbNoiseRank            c;

  lrb_noise_rank_choose (a, NULL, 0.0, &c);
  g_assert_false (c.noisy);
  g_assert_cmpint (c.rank, ==, a->numerical_rank);
  why = lrb_noise_rank_describe (&c, a);
  g_assert_nonnull (strstr (why, "no noise found"));
}

/* A known σ sets the threshold by the formula, and the rank by it. */
static void
test_known_sigma (void)
{
  g_autoptr (GRand)       rand = g_rand_new_with_seed (3);
  g_autoptr (LrbKernel)   clean = clean_shape (LRB_SHAPE_DISC, 0, 10, 0, 31);
  g_autoptr (LrbKernel)   noisy = add_noise (clean, 0.1, rand);
  g_autoptr (LrbAnalysis) a = analyse (noisy);
  g_autofree gchar       *why = NULL;
  LrbNoiseRank            c;
  gint                    above = 0;

  lrb_noise_rank_choose (a, noisy, 0.1, &c);
  g_assert_true (c.noise_given);
  g_assert_cmpfloat_with_epsilon (c.threshold, 4.0 / sqrt (3.0) * sqrt (31.0) * 0.1, 1e-12);
  while (a->singular_values[above] > c.threshold)
    above++;
  g_assert_cmpint (c.rank, ==, above);
  why = lrb_noise_rank_describe (&c, a);
  g_test_message ("%s", why);
  g_assert_nonnull (strstr (why, "Gavish–Donoho"));
  g_assert_nonnull (strstr (why, "as given"));
}

/* Too few singular values to fit a noise law: the numerical rank. */
static void
test_small_kernel (void)
{
  const gdouble           data[] = { 1, 2, 1, 2, 4.5, 2, 1, 2, 1 };
  g_autoptr (LrbKernel)   k = lrb_kernel_new_from_data (3, 3, data, NULL);
  g_autoptr (LrbAnalysis) a = analyse (k);
  LrbNoiseRank            c;

  lrb_noise_rank_choose (a, k, 0.0, &c);
  g_assert_false (c.noisy);
  g_assert_cmpint (c.rank, ==, a->numerical_rank);
}

/* The denoised kernel: sum 1, nothing below 0, and the rank-r kernel
 * where that was already ≥ 0. */
static void
test_denoise (void)
{
  g_autoptr (GRand)       rand = g_rand_new_with_seed (5);
  g_autoptr (LrbKernel)   clean = clean_shape (LRB_SHAPE_POLYGON, 6, 12, 0, 41);
  g_autoptr (LrbKernel)   noisy = add_noise (clean, 0.1, rand);
  g_autoptr (LrbAnalysis) a = analyse (noisy);
  g_autoptr (LrbKernel)   denoised = NULL;
  g_autoptr (LrbKernel)   truncated = NULL;
  GError                 *error = NULL;
  LrbNoiseRank            c;
  gdouble                 sum = 0.0;

  lrb_noise_rank_choose (a, noisy, 0.0, &c);
  denoised = lrb_kernel_denoise (a, c.rank, &error);
  g_assert_no_error (error);
  truncated = lrb_analysis_reconstruct (a, c.rank);
  for (gsize i = 0; i < (gsize) denoised->rows * denoised->cols; i++)
    {
      g_assert_cmpfloat (denoised->data[i], >=, 0.0);
      sum += MAX (truncated->data[i], 0.0);
    }
  for (gsize i = 0; i < (gsize) denoised->rows * denoised->cols; i++)
    g_assert_cmpfloat_with_epsilon (denoised->data[i], MAX (truncated->data[i], 0.0) / sum,
                                    1e-15);
  g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (denoised), 1.0, 1e-12);
  /* Clipping the negatives brings it closer still to the clean shape. */
  g_assert_cmpfloat (centred_error (denoised, clean), <, centred_error (truncated, clean));
  g_assert_null (lrb_kernel_denoise (a, a->n_values + 1, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

/* The plug-in's hook, end to end: a hexagon of level 0.3 on a background
 * of 0.2 with noise σ 0.03 (a tenth of the light), off the crop's centre,
 * comes back centred, and the noise-aware rank brings it closer to the
 * clean shape than every term (the raw crop) and than rank 1. */
static void
test_kernel_from_highlight (void)
{
  g_autoptr (GRand)     rand = g_rand_new_with_seed (2029);
  g_autoptr (LrbKernel) shape = clean_shape (LRB_SHAPE_POLYGON, 6, 12, 0, 25);
  g_autofree gdouble   *photo = photo_of_light (shape, 97, 51, 0.3, 160, 120, 0.2, 0.03, rand);
  g_autofree gdouble   *crop = crop_of (photo, 160, 60, 20, 80, 80);
  g_autoptr (LrbKernel) denoised = NULL, raw = NULL, rank1 = NULL;
  GError               *error = NULL;
  LrbHighlight          h;
  LrbNoiseRank          noise;
  gint                  rank;
  gdouble               e_denoised, e_raw, e_rank1;

  denoised = lrb_kernel_from_highlight (crop, 80, 80, 0, &h, &noise, &rank, NULL, &error);
  g_assert_no_error (error);
  raw = lrb_kernel_from_highlight (crop, 80, 80, G_MAXINT, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rank1 = lrb_kernel_from_highlight (crop, 80, 80, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  e_denoised = centred_error (denoised, shape);
  e_raw = centred_error (raw, shape);
  e_rank1 = centred_error (rank1, shape);
  g_test_message ("centre (%d, %d), %d × %d, noise σ̂ %.3g (border %.3g, in kernel units "
                  "%.3g), rank %d; error %.4f, raw %.4f, rank 1 %.4f", h.centre_x, h.centre_y,
                  denoised->rows, denoised->cols, noise.noise * h.sum,
                  h.border_noise, noise.noise, rank, e_denoised, e_raw, e_rank1);
  g_assert_cmpint (h.centre_x, ==, 37);
  g_assert_cmpint (h.centre_y, ==, 31);
  g_assert_cmpint (rank, ==, noise.rank);
  /* σ̂ back in the photo's units: the kernel was scaled by 1 / its sum. */
  g_assert_cmpfloat_with_epsilon (h.sum / (0.3 * lrb_kernel_sum (shape)), 1.0, 0.05);
  g_assert_cmpfloat (fabs (noise.noise * h.sum / 0.03 - 1.0), <, 0.15);
  g_assert_cmpfloat_with_epsilon (lrb_kernel_sum (denoised), 1.0, 1e-12);
  g_assert_cmpfloat (e_denoised, <, 0.8 * e_raw);
  g_assert_cmpfloat (e_denoised, <, e_rank1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/noise-rank/constants", test_constants);
  g_test_add_func ("/noise-rank/marchenko-pastur-median", test_marchenko_pastur_median);
  g_test_add_func ("/noise-rank/pure-noise", test_pure_noise);
  g_test_add_func ("/noise-rank/shapes-under-noise", test_shapes_under_noise);
  g_test_add_func ("/noise-rank/rank-falls-with-noise", test_rank_falls_with_noise);
  g_test_add_func ("/noise-rank/clean-kernel", test_clean_kernel);
  g_test_add_func ("/noise-rank/known-sigma", test_known_sigma);
  g_test_add_func ("/noise-rank/small-kernel", test_small_kernel);
  g_test_add_func ("/noise-rank/denoise", test_denoise);
  g_test_add_func ("/noise-rank/kernel-from-highlight", test_kernel_from_highlight);

  return g_test_run ();
}
