/* lowrank-bokeh — the rank-r separable method.
 *
 * Per term of the gathered tile: a vertical pass, a transpose and a
 * horizontal pass accumulating into the transposed output; one last
 * transpose and the tile is done.  The passes (lrb-pass.c) need rows padded
 * to their blocking and strides that avoid L1 set conflicts, so this
 * method lays out its own scratch.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cost.h"
#include "lrb-method.h"
#include "lrb-pass.h"

#include <string.h>

typedef struct
{
  gint  kernel_rows, kernel_cols, n_channels;
  gint  tile_width, tile_height;
  gint  in_width, in_height;     /* tile plus halo, pixels */
  gint  rows_padded;             /* tile_height rounded up to LRB_PASS_ROWS */
  gint  cols_padded;             /* tile_width rounded up to LRB_PASS_ROWS */
  gint  in_floats, t_floats;     /* row widths the passes process */
  gsize in_stride, t_stride;     /* floats */
  gsize staging, in, tmp, tmp_t, out_t; /* floats each */
} Layout;

static gint
round_up (gint value, gint multiple)
{
  return (value + multiple - 1) / multiple * multiple;
}

/* Rows an odd number of 64-byte lines apart cycle through every L1 set; rows
 * a power of two apart would all land in a few (PERFORMANCE-NOTES.md). */
static gsize
conflict_free_stride (gint floats)
{
  gsize lines = (floats + 15) / 16;

  return 16 * (lines | 1);
}

static void
layout_compute (Layout *l, gint kernel_rows, gint kernel_cols, gint n_channels,
                gint tile_width, gint tile_height)
{
  l->kernel_rows = kernel_rows;
  l->kernel_cols = kernel_cols;
  l->n_channels = n_channels;
  l->tile_width = tile_width;
  l->tile_height = tile_height;
  l->in_width = tile_width + kernel_cols - 1;
  l->in_height = tile_height + kernel_rows - 1;
  l->rows_padded = round_up (tile_height, LRB_PASS_ROWS);
  l->cols_padded = round_up (tile_width, LRB_PASS_ROWS);
  l->in_floats = round_up (l->in_width * n_channels, LRB_PASS_COLUMNS);
  l->t_floats = round_up (l->rows_padded * n_channels, LRB_PASS_COLUMNS);
  l->in_stride = conflict_free_stride (l->in_floats);
  l->t_stride = conflict_free_stride (l->t_floats);

  /* Staging receives the source pixels and, later, the finished tile. */
  l->staging = (gsize) l->in_width * l->in_height * n_channels;
  l->in = (gsize) (l->rows_padded + kernel_rows - 1) * l->in_stride;
  l->tmp = (gsize) l->rows_padded * l->in_stride;
  l->tmp_t = (gsize) (l->cols_padded + kernel_cols - 1) * l->t_stride;
  l->out_t = (gsize) l->cols_padded * l->t_stride;
}

static gsize
layout_bytes (const Layout *l)
{
  gsize maps = sizeof (gint) * (l->in_width + l->in_height);
  gsize weights = sizeof (gfloat) * LRB_PASS_WEIGHT_LANES *
                  (MAX (l->kernel_rows, l->kernel_cols) + 2 * LRB_PASS_ROWS);

  /* 64 bytes of alignment slack for each of the six float buffers. */
  return sizeof (gfloat) * (l->staging + l->in + l->tmp + l->tmp_t + l->out_t)
         + 6 * 64 + maps + weights;
}

typedef struct
{
  gint kernel_rows, kernel_cols;
} Shape;

static gsize
separable_bytes (gconstpointer data, gint n_channels, gint width, gint height)
{
  const Shape *shape = data;
  Layout       l;

  layout_compute (&l, shape->kernel_rows, shape->kernel_cols, n_channels, width, height);
  return layout_bytes (&l);
}

gboolean
lrb_tile_plan_compute (gint kernel_rows, gint kernel_cols, gint n_channels,
                       const LrbRect *output, const LrbEngineConfig *config,
                       LrbTilePlan *plan, GError **error)
{
  Shape shape = { kernel_rows, kernel_cols };
  gint  tw, th;

  /* Wide enough that the vertical pass's extra kernel_cols − 1 columns cost
   * little; short so that a tile's buffers stay near L2 (the horizontal
   * pass has no halo cost in height, and the extra rows only cost a copy).
   * Measured on the benchmark's hexagons: 512×128 beat 512² by 1.3–2×. */
  if (config && config->tile_size > 0)
    tw = th = config->tile_size;
  else
    {
      tw = CLAMP (4 * kernel_cols, 512, 2048);
      th = 128;
    }
  if (!lrb_tile_plan_fit (kernel_rows, kernel_cols, n_channels, output, config, tw, th,
                          separable_bytes, &shape, plan, error))
    return FALSE;
  plan->method = LRB_METHOD_SEPARABLE;
  return TRUE;
}

gdouble
lrb_separable_estimate (gint rows, gint cols, gint rank, gint c, const LrbRect *output,
                        const LrbEngineConfig *config)
{
  LrbTilePlan plan;
  Layout      l;
  gdouble     taps, moves;

  if (!lrb_tile_plan_compute (rows, cols, c, output, config, &plan, NULL))
    return -1.0;
  layout_compute (&l, rows, cols, c, plan.tile_width, plan.tile_height);
  /* What separable_process does per term, padding included. */
  taps = (gdouble) rows * l.rows_padded * l.in_floats + (gdouble) cols * l.cols_padded * l.t_floats;
  moves = (gdouble) l.tile_height * l.in_width * c;
  return lrb_cost_seconds (&plan, rank * (LRB_COST_SEPARABLE_TAP_NS * taps
                                          + LRB_COST_TRANSPOSE_NS * moves)
                                  + LRB_COST_IO_NS * (l.staging + (gdouble) l.tile_width
                                                      * l.tile_height * c));
}

/* ---- The method ---------------------------------------------------------- */

typedef struct
{
  LrbTileBuffers b; /* first: the engine sees only this */
  Layout         l;
  gpointer       block;
  gfloat        *tmp, *tmp_t, *out_t;
  gfloat        *weights; /* padded taps of one term */
} Workspace;

static gboolean
separable_plan (gconstpointer data, gint n_channels, const LrbRect *output,
                const LrbEngineConfig *config, LrbTilePlan *plan, GError **error)
{
  const LrbFactors *f = data;

  return lrb_tile_plan_compute (f->rows, f->cols, n_channels, output, config, plan, error);
}

static LrbTileBuffers *
separable_worker_new (gconstpointer data, gpointer run, gint n_channels,
                      const LrbTilePlan *plan, GError **error)
{
  const LrbFactors *f = data;
  Workspace        *w = g_new0 (Workspace, 1);
  guint8           *p;

  layout_compute (&w->l, f->rows, f->cols, n_channels, plan->tile_width, plan->tile_height);
  w->block = g_try_malloc0 (layout_bytes (&w->l));
  if (!w->block)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory allocating %" G_GSIZE_FORMAT " KiB of tile scratch",
                   layout_bytes (&w->l) >> 10);
      g_free (w);
      return NULL;
    }

  p = w->block;
  w->b.staging = lrb_carve (&p, sizeof (gfloat) * w->l.staging);
  w->b.in = lrb_carve (&p, sizeof (gfloat) * w->l.in);
  w->b.in_stride = w->l.in_stride;
  w->tmp = lrb_carve (&p, sizeof (gfloat) * w->l.tmp);
  w->tmp_t = lrb_carve (&p, sizeof (gfloat) * w->l.tmp_t);
  w->out_t = lrb_carve (&p, sizeof (gfloat) * w->l.out_t);
  w->weights = lrb_carve (&p, sizeof (gfloat) * LRB_PASS_WEIGHT_LANES *
                              (MAX (w->l.kernel_rows, w->l.kernel_cols) + 2 * LRB_PASS_ROWS));
  w->b.row_map = (gint *) p;
  w->b.col_map = w->b.row_map + w->l.in_height;
  return &w->b;
}

static void
separable_worker_free (LrbTileBuffers *b)
{
  Workspace *w = (Workspace *) b;

  g_free (w->block);
  g_free (w);
}

static void
pad_weights (gfloat *padded, const gdouble *taps, gint n)
{
  memset (padded, 0, sizeof (gfloat) * LRB_PASS_WEIGHT_LANES * (n + 2 * (LRB_PASS_ROWS - 1)));
  /* Reversed: the pass correlates, the engine convolves. */
  for (gint t = 0; t < n; t++)
    for (gint lane = 0; lane < LRB_PASS_WEIGHT_LANES; lane++)
      padded[(LRB_PASS_ROWS - 1 + t) * LRB_PASS_WEIGHT_LANES + lane] = taps[n - 1 - t];
}

static gboolean
separable_process (gconstpointer data, gpointer run, LrbTileBuffers *b, gint c,
                   gint width, gint height, GCancellable *cancellable)
{
  const LrbFactors *f = data;
  Workspace        *w = (Workspace *) b;
  const Layout     *l = &w->l;
  gint              rows_padded = round_up (height, LRB_PASS_ROWS);
  gint              cols_padded = round_up (width, LRB_PASS_ROWS);
  gint              in_floats = round_up ((width + l->kernel_cols - 1) * c, LRB_PASS_COLUMNS);
  gint              t_floats = round_up (height * c, LRB_PASS_COLUMNS);

  for (gint k = 0; k < f->rank; k++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      pad_weights (w->weights, f->vertical + (gsize) k * f->rows, f->rows);
      lrb_pass_columns (b->in, l->in_stride, w->tmp, l->in_stride,
                        rows_padded, in_floats, w->weights, f->rows, FALSE);
      lrb_transpose_pixels (w->tmp, l->in_stride, height, width + l->kernel_cols - 1, c,
                            w->tmp_t, l->t_stride);
      pad_weights (w->weights, f->horizontal + (gsize) k * f->cols, f->cols);
      lrb_pass_columns (w->tmp_t, l->t_stride, w->out_t, l->t_stride,
                        cols_padded, t_floats, w->weights, f->cols, k > 0);
    }

  lrb_transpose_pixels (w->out_t, l->t_stride, width, height, c, b->staging, (gsize) width * c);
  return TRUE;
}

void
lrb_separable_method (const LrbFactors *factors, LrbTileMethod *method)
{
  memset (method, 0, sizeof *method);
  method->kernel_rows = factors->rows;
  method->kernel_cols = factors->cols;
  method->data = factors;
  method->plan = separable_plan;
  method->worker_new = separable_worker_new;
  method->worker_free = separable_worker_free;
  method->process = separable_process;
}

gboolean
lrb_engine_run (const LrbFactors *factors, LrbEdgeMode edge, const LrbEngineIO *io,
                const LrbEngineConfig *config, LrbProgressFunc progress, gpointer progress_data,
                GCancellable *cancellable, LrbTilePlan *plan_out, GError **error)
{
  LrbTileMethod method;

  if (factors->rank < 1)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, "rank must be at least 1");
      return FALSE;
    }
  lrb_separable_method (factors, &method);
  return lrb_engine_run_method (&method, edge, io, config, progress, progress_data, cancellable,
                                plan_out, error);
}
