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

/* Makes the kernels, SVDs and factors of the levels whose `needed[|level|]`
 * (0 … n) is set, on `threads` threads at once (lrb_depth_filters_get
 * makes them one by one, on the thread that asks).  Thread-safe. */
gboolean         lrb_depth_filters_make_levels (LrbDepthFilters *filters,
                                                const gboolean *needed, gint threads,
                                                GError **error);

/* With settings whose field varies (cat's eye, swirl): the frame is cut
 * into zones (lrb-field.h), each with the field's kernel at its centre
 * and that kernel's levels.  The zones of a width × height frame, and
 * zone (kx, ky)'s filters (a new reference; made the first time it is
 * asked for, thread-safe).  A new frame size makes new zones. */
gboolean         lrb_depth_filters_field_varies (const LrbDepthFilters *filters);
void             lrb_depth_filters_zone_grid (LrbDepthFilters *filters, gint width, gint height,
                                              gint *nx, gint *ny);
LrbDepthFilters *lrb_depth_filters_zone   (LrbDepthFilters *filters, gint width, gint height,
                                           gint kx, gint ky);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbDepthFilters, lrb_depth_filters_free)

G_END_DECLS
