/* lowrank-bokeh — the kernel painter: the kernel enlarged, painted and
 * erased with the mouse.
 *
 * The painter edits an unnormalized mask in which 1 is "full": a stroke
 * paints 1, erasing paints 0, and set_kernel scales the kernel it is given
 * so that its peak is 1 (normalizing later undoes any scale).  The caller
 * normalizes what get_kernel returns before analysing or applying it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gtk-compat.h"
#include "lrb-kernel.h"

G_BEGIN_DECLS

#define LRB_TYPE_KERNEL_PAINTER (lrb_kernel_painter_get_type ())
G_DECLARE_FINAL_TYPE (LrbKernelPainter, lrb_kernel_painter, LRB, KERNEL_PAINTER, GtkDrawingArea)

/* Properties: "brush-radius" (gdouble, kernel pixels: 0 paints one pixel),
 * "hardness" (gdouble 0 … 1: 1 paints full value out to the radius, 0
 * fades smoothly from the centre), "erase" (gboolean: the left button
 * erases; the right button always does the opposite of the left),
 * "mirror-x" (gboolean: also paint column cols − 1 − c), "mirror-y"
 * (gboolean: also paint row rows − 1 − r).
 *
 * Signals: "painting" while a stroke changes pixels; "changed" once when
 * the user changed the kernel: a stroke ends (button release), clear,
 * invert, or a paint_at outside a stroke.  set_kernel emits neither: it is
 * the caller's own change, not the user's edit. */

GtkWidget       *lrb_kernel_painter_new        (void);

/* Copies kernel (scaled to peak 1).  NULL leaves an empty painter. */
void             lrb_kernel_painter_set_kernel (LrbKernelPainter *painter,
                                                const LrbKernel  *kernel);
/* The painter's own kernel, owned by it: copy it to keep it. */
const LrbKernel *lrb_kernel_painter_get_kernel (LrbKernelPainter *painter);

void             lrb_kernel_painter_clear      (LrbKernelPainter *painter);
/* v → hi + lo − v over the mask's range [min(0, min v), max(1, max v)], so
 * a 0/1 mask swaps its zeros and ones. */
void             lrb_kernel_painter_invert     (LrbKernelPainter *painter);

/* One dab of the brush (and its mirror images) at a point of the widget.
 * Returns whether any kernel pixel changed. */
gboolean         lrb_kernel_painter_paint_at   (LrbKernelPainter *painter,
                                                gdouble           widget_x,
                                                gdouble           widget_y,
                                                gboolean          erase);

/* The kernel pixel under a point of the widget; FALSE outside the kernel. */
gboolean         lrb_kernel_painter_pixel_at   (LrbKernelPainter *painter,
                                                gdouble           widget_x,
                                                gdouble           widget_y,
                                                gint             *row,
                                                gint             *col);
/* The centre of a kernel pixel in widget coordinates (for tests and for
 * callers that place overlays). */
void             lrb_kernel_painter_pixel_centre (LrbKernelPainter *painter,
                                                  gint              row,
                                                  gint              col,
                                                  gdouble          *widget_x,
                                                  gdouble          *widget_y);

G_END_DECLS
