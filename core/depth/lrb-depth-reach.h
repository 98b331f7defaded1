/* lowrank-bokeh — where a depth level's blur reaches within a band of
 * rows, as few disjoint rectangles as pay: a level is convolved over
 * these, not its bounding box.  A radial depth map's levels are rings,
 * whose boxes are mostly other levels' pixels (docs/benchmarks.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>

G_BEGIN_DECLS

/* Where one level lies in one cell of the band's rows: its pixel count and
 * the bounds of its pixels, inclusive. */
typedef struct
{
  gint n_pixels;
  gint x0, y0, x1, y1;
} LrbLevelBounds;

/* `n` pixels of the level in row y from x on. */
static inline void
lrb_level_bounds_add_run (LrbLevelBounds *b, gint x, gint n, gint y)
{
  if (b->n_pixels == 0)
    b->x0 = x, b->x1 = x + n - 1, b->y0 = b->y1 = y;
  b->n_pixels += n;
  b->x0 = MIN (b->x0, x), b->x1 = MAX (b->x1, x + n - 1);
  b->y0 = MIN (b->y0, y), b->y1 = MAX (b->y1, y);
}

/* Appends to `rects` disjoint rectangles inside `band` that hold every
 * pixel of `band` within `r` (a square's half-side) of a level's pixel,
 * from the level's bounds in `n_cells` cells (`cells[i · stride]`).  The
 * band is cut into rows of `strip_height`, and rows whose reaches overlap
 * are joined into one rectangle where its cost, (w + 2r)(h + 2r) as a
 * convolution reads it, is no more than theirs apart. */
void lrb_depth_reach_rects (const LrbLevelBounds *cells, gint n_cells, gsize stride, gint r,
                            const GeglRectangle *band, gint strip_height, GArray *rects);

G_END_DECLS
