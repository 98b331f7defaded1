/* lowrank-bokeh — tiles, halos, edges and threads around the 1-D passes.
 *
 * For each output tile: gather the tile plus its halo (edge modes applied
 * here, so every source behaves alike), then per term a vertical pass, a
 * transpose and a horizontal pass accumulating into the transposed output;
 * one last transpose and the tile is written.  Scratch memory depends on
 * the tile size only, never on the image or the rank.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-engine.h"
#include "lrb-pass.h"

#include <string.h>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

static const gchar *const edge_nicks[LRB_N_EDGE_MODES] = { "clamp", "mirror", "zero" };

const gchar *
lrb_edge_mode_to_nick (LrbEdgeMode mode)
{
  g_return_val_if_fail (mode >= 0 && mode < LRB_N_EDGE_MODES, NULL);
  return edge_nicks[mode];
}

gboolean
lrb_edge_mode_from_nick (const gchar *nick, LrbEdgeMode *mode)
{
  for (gint i = 0; i < LRB_N_EDGE_MODES; i++)
    if (g_strcmp0 (nick, edge_nicks[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

const gchar *
lrb_engine_simd_path (void)
{
  return lrb_pass_simd_path ();
}

/* ---- Layout of one worker's scratch --------------------------------- */

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

/* ---- The planner ----------------------------------------------------- */

gboolean
lrb_tile_plan_compute (gint kernel_rows, gint kernel_cols, gint n_channels,
                       const LrbRect *output, const LrbEngineConfig *config,
                       LrbTilePlan *plan, GError **error)
{
  gsize  limit = config && config->memory_limit ? config->memory_limit : LRB_DEFAULT_MEMORY_LIMIT;
  gint   threads = config && config->threads > 0 ? config->threads : (gint) g_get_num_processors ();
  gint   tw, th;
  Layout l;

  if (n_channels < 1 || n_channels > 4)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "%d channels: the engine takes 1 to 4", n_channels);
      return FALSE;
    }
  if (output->width < 1 || output->height < 1)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the output rectangle %d×%d is empty", output->width, output->height);
      return FALSE;
    }
  threads = CLAMP (threads, 1, LRB_MAX_THREADS);

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
  tw = MIN (tw, output->width);
  th = MIN (th, output->height);
  if (!(config && config->tile_size > 0))
    while ((gint64) ((output->width + tw - 1) / tw) * ((output->height + th - 1) / th) < 4 * threads
           && MAX (tw, th) > 64)
      {
        if (tw >= th)
          tw = (tw + 1) / 2;
        else
          th = (th + 1) / 2;
      }

  for (;;)
    {
      layout_compute (&l, kernel_rows, kernel_cols, n_channels, tw, th);
      if (layout_bytes (&l) * threads <= limit)
        break;
      if (tw > 8 || th > 8)
        {
          if (tw >= th)
            tw = MAX (8, tw * 3 / 4);
          else
            th = MAX (8, th * 3 / 4);
        }
      else if (threads > 1)
        threads--;
      else
        {
          g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                       "a %d×%d kernel needs %" G_GSIZE_FORMAT " KiB of scratch memory even "
                       "with the smallest tiles, above the limit of %" G_GSIZE_FORMAT " KiB",
                       kernel_rows, kernel_cols, layout_bytes (&l) >> 10, limit >> 10);
          return FALSE;
        }
    }

  plan->tile_width = tw;
  plan->tile_height = th;
  plan->n_tiles = ((output->width + tw - 1) / tw) * ((output->height + th - 1) / th);
  plan->threads = MIN (threads, plan->n_tiles);
  plan->bytes_per_thread = layout_bytes (&l);
  plan->scratch_bytes = plan->bytes_per_thread * plan->threads;
  return TRUE;
}

/* ---- One worker's scratch -------------------------------------------- */

typedef struct
{
  Layout  l;
  gpointer block;
  gfloat *staging, *in, *tmp, *tmp_t, *out_t;
  gint   *row_map, *col_map;
  gfloat *weights; /* padded taps of one term */
} Workspace;

static gboolean
workspace_init (Workspace *w, const LrbTilePlan *plan, gint kernel_rows, gint kernel_cols,
                gint n_channels, GError **error)
{
  guint8 *p;

  layout_compute (&w->l, kernel_rows, kernel_cols, n_channels,
                  plan->tile_width, plan->tile_height);
  w->block = g_try_malloc0 (layout_bytes (&w->l));
  if (!w->block)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory allocating %" G_GSIZE_FORMAT " KiB of tile scratch",
                   layout_bytes (&w->l) >> 10);
      return FALSE;
    }

#define CARVE(field, floats) G_STMT_START {                          \
    p = (guint8 *) (((guintptr) p + 63) & ~(guintptr) 63);          \
    w->field = (gfloat *) p;                                         \
    p += sizeof (gfloat) * (floats); } G_STMT_END

  p = w->block;
  CARVE (staging, w->l.staging);
  CARVE (in, w->l.in);
  CARVE (tmp, w->l.tmp);
  CARVE (tmp_t, w->l.tmp_t);
  CARVE (out_t, w->l.out_t);
  CARVE (weights, LRB_PASS_WEIGHT_LANES *
                  (MAX (w->l.kernel_rows, w->l.kernel_cols) + 2 * LRB_PASS_ROWS));
#undef CARVE
  w->row_map = (gint *) p;
  w->col_map = w->row_map + w->l.in_height;
  return TRUE;
}

/* ---- Edges ------------------------------------------------------------- */

/* Index into [0, size) that `i` reads under the edge mode, or −1 for zero. */
static gint
edge_map (gint i, gint size, LrbEdgeMode edge)
{
  if (i >= 0 && i < size)
    return i;
  switch (edge)
    {
    case LRB_EDGE_CLAMP:
      return i < 0 ? 0 : size - 1;
    case LRB_EDGE_MIRROR:
      {
        gint period = 2 * size;
        gint m = ((i % period) + period) % period;
        return m < size ? m : period - 1 - m;
      }
    case LRB_EDGE_ZERO:
    default:
      return -1;
    }
}

/* Builds `map` for `count` source coordinates from `first`, and the range
 * of valid indices it uses; FALSE when it uses none (all zero). */
static gboolean
build_map (gint *map, gint first, gint count, gint size, LrbEdgeMode edge, gint *lo, gint *hi)
{
  *lo = G_MAXINT;
  *hi = -1;
  for (gint i = 0; i < count; i++)
    {
      map[i] = edge_map (first + i, size, edge);
      if (map[i] >= 0)
        {
          *lo = MIN (*lo, map[i]);
          *hi = MAX (*hi, map[i]);
        }
    }
  return *hi >= 0;
}

/* ---- One tile ------------------------------------------------------------ */

typedef struct
{
  const LrbFactors  *factors;
  LrbEdgeMode        edge;
  const LrbEngineIO *io;
  LrbTilePlan        plan;
  gint               tiles_x;
  GCancellable      *cancellable;

  gint               next_tile;  /* atomic */
  gint               done_tiles; /* atomic */
  gint               failed;     /* atomic */
  GMutex             mutex;
  GCond              cond;
  gint               running;
  GError            *error;
} Run;

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
gather_tile (Run *run, Workspace *w, const LrbRect *tile, GError **error)
{
  const LrbEngineIO *io = run->io;
  const Layout      *l = &w->l;
  gint               c = l->n_channels;
  gint               first_x = tile->x - (l->kernel_cols - 1 - l->kernel_cols / 2) - io->source.x;
  gint               first_y = tile->y - (l->kernel_rows - 1 - l->kernel_rows / 2) - io->source.y;
  gint               in_w = tile->width + l->kernel_cols - 1;
  gint               in_h = tile->height + l->kernel_rows - 1;
  gint               x_lo, x_hi, y_lo, y_hi;
  gsize              staging_stride;

  if (!build_map (w->col_map, first_x, in_w, io->source.width, run->edge, &x_lo, &x_hi) |
      !build_map (w->row_map, first_y, in_h, io->source.height, run->edge, &y_lo, &y_hi))
    {
      for (gint y = 0; y < in_h; y++)
        memset (w->in + y * l->in_stride, 0, sizeof (gfloat) * in_w * c);
      return TRUE;
    }

  staging_stride = (gsize) (x_hi - x_lo + 1) * c;
  {
    LrbRect rect = { io->source.x + x_lo, io->source.y + y_lo, x_hi - x_lo + 1, y_hi - y_lo + 1 };

    if (!io->read (io->user_data, &rect, w->staging, staging_stride, error))
      return FALSE;
  }

  for (gint y = 0; y < in_h; y++)
    {
      gfloat       *dest = w->in + y * l->in_stride;
      const gfloat *src;

      if (w->row_map[y] < 0)
        {
          memset (dest, 0, sizeof (gfloat) * in_w * c);
          continue;
        }
      src = w->staging + (gsize) (w->row_map[y] - y_lo) * staging_stride;
      for (gint x = 0; x < in_w; x++)
        {
          gint sx = w->col_map[x];

          if (sx < 0)
            memset (dest + x * c, 0, sizeof (gfloat) * c);
          else
            memcpy (dest + x * c, src + (gsize) (sx - x_lo) * c, sizeof (gfloat) * c);
        }
    }
  return TRUE;
}

static gboolean
process_tile (Run *run, Workspace *w, const LrbRect *tile, GError **error)
{
  const LrbFactors *f = run->factors;
  const Layout     *l = &w->l;
  gint              c = l->n_channels;
  gint              rows_padded = round_up (tile->height, LRB_PASS_ROWS);
  gint              cols_padded = round_up (tile->width, LRB_PASS_ROWS);
  gint              in_floats = round_up ((tile->width + l->kernel_cols - 1) * c, LRB_PASS_COLUMNS);
  gint              t_floats = round_up (tile->height * c, LRB_PASS_COLUMNS);

  if (!gather_tile (run, w, tile, error))
    return FALSE;

  for (gint k = 0; k < f->rank; k++)
    {
      if (g_cancellable_is_cancelled (run->cancellable))
        return TRUE; /* reported once by the caller */

      pad_weights (w->weights, f->vertical + (gsize) k * f->rows, f->rows);
      lrb_pass_columns (w->in, l->in_stride, w->tmp, l->in_stride,
                        rows_padded, in_floats, w->weights, f->rows, FALSE);
      lrb_transpose_pixels (w->tmp, l->in_stride, tile->height,
                            tile->width + l->kernel_cols - 1, c, w->tmp_t, l->t_stride);
      pad_weights (w->weights, f->horizontal + (gsize) k * f->cols, f->cols);
      lrb_pass_columns (w->tmp_t, l->t_stride, w->out_t, l->t_stride,
                        cols_padded, t_floats, w->weights, f->cols, k > 0);
    }

  lrb_transpose_pixels (w->out_t, l->t_stride, tile->width, tile->height, c,
                        w->staging, (gsize) tile->width * c);
  return run->io->write (run->io->user_data, tile, w->staging, (gsize) tile->width * c, error);
}

static void
run_fail (Run *run, GError *error)
{
  g_mutex_lock (&run->mutex);
  if (!run->error)
    run->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&run->mutex);
  g_atomic_int_set (&run->failed, 1);
}

static gpointer
worker (gpointer data)
{
  Run      *run = data;
  Workspace w = { 0 };
  GError   *error = NULL;

#if defined(__x86_64__)
  /* Flush denormals: the tails of a Gaussian would otherwise crawl. */
  _mm_setcsr (_mm_getcsr () | 0x8040);
#endif

  if (!workspace_init (&w, &run->plan, run->factors->rows, run->factors->cols,
                       run->io->n_channels, &error))
    run_fail (run, error);

  while (w.block && !g_atomic_int_get (&run->failed) &&
         !g_cancellable_is_cancelled (run->cancellable))
    {
      gint    index = g_atomic_int_add (&run->next_tile, 1);
      LrbRect tile;

      if (index >= run->plan.n_tiles)
        break;
      tile.x = run->io->output.x + (index % run->tiles_x) * run->plan.tile_width;
      tile.y = run->io->output.y + (index / run->tiles_x) * run->plan.tile_height;
      tile.width = MIN (run->plan.tile_width, run->io->output.x + run->io->output.width - tile.x);
      tile.height = MIN (run->plan.tile_height, run->io->output.y + run->io->output.height - tile.y);

      if (!process_tile (run, &w, &tile, &error))
        {
          run_fail (run, error);
          break;
        }
      g_atomic_int_inc (&run->done_tiles);
      g_mutex_lock (&run->mutex);
      g_cond_signal (&run->cond);
      g_mutex_unlock (&run->mutex);
    }

  g_free (w.block);
  g_mutex_lock (&run->mutex);
  run->running--;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->mutex);
  return NULL;
}

static gboolean
check_io (const LrbFactors *factors, LrbEdgeMode edge, const LrbEngineIO *io, GError **error)
{
  const LrbRect *s = &io->source, *o = &io->output;

  if (edge < 0 || edge >= LRB_N_EDGE_MODES)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "edge mode %d is unknown (0 clamp, 1 mirror, 2 zero)", edge);
      return FALSE;
    }
  if (factors->rank < 1)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, "rank must be at least 1");
      return FALSE;
    }
  if (s->width < 1 || s->height < 1 || o->x < s->x || o->y < s->y ||
      o->x + o->width > s->x + s->width || o->y + o->height > s->y + s->height)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "output rectangle %d,%d %d×%d is not inside the source %d,%d %d×%d",
                   o->x, o->y, o->width, o->height, s->x, s->y, s->width, s->height);
      return FALSE;
    }
  return TRUE;
}

gboolean
lrb_engine_run (const LrbFactors *factors, LrbEdgeMode edge, const LrbEngineIO *io,
                const LrbEngineConfig *config, LrbProgressFunc progress, gpointer progress_data,
                GCancellable *cancellable, LrbTilePlan *plan_out, GError **error)
{
  Run        run = { 0 };
  GThread  **threads;
  gboolean   ok;

  if (!check_io (factors, edge, io, error) ||
      !lrb_tile_plan_compute (factors->rows, factors->cols, io->n_channels, &io->output,
                              config, &run.plan, error))
    return FALSE;

  run.factors = factors;
  run.edge = edge;
  run.io = io;
  run.cancellable = cancellable;
  run.tiles_x = (io->output.width + run.plan.tile_width - 1) / run.plan.tile_width;
  g_mutex_init (&run.mutex);
  g_cond_init (&run.cond);
  run.running = run.plan.threads;

  threads = g_new (GThread *, run.plan.threads);
  for (gint i = 0; i < run.plan.threads; i++)
    threads[i] = g_thread_new ("lrb-engine", worker, &run);

  /* This thread only reports progress, so callers may touch their UI or
   * GIMP's wire from the callback. */
  g_mutex_lock (&run.mutex);
  while (run.running > 0)
    {
      gint64 deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      g_cond_wait_until (&run.cond, &run.mutex, deadline);
      if (progress)
        {
          gdouble fraction = (gdouble) g_atomic_int_get (&run.done_tiles) / run.plan.n_tiles;

          g_mutex_unlock (&run.mutex);
          progress (fraction, progress_data);
          g_mutex_lock (&run.mutex);
        }
    }
  g_mutex_unlock (&run.mutex);

  for (gint i = 0; i < run.plan.threads; i++)
    g_thread_join (threads[i]);
  g_free (threads);
  g_mutex_clear (&run.mutex);
  g_cond_clear (&run.cond);

  if (run.error)
    {
      g_propagate_error (error, run.error);
      ok = FALSE;
    }
  else
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error);

  if (plan_out)
    *plan_out = run.plan;
  return ok;
}
