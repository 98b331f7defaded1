/* lowrank-bokeh — how the engine drives a convolution method (private to
 * core/).
 *
 * The engine (lrb-engine.c) owns everything around a tile: the threads,
 * cutting the output into tiles, gathering each tile plus its halo with the
 * edge mode applied, writing, progress, cancellation.  A method (separable
 * passes, FFT, chord sums) only turns one gathered tile into pixels, so all
 * of them share the semantics of DESIGN.md §3 by construction.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-engine.h"

G_BEGIN_DECLS

/* What every worker hands the engine; each method's worker starts with it. */
typedef struct
{
  gfloat *staging;   /* ≥ in_width × in_height × c floats: the source pixels
                      * read for a tile, then the finished tile, packed */
  gfloat *in;        /* the gathered tile with its halo: tile + kernel − 1
                      * pixels each way, rows `in_stride` floats apart */
  gsize   in_stride;
  gsize   in_plane;  /* 0: pixels interleaved; else channel ch of the
                      * gathered tile starts at in + ch · in_plane */
  gint   *row_map;   /* in_height and in_width entries, for the gather */
  gint   *col_map;
} LrbTileBuffers;

typedef struct
{
  gint          kernel_rows;
  gint          kernel_cols;
  gconstpointer data; /* the method's own, read-only while a run lasts */

  /* Every field of `plan`, within config's memory limit. */
  gboolean        (*plan)        (gconstpointer data, gint n_channels, const LrbRect *output,
                                  const LrbEngineConfig *config, LrbTilePlan *plan,
                                  GError **error);
  /* Optional.  Called on the thread that called the engine before any
   * worker starts (FFTW's planner is not thread-safe); what it returns is
   * shared read-only by the workers. */
  gpointer        (*run_begin)   (gconstpointer data, gint n_channels, const LrbTilePlan *plan,
                                  GError **error);
  void            (*run_end)     (gpointer run);
  LrbTileBuffers *(*worker_new)  (gconstpointer data, gpointer run, gint n_channels,
                                  const LrbTilePlan *plan, GError **error);
  void            (*worker_free) (LrbTileBuffers *worker);
  /* Convolves the tile gathered in worker->in into worker->staging (rows of
   * tile_width × c floats).  FALSE when it stopped because of cancellation. */
  gboolean        (*process)     (gconstpointer data, gpointer run, LrbTileBuffers *worker,
                                  gint n_channels, gint tile_width, gint tile_height,
                                  GCancellable *cancellable);
} LrbTileMethod;

gboolean lrb_engine_run_method (const LrbTileMethod *method, LrbEdgeMode edge,
                                const LrbEngineIO *io, const LrbEngineConfig *config,
                                LrbProgressFunc progress, gpointer progress_data,
                                GCancellable *cancellable, LrbTilePlan *plan_out,
                                GError **error);
/* The same over each of `outputs` (inside the source, not overlapping),
 * all in one run with the tiles planned for io->output. */
gboolean lrb_engine_run_method_rects (const LrbTileMethod *method, LrbEdgeMode edge,
                                      const LrbEngineIO *io, const LrbRect *outputs,
                                      gint n_outputs, const LrbEngineConfig *config,
                                      LrbProgressFunc progress, gpointer progress_data,
                                      GCancellable *cancellable, LrbTilePlan *plan_out,
                                      GError **error);

/* Bytes one worker needs for tiles of at most width × height. */
typedef gsize (*LrbTileBytesFunc) (gconstpointer data, gint n_channels, gint width, gint height);

/* The shared tile planner for methods whose tiles may have any size: starts
 * from width × height, splits for the threads, then shrinks tiles (and
 * finally threads) until `bytes` × threads fits the limit. */
gboolean lrb_tile_plan_fit (gint kernel_rows, gint kernel_cols, gint n_channels,
                            const LrbRect *output, const LrbEngineConfig *config,
                            gint width, gint height, LrbTileBytesFunc bytes, gconstpointer data,
                            LrbTilePlan *plan, GError **error);

/* The bookkeeping of a pool of workers, shared by the engine's run and
 * other pools (the field's zones): the first failure wins, progress is
 * reported from the calling thread only. */
typedef struct
{
  GMutex  mutex;
  GCond   cond;
  gint    running; /* workers not finished yet */
  gint    done;    /* atomic: units of work finished */
  gint    failed;  /* atomic */
  GError *error;   /* the first failure */
} LrbWorkers;

void     lrb_workers_init     (LrbWorkers *workers, gint running);
/* From a worker: keeps `error` if it is the first, stops the others. */
void     lrb_workers_fail     (LrbWorkers *workers, GError *error);
gboolean lrb_workers_failed   (LrbWorkers *workers);
/* From a worker: one unit done; and this worker finished. */
void     lrb_workers_one_done (LrbWorkers *workers);
void     lrb_workers_exit     (LrbWorkers *workers);
/* On the calling thread: waits for every worker, reporting done / total
 * to `progress` (may be NULL) every 100 ms. */
void     lrb_workers_wait     (LrbWorkers *workers, gint total, LrbProgressFunc progress,
                               gpointer progress_data);
/* After the threads are joined: FALSE with the first failure or
 * G_IO_ERROR_CANCELLED; frees what init made. */
gboolean lrb_workers_clear    (LrbWorkers *workers, GCancellable *cancellable, GError **error);

gboolean lrb_engine_check_config (gint n_channels, const LrbRect *output, GError **error);
gint     lrb_engine_threads      (const LrbEngineConfig *config);
gsize    lrb_engine_memory_limit (const LrbEngineConfig *config);

/* 64-byte aligned carving of one block into buffers. */
static inline gpointer
lrb_carve (guint8 **cursor, gsize bytes)
{
  guint8 *p = (guint8 *) (((guintptr) *cursor + 63) & ~(guintptr) 63);

  *cursor = p + bytes;
  return p;
}

/* The three methods, built over their own data (lrb-separable.c,
 * lrb-fft.c, lrb-chord.c), and the cost model's estimate for each: the
 * seconds a run would take with the plan it would use, negative when it
 * cannot run (lrb-cost.h has the constants). */
void      lrb_separable_method   (const LrbFactors *factors, LrbTileMethod *method);
gdouble   lrb_separable_estimate (gint rows, gint cols, gint rank, gint n_channels,
                                  const LrbRect *output, const LrbEngineConfig *config);

/* Keeps a pointer to `kernel`, which must outlive it. */
typedef struct _LrbFft LrbFft;
LrbFft   *lrb_fft_new            (const LrbKernel *kernel);
void      lrb_fft_free           (LrbFft *fft);
void      lrb_fft_method         (LrbFft *fft, LrbTileMethod *method);
gboolean  lrb_fft_plan           (gint rows, gint cols, gint n_channels, const LrbRect *output,
                                  const LrbEngineConfig *config, LrbTilePlan *plan,
                                  gdouble *seconds, GError **error);
gdouble   lrb_fft_estimate       (gint rows, gint cols, gint n_channels, const LrbRect *output,
                                  const LrbEngineConfig *config);

/* NULL (and an error) when the kernel is not piecewise constant enough. */
typedef struct _LrbChord LrbChord;
LrbChord *lrb_chord_new          (const LrbKernel *kernel, GError **error);
void      lrb_chord_free         (LrbChord *chord);
/* The add/subtract terms per output value: run ends over all kernel rows. */
gint      lrb_chord_n_terms      (const LrbChord *chord);
void      lrb_chord_method       (const LrbChord *chord, LrbTileMethod *method);
gdouble   lrb_chord_estimate     (gint rows, gint cols, gint n_terms, gint n_channels,
                                  const LrbRect *output, const LrbEngineConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbChord, lrb_chord_free)

/* For a separable filter made from the exact kernel's numerical-rank
 * factors (lrb-settings.c has the SVD already): report it as exact. */
typedef struct _LrbFilter LrbFilter;
void      lrb_filter_mark_exact  (LrbFilter *filter);

G_END_DECLS
