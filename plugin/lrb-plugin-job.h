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

/* What one job of a run of previews leaves for the next: the depth levels'
 * filters, the photo's measured grain and a camera's depth map, each
 * reused while it fits the settings and replaced when not.  Zeroed to
 * start; lrb_job_cache_clear at the end. */
typedef struct
{
  LrbDepthFilters *depth_filters;
  gboolean         grain_measured;
  LrbGrain         grain;          /* of the drawable, when grain_measured */
  GeglBuffer      *camera_map;     /* the map a camera made … */
  gint32           camera_depth_id; /* … of this drawable … */
  LrbCamera        camera;         /* … with these optics */
  gboolean         camera_invert;
  LrbFocus         camera_focus;   /* and what it set */
  gdouble          camera_radius;
} LrbJobCache;

void           lrb_job_cache_clear (LrbJobCache *cache);

/* Main thread only: builds the kernel and factors and copies the pixels
 * the blur reads (libgimp's tile transfers are not thread-safe).  With a
 * `depth` drawable (LRB_NO_DRAWABLE: none) of the same size, its pixels
 * too, for depth of field with settings->focus (or settings->camera).
 * `cache` (may be NULL) carries what a run of previews need not make
 * again. */
LrbJob        *lrb_job_new    (LrbDrawable drawable, LrbDrawable depth,
                               const GeglRectangle *roi, const LrbSettings *settings,
                               LrbJobCache *cache, GError **error);
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
