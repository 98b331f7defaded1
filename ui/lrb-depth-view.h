/* lowrank-bokeh — the depth view: a thumbnail of the depth map with the
 * part that stays sharp tinted, where a click chooses the focus.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gtk-compat.h"

G_BEGIN_DECLS

#define LRB_TYPE_DEPTH_VIEW (lrb_depth_view_get_type ())
G_DECLARE_FINAL_TYPE (LrbDepthView, lrb_depth_view, LRB, DEPTH_VIEW, GtkDrawingArea)

/* Properties "focus" (0 … 1), "tolerance" (0 … 0.99) and "invert" (the
 * map says 1 for near), as LrbFocus: what stays sharp is tinted.  A click
 * on the picture emits "picked" (x, y, depth): the point as fractions of
 * the map's width and height, and the map's value there (NaN for none),
 * so that the dialog focuses there. */
GtkWidget *lrb_depth_view_new      (void);

/* Shows a width × height depth map (values as the blur reads them, 0 … 1;
 * copied); NULL empties the view. */
void       lrb_depth_view_set_map  (LrbDepthView *view, const gfloat *values, gint width,
                                    gint height);

/* The line under the picture; NULL: the focus and sharp range. */
void       lrb_depth_view_set_caption (LrbDepthView *view, const gchar *caption);

/* Where the picture is drawn at the current size, in widget coordinates;
 * FALSE while the view is empty. */
gboolean   lrb_depth_view_get_image_area (LrbDepthView *view, GdkRectangle *area);

G_END_DECLS
