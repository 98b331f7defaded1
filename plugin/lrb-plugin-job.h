/* lowrank-bokeh — one blur of one rectangle of a drawable, shared by the
 * final run and the dialog's preview (they differ only in the rectangle
 * and in where the result goes).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-depth-filters.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

typedef struct _LrbJob LrbJob;

/* Main thread only: builds the kernel and factors and copies the pixels
 * the blur reads (libgimp's tile transfers are not thread-safe).  With a
 * `depth` drawable (LRB_NO_DRAWABLE: none) of the same size, its pixels
 * too, for depth of field with settings->focus.  `depth_cache` (may be
 * NULL) carries the depth levels' filters from one job to the next: they
 * are reused when they fit the settings and replaced when not, so that
 * only the first of a run of previews makes them. */
LrbJob        *lrb_job_new    (LrbDrawable drawable, LrbDrawable depth,
                               const GeglRectangle *roi, const LrbSettings *settings,
                               LrbDepthFilters **depth_cache, GError **error);
/* Any thread: the blur itself, into lrb_job_result(). */
gboolean       lrb_job_run    (LrbJob *job, LrbProgressFunc progress, gpointer progress_data,
                               GCancellable *cancellable, GError **error);
GeglBuffer    *lrb_job_result (LrbJob *job);
/* Which method runs the blur and why, in a sentence for the user. */
const gchar   *lrb_job_method (LrbJob *job);
const GeglRectangle *lrb_job_roi (LrbJob *job);
void           lrb_job_free   (LrbJob *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbJob, lrb_job_free)

G_END_DECLS
