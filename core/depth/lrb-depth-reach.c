/* lowrank-bokeh — a depth level's reach as rectangles (lrb-depth-reach.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-depth-reach.h"

typedef struct
{
  gint x0, x1; /* inclusive */
  gint y0, y1; /* the rows of the strip it reaches, inclusive */
} Span;

static gint
span_compare (gconstpointer a, gconstpointer b)
{
  return ((const Span *) a)->x0 - ((const Span *) b)->x0;
}

/* The level's reach in rows y0 … y1 − 1: sorted spans, those that meet
 * merged, each with the rows it reaches (a level a few rows high reaches
 * only part of a strip). */
static void
strip_spans (const LrbLevelBounds *cells, gint n_cells, gsize stride, gint r,
             const GeglRectangle *band, gint y0, gint y1, GArray *spans)
{
  guint out = 0;

  g_array_set_size (spans, 0);
  for (gint i = 0; i < n_cells; i++)
    {
      const LrbLevelBounds *b = &cells[i * stride];
      Span                  s = { MAX (b->x0 - r, band->x),
                                  MIN (b->x1 + r, band->x + band->width - 1),
                                  MAX (b->y0 - r, y0), MIN (b->y1 + r, y1 - 1) };

      if (b->n_pixels && b->y0 - r < y1 && b->y1 + r >= y0 && s.x0 <= s.x1)
        g_array_append_val (spans, s);
    }
  g_array_sort (spans, span_compare);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *s = &g_array_index (spans, Span, i), *last = &g_array_index (spans, Span, out - 1);

      if (out && s->x0 <= last->x1 + 1)
        {
          last->x1 = MAX (last->x1, s->x1);
          last->y0 = MIN (last->y0, s->y0);
          last->y1 = MAX (last->y1, s->y1);
        }
      else
        g_array_index (spans, Span, out++) = *s;
    }
  g_array_set_size (spans, out);
}

static gdouble
cost (gint width, gint height, gint r)
{
  return (gdouble) (width + 2 * r) * (height + 2 * r);
}

/* Whether `u` meets a rectangle of `list` other than `self`. */
static gboolean
meets_other (const GeglRectangle *u, const GArray *list, guint from, const GeglRectangle *self)
{
  for (guint i = from; i < list->len; i++)
    {
      const GeglRectangle *o = &g_array_index (list, GeglRectangle, i);

      if (o != self && gegl_rectangle_intersect (NULL, u, o))
        return TRUE;
    }
  return FALSE;
}

void
lrb_depth_reach_rects (const LrbLevelBounds *cells, gint n_cells, gsize stride, gint r,
                       const GeglRectangle *band, gint strip_height, GArray *rects)
{
  g_autoptr (GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  /* Rectangles still open at the last strip, and those being continued. */
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (GeglRectangle));
  g_autoptr (GArray) next = g_array_new (FALSE, FALSE, sizeof (GeglRectangle));
  g_autofree gboolean *taken = NULL;
  guint                first = rects->len;

  for (gint y0 = band->y; y0 < band->y + band->height; y0 += strip_height)
    {
      gint y1 = MIN (y0 + strip_height, band->y + band->height);

      strip_spans (cells, n_cells, stride, r, band, y0, y1, spans);
      g_free (taken);
      taken = g_new0 (gboolean, open->len + 1);
      g_array_set_size (next, 0);
      for (guint i = 0; i < spans->len; i++)
        {
          const Span   *s = &g_array_index (spans, Span, i);
          GeglRectangle here = { s->x0, s->y0, s->x1 - s->x0 + 1, s->y1 - s->y0 + 1 };
          GeglRectangle u;
          gint          k = -1, n_met = 0;

          /* Joined to the one open rectangle above it, if the union meets
           * no other and costs no more. */
          for (guint j = 0; j < open->len; j++)
            {
              const GeglRectangle *o = &g_array_index (open, GeglRectangle, j);

              if (o->x <= s->x1 && s->x0 < o->x + o->width)
                k = j, n_met++;
            }
          if (n_met == 1 && !taken[k])
            {
              GeglRectangle *o = &g_array_index (open, GeglRectangle, k);

              gegl_rectangle_bounding_box (&u, o, &here);
              if (cost (u.width, u.height, r) <= cost (o->width, o->height, r) +
                                                  cost (here.width, here.height, r) &&
                  !meets_other (&u, open, 0, o) && !meets_other (&u, rects, first, NULL) &&
                  !meets_other (&u, next, 0, NULL) &&
                  (i == 0 || g_array_index (spans, Span, i - 1).x1 < u.x) &&
                  (i + 1 == spans->len || g_array_index (spans, Span, i + 1).x0 >= u.x + u.width))
                {
                  taken[k] = TRUE;
                  *o = u;
                  g_array_append_val (next, u);
                  continue;
                }
            }
          g_array_append_val (next, here);
        }
      /* The rectangles not continued are done. */
      for (guint j = 0; j < open->len; j++)
        if (!taken[j])
          g_array_append_val (rects, g_array_index (open, GeglRectangle, j));
      g_array_set_size (open, 0);
      g_array_append_vals (open, next->data, next->len);
    }
  g_array_append_vals (rects, open->data, open->len);
}
