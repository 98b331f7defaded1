/* lowrank-bokeh — how noisy a kernel is, and the rank that keeps its shape
 * and drops its noise.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-analysis.h"
#include "lrb-highlight.h"

G_BEGIN_DECLS

/* A measured kernel K = shape + noise.  The shape's singular values stand
 * out of the noise's Marchenko–Pastur bulk; past some rank the terms add
 * more noise than shape, and truncating there denoises K.  The cut is
 * Gavish & Donoho's optimal hard threshold for singular values (IEEE
 * Trans. Inf. Theory 60(8), 2014): for an m × n matrix, m ≤ n, β = m/n,
 * and white noise of σ per entry, keep σᵢ > λ*(β)·√n·σ. */
typedef struct
{
  gdouble  beta;           /* min(rows, cols) / max(rows, cols) */
  gdouble  noise;          /* σ̂: the noise's standard deviation per entry, in the
                            * kernel's units (the smaller of the two below, or as given) */
  gdouble  noise_spectrum; /* from the singular values below the threshold, fitted to
                            * the Marchenko–Pastur median */
  gdouble  noise_wavelet;  /* from the kernel's finest diagonal detail (1.4826 · MAD) */
  gboolean noise_given;    /* σ came from the caller, not estimated */
  gdouble  threshold;      /* τ = λ*(β)·√max(rows, cols)·σ̂: the noise floor */
  gint     rank;           /* the σᵢ above τ, 1 … the numerical rank */
  gboolean noisy;          /* τ stands above rounding; otherwise rank is the numerical rank */
} LrbNoiseRank;

/* Fewer singular values than this tell shape from noise by chance only:
 * the rank is then the numerical rank. */
#define LRB_NOISE_RANK_MIN_VALUES 8

/* The median of the Marchenko–Pastur law of ratio β (0 < β ≤ 1): the
 * eigenvalues of Z·Zᵀ/n for an m × n matrix Z of unit white noise. */
gdouble    lrb_marchenko_pastur_median (gdouble beta);
/* λ*(β) = √(2(β+1) + 8β / ((β+1) + √(β² + 14β + 1))): 4/√3 at β = 1. */
gdouble    lrb_gavish_donoho_lambda    (gdouble beta);
/* ω(β) = λ*(β) / √μ_β: the threshold over the median singular value when
 * the noise is unknown (about 2.858 at β = 1). */
gdouble    lrb_gavish_donoho_omega     (gdouble beta);

/* σ̂ from the Haar transform's finest diagonal detail, (a − b − c + d)/2
 * over 2 × 2 blocks, whose median absolute value a shape with flat areas
 * barely touches (Donoho & Johnstone's MAD / 0.6745). */
gdouble    lrb_kernel_noise_wavelet    (const LrbKernel *kernel);

/* The noise-aware rank of `kernel` (NULL: rebuilt from `analysis`).
 * sigma > 0 is the known noise per entry; 0 estimates it. */
void       lrb_noise_rank_choose       (const LrbAnalysis *analysis, const LrbKernel *kernel,
                                        gdouble sigma, LrbNoiseRank *choice);
/* One sentence: the rank, the noise floor and why. */
gchar     *lrb_noise_rank_describe     (const LrbNoiseRank *choice, const LrbAnalysis *analysis);

/* The rank-r kernel with its negative entries (noise and ringing) set to 0,
 * scaled to sum 1: a measured kernel as it should be applied. */
LrbKernel *lrb_kernel_denoise          (const LrbAnalysis *analysis, gint rank, GError **error);

/* The kernel to apply from a crop round one photographed light, in one
 * call (the plug-in's hook; the crop from lrb_highlight_read):
 * lrb_highlight_extract, scaled to sum 1, truncated at `rank` (0: the
 * noise-aware rank; G_MAXINT: every term), lrb_kernel_denoise.
 * `highlight`, `noise` (of the extracted kernel scaled to sum 1: σ̂ times
 * highlight->sum is the photo's noise), `rank_used` and `analysis` (the
 * extracted kernel's, for the energy plot) may be NULL. */
LrbKernel *lrb_kernel_from_highlight   (const gdouble *values, gint width, gint height,
                                        gint rank, LrbHighlight *highlight,
                                        LrbNoiseRank *noise, gint *rank_used,
                                        LrbAnalysis **analysis, GError **error);

G_END_DECLS
