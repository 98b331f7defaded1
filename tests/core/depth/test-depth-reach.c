/* lowrank-bokeh — a level's reach as rectangles, against a pixel-by-pixel
 * dilation of the level: every pixel reached is in exactly one
 * rectangle, none lies outside the band, and a thin diagonal level is
 * not convolved over its whole bounding box.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "lrb-depth-reach.h"

#define W      300
#define H      420   /* the rows scanned: the band and what reaches it */
#define CELL_W 64
#define CELL_H 64

/* The level's bounds per cell of the mask, as lrb-gegl-depth.c scans them. */
static LrbLevelBounds *
cells_of (const guint8 *mask, gint *n_cells)
{
  gint            nx = (W + CELL_W - 1) / CELL_W, ny = (H + CELL_H - 1) / CELL_H;
  LrbLevelBounds *cells = g_new0 (LrbLevelBounds, nx * ny);

  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++)
      if (mask[y * W + x])
        lrb_level_bounds_add_run (&cells[(y / CELL_H) * nx + x / CELL_W], x, 1, y);
  *n_cells = nx * ny;
  return cells;
}

/* Checks the rectangles of `mask` reached by `r` in rows 80 … 339;
 * returns their total area. */
static gint64
check_reach (const guint8 *mask, gint r)
{
  GeglRectangle       band = { 0, 80, W, 260 };
  g_autoptr (GArray)  rects = g_array_new (FALSE, FALSE, sizeof (GeglRectangle));
  g_autofree guint8  *count = g_new0 (guint8, W * H);
  gint                n_cells;
  g_autofree LrbLevelBounds *cells = cells_of (mask, &n_cells);
  gint64              area = 0;

  lrb_depth_reach_rects (cells, n_cells, 1, r, &band, 64, rects);
  for (guint i = 0; i < rects->len; i++)
    {
      const GeglRectangle *q = &g_array_index (rects, GeglRectangle, i);

      g_assert_true (gegl_rectangle_contains (&band, q));
      g_assert_cmpint (q->width, >, 0);
      g_assert_cmpint (q->height, >, 0);
      area += (gint64) q->width * q->height;
      for (gint y = q->y; y < q->y + q->height; y++)
        for (gint x = q->x; x < q->x + q->width; x++)
          count[y * W + x]++;
    }
  for (gint y = band.y; y < band.y + band.height; y++)
    for (gint x = 0; x < W; x++)
      {
        gboolean reached = FALSE;

        for (gint v = MAX (0, y - r); v <= MIN (H - 1, y + r) && !reached; v++)
          for (gint u = MAX (0, x - r); u <= MIN (W - 1, x + r) && !reached; u++)
            reached = mask[v * W + u];
        /* Disjoint, and every pixel reached covered. */
        g_assert_cmpint (count[y * W + x], <=, 1);
        if (reached)
          g_assert_cmpint (count[y * W + x], ==, 1);
      }
  return area;
}

static void
test_scattered (void)
{
  GRand             *rand = g_rand_new_with_seed (7);
  g_autofree guint8 *mask = g_new (guint8, W * H);

  for (gint round = 0; round < 20; round++)
    {
      gint r = g_rand_int_range (rand, 0, 40);
      gint n = g_rand_int_range (rand, 0, 12);

      memset (mask, 0, W * H);
      /* A few blobs anywhere in the rows scanned, some above or below the
       * band. */
      for (gint k = 0; k < n; k++)
        {
          gint x0 = g_rand_int_range (rand, 0, W), y0 = g_rand_int_range (rand, 0, H);
          gint w = g_rand_int_range (rand, 1, 40), h = g_rand_int_range (rand, 1, 40);

          for (gint y = y0; y < MIN (H, y0 + h); y++)
            for (gint x = x0; x < MIN (W, x0 + w); x++)
              mask[y * W + x] = 1;
        }
      check_reach (mask, r);
    }
  g_rand_free (rand);
}

/* A ring of a radial depth map crossing the band: its reach is a
 * diagonal strip, not the box around it. */
static void
test_diagonal (void)
{
  g_autofree guint8 *mask = g_new0 (guint8, W * H);
  gint64             area;

  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++)
      mask[y * W + x] = ABS (x - y * W / H) < 6;
  area = check_reach (mask, 10);
  g_assert_cmpint (area, <, (gint64) W * 260 / 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/depth-reach/scattered", test_scattered);
  g_test_add_func ("/depth-reach/diagonal", test_diagonal);
  return g_test_run ();
}
