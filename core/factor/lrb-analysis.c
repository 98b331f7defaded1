/* lowrank-bokeh — SVD of a kernel through LAPACKE (dgesdd).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-analysis.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

LrbAnalysis *
lrb_analysis_new (const LrbKernel *kernel, GError **error)
{
  gint               m = kernel->rows, n = kernel->cols, k = MIN (m, n);
  g_autofree gdouble *a = g_memdup2 (kernel->data, sizeof (gdouble) * m * n);
  LrbAnalysis       *analysis;
  gdouble           *s;
  gdouble            total_sq = 0.0, total_abs = 0.0, acc_sq = 0.0, acc_abs = 0.0, tail_sq;
  lapack_int         info;

  if (!lrb_kernel_validate (kernel, error))
    return NULL;

  analysis = g_new0 (LrbAnalysis, 1);
  analysis->rows = m;
  analysis->cols = n;
  analysis->n_values = k;
  analysis->singular_values = s = g_new (gdouble, k);
  analysis->u = g_new (gdouble, (gsize) m * k);
  analysis->vt = g_new (gdouble, (gsize) k * n);

  /* dgesdd overwrites its input, hence the copy in `a`. */
  info = LAPACKE_dgesdd (LAPACK_ROW_MAJOR, 'S', m, n, a, n, s,
                         analysis->u, k, analysis->vt, n);
  if (info != 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_NUMERIC,
                   "singular value decomposition failed (LAPACK dgesdd info %d)", (gint) info);
      lrb_analysis_free (analysis);
      return NULL;
    }

  analysis->numerical_rank = 0;
  for (gint i = 0; i < k; i++)
    if (s[i] > MAX (m, n) * DBL_EPSILON * s[0])
      analysis->numerical_rank++;

  analysis->energy_sq = g_new (gdouble, k);
  analysis->energy_abs = g_new (gdouble, k);
  analysis->relative_error = g_new (gdouble, k);
  for (gint i = 0; i < k; i++)
    {
      total_sq += s[i] * s[i];
      total_abs += s[i];
    }
  /* The tail Σ_{j>i} σⱼ², summed from the smallest so that tiny errors
   * keep their precision. */
  tail_sq = 0.0;
  for (gint i = k - 1; i >= 0; i--)
    {
      analysis->relative_error[i] = sqrt (tail_sq / total_sq);
      tail_sq += s[i] * s[i];
    }
  for (gint i = 0; i < k; i++)
    {
      acc_sq += s[i] * s[i];
      acc_abs += s[i];
      analysis->energy_sq[i] = acc_sq / total_sq;
      analysis->energy_abs[i] = acc_abs / total_abs;
    }
  return analysis;
}

void
lrb_analysis_free (LrbAnalysis *analysis)
{
  if (!analysis)
    return;
  g_free (analysis->singular_values);
  g_free (analysis->u);
  g_free (analysis->vt);
  g_free (analysis->energy_sq);
  g_free (analysis->energy_abs);
  g_free (analysis->relative_error);
  g_free (analysis);
}

gboolean
lrb_analysis_check_rank (const LrbAnalysis *analysis, gint rank, GError **error)
{
  if (rank < 1 || rank > analysis->n_values)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "rank %d is out of range: a %d×%d kernel has ranks 1 to %d "
                   "(" LRB_RANK_SPECIAL_VALUES ")",
                   rank, analysis->rows, analysis->cols, analysis->n_values);
      return FALSE;
    }
  return TRUE;
}

gint
lrb_analysis_rank_for_energy (const LrbAnalysis *analysis, gdouble target)
{
  for (gint i = 0; i < analysis->n_values; i++)
    if (analysis->energy_sq[i] >= target - 1e-12)
      return i + 1;
  return analysis->n_values;
}

LrbKernel *
lrb_analysis_reconstruct (const LrbAnalysis *analysis, gint rank)
{
  LrbKernel *kernel = lrb_kernel_new (analysis->rows, analysis->cols, NULL);
  gint       k = analysis->n_values;

  rank = CLAMP (rank, 1, k);
  for (gint row = 0; row < analysis->rows; row++)
    for (gint col = 0; col < analysis->cols; col++)
      {
        gdouble acc = 0.0;

        for (gint i = 0; i < rank; i++)
          acc += analysis->u[row * k + i] * analysis->singular_values[i] *
                 analysis->vt[(gsize) i * analysis->cols + col];
        kernel->data[(gsize) row * analysis->cols + col] = acc;
      }
  return kernel;
}

gdouble
lrb_kernel_negative_lobe (const LrbKernel *kernel)
{
  gdouble min = 0.0, max = 0.0;

  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    {
      min = MIN (min, kernel->data[i]);
      max = MAX (max, kernel->data[i]);
    }
  /* min ≤ 0 always: 0 − min keeps a non-negative kernel at +0, not −0. */
  return max > 0.0 ? (0.0 - min) / max : 0.0;
}

gdouble
lrb_analysis_negative_lobe (const LrbAnalysis *analysis, gint rank)
{
  g_autoptr (LrbKernel) approx = lrb_analysis_reconstruct (analysis, rank);

  return lrb_kernel_negative_lobe (approx);
}

/* The sign a vector "has": its sum's, or its largest entry's when the sum
 * vanishes (an antisymmetric filter such as a derivative). */
static gdouble
sign_of_vector (const gdouble *v, gint n, gint stride)
{
  gdouble sum = 0.0, norm1 = 0.0, max_abs = 0.0;

  for (gint i = 0; i < n; i++)
    {
      gdouble x = v[(gsize) i * stride];

      sum += x;
      norm1 += fabs (x);
      max_abs = MAX (max_abs, fabs (x));
    }
  if (fabs (sum) > 1e-9 * norm1)
    return sum > 0 ? 1.0 : -1.0;
  /* The first of the largest entries: an odd filter has two, +m and −m,
   * equal up to rounding, and rounding must not choose between them. */
  for (gint i = 0; i < n; i++)
    {
      gdouble x = v[(gsize) i * stride];

      if (fabs (x) >= (1.0 - 1e-9) * max_abs)
        return x >= 0 ? 1.0 : -1.0;
    }
  return 1.0;
}

LrbFactors *
lrb_factors_new (const LrbAnalysis *analysis, gint rank, GError **error)
{
  LrbFactors *factors;
  gint        k = analysis->n_values;

  if (!lrb_analysis_check_rank (analysis, rank, error))
    return NULL;

  factors = g_new0 (LrbFactors, 1);
  factors->rank = rank;
  factors->rows = analysis->rows;
  factors->cols = analysis->cols;
  factors->vertical = g_new (gdouble, (gsize) rank * analysis->rows);
  factors->horizontal = g_new (gdouble, (gsize) rank * analysis->cols);

  for (gint i = 0; i < rank; i++)
    {
      gdouble root = sqrt (analysis->singular_values[i]);
      gdouble su = sign_of_vector (analysis->u + i, analysis->rows, k);
      /* Making the column filter positive makes the row filter positive
       * too whenever the term itself has a positive sum. */
      gdouble flip = su;

      for (gint r = 0; r < analysis->rows; r++)
        factors->vertical[(gsize) i * analysis->rows + r] = flip * root * analysis->u[r * k + i];
      for (gint c = 0; c < analysis->cols; c++)
        factors->horizontal[(gsize) i * analysis->cols + c] =
          flip * root * analysis->vt[(gsize) i * analysis->cols + c];
    }
  return factors;
}

LrbFactors *
lrb_factors_from_kernel (const LrbKernel *kernel, gint rank, GError **error)
{
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, error);

  return analysis ? lrb_factors_new (analysis, rank, error) : NULL;
}

LrbKernel *
lrb_factors_to_kernel (const LrbFactors *factors)
{
  LrbKernel *kernel = lrb_kernel_new (factors->rows, factors->cols, NULL);

  for (gint i = 0; i < factors->rank; i++)
    for (gint r = 0; r < factors->rows; r++)
      for (gint c = 0; c < factors->cols; c++)
        kernel->data[(gsize) r * factors->cols + c] +=
          factors->vertical[(gsize) i * factors->rows + r] *
          factors->horizontal[(gsize) i * factors->cols + c];
  return kernel;
}

void
lrb_factors_free (LrbFactors *factors)
{
  if (!factors)
    return;
  g_free (factors->vertical);
  g_free (factors->horizontal);
  g_free (factors);
}
