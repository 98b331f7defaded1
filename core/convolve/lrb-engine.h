/* lowrank-bokeh — the convolution engine.
 *
 * Works on interleaved float pixels (1 to 4 channels) that it reads and
 * writes through callbacks, one tile at a time, so it knows nothing of
 * GEGL or GIMP (the resynthesizer model) and never holds an image plane.
 * lrb_engine_run convolves with rank-r separable factors; lrb-filter.h
 * adds the FFT and chord-sum methods and the planner that picks one, all
 * sharing this engine's tiles, edges, threads and memory bound.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "lrb-analysis.h"

G_BEGIN_DECLS

/* The numbers are the PDB's `edge-mode` values. */
typedef enum
{
  LRB_EDGE_CLAMP  = 0, /* repeat the border pixel, as GIMP's blurs */
  LRB_EDGE_MIRROR = 1, /* reflect, repeating the border pixel: …cba|abc… */
  LRB_EDGE_ZERO   = 2, /* transparent black outside */
  LRB_N_EDGE_MODES
} LrbEdgeMode;

#define LRB_DEFAULT_MEMORY_LIMIT ((gsize) 512 << 20)
#define LRB_MAX_THREADS 256

typedef struct
{
  gint x, y, width, height;
} LrbRect;

/* Called from worker threads, several at once: must be thread-safe.
 * The writer may change `pixels` in place (it is the worker's scratch).
 * `rect` lies inside the source extent; strides count floats. */
typedef gboolean (*LrbReadFunc)  (gpointer user_data, const LrbRect *rect,
                                  gfloat *dest, gsize dest_stride, GError **error);
typedef gboolean (*LrbWriteFunc) (gpointer user_data, const LrbRect *rect,
                                  gfloat *pixels, gsize stride, GError **error);
/* Called from the thread that called lrb_engine_run, never from workers. */
typedef void     (*LrbProgressFunc) (gdouble fraction, gpointer user_data);

typedef struct
{
  gint         n_channels; /* 1 to 4 */
  LrbRect      source;     /* the input's extent: edge modes apply at its border */
  LrbRect      output;     /* what to compute, inside source */
  LrbReadFunc  read;
  LrbWriteFunc write;
  gpointer     user_data;
} LrbEngineIO;

typedef struct
{
  gint  threads;      /* 0 = every core */
  gsize memory_limit; /* scratch bytes for all threads together, 0 = default */
  gint  tile_size;    /* 0 = let the planner choose */
} LrbEngineConfig;

/* How the engine convolves (lrb-filter.h has the planner that picks one).
 * The numbers are stable: the PDB and the dialog may store them. */
typedef enum
{
  LRB_METHOD_AUTO      = 0, /* let lrb_planner_choose decide */
  LRB_METHOD_SEPARABLE = 1, /* rank-r vertical + horizontal 1-D passes */
  LRB_METHOD_FFT       = 2, /* FFTW overlap-save tiles, any kernel */
  LRB_METHOD_CHORD     = 3, /* row prefix sums, piecewise-constant kernels only */
  LRB_N_METHODS
} LrbMethod;

typedef struct
{
  gint      tile_width;
  gint      tile_height;
  gint      threads;
  gint      n_tiles;
  gsize     bytes_per_thread; /* scratch one worker allocates */
  gsize     scratch_bytes;    /* all workers together (and data shared by
                               * them): ≤ the memory limit */
  LrbMethod method;
  gint      fft_width;        /* the FFT block, 0 for other methods */
  gint      fft_height;
} LrbTilePlan;

/* The separable method's plan. */
gboolean lrb_tile_plan_compute (gint kernel_rows, gint kernel_cols, gint n_channels,
                                const LrbRect *output, const LrbEngineConfig *config,
                                LrbTilePlan *plan, GError **error);

/* Convolves (not correlates) with Σ vertical_i ⊗ horizontal_i by the
 * separable method (lrb_engine_run_filter in lrb-filter.h runs the others).  Returns
 * FALSE with G_IO_ERROR_CANCELLED when cancelled.  `plan_out`, when given,
 * receives the plan used, with scratch_bytes as actually allocated. */
gboolean lrb_engine_run (const LrbFactors *factors, LrbEdgeMode edge,
                         const LrbEngineIO *io, const LrbEngineConfig *config,
                         LrbProgressFunc progress, gpointer progress_data,
                         GCancellable *cancellable, LrbTilePlan *plan_out,
                         GError **error);

const gchar *lrb_edge_mode_to_nick   (LrbEdgeMode mode);
gboolean     lrb_edge_mode_from_nick (const gchar *nick, LrbEdgeMode *mode);

/* The CPU path the 1-D passes take on this machine ("avx512", "avx2+fma",
 * "generic"), for the benchmark report. */
const gchar *lrb_engine_simd_path    (void);

G_END_DECLS
