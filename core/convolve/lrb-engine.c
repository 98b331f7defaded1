/* lowrank-bokeh — tiles, halos, edges and threads around a method.
 *
 * For each output tile: gather the tile plus its halo (edge modes applied
 * here, so every source and every method behaves alike), let the method
 * (lrb-method.h) compute the tile, write it.  Workers take tiles from a
 * shared counter; the calling thread only reports progress.  Scratch
 * memory depends on the tile size only, never on the image.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-engine.h"
#include "lrb-method.h"
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

/* ---- Tile plans ------------------------------------------------------ */

gint
lrb_engine_threads (const LrbEngineConfig *config)
{
  gint threads = config && config->threads > 0 ? config->threads : (gint) g_get_num_processors ();

  return CLAMP (threads, 1, LRB_MAX_THREADS);
}

gsize
lrb_engine_memory_limit (const LrbEngineConfig *config)
{
  return config && config->memory_limit ? config->memory_limit : LRB_DEFAULT_MEMORY_LIMIT;
}

gboolean
lrb_engine_check_config (gint n_channels, const LrbRect *output, GError **error)
{
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
  return TRUE;
}

gboolean
lrb_tile_plan_fit (gint kernel_rows, gint kernel_cols, gint n_channels, const LrbRect *output,
                   const LrbEngineConfig *config, gint tw, gint th, LrbTileBytesFunc bytes,
                   gconstpointer data, LrbTilePlan *plan, GError **error)
{
  gsize limit = lrb_engine_memory_limit (config);
  gint  threads = lrb_engine_threads (config);
  gsize need;

  if (!lrb_engine_check_config (n_channels, output, error))
    return FALSE;

  tw = MIN (tw, output->width);
  th = MIN (th, output->height);
  /* Enough tiles to keep every thread busy to the end. */
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
      need = bytes (data, n_channels, tw, th);
      if (need * threads <= limit)
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
                       kernel_rows, kernel_cols, need >> 10, limit >> 10);
          return FALSE;
        }
    }

  memset (plan, 0, sizeof *plan);
  plan->tile_width = tw;
  plan->tile_height = th;
  plan->n_tiles = ((output->width + tw - 1) / tw) * ((output->height + th - 1) / th);
  plan->threads = MIN (threads, plan->n_tiles);
  plan->bytes_per_thread = need;
  plan->scratch_bytes = need * plan->threads;
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

/* ---- One run ------------------------------------------------------------- */

typedef struct
{
  const LrbTileMethod *method;
  gpointer             method_run;
  LrbEdgeMode          edge;
  const LrbEngineIO   *io;
  LrbTilePlan          plan;
  const LrbRect       *outputs;    /* the rectangles to compute, all tiled by plan */
  gint                 n_outputs;
  gint                *first_tile; /* of each output; n_outputs + 1 */
  GCancellable        *cancellable;

  gint                 next_tile;  /* atomic */
  LrbWorkers           workers;    /* `done` counts tiles */
} Run;

/* n pixels of c channels into c planes `plane` floats apart, in one pass
 * over the source; a constant c lets the compiler unroll it. */
#define DEINTERLEAVE(C)                                   \
  for (gint i = 0; i < n; i++)                            \
    for (gint ch = 0; ch < (C); ch++)                     \
      dest[ch * plane + i] = src[(gsize) i * (C) + ch]

static void
deinterleave (gfloat *dest, gsize plane, const gfloat *src, gint n, gint c)
{
  switch (c)
    {
    case 1: memcpy (dest, src, sizeof (gfloat) * n); break;
    case 2: DEINTERLEAVE (2); break;
    case 3: DEINTERLEAVE (3); break;
    default: DEINTERLEAVE (4); break;
    }
}
#undef DEINTERLEAVE

static gboolean
gather_tile (Run *run, LrbTileBuffers *b, const LrbRect *tile, GError **error)
{
  const LrbEngineIO *io = run->io;
  gint               kr = run->method->kernel_rows, kc = run->method->kernel_cols;
  gint               c = io->n_channels;
  gint               first_x = tile->x - (kc - 1 - kc / 2) - io->source.x;
  gint               first_y = tile->y - (kr - 1 - kr / 2) - io->source.y;
  gint               in_w = tile->width + kc - 1;
  gint               in_h = tile->height + kr - 1;
  gint               x_lo, x_hi, y_lo, y_hi;
  gsize              staging_stride;

  if (!build_map (b->col_map, first_x, in_w, io->source.width, run->edge, &x_lo, &x_hi) |
      !build_map (b->row_map, first_y, in_h, io->source.height, run->edge, &y_lo, &y_hi))
    {
      for (gint y = 0; y < in_h; y++)
        if (b->in_plane)
          for (gint ch = 0; ch < c; ch++)
            memset (b->in + ch * b->in_plane + y * b->in_stride, 0, sizeof (gfloat) * in_w);
        else
          memset (b->in + y * b->in_stride, 0, sizeof (gfloat) * in_w * c);
      return TRUE;
    }

  staging_stride = (gsize) (x_hi - x_lo + 1) * c;
  {
    LrbRect rect = { io->source.x + x_lo, io->source.y + y_lo, x_hi - x_lo + 1, y_hi - y_lo + 1 };

    if (!io->read (io->user_data, &rect, b->staging, staging_stride, error))
      return FALSE;
  }

  for (gint y = 0; y < in_h; y++)
    {
      gfloat       *dest = b->in + y * b->in_stride;
      const gfloat *src = NULL;

      if (b->row_map[y] >= 0)
        src = b->staging + (gsize) (b->row_map[y] - y_lo) * staging_stride;
      /* Spans of consecutive source pixels (all of a row but its edges)
       * move in one go. */
      for (gint x = 0, end; x < in_w; x = end)
        {
          gint sx = b->col_map[x];

          for (end = x + 1; end < in_w; end++)
            if (sx < 0 ? b->col_map[end] >= 0 : b->col_map[end] != sx + (end - x))
              break;
          if (b->in_plane && (!src || sx < 0))
            for (gint ch = 0; ch < c; ch++)
              memset (dest + ch * b->in_plane + x, 0, sizeof (gfloat) * (end - x));
          else if (b->in_plane)
            deinterleave (dest + x, b->in_plane, src + (gsize) (sx - x_lo) * c, end - x, c);
          else if (!src || sx < 0)
            memset (dest + x * c, 0, sizeof (gfloat) * (end - x) * c);
          else
            memcpy (dest + x * c, src + (gsize) (sx - x_lo) * c, sizeof (gfloat) * (end - x) * c);
        }
    }
  return TRUE;
}

static gboolean
process_tile (Run *run, LrbTileBuffers *b, const LrbRect *tile, GError **error)
{
  const LrbTileMethod *m = run->method;
  gint                 c = run->io->n_channels;

  if (!gather_tile (run, b, tile, error))
    return FALSE;
  if (!m->process (m->data, run->method_run, b, c, tile->width, tile->height, run->cancellable))
    return TRUE; /* cancelled: reported once by the caller */
  return run->io->write (run->io->user_data, tile, b->staging, (gsize) tile->width * c, error);
}

/* ---- Pools of workers ------------------------------------------------- */

void
lrb_workers_init (LrbWorkers *workers, gint running)
{
  memset (workers, 0, sizeof *workers);
  g_mutex_init (&workers->mutex);
  g_cond_init (&workers->cond);
  workers->running = running;
}

void
lrb_workers_fail (LrbWorkers *workers, GError *error)
{
  g_mutex_lock (&workers->mutex);
  if (!workers->error)
    workers->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&workers->mutex);
  g_atomic_int_set (&workers->failed, 1);
}

gboolean
lrb_workers_failed (LrbWorkers *workers)
{
  return g_atomic_int_get (&workers->failed) != 0;
}

void
lrb_workers_one_done (LrbWorkers *workers)
{
  g_atomic_int_inc (&workers->done);
  g_mutex_lock (&workers->mutex);
  g_cond_signal (&workers->cond);
  g_mutex_unlock (&workers->mutex);
}

void
lrb_workers_exit (LrbWorkers *workers)
{
  g_mutex_lock (&workers->mutex);
  workers->running--;
  g_cond_signal (&workers->cond);
  g_mutex_unlock (&workers->mutex);
}

void
lrb_workers_wait (LrbWorkers *workers, gint total, LrbProgressFunc progress,
                  gpointer progress_data)
{
  /* This thread only reports progress, so callers may touch their UI or
   * GIMP's wire from the callback. */
  g_mutex_lock (&workers->mutex);
  while (workers->running > 0)
    {
      gint64 deadline = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      g_cond_wait_until (&workers->cond, &workers->mutex, deadline);
      if (progress && total > 0)
        {
          gdouble fraction = (gdouble) g_atomic_int_get (&workers->done) / total;

          g_mutex_unlock (&workers->mutex);
          progress (fraction, progress_data);
          g_mutex_lock (&workers->mutex);
        }
    }
  g_mutex_unlock (&workers->mutex);
}

gboolean
lrb_workers_clear (LrbWorkers *workers, GCancellable *cancellable, GError **error)
{
  g_mutex_clear (&workers->mutex);
  g_cond_clear (&workers->cond);
  if (workers->error)
    {
      g_propagate_error (error, workers->error);
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gint
tiles_across (const LrbRect *output, const LrbTilePlan *plan)
{
  return (output->width + plan->tile_width - 1) / plan->tile_width;
}

/* Tile `index` of the run: the outputs' tiles one output after the other. */
static void
run_tile (const Run *run, gint index, LrbRect *tile)
{
  gint           lo = 0, hi = run->n_outputs - 1;
  const LrbRect *o;
  gint           i, tiles_x;

  while (lo < hi)
    {
      gint mid = (lo + hi + 1) / 2;

      if (run->first_tile[mid] <= index)
        lo = mid;
      else
        hi = mid - 1;
    }
  o = &run->outputs[lo];
  i = index - run->first_tile[lo];
  tiles_x = tiles_across (o, &run->plan);
  tile->x = o->x + (i % tiles_x) * run->plan.tile_width;
  tile->y = o->y + (i / tiles_x) * run->plan.tile_height;
  tile->width = MIN (run->plan.tile_width, o->x + o->width - tile->x);
  tile->height = MIN (run->plan.tile_height, o->y + o->height - tile->y);
}

static gpointer
worker (gpointer data)
{
  Run            *run = data;
  LrbTileBuffers *b;
  GError         *error = NULL;

#if defined(__x86_64__)
  /* Flush denormals: the tails of a Gaussian would otherwise crawl. */
  _mm_setcsr (_mm_getcsr () | 0x8040);
#endif

  b = run->method->worker_new (run->method->data, run->method_run, run->io->n_channels,
                               &run->plan, &error);
  if (!b)
    lrb_workers_fail (&run->workers, error);

  while (b && !lrb_workers_failed (&run->workers) &&
         !g_cancellable_is_cancelled (run->cancellable))
    {
      gint    index = g_atomic_int_add (&run->next_tile, 1);
      LrbRect tile;

      if (index >= run->plan.n_tiles)
        break;
      run_tile (run, index, &tile);

      if (!process_tile (run, b, &tile, &error))
        {
          lrb_workers_fail (&run->workers, error);
          break;
        }
      lrb_workers_one_done (&run->workers);
    }

  if (b)
    run->method->worker_free (b);
  lrb_workers_exit (&run->workers);
  return NULL;
}

static gboolean
check_io (LrbEdgeMode edge, const LrbEngineIO *io, const LrbRect *o, GError **error)
{
  const LrbRect *s = &io->source;

  if (edge < 0 || edge >= LRB_N_EDGE_MODES)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "edge mode %d is unknown (0 clamp, 1 mirror, 2 zero)", edge);
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
lrb_engine_run_method (const LrbTileMethod *method, LrbEdgeMode edge, const LrbEngineIO *io,
                       const LrbEngineConfig *config, LrbProgressFunc progress,
                       gpointer progress_data, GCancellable *cancellable, LrbTilePlan *plan_out,
                       GError **error)
{
  return lrb_engine_run_method_rects (method, edge, io, &io->output, 1, config, progress,
                                      progress_data, cancellable, plan_out, error);
}

gboolean
lrb_engine_run_method_rects (const LrbTileMethod *method, LrbEdgeMode edge,
                             const LrbEngineIO *io, const LrbRect *outputs, gint n_outputs,
                             const LrbEngineConfig *config, LrbProgressFunc progress,
                             gpointer progress_data, GCancellable *cancellable,
                             LrbTilePlan *plan_out, GError **error)
{
  Run        run = { 0 };
  GThread  **threads;
  gboolean   ok;

  if (!check_io (edge, io, &io->output, error))
    return FALSE;
  for (gint i = 0; i < n_outputs; i++)
    if (!check_io (edge, io, &outputs[i], error))
      return FALSE;
  if (!method->plan (method->data, io->n_channels, &io->output, config, &run.plan, error))
    return FALSE;
  run.first_tile = g_new (gint, n_outputs + 1);
  run.first_tile[0] = 0;
  for (gint i = 0; i < n_outputs; i++)
    run.first_tile[i + 1] = run.first_tile[i] +
                            tiles_across (&outputs[i], &run.plan) *
                            ((outputs[i].height + run.plan.tile_height - 1) /
                             run.plan.tile_height);
  /* More outputs than the planned one may keep more threads busy, as the
   * memory limit allows (the plan's shared data counted once). */
  if (n_outputs > 1 || run.first_tile[1] != run.plan.n_tiles)
    {
      gsize shared = run.plan.scratch_bytes - run.plan.bytes_per_thread * run.plan.threads;

      run.plan.n_tiles = run.first_tile[n_outputs];
      run.plan.threads = MAX (1, MIN (lrb_engine_threads (config), run.plan.n_tiles));
      while (run.plan.threads > 1 && run.plan.bytes_per_thread * run.plan.threads + shared >
                                     lrb_engine_memory_limit (config))
        run.plan.threads--;
      run.plan.scratch_bytes = run.plan.bytes_per_thread * run.plan.threads + shared;
    }
  if (method->run_begin &&
      !(run.method_run = method->run_begin (method->data, io->n_channels, &run.plan, error)))
    {
      g_free (run.first_tile);
      return FALSE;
    }

  run.outputs = outputs;
  run.n_outputs = n_outputs;
  run.method = method;
  run.edge = edge;
  run.io = io;
  run.cancellable = cancellable;
  lrb_workers_init (&run.workers, run.plan.threads);

  threads = g_new (GThread *, run.plan.threads);
  for (gint i = 0; i < run.plan.threads; i++)
    threads[i] = g_thread_new ("lrb-engine", worker, &run);
  lrb_workers_wait (&run.workers, run.plan.n_tiles, progress, progress_data);
  for (gint i = 0; i < run.plan.threads; i++)
    g_thread_join (threads[i]);
  g_free (threads);
  if (method->run_end)
    method->run_end (run.method_run);
  g_free (run.first_tile);
  ok = lrb_workers_clear (&run.workers, cancellable, error);

  if (plan_out)
    *plan_out = run.plan;
  return ok;
}
