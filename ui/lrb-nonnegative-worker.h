/* lowrank-bokeh — non-negative factorizations for the dialog's curve and
 * thumbnails, computed off the GTK main loop (one factorization per rank:
 * unlike the SVD's they are not nested, and a large rank of a large kernel
 * takes seconds).  No GIMP or GTK: GLib and the core only.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-analysis.h"

G_BEGIN_DECLS

typedef enum
{
  LRB_NONNEGATIVE_CURVE,         /* ranks 1 … n, errors only */
  LRB_NONNEGATIVE_APPROXIMATION, /* one rank, with the rank-r kernel */
  LRB_NONNEGATIVE_N_KINDS
} LrbNonnegativeKind;

/* Called on the main context of the thread that made the worker, once per
 * rank as each is done (rank ascending), with the relative error
 * ‖K − K_r‖_F / ‖K‖_F and, for an approximation request, K_r (to copy,
 * not keep); or once with the error that stopped the request.  Results of
 * a request that a newer one of the same kind replaced never arrive. */
typedef void (*LrbNonnegativeResult) (LrbNonnegativeKind  kind,
                                      gint                rank,
                                      gdouble             relative_error,
                                      const LrbKernel    *approximation,
                                      const GError       *error,
                                      gpointer            data);

typedef struct _LrbNonnegativeWorker LrbNonnegativeWorker;

LrbNonnegativeWorker *lrb_nonnegative_worker_new     (LrbNonnegativeResult  result,
                                                      gpointer              data);
/* Starts over for kernel (copied): ranks 1 … rank for the curve, or the
 * one rank for an approximation; cancels the running request of that kind. */
void                  lrb_nonnegative_worker_request (LrbNonnegativeWorker *worker,
                                                      LrbNonnegativeKind    kind,
                                                      const LrbKernel      *kernel,
                                                      gint                  rank);
/* Cancels what runs, of both kinds. */
void                  lrb_nonnegative_worker_cancel  (LrbNonnegativeWorker *worker);
void                  lrb_nonnegative_worker_free    (LrbNonnegativeWorker *worker);

G_END_DECLS
