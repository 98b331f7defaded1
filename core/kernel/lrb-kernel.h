/* lowrank-bokeh — the kernel matrix (the point-spread function).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "lrb-error.h"

G_BEGIN_DECLS

/* Larger kernels make the SVD take minutes and are refused. */
#define LRB_KERNEL_MAX_SIDE 2049

/* A rows × cols matrix of doubles, row-major.  Row 0 is the top of the
 * kernel as drawn; the anchor is (rows / 2, cols / 2). */
typedef struct
{
  gint     rows;
  gint     cols;
  gdouble *data;
} LrbKernel;

LrbKernel *lrb_kernel_new        (gint rows, gint cols, GError **error);
LrbKernel *lrb_kernel_new_from_data (gint rows, gint cols, const gdouble *data,
                                     GError **error);
LrbKernel *lrb_kernel_copy       (const LrbKernel *kernel);
void       lrb_kernel_free       (LrbKernel *kernel);

static inline gdouble
lrb_kernel_get (const LrbKernel *kernel, gint row, gint col)
{
  return kernel->data[(gsize) row * kernel->cols + col];
}

static inline gint lrb_kernel_anchor_row (const LrbKernel *k) { return k->rows / 2; }
static inline gint lrb_kernel_anchor_col (const LrbKernel *k) { return k->cols / 2; }

gdouble    lrb_kernel_sum        (const LrbKernel *kernel);
gdouble    lrb_kernel_max_abs    (const LrbKernel *kernel);
gboolean   lrb_kernel_validate   (const LrbKernel *kernel, GError **error);
gboolean   lrb_kernel_normalize  (LrbKernel *kernel, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbKernel, lrb_kernel_free)

G_END_DECLS
