/* lowrank-bokeh — the kernel view: three thumbnails side by side, the
 * kernel, its rank-r approximation and their signed difference.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-analysis.h"
#include "lrb-gtk-compat.h"

G_BEGIN_DECLS

typedef enum
{
  LRB_KERNEL_VIEW_KERNEL,
  LRB_KERNEL_VIEW_APPROXIMATION,
  LRB_KERNEL_VIEW_DIFFERENCE,
  LRB_KERNEL_VIEW_N_PANELS
} LrbKernelViewPanel;

#define LRB_TYPE_KERNEL_VIEW (lrb_kernel_view_get_type ())
G_DECLARE_FINAL_TYPE (LrbKernelView, lrb_kernel_view, LRB, KERNEL_VIEW, GtkDrawingArea)

GtkWidget *lrb_kernel_view_new            (void);

/* Shows kernel and its rank-r approximation from analysis (which must be
 * the kernel's); rank is clamped to 1 … n_values.  Nothing is kept but
 * the pictures and numbers, so both may be freed afterwards.  A NULL
 * kernel or analysis empties the view. */
void       lrb_kernel_view_set            (LrbKernelView     *view,
                                           const LrbKernel   *kernel,
                                           const LrbAnalysis *analysis,
                                           gint               rank);

/* The same for any approximation of kernel (a non-negative
 * factorization's, say): approximation has the kernel's size; rank and
 * n_values are for the title; the caption says "non-negative factors" when
 * nonnegative is set (and the approximation has no negative lobe).  The error and the negative lobe are measured on approximation. */
void       lrb_kernel_view_set_approximation (LrbKernelView   *view,
                                              const LrbKernel *kernel,
                                              const LrbKernel *approximation,
                                              gint             rank,
                                              gint             n_values,
                                              gboolean         nonnegative);

/* Where a panel's image is drawn at the current size, in widget
 * coordinates; FALSE while the view is empty. */
gboolean   lrb_kernel_view_get_panel_area (LrbKernelView      *view,
                                           LrbKernelViewPanel  panel,
                                           GdkRectangle       *area);

G_END_DECLS
