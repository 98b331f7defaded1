/* lowrank-bokeh — SVD of a kernel and what follows from it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-kernel.h"

G_BEGIN_DECLS

/* K = Σ σᵢ uᵢ vᵢᵀ, i < n_values = min(rows, cols).  Every per-rank array has
 * n_values entries; entry i describes the approximation of rank i + 1. */
typedef struct
{
  gint     rows;
  gint     cols;
  gint     n_values;
  gdouble *singular_values; /* descending */
  gdouble *u;               /* rows × n_values, column i is uᵢ */
  gdouble *vt;              /* n_values × cols, row i is vᵢ */
  gint     numerical_rank;  /* σᵢ > max(rows, cols)·ε·σ₁, as numpy's matrix_rank */
  gdouble *energy_sq;       /* Σ_{j≤i} σⱼ² / Σ σ² (what the error follows) */
  gdouble *energy_abs;      /* Σ_{j≤i} σⱼ / Σ σ (Wronski's "approximation percentage") */
  gdouble *relative_error;  /* ‖K − K_r‖_F / ‖K‖_F */
} LrbAnalysis;

/* rank·√σ folded into both vectors: K_r = Σ vertical_i ⊗ horizontal_i. */
typedef struct
{
  gint     rank;
  gint     rows;
  gint     cols;
  gdouble *vertical;   /* rank × rows: the column filters uᵢ√σᵢ */
  gdouble *horizontal; /* rank × cols: the row filters vᵢ√σᵢ */
} LrbFactors;

LrbAnalysis *lrb_analysis_new            (const LrbKernel *kernel, GError **error);
void         lrb_analysis_free           (LrbAnalysis *analysis);

/* The special ranks of every interface (settings, CLI, PDB, operation), said
 * the same way in every range error. */
#define LRB_RANK_SPECIAL_VALUES "0 chooses the rank by energy, -1 is the exact kernel"

/* 1 … n_values; the error says the range as every interface does. */
gboolean     lrb_analysis_check_rank     (const LrbAnalysis *analysis, gint rank,
                                          GError **error);
/* The smallest rank whose energy_sq reaches target (0 < target ≤ 1). */
gint         lrb_analysis_rank_for_energy (const LrbAnalysis *analysis, gdouble target);
LrbKernel   *lrb_analysis_reconstruct    (const LrbAnalysis *analysis, gint rank);
/* Ringing risk of the rank-r kernel: −min(K_r) / max(K_r), 0 when K_r ≥ 0. */
gdouble      lrb_analysis_negative_lobe  (const LrbAnalysis *analysis, gint rank);
/* The same measure for a kernel already built. */
gdouble      lrb_kernel_negative_lobe    (const LrbKernel *kernel);

LrbFactors  *lrb_factors_new             (const LrbAnalysis *analysis, gint rank,
                                          GError **error);
LrbFactors  *lrb_factors_from_kernel     (const LrbKernel *kernel, gint rank,
                                          GError **error);
LrbKernel   *lrb_factors_to_kernel       (const LrbFactors *factors);
void         lrb_factors_free            (LrbFactors *factors);

/* Which factors a rank-r filter runs: the SVD's (optimal in least squares,
 * but with negative lobes that ring) or non-negative ones (a little more
 * error, never below zero, so no dark rings).  Nicks "svd", "nonnegative". */
typedef enum
{
  LRB_FACTORIZATION_SVD         = 0,
  LRB_FACTORIZATION_NONNEGATIVE = 1,
  LRB_N_FACTORIZATIONS
} LrbFactorization;

const gchar *lrb_factorization_to_nick (LrbFactorization factorization);
gboolean     lrb_factorization_from_nick (const gchar *nick, LrbFactorization *factorization);

/* The non-negative factorization's stopping rule: stop when a sweep lowers
 * the relative error e by less than TOLERANCE·e, or after MAX_SWEEPS. */
#define LRB_NONNEGATIVE_TOLERANCE  1e-5
#define LRB_NONNEGATIVE_MAX_SWEEPS 500

/* Rank-r factors with every entry ≥ 0 minimizing ‖K − Σ vᵢ ⊗ hᵢ‖_F (HALS
 * from an NNDSVD start; lrb-nonnegative.c), deterministic, largest terms
 * first, √ of each term's scale in both vectors.  `analysis` is K's SVD
 * (NULL: made here).  A kernel with negative entries is an error
 * (LRB_ERROR_INVALID_KERNEL). */
LrbFactors  *lrb_factors_new_nonnegative (const LrbKernel *kernel, const LrbAnalysis *analysis,
                                          gint rank, GError **error);
/* What lrb_factors_new_nonnegative asks of the kernel: no entry below
 * zero (rounding noise of 1e-12 × the largest entry aside); the error names
 * the first negative entry. */
gboolean     lrb_kernel_check_non_negative (const LrbKernel *kernel, GError **error);
/* lrb_factors_new or lrb_factors_new_nonnegative. */
LrbFactors  *lrb_factors_new_for         (LrbFactorization factorization, const LrbKernel *kernel,
                                          const LrbAnalysis *analysis, gint rank, GError **error);
/* The non-negative factorization's relative error (and, when `lobes` is
 * not NULL, its negative lobe: 0) for ranks 1 … n, one factorization per
 * rank (they are not nested as the SVD's are), into arrays of n entries.
 * FALSE with an error for a kernel with negative entries. */
gboolean     lrb_nonnegative_errors      (const LrbKernel *kernel, const LrbAnalysis *analysis,
                                          gint n, gdouble *errors, gdouble *lobes,
                                          GError **error);
/* ‖K − K_r‖_F / ‖K‖_F of any factors. */
gdouble      lrb_factors_relative_error  (const LrbFactors *factors, const LrbKernel *kernel);

/* Exact integer split of an integer rank-1 kernel: K = scale · a ⊗ b with a
 * and b primitive (gcd 1) integer vectors, b's first non-zero entry
 * positive. */
typedef struct
{
  gint    rows, cols;
  gint64 *column;  /* a: rows entries */
  gint64 *row;     /* b: cols entries */
  gint64  scale;
} LrbIntegerFactors;

LrbIntegerFactors *lrb_integer_factors_new  (const LrbKernel *kernel, GError **error);
void               lrb_integer_factors_free (LrbIntegerFactors *factors);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbAnalysis, lrb_analysis_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbFactors, lrb_factors_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbIntegerFactors, lrb_integer_factors_free)

G_END_DECLS
