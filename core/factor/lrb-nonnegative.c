/* lowrank-bokeh — non-negative separable factors: K ≈ Σ wᵢ hᵢᵀ, wᵢ, hᵢ ≥ 0.
 *
 * The SVD's rank-r kernel is the best in least squares but its terms have
 * negative lobes, which a fake-HDR gamma turns into dark rings.  A sum of
 * non-negative outer products cannot go below zero, so it cannot ring.
 *
 * Method: hierarchical alternating least squares (HALS; A. Cichocki and
 * A.-H. Phan, "Fast local algorithms for large scale nonnegative matrix and
 * tensor factorizations", IEICE 2009) in the accelerated form of N. Gillis
 * and F. Glineur ("Accelerated multiplicative updates and hierarchical ALS
 * algorithms for nonnegative matrix factorization", Neural Computation
 * 2012): the products K·Hᵀ and Kᵀ·W cost rows·cols·r and are made once per
 * half-sweep, while one pass over the r columns costs only (rows + cols)·r²,
 * so several passes reuse each product.  Each column update is the exact
 * non-negative least-squares minimizer with the others fixed, so the error
 * never rises.  Started from NNDSVD (C. Boutsidis and E. Gallopoulos, "SVD
 * based initialization: a head start for nonnegative matrix
 * factorization", Pattern Recognition 2008), which reuses the SVD the
 * analysis already has and makes the result deterministic.
 *
 * Stopping rule (documented in docs/nonnegative.md): after each sweep the
 * relative error e is computed from the Gram matrices; stop when a sweep
 * lowers e by less than LRB_NONNEGATIVE_TOLERANCE · e, or after
 * LRB_NONNEGATIVE_MAX_SWEEPS sweeps.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Below this (relative to the largest |entry|) a negative entry is rounding
 * noise of a kernel meant to be non-negative, and counts as zero. */
#define NEGATIVE_NOISE 1e-12
/* HALS keeps entries at this floor while iterating, so no column collapses
 * to exactly zero and stops being updated; cleared to 0 at the end. */
#define FLOOR 1e-300
/* Gillis–Glineur: inner passes while the update is still ≥ 1 % of the
 * first one, at most 1 + α·ρ of them (ρ: product cost over pass cost). */
#define INNER_EPSILON 0.01
#define INNER_ALPHA   0.5

/* The y += a·x loops in AVX2 where the processor has it.  No FMA: plain
 * multiplies and adds give the same bits on every processor. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VECTOR_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

typedef struct
{
  gint           rows, cols, rank;
  const gdouble *k;      /* rows × cols */
  gdouble       *kt;     /* cols × rows: Kᵀ, so both products stream rows */
  gdouble       *w;      /* rank × rows: column filters */
  gdouble       *h;      /* rank × cols: row filters */
  gdouble       *prod;   /* rank × max(rows, cols): K·Hᵀ or Kᵀ·W */
  gdouble       *gram;   /* rank × rank: H·Hᵀ or Wᵀ·W */
  gdouble       *gram_w; /* Wᵀ·W of the last W update, for the error */
  gdouble       *residual; /* max(rows, cols) */
  gdouble        norm_sq;
} Hals;

gboolean
lrb_kernel_check_non_negative (const LrbKernel *kernel, GError **error)
{
  gdouble max_abs = lrb_kernel_max_abs (kernel);

  for (gint r = 0; r < kernel->rows; r++)
    for (gint c = 0; c < kernel->cols; c++)
      {
        gdouble v = lrb_kernel_get (kernel, r, c);

        if (v < -NEGATIVE_NOISE * max_abs)
          {
            g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                         "non-negative factors need a kernel without negative entries, "
                         "but this one has %g at row %d, column %d (a band-pass or "
                         "sharpening kernel?): use the SVD factorization for it",
                         v, r + 1, c + 1);
            return FALSE;
          }
      }
  return TRUE;
}

/* Four partial sums: the additions no longer wait on each other, and the
 * order stays fixed, so results do not depend on the compiler. */
static gdouble
dot (const gdouble *a, const gdouble *b, gint n)
{
  gdouble s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  gint    i = 0;

  for (; i + 4 <= n; i += 4)
    {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
  for (; i < n; i++)
    s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

/* prod[t] = Σⱼ f[t][j] · mᵀ[j] for rank vectors f[t] of n and the n × len
 * matrix mt (row j of mt is column j of the matrix applied): y += a·x
 * loops, which vectorize, over one row of mt at a time while it is in L1. */
VECTOR_CLONES static void
multiply (const gdouble *mt, gint n, gint len, const gdouble *f, gint rank, gdouble *prod)
{
  memset (prod, 0, sizeof (gdouble) * rank * len);
  for (gint j = 0; j < n; j++)
    {
      const gdouble *row = mt + (gsize) j * len;

      for (gint t = 0; t < rank; t++)
        {
          gdouble  a = f[(gsize) t * n + j];
          gdouble *y = prod + (gsize) t * len;

          if (a != 0.0)
            for (gint i = 0; i < len; i++)
              y[i] += a * row[i];
        }
    }
}

static void
gram_of (const gdouble *f, gint n, gint rank, gdouble *gram)
{
  for (gint a = 0; a < rank; a++)
    for (gint b = a; b < rank; b++)
      gram[a * rank + b] = gram[b * rank + a] =
        dot (f + (gsize) a * n, f + (gsize) b * n, n);
}

/* One HALS half-sweep: the `n`-vectors x[t] (W's columns or H's rows)
 * minimize ‖K − W H‖ with the other side fixed; `prod` and `gram` describe
 * that side.  Repeated passes reuse them (Gillis–Glineur). */
VECTOR_CLONES static void
update_side (Hals *s, gdouble *x, gint n, gint other_n)
{
  gint    rank = s->rank;
  gint    max_passes = 1 + (gint) (INNER_ALPHA * (1.0 + (gdouble) other_n / (rank + 1)));
  gdouble first_change = 0.0;

  for (gint pass = 0; pass < max_passes; pass++)
    {
      gdouble change = 0.0;

      for (gint t = 0; t < rank; t++)
        {
          gdouble *xt = x + (gsize) t * n;
          gdouble  diag = s->gram[t * rank + t];

          if (!(diag > 0.0))
            continue;
          /* residual = prod − X·G[·][t], one y += a·x loop per term. */
          memcpy (s->residual, s->prod + (gsize) t * n, sizeof (gdouble) * n);
          for (gint u = 0; u < rank; u++)
            {
              gdouble        g = s->gram[u * rank + t];
              const gdouble *xu = x + (gsize) u * n;

              for (gint i = 0; i < n; i++)
                s->residual[i] -= g * xu[i];
            }
          /* xt + residual/diag is the minimizer with the others fixed. */
          for (gint i = 0; i < n; i++)
            {
              gdouble v = MAX (FLOOR, xt[i] + s->residual[i] / diag);

              change += (v - xt[i]) * (v - xt[i]);
              xt[i] = v;
            }
        }
      if (pass == 0)
        first_change = change;
      else if (change <= INNER_EPSILON * INNER_EPSILON * first_change)
        break;
    }
}

/* ‖K − W H‖² / ‖K‖² from prod = Kᵀ·W (cols-vectors), H and the Grams. */
static gdouble
relative_error_sq (const Hals *s, const gdouble *gram_h)
{
  gdouble cross = 0.0, model = 0.0;

  for (gint t = 0; t < s->rank; t++)
    cross += dot (s->prod + (gsize) t * s->cols, s->h + (gsize) t * s->cols, s->cols);
  for (gint i = 0; i < s->rank * s->rank; i++)
    model += s->gram_w[i] * gram_h[i];
  return MAX (0.0, s->norm_sq - 2.0 * cross + model) / s->norm_sq;
}

/* NNDSVD: term 0 is |σ₀ u₀ v₀ᵀ| (one-signed for a non-negative K); term t
 * keeps the larger of the positive and negative parts of uₜ vₜᵀ. */
static void
nndsvd_start (Hals *s, const LrbAnalysis *a)
{
  gint n = a->n_values;

  for (gint t = 0; t < s->rank; t++)
    {
      gdouble *w = s->w + (gsize) t * s->rows, *h = s->h + (gsize) t * s->cols;
      gdouble  sigma = t < n ? a->singular_values[t] : 0.0;
      gdouble  up = 0, un = 0, vp = 0, vn = 0, sign, scale_w, scale_h, mass;

      for (gint i = 0; i < s->rows; i++)
        {
          gdouble x = t < n ? a->u[(gsize) i * n + t] : 0.0;

          up += x > 0 ? x * x : 0.0;
          un += x < 0 ? x * x : 0.0;
        }
      for (gint j = 0; j < s->cols; j++)
        {
          gdouble y = t < n ? a->vt[(gsize) t * a->cols + j] : 0.0;

          vp += y > 0 ? y * y : 0.0;
          vn += y < 0 ? y * y : 0.0;
        }
      up = sqrt (up), un = sqrt (un), vp = sqrt (vp), vn = sqrt (vn);
      if (t == 0 || up * vp >= un * vn)
        sign = 1.0, mass = t == 0 ? 1.0 : up * vp, scale_w = up, scale_h = vp;
      else
        sign = -1.0, mass = un * vn, scale_w = un, scale_h = vn;
      if (t == 0)
        /* Perron–Frobenius: u₀ and v₀ are one-signed; take |·|. */
        scale_w = scale_h = 1.0;

      for (gint i = 0; i < s->rows; i++)
        {
          gdouble x = t < n ? a->u[(gsize) i * n + t] : 0.0;

          x = t == 0 ? fabs (x) : MAX (0.0, sign * x);
          w[i] = scale_w > 0 ? sqrt (sigma * mass) * x / scale_w : 0.0;
        }
      for (gint j = 0; j < s->cols; j++)
        {
          gdouble y = t < n ? a->vt[(gsize) t * a->cols + j] : 0.0;

          y = t == 0 ? fabs (y) : MAX (0.0, sign * y);
          h[j] = scale_h > 0 ? sqrt (sigma * mass) * y / scale_h : 0.0;
        }
      /* Zeros start at the floor (see FLOOR). */
      for (gint i = 0; i < s->rows; i++)
        w[i] = MAX (w[i], FLOOR);
      for (gint j = 0; j < s->cols; j++)
        h[j] = MAX (h[j], FLOOR);
    }
}

typedef struct
{
  gdouble scale;
  gint    index;
} Term;

static gint
compare_terms (gconstpointer pa, gconstpointer pb)
{
  const Term *a = pa, *b = pb;

  if (a->scale != b->scale)
    return a->scale > b->scale ? -1 : 1;
  return a->index - b->index;
}

/* Largest terms first, √(scale) in both vectors as lrb_factors_new does,
 * the floor cleared to exact zeros, and one common factor that gives
 * Σ K_r = Σ K: least squares alone lets a flat area come out ≈1 % too
 * bright, and the Frobenius error grows by less than 1 % for it. */
static LrbFactors *
finish (const Hals *s)
{
  gdouble          kernel_sum = 0.0, approx_sum = 0.0, gain;

  LrbFactors     *f = g_new0 (LrbFactors, 1);
  g_autofree Term *terms = g_new (Term, s->rank);

  f->rank = s->rank;
  f->rows = s->rows;
  f->cols = s->cols;
  f->vertical = g_new0 (gdouble, (gsize) s->rank * s->rows);
  f->horizontal = g_new0 (gdouble, (gsize) s->rank * s->cols);

  for (gint t = 0; t < s->rank; t++)
    {
      gdouble nw = sqrt (dot (s->w + (gsize) t * s->rows, s->w + (gsize) t * s->rows, s->rows));
      gdouble nh = sqrt (dot (s->h + (gsize) t * s->cols, s->h + (gsize) t * s->cols, s->cols));

      terms[t].scale = nw * nh;
      terms[t].index = t;
    }
  qsort (terms, s->rank, sizeof (Term), compare_terms);

  for (gsize i = 0; i < (gsize) s->rows * s->cols; i++)
    kernel_sum += s->k[i];
  for (gint t = 0; t < s->rank; t++)
    {
      gdouble sw = 0.0, sh = 0.0;

      for (gint r = 0; r < s->rows; r++)
        sw += s->w[(gsize) t * s->rows + r];
      for (gint c = 0; c < s->cols; c++)
        sh += s->h[(gsize) t * s->cols + c];
      approx_sum += sw * sh;
    }
  gain = approx_sum > 0.0 && kernel_sum > 0.0 ? kernel_sum / approx_sum : 1.0;

  for (gint i = 0; i < s->rank; i++)
    {
      gint           t = terms[i].index;
      const gdouble *w = s->w + (gsize) t * s->rows, *h = s->h + (gsize) t * s->cols;
      gdouble        nw = sqrt (dot (w, w, s->rows)), nh = sqrt (dot (h, h, s->cols));
      gdouble        root = sqrt (gain * terms[i].scale);

      if (!(terms[i].scale > 1e-200))
        continue; /* a term that found nothing to add stays all zero */
      for (gint r = 0; r < s->rows; r++)
        f->vertical[(gsize) i * s->rows + r] = w[r] > 2 * FLOOR ? root * w[r] / nw : 0.0;
      for (gint c = 0; c < s->cols; c++)
        f->horizontal[(gsize) i * s->cols + c] = h[c] > 2 * FLOOR ? root * h[c] / nh : 0.0;
    }
  return f;
}

LrbFactors *
lrb_factors_new_nonnegative (const LrbKernel *kernel, const LrbAnalysis *analysis,
                             gint rank, GError **error)
{
  g_autoptr (LrbAnalysis) own_analysis = NULL;
  g_autofree gdouble     *block = NULL;
  g_autofree gdouble     *gram_h = NULL;
  Hals                    s = { 0 };
  gdouble                 previous = G_MAXDOUBLE;
  gint                    longest;

  if (!lrb_kernel_validate (kernel, error) || !lrb_kernel_check_non_negative (kernel, error))
    return NULL;
  if (!analysis)
    {
      if (!(own_analysis = lrb_analysis_new (kernel, error)))
        return NULL;
      analysis = own_analysis;
    }
  g_return_val_if_fail (analysis->rows == kernel->rows && analysis->cols == kernel->cols, NULL);
  if (!lrb_analysis_check_rank (analysis, rank, error))
    return NULL;

  s.rows = kernel->rows;
  s.cols = kernel->cols;
  s.rank = rank;
  s.k = kernel->data;
  longest = MAX (s.rows, s.cols);
  block = g_new (gdouble, (gsize) s.rows * s.cols + (gsize) rank * (s.rows + s.cols + longest) +
                          2 * (gsize) rank * rank + longest);
  s.kt = block;
  s.w = s.kt + (gsize) s.rows * s.cols;
  s.h = s.w + (gsize) rank * s.rows;
  s.prod = s.h + (gsize) rank * s.cols;
  s.gram = s.prod + (gsize) rank * longest;
  s.gram_w = s.gram + (gsize) rank * rank;
  s.residual = s.gram_w + (gsize) rank * rank;
  gram_h = g_new (gdouble, (gsize) rank * rank);
  for (gint r = 0; r < s.rows; r++)
    for (gint c = 0; c < s.cols; c++)
      s.kt[(gsize) c * s.rows + r] = s.k[(gsize) r * s.cols + c];
  s.norm_sq = dot (s.k, s.k, s.rows * s.cols);

  nndsvd_start (&s, analysis);
  gram_of (s.h, s.cols, rank, gram_h);

  for (gint sweep = 0; sweep < LRB_NONNEGATIVE_MAX_SWEEPS; sweep++)
    {
      gdouble e;

      /* W ← argmin with H fixed: prod = K·Hᵀ (rows-vectors), gram = H·Hᵀ. */
      multiply (s.kt, s.cols, s.rows, s.h, rank, s.prod);
      memcpy (s.gram, gram_h, sizeof (gdouble) * rank * rank);
      update_side (&s, s.w, s.rows, s.cols);

      /* H ← argmin with W fixed: prod = Kᵀ·W (cols-vectors), gram = Wᵀ·W. */
      multiply (s.k, s.rows, s.cols, s.w, rank, s.prod);
      gram_of (s.w, s.rows, rank, s.gram);
      memcpy (s.gram_w, s.gram, sizeof (gdouble) * rank * rank);
      update_side (&s, s.h, s.cols, s.rows);

      gram_of (s.h, s.cols, rank, gram_h);
      e = sqrt (relative_error_sq (&s, gram_h));
      if (previous - e < LRB_NONNEGATIVE_TOLERANCE * e)
        break;
      previous = e;
    }
  return finish (&s);
}

LrbFactors *
lrb_factors_new_for (LrbFactorization factorization, const LrbKernel *kernel,
                     const LrbAnalysis *analysis, gint rank, GError **error)
{
  if (factorization == LRB_FACTORIZATION_NONNEGATIVE)
    return lrb_factors_new_nonnegative (kernel, analysis, rank, error);
  return lrb_factors_new (analysis, rank, error);
}

gboolean
lrb_nonnegative_errors (const LrbKernel *kernel, const LrbAnalysis *analysis, gint n,
                        gdouble *errors, gdouble *lobes, GError **error)
{
  for (gint rank = 1; rank <= n; rank++)
    {
      g_autoptr (LrbFactors) f = lrb_factors_new_nonnegative (kernel, analysis, rank, error);
      g_autoptr (LrbKernel)  approx = NULL;

      if (!f)
        return FALSE;
      errors[rank - 1] = lrb_factors_relative_error (f, kernel);
      if (lobes)
        {
          approx = lrb_factors_to_kernel (f);
          lobes[rank - 1] = lrb_kernel_negative_lobe (approx);
        }
    }
  return TRUE;
}

gdouble
lrb_factors_relative_error (const LrbFactors *factors, const LrbKernel *kernel)
{
  g_autoptr (LrbKernel) approx = lrb_factors_to_kernel (factors);
  gdouble               diff = 0.0, norm = 0.0;

  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    {
      diff += (kernel->data[i] - approx->data[i]) * (kernel->data[i] - approx->data[i]);
      norm += kernel->data[i] * kernel->data[i];
    }
  return norm > 0.0 ? sqrt (diff / norm) : 0.0;
}

static const gchar *const factorization_nicks[LRB_N_FACTORIZATIONS] = { "svd", "nonnegative" };

const gchar *
lrb_factorization_to_nick (LrbFactorization factorization)
{
  g_return_val_if_fail (factorization >= 0 && factorization < LRB_N_FACTORIZATIONS, NULL);
  return factorization_nicks[factorization];
}

gboolean
lrb_factorization_from_nick (const gchar *nick, LrbFactorization *factorization)
{
  for (gint i = 0; i < LRB_N_FACTORIZATIONS; i++)
    if (g_strcmp0 (nick, factorization_nicks[i]) == 0)
      {
        *factorization = i;
        return TRUE;
      }
  return FALSE;
}
