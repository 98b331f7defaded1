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
