/* lowrank-bokeh — what a run convolves with, how, and who decides.
 *
 * A filter names the kernel to convolve with (the exact kernel, or its
 * rank-r approximation Σ vertical_i ⊗ horizontal_i) and the method that
 * computes it: separable 1-D passes (cost ∝ r·(M+N)), FFT overlap-save
 * tiles (cost independent of the rank and nearly of the size), or chord
 * sums for piecewise-constant kernels (cost ∝ the number of runs).  All
 * three give the same result for the same kernel, with the engine's edge
 * modes and semantics (DESIGN.md §3); they differ only in speed and
 * memory.  The planner picks the fastest from a cost model measured on
 * the project's benchmark machine, and says why.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-engine.h"

G_BEGIN_DECLS

/* The rank that means "the kernel itself", as the PDB's `rank` -1. */
#define LRB_RANK_EXACT (-1)

typedef struct _LrbFilter LrbFilter;

/* `factors` NULL: the exact `kernel`; otherwise the rank-r kernel of the
 * factors (`kernel` may then be NULL).  `method` may not be AUTO (ask
 * lrb_planner_choose).  Chord sums refuse kernels that are not piecewise
 * constant (LRB_ERROR_INVALID_ARGUMENT).  Exact by separable passes runs
 * the numerical rank's terms, from an SVD made here.
 * Call from the thread that will run the filter (FFTW's planner is
 * global and not thread-safe; plans are made on that thread). */
LrbFilter   *lrb_filter_new         (const LrbKernel *kernel, const LrbFactors *factors,
                                     LrbMethod method, GError **error);
void         lrb_filter_free        (LrbFilter *filter);

LrbMethod    lrb_filter_get_method  (const LrbFilter *filter);
/* The rank convolved with, or LRB_RANK_EXACT. */
gint         lrb_filter_get_rank    (const LrbFilter *filter);
gint         lrb_filter_get_rows    (const LrbFilter *filter);
gint         lrb_filter_get_cols    (const LrbFilter *filter);
/* Σ of the kernel convolved with (a truncated kernel does not sum to 1). */
gdouble      lrb_filter_kernel_sum  (const LrbFilter *filter);
/* A new copy of the 2-D kernel convolved with: the kernel itself, or the
 * rank-r kernel of the factors (for another way of convolving it). */
LrbKernel   *lrb_filter_to_kernel   (const LrbFilter *filter);

/* The tiles, threads and scratch a run over `output` would use. */
gboolean     lrb_filter_plan_tiles  (const LrbFilter *filter, gint n_channels,
                                     const LrbRect *output, const LrbEngineConfig *config,
                                     LrbTilePlan *plan, GError **error);

/* lrb_engine_run for any filter: convolves (not correlates), edge modes,
 * threads, progress, cancellation (G_IO_ERROR_CANCELLED) and the memory
 * bound as there.  Plans FFTs on the calling thread. */
gboolean     lrb_engine_run_filter  (const LrbFilter *filter, LrbEdgeMode edge,
                                     const LrbEngineIO *io, const LrbEngineConfig *config,
                                     LrbProgressFunc progress, gpointer progress_data,
                                     GCancellable *cancellable, LrbTilePlan *plan_out,
                                     GError **error);

/* lrb_engine_run_filter over each of `outputs` (inside io->source, not
 * overlapping) in one run, tiled as the plan for io->output: one set of
 * threads for many small rectangles. */
gboolean     lrb_engine_run_filter_rects (const LrbFilter *filter, LrbEdgeMode edge,
                                          const LrbEngineIO *io, const LrbRect *outputs,
                                          gint n_outputs, const LrbEngineConfig *config,
                                          LrbProgressFunc progress, gpointer progress_data,
                                          GCancellable *cancellable, GError **error);

/* The fastest method for convolving an n_channels image over `output` with
 * `kernel` (factors NULL: exact) or its rank-r factors.  `analysis`, when
 * given, tells the separable path how many terms the exact kernel needs
 * (its numerical rank); without it the planner makes its own SVD.
 * `why` (may be NULL) receives a sentence saying which and why. */
LrbMethod    lrb_planner_choose     (const LrbKernel *kernel, const LrbFactors *factors,
                                     const LrbAnalysis *analysis, gint n_channels,
                                     const LrbRect *output, const LrbEngineConfig *config,
                                     gchar **why);
/* The model's seconds for `method` (not AUTO), or a negative value when the
 * method cannot run this kernel (chord on a kernel that is not flat, or
 * above the memory limit). */
gdouble      lrb_planner_estimate   (LrbMethod method, const LrbKernel *kernel,
                                     const LrbFactors *factors, const LrbAnalysis *analysis,
                                     gint n_channels, const LrbRect *output,
                                     const LrbEngineConfig *config);

/* "auto", "separable", "fft", "chord". */
const gchar *lrb_method_to_nick     (LrbMethod method);
gboolean     lrb_method_from_nick   (const gchar *nick, LrbMethod *method);
/* "separable passes", "FFT", "chord sums": for sentences. */
const gchar *lrb_method_to_name     (LrbMethod method);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbFilter, lrb_filter_free)

G_END_DECLS
