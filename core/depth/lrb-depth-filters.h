/* lowrank-bokeh — the filters of every depth level, made once and shared:
 * a depth-of-field run needs up to 2 × 64 + 1 of them, and the GEGL
 * operation and the dialog's preview render many times with the same
 * kernel.  Each level's kernel and SVD are made the first time the level
 * is needed, each method's filter the first time the planner picks it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-settings.h"

G_BEGIN_DECLS

typedef struct _LrbDepthFilters LrbDepthFilters;

/* For settings' kernel (`full` is its kernel at full defocus, from
 * lrb_settings_prepare), rank, method and factorization.  Rank 0 takes
 * the rank the full kernel's energy gives (settings->energy_target) for
 * every level.  Copies what it needs. */
LrbDepthFilters *lrb_depth_filters_new    (const LrbSettings *settings, const LrbKernel *full);
/* Filters are shared by reference (the dialog's preview hands them from
 * one render to the next while an older render may still use them);
 * lrb_depth_filters_free drops one reference. */
LrbDepthFilters *lrb_depth_filters_ref    (LrbDepthFilters *filters);
void             lrb_depth_filters_free   (LrbDepthFilters *filters);
/* Whether `filters` were made for this full kernel (compared value by
 * value: a painted kernel keeps its file name when it changes) and the
 * settings' rank, energy target, method and factorization. */
gboolean         lrb_depth_filters_matches (const LrbDepthFilters *filters,
                                            const LrbSettings *settings,
                                            const LrbKernel *full);

/* The levels of the full kernel's radius. */
const LrbFocusLevels *lrb_depth_filters_levels (const LrbDepthFilters *filters);
const LrbKernel *lrb_depth_filters_full   (const LrbDepthFilters *filters);

/* The filter of `level` (−n … n; its sign does not matter) for convolving
 * n_channels over `output`: the method the filters were made for, or the
 * planner's (kept to separable passes when `look` needs the shadows'
 * precision, as lrb_settings_prepare_filter); `config` gives the
 * planner's threads and memory.  Owned by `filters`; thread-safe. */
const LrbFilter *lrb_depth_filters_get    (LrbDepthFilters *filters, gint level,
                                           gint n_channels, const LrbRect *output,
                                           gdouble gamma, const LrbHighlights *highlights,
                                           const LrbEngineConfig *config, GError **error);

/* The same for the image reduced `factor` times (1, 2 or 4: see
 * lrb_depth_filters_reduction), the level's kernel drawn that much
 * smaller. */
const LrbFilter *lrb_depth_filters_get_reduced (LrbDepthFilters *filters, gint level,
                                                gint factor, gint n_channels,
                                                const LrbRect *output, gdouble gamma,
                                                const LrbHighlights *highlights,
                                                const LrbEngineConfig *config, GError **error);

/* Σ of the kernel `level` convolves with at `factor` (its rank-r
 * approximation), which a reduced level's colour is scaled by to match
 * the full-resolution one's; NaN when the level cannot be made. */
gdouble          lrb_depth_filters_level_sum (LrbDepthFilters *filters, gint level,
                                              gint factor, GError **error);

/* A level of radius ρ ≥ LRB_DEPTH_REDUCE_RADIUS is convolved at half the
 * resolution, ρ ≥ 2 LRB_DEPTH_REDUCE_RADIUS at a quarter, its kernel
 * scaled to match, and laid at full resolution by bilinear interpolation:
 * its blur carries no detail finer than that.  Against full resolution
 * the difference stays within 2 8-bit steps on points, edges and photos
 * (tests/core/depth/test-depth-reduced.c, docs/benchmarks.md). */
#define LRB_DEPTH_REDUCE_RADIUS 18.0

/* The factor level `level` runs at: 1 (full resolution), 2 or 4; always 1
 * with γ > 1 or the highlight boost, whose brightened points would show
 * the softer kernel edge, or after lrb_depth_filters_set_reduce (FALSE). */
gint             lrb_depth_filters_reduction (const LrbDepthFilters *filters, gint level,
                                              gdouble gamma, const LrbHighlights *highlights);
/* TRUE by default; FALSE convolves every level at full resolution (the
 * reference the tests compare against). */
void             lrb_depth_filters_set_reduce (LrbDepthFilters *filters, gboolean reduce);

/* Makes the kernels, SVDs and factors of the levels whose `needed[|level|]`
 * (0 … n) is not 0: full resolution, and when it is 2 or 4, at that
 * reduction too; on `threads` threads at once (lrb_depth_filters_get
 * makes them one by one, on the thread that asks).  Thread-safe. */
gboolean         lrb_depth_filters_make_levels (LrbDepthFilters *filters,
                                                const gint *needed, gint threads,
                                                GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbDepthFilters, lrb_depth_filters_free)

G_END_DECLS
