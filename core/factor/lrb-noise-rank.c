/* lowrank-bokeh — the noise level of a kernel and the rank that separates
 * its shape from its noise.
 *
 * M. Gavish and D. L. Donoho, "The Optimal Hard Threshold for Singular
 * Values is 4/√3", IEEE Transactions on Information Theory 60(8), 2014:
 * for Y = X + σZ (m × n, m ≤ n, β = m/n, Z white with unit variance), the
 * hard threshold that minimizes ‖X − X̂‖_F asymptotically keeps the
 * singular values above λ*(β)·√n·σ, and with σ unknown above ω(β)·y_med,
 * y_med the median singular value.  The formulas below are the paper's;
 * the code is ours.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-noise-rank.h"

#include <float.h>
#include <math.h>

/* Φ⁻¹(3/4): the MAD of unit Gaussian noise. */
#define MAD_OF_UNIT_GAUSSIAN 0.6744897501960817

/* The Marchenko–Pastur law of ratio β has the density
 * √((b₊ − t)(t − b₋)) / (2πβt) on [b₋, b₊], b± = (1 ± √β)².  With
 * t = b₋ + (b₊ − b₋)(1 − cos θ)/2 the square root becomes a sine and the
 * integrand ((b₊ − b₋)/2)² sin²θ / (2πβt) is smooth even at β = 1, where
 * the density itself is infinite at 0: the midpoint rule then converges
 * fast.  Returns the law's mass below b₋ + (b₊ − b₋)(1 − cos θ_end)/2. */
static gdouble
marchenko_pastur_mass (gdouble beta, gdouble theta_end)
{
  const gint n = 2000;
  gdouble    lo = (1 - sqrt (beta)) * (1 - sqrt (beta));
  gdouble    hi = (1 + sqrt (beta)) * (1 + sqrt (beta));
  gdouble    half = (hi - lo) / 2, h = theta_end / n, sum = 0.0;

  for (gint i = 0; i < n; i++)
    {
      gdouble theta = (i + 0.5) * h;
      gdouble t = lo + half * (1 - cos (theta));

      sum += half * half * sin (theta) * sin (theta) / (2 * G_PI * beta * t);
    }
  return sum * h;
}

gdouble
lrb_marchenko_pastur_median (gdouble beta)
{
  gdouble lo = (1 - sqrt (beta)) * (1 - sqrt (beta));
  gdouble hi = (1 + sqrt (beta)) * (1 + sqrt (beta));
  gdouble a = 0.0, b = G_PI;

  g_return_val_if_fail (beta > 0.0 && beta <= 1.0, NAN);
  /* Bisection on θ: the mass grows with it. */
  for (gint i = 0; i < 60; i++)
    {
      gdouble mid = (a + b) / 2;

      if (marchenko_pastur_mass (beta, mid) < 0.5)
        a = mid;
      else
        b = mid;
    }
  return lo + (hi - lo) * (1 - cos ((a + b) / 2)) / 2;
}

gdouble
lrb_gavish_donoho_lambda (gdouble beta)
{
  return sqrt (2 * (beta + 1) + 8 * beta / ((beta + 1) + sqrt (beta * beta + 14 * beta + 1)));
}

gdouble
lrb_gavish_donoho_omega (gdouble beta)
{
  return lrb_gavish_donoho_lambda (beta) / sqrt (lrb_marchenko_pastur_median (beta));
}

gdouble
lrb_kernel_noise_wavelet (const LrbKernel *kernel)
{
  gint                rows = kernel->rows / 2, cols = kernel->cols / 2;
  g_autofree gdouble *detail = NULL;

  if (rows < 1 || cols < 1)
    return 0.0;
  detail = g_new (gdouble, (gsize) rows * cols);
  for (gint i = 0; i < rows; i++)
    for (gint j = 0; j < cols; j++)
      {
        gdouble a = lrb_kernel_get (kernel, 2 * i, 2 * j);
        gdouble b = lrb_kernel_get (kernel, 2 * i, 2 * j + 1);
        gdouble c = lrb_kernel_get (kernel, 2 * i + 1, 2 * j);
        gdouble d = lrb_kernel_get (kernel, 2 * i + 1, 2 * j + 1);

        /* Orthonormal: white noise of σ keeps σ; flat areas and straight
         * edges along the axes give 0. */
        detail[(gsize) i * cols + j] = fabs (a - b - c + d) / 2;
      }
  return lrb_median_in_place (detail, (gsize) rows * cols) / MAD_OF_UNIT_GAUSSIAN;
}

/* The median of the descending s[first … k), from the middle index. */
static gdouble
median_of_tail (const gdouble *s, gint first, gint k)
{
  gint count = k - first;

  return count % 2 ? s[first + count / 2]
                   : (s[first + count / 2 - 1] + s[first + count / 2]) / 2;
}

/* σ̂ from the spectrum.  The paper's σ̂ = y_med / √(n·μ_β) counts every
 * singular value as noise; a kernel's shape holds many of them, which
 * lifts the median.  So the terms above the threshold are set aside and
 * the rest read as the noise of an (m − r) × (n − r) matrix, until r
 * settles. */
static gdouble
spectrum_noise (const gdouble *s, gint m, gint n)
{
  gdouble beta = (gdouble) m / n;
  gdouble lambda = lrb_gavish_donoho_lambda (beta);
  gdouble sigma = median_of_tail (s, 0, m) / sqrt (n * lrb_marchenko_pastur_median (beta));
  gint    r = 0;

  for (gint iteration = 0; iteration < 32; iteration++)
    {
      gint next = 0;

      while (next < m && s[next] > lambda * sqrt ((gdouble) n) * sigma)
        next++;
      /* With most of the spectrum shape, what is left is too little to
       * fit: keep the last estimate. */
      if (next == r || m - next < MAX (LRB_NOISE_RANK_MIN_VALUES / 2, m / 2))
        break;
      r = next;
      sigma = median_of_tail (s, r, m) /
              sqrt ((n - r) * lrb_marchenko_pastur_median ((gdouble) (m - r) / (n - r)));
    }
  return sigma;
}

void
lrb_noise_rank_choose (const LrbAnalysis *analysis, const LrbKernel *kernel, gdouble sigma,
                       LrbNoiseRank *choice)
{
  gint                   m = analysis->n_values, n = MAX (analysis->rows, analysis->cols);
  const gdouble         *s = analysis->singular_values;
  g_autoptr (LrbKernel)  rebuilt = NULL;
  gint                   ceiling = MAX (1, analysis->numerical_rank);

  choice->beta = (gdouble) m / n;
  choice->noise_given = sigma > 0.0;
  choice->noise_spectrum = 0.0;
  choice->noise_wavelet = 0.0;
  choice->noise = 0.0;
  choice->threshold = 0.0;
  choice->noisy = FALSE;
  choice->rank = ceiling;
  if (m < LRB_NOISE_RANK_MIN_VALUES && !choice->noise_given)
    return;

  if (!kernel)
    kernel = rebuilt = lrb_analysis_reconstruct (analysis, analysis->n_values);
  choice->noise_wavelet = lrb_kernel_noise_wavelet (kernel);
  if (m >= LRB_NOISE_RANK_MIN_VALUES)
    choice->noise_spectrum = spectrum_noise (s, m, n);
  /* Shape only ever adds to either estimate (to the median singular value,
   * to the median detail), and white noise gives both the same: the
   * smaller is the one the shape spoilt less. */
  if (choice->noise_given)
    choice->noise = sigma;
  else
    choice->noise = MIN (choice->noise_spectrum, choice->noise_wavelet);

  choice->threshold = lrb_gavish_donoho_lambda (choice->beta) * sqrt ((gdouble) n) *
                      choice->noise;
  /* A floor within rounding of the largest value is no noise at all: a
   * computed kernel. */
  choice->noisy = choice->threshold > MAX (analysis->rows, analysis->cols) * DBL_EPSILON * s[0];
  if (!choice->noisy)
    return;
  choice->rank = 0;
  while (choice->rank < m && s[choice->rank] > choice->threshold)
    choice->rank++;
  choice->rank = CLAMP (choice->rank, 1, ceiling);
}

gchar *
lrb_noise_rank_describe (const LrbNoiseRank *c, const LrbAnalysis *a)
{
  gint below = a->n_values - c->rank;

  if (a->n_values < LRB_NOISE_RANK_MIN_VALUES && !c->noise_given)
    return g_strdup_printf ("rank %d, the numerical rank: %d singular values are too few "
                            "to tell shape from noise", c->rank, a->n_values);
  if (!c->noisy)
    return g_strdup_printf ("rank %d, the numerical rank: no noise found (σ̂ %.3g is within "
                            "rounding), so every term is shape", c->rank, c->noise);
  return g_strdup_printf ("rank %d: the %d largest singular value%s stand%s above the noise "
                          "floor τ = %.4g (Gavish–Donoho's optimal hard threshold "
                          "λ*(β)·√n·σ̂, λ* = %.4g for β = %.3g, n = %d, noise σ̂ = %.4g per "
                          "entry%s); the %d term%s below it carry more noise than shape",
                          c->rank, c->rank, c->rank == 1 ? "" : "s", c->rank == 1 ? "s" : "",
                          c->threshold, lrb_gavish_donoho_lambda (c->beta), c->beta,
                          MAX (a->rows, a->cols), c->noise,
                          c->noise_given ? ", as given" : "",
                          below, below == 1 ? "" : "s");
}

LrbKernel *
lrb_kernel_denoise (const LrbAnalysis *analysis, gint rank, GError **error)
{
  g_autoptr (LrbKernel) kernel = NULL;

  if (!lrb_analysis_check_rank (analysis, rank, error))
    return NULL;
  kernel = lrb_analysis_reconstruct (analysis, rank);
  /* Light is never negative: what is below 0 is noise or the truncation's
   * ringing, and would print dark rings. */
  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    kernel->data[i] = MAX (kernel->data[i], 0.0);
  if (!lrb_kernel_normalize (kernel, error))
    return NULL;
  return g_steal_pointer (&kernel);
}

LrbKernel *
lrb_kernel_from_highlight (const gdouble *values, gint width, gint height, gint rank,
                           LrbHighlight *highlight, LrbNoiseRank *noise, gint *rank_used,
                           LrbAnalysis **analysis_out, GError **error)
{
  g_autoptr (LrbKernel)   measured = lrb_highlight_extract (values, width, height, highlight,
                                                            error);
  g_autoptr (LrbAnalysis) analysis = NULL;
  LrbKernel              *kernel;
  LrbNoiseRank            choice;

  if (!measured || !lrb_kernel_normalize (measured, error) ||
      !(analysis = lrb_analysis_new (measured, error)))
    return NULL;
  lrb_noise_rank_choose (analysis, measured, 0.0, &choice);
  if (rank == 0)
    rank = choice.rank;
  else if (rank == G_MAXINT)
    rank = analysis->n_values;
  if (!(kernel = lrb_kernel_denoise (analysis, rank, error)))
    return NULL;
  if (noise)
    *noise = choice;
  if (rank_used)
    *rank_used = rank;
  if (analysis_out)
    *analysis_out = g_steal_pointer (&analysis);
  return kernel;
}
