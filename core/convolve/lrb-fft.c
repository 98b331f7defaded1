/* lowrank-bokeh — the FFT method: overlap-save tiles with FFTW (float).
 *
 * Each tile plus its halo (tile + kernel − 1 pixels each way) is one
 * ny × nx block; per channel: r2c, product with the kernel's spectrum,
 * c2r.  The circular convolution is exact where it does not wrap, which is
 * the tile itself, so the halo comes from the engine's gather and every
 * edge mode works unchanged.  The block size is picked per kernel and
 * image by the cost table (lrb-cost.h); the spectrum and the FFTW plans of
 * a size are made once, on the thread that runs the filter, and kept in
 * the filter for later runs (the dialog's preview runs often).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cost.h"
#include "lrb-fft-block.h"
#include "lrb-method.h"

#include <fftw3.h>
#include <string.h>

/* FFTW's planner (plan creation and destruction) keeps global state and is
 * not thread-safe; executing plans is.  The lock covers two filters being
 * planned from two threads (a preview and a final run); the engine only
 * plans on the thread that called it, never in its workers. */
G_LOCK_DEFINE_STATIC (fftw_planner);

typedef struct
{
  gint           ny, nx;
  fftwf_plan     forward, backward;
  fftwf_complex *spectrum; /* the kernel's, scaled by 1 / (ny·nx) */
  gpointer       block;
} FftSize;

struct _LrbFft
{
  const LrbKernel *kernel;
  GMutex           lock;  /* guards `sizes` */
  GPtrArray       *sizes; /* FftSize, one per block size used so far */
};

static gsize
complex_count (gint ny, gint nx)
{
  return (gsize) ny * (nx / 2 + 1);
}

static void
fft_size_free (gpointer data)
{
  FftSize *s = data;

  G_LOCK (fftw_planner);
  fftwf_destroy_plan (s->forward);
  fftwf_destroy_plan (s->backward);
  G_UNLOCK (fftw_planner);
  g_free (s->block);
  g_free (s);
}

LrbFft *
lrb_fft_new (const LrbKernel *kernel)
{
  LrbFft *fft = g_new0 (LrbFft, 1);

  fft->kernel = kernel;
  g_mutex_init (&fft->lock);
  fft->sizes = g_ptr_array_new_with_free_func (fft_size_free);
  return fft;
}

void
lrb_fft_free (LrbFft *fft)
{
  if (!fft)
    return;
  g_ptr_array_unref (fft->sizes);
  g_mutex_clear (&fft->lock);
  g_free (fft);
}

/* ---- Block sizes and the cost model ------------------------------------ */

static gdouble
element_ns (gint n)
{
  for (guint i = 0; i < G_N_ELEMENTS (lrb_fft_size_costs); i++)
    if (lrb_fft_size_costs[i].n >= n)
      return lrb_fft_size_costs[i].ns_per_element;
  return lrb_fft_size_costs[G_N_ELEMENTS (lrb_fft_size_costs) - 1].ns_per_element;
}

static gsize
worker_bytes (gint kernel_rows, gint kernel_cols, gint c, gint ny, gint nx)
{
  gsize in = (gsize) ny * nx * c; /* the gathered tile is at most a block */
  gsize maps = sizeof (gint) * (ny + nx);

  /* staging + the gathered channel planes + one spectrum, 64-byte aligned. */
  return sizeof (gfloat) * (2 * in + 2 * complex_count (ny, nx)) + maps + 4 * 64;
}

static gdouble
tile_ns (gint kernel_rows, gint kernel_cols, gint c, gint ny, gint nx, gint tw, gint th)
{
  gdouble in = (gdouble) (tw + kernel_cols - 1) * (th + kernel_rows - 1) * c;

  /* The FFTs (with what surrounds them) and the gather and write. */
  return LRB_COST_FFT_IN_ENGINE * c * (gdouble) ny * nx * element_ns (MAX (ny, nx))
         + LRB_COST_IO_NS * (in + (gdouble) tw * th * c);
}

/* The smallest size in the table that holds `need`, or 0. */
static gint
size_at_least (gint need)
{
  for (guint i = 0; i < G_N_ELEMENTS (lrb_fft_size_costs); i++)
    if (lrb_fft_size_costs[i].n >= need)
      return lrb_fft_size_costs[i].n;
  return 0;
}

/* Fills `plan` for blocks of ny × nx, as many threads as memory allows;
 * FALSE when not even one fits. */
static gboolean
plan_for_size (gint kr, gint kc, gint c, const LrbRect *output, const LrbEngineConfig *config,
               gint ny, gint nx, LrbTilePlan *plan, gdouble *seconds)
{
  gint  tw = MIN (nx - kc + 1, output->width), th = MIN (ny - kr + 1, output->height);
  gsize bytes = worker_bytes (kr, kc, c, ny, nx);
  gsize shared = sizeof (fftwf_complex) * complex_count (ny, nx);
  gsize limit = lrb_engine_memory_limit (config);
  gint  threads;

  if (config && config->tile_size > 0)
    {
      tw = MIN (tw, config->tile_size);
      th = MIN (th, config->tile_size);
    }
  memset (plan, 0, sizeof *plan);
  plan->method = LRB_METHOD_FFT;
  plan->fft_width = nx;
  plan->fft_height = ny;
  plan->tile_width = tw;
  plan->tile_height = th;
  plan->n_tiles = ((output->width + tw - 1) / tw) * ((output->height + th - 1) / th);
  threads = MIN (lrb_engine_threads (config), plan->n_tiles);
  while (threads > 0 && bytes * threads + shared > limit)
    threads--;
  if (threads < 1)
    return FALSE;
  plan->threads = threads;
  plan->bytes_per_thread = bytes;
  plan->scratch_bytes = bytes * threads + shared;
  *seconds = lrb_cost_seconds (plan, tile_ns (kr, kc, c, ny, nx, tw, th));
  return TRUE;
}

gboolean
lrb_fft_plan (gint kr, gint kc, gint c, const LrbRect *output, const LrbEngineConfig *config,
              LrbTilePlan *plan, gdouble *seconds, GError **error)
{
  gdouble best = G_MAXDOUBLE;
  gsize   smallest = G_MAXSIZE;

  if (!lrb_engine_check_config (c, output, error))
    return FALSE;

  /* A given tile size fixes the block: the smallest that holds it. */
  if (config && config->tile_size > 0)
    {
      gint ny = size_at_least (MIN (config->tile_size, output->height) + kr - 1);
      gint nx = size_at_least (MIN (config->tile_size, output->width) + kc - 1);
      gdouble t;

      if (ny && nx && plan_for_size (kr, kc, c, output, config, ny, nx, plan, &t))
        {
          best = t;
          goto done;
        }
      if (ny && nx)
        smallest = worker_bytes (kr, kc, c, ny, nx);
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (lrb_fft_size_costs); i++)
      {
        gint ny = lrb_fft_size_costs[i].n;

        if (ny < kr)
          continue;
        for (guint j = 0; j < G_N_ELEMENTS (lrb_fft_size_costs); j++)
          {
            gint        nx = lrb_fft_size_costs[j].n;
            LrbTilePlan candidate;
            gdouble     t;

            if (nx < kc)
              continue;
            if (plan_for_size (kr, kc, c, output, config, ny, nx, &candidate, &t) && t < best)
              {
                best = t;
                *plan = candidate;
              }
            smallest = MIN (smallest, worker_bytes (kr, kc, c, ny, nx));
            /* Larger blocks than the whole output only cost more. */
            if (nx - kc + 1 >= output->width)
              break;
          }
        if (ny - kr + 1 >= output->height)
          break;
      }

done:
  if (best == G_MAXDOUBLE)
    {
      if (smallest == G_MAXSIZE)
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                     "a %d×%d kernel is too large for the FFT method", kr, kc);
      else
        g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                     "the FFT of a %d×%d kernel needs %" G_GSIZE_FORMAT " KiB of scratch "
                     "memory, above the limit of %" G_GSIZE_FORMAT " KiB",
                     kr, kc, smallest >> 10, lrb_engine_memory_limit (config) >> 10);
      return FALSE;
    }
  if (seconds)
    *seconds = best;
  return TRUE;
}

gdouble
lrb_fft_estimate (gint rows, gint cols, gint n_channels, const LrbRect *output,
                  const LrbEngineConfig *config)
{
  LrbTilePlan plan;
  gdouble     seconds;

  return lrb_fft_plan (rows, cols, n_channels, output, config, &plan, &seconds, NULL)
         ? seconds : -1.0;
}

/* ---- Plans and the kernel's spectrum --------------------------------- */

/* The plans of ny × nx blocks from `real` to `spectrum` and back; others
 * arrays run them if they are as aligned (64 bytes everywhere here). */
static void
make_plans (gint ny, gint nx, gfloat *real, fftwf_complex *spectrum, fftwf_plan *forward,
            fftwf_plan *backward)
{
  /* FFTW_ESTIMATE: FFTW_MEASURE took 0.1–1.5 s per size on the benchmark
   * machine for 10–25 % faster transforms, too slow for a preview. */
  G_LOCK (fftw_planner);
  *forward = fftwf_plan_dft_r2c_2d (ny, nx, real, spectrum, FFTW_ESTIMATE);
  *backward = fftwf_plan_dft_c2r_2d (ny, nx, spectrum, real, FFTW_ESTIMATE);
  G_UNLOCK (fftw_planner);
}

/* The kernel sits at the block's origin: output (y, x) of the circular
 * convolution is Σ K(i, j) · in(y − i, x − j), so the tile's pixels are
 * those from (kernel_rows − 1, kernel_cols − 1) on. */
static void
kernel_spectrum (const LrbKernel *kernel, gint ny, gint nx, fftwf_plan forward, gfloat *real,
                 fftwf_complex *spectrum)
{
  gfloat scale = 1.0f / ((gfloat) ny * nx);

  memset (real, 0, sizeof (gfloat) * ny * nx);
  for (gint i = 0; i < kernel->rows; i++)
    for (gint j = 0; j < kernel->cols; j++)
      real[(gsize) i * nx + j] = lrb_kernel_get (kernel, i, j) * scale;
  fftwf_execute_dft_r2c (forward, real, spectrum);
}

static FftSize *
fft_size_new (const LrbKernel *kernel, gint ny, gint nx, GError **error)
{
  FftSize *s = g_new0 (FftSize, 1);
  gsize    n_complex = complex_count (ny, nx);
  gfloat  *real;
  guint8  *p;

  s->ny = ny;
  s->nx = nx;
  s->block = g_try_malloc (sizeof (fftwf_complex) * n_complex * 2 + sizeof (gfloat) * ny * nx
                           + 3 * 64);
  if (!s->block)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory for the spectrum of a %d×%d FFT", ny, nx);
      g_free (s);
      return NULL;
    }
  /* The workers' buffers are 64-byte aligned too, as fftwf_execute_dft_*
   * on other arrays than the planned ones requires the same alignment. */
  p = s->block;
  s->spectrum = lrb_carve (&p, sizeof (fftwf_complex) * n_complex);
  real = lrb_carve (&p, sizeof (gfloat) * ny * nx);
  make_plans (ny, nx, real, s->spectrum, &s->forward, &s->backward);
  if (kernel)
    kernel_spectrum (kernel, ny, nx, s->forward, real, s->spectrum);
  return s;
}

typedef struct
{
  LrbTileBuffers b; /* first: the engine sees only this; its `in` holds
                     * one ny × nx plane per channel */
  gpointer       block;
  fftwf_complex *freq;
} Worker;

static gboolean
fft_plan (gconstpointer data, gint c, const LrbRect *output, const LrbEngineConfig *config,
          LrbTilePlan *plan, GError **error)
{
  const LrbFft *fft = data;

  return lrb_fft_plan (fft->kernel->rows, fft->kernel->cols, c, output, config, plan, NULL,
                       error);
}

static gpointer
fft_run_begin (gconstpointer data, gint c, const LrbTilePlan *plan, GError **error)
{
  LrbFft  *fft = (LrbFft *) data; /* the cache is the only thing that changes */
  FftSize *found = NULL;

  g_mutex_lock (&fft->lock);
  for (guint i = 0; i < fft->sizes->len && !found; i++)
    {
      FftSize *s = g_ptr_array_index (fft->sizes, i);

      if (s->ny == plan->fft_height && s->nx == plan->fft_width)
        found = s;
    }
  if (!found && (found = fft_size_new (fft->kernel, plan->fft_height, plan->fft_width, error)))
    g_ptr_array_add (fft->sizes, found);
  g_mutex_unlock (&fft->lock);
  return found;
}

static LrbTileBuffers *
fft_worker_new (gconstpointer data, gpointer run, gint c, const LrbTilePlan *plan,
                GError **error)
{
  const LrbFft  *fft = data;
  const FftSize *s = run;
  Worker        *w = g_new0 (Worker, 1);
  gsize          bytes = worker_bytes (fft->kernel->rows, fft->kernel->cols, c, s->ny, s->nx);
  gsize          in = (gsize) s->ny * s->nx * c;
  guint8        *p;

  w->block = g_try_malloc (bytes);
  if (!w->block)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory allocating %" G_GSIZE_FORMAT " KiB of FFT scratch",
                   bytes >> 10);
      g_free (w);
      return NULL;
    }
  p = w->block;
  w->b.staging = lrb_carve (&p, sizeof (gfloat) * in);
  w->b.in = lrb_carve (&p, sizeof (gfloat) * in);
  w->b.in_stride = s->nx;
  w->b.in_plane = (gsize) s->ny * s->nx; /* a multiple of 16 floats: aligned */
  w->freq = lrb_carve (&p, sizeof (fftwf_complex) * complex_count (s->ny, s->nx));
  w->b.row_map = lrb_carve (&p, sizeof (gint) * (s->ny + s->nx));
  w->b.col_map = w->b.row_map + s->ny;
  return &w->b;
}

static void
fft_worker_free (LrbTileBuffers *b)
{
  Worker *w = (Worker *) b;

  g_free (w->block);
  g_free (w);
}

static void
multiply (fftwf_complex *restrict a, const fftwf_complex *restrict b, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      gfloat re = a[i][0] * b[i][0] - a[i][1] * b[i][1];
      gfloat im = a[i][0] * b[i][1] + a[i][1] * b[i][0];

      a[i][0] = re;
      a[i][1] = im;
    }
}

/* A constant channel count lets the compiler unroll the inner loop. */
#define INTERLEAVE(C)                                   \
  for (gint x = 0; x < n; x++)                          \
    for (gint ch = 0; ch < (C); ch++)                   \
      dest[(gsize) x * (C) + ch] = src[ch * plane + x]

static void
interleave (gfloat *restrict dest, const gfloat *restrict src, gsize plane, gint n, gint c)
{
  switch (c)
    {
    case 1: memcpy (dest, src, sizeof (gfloat) * n); break;
    case 2: INTERLEAVE (2); break;
    case 3: INTERLEAVE (3); break;
    default: INTERLEAVE (4); break;
    }
}
#undef INTERLEAVE

static gboolean
fft_process (gconstpointer data, gpointer run, LrbTileBuffers *b, gint c, gint width,
             gint height, GCancellable *cancellable)
{
  const LrbFft  *fft = data;
  const FftSize *s = run;
  Worker        *w = (Worker *) b;
  gint           kr = fft->kernel->rows, kc = fft->kernel->cols;
  gint           in_w = width + kc - 1, in_h = height + kr - 1;

  for (gint ch = 0; ch < c; ch++)
    {
      gfloat *plane = b->in + ch * b->in_plane;

      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;

      /* Zero-padded to the block (the last transform overwrote it). */
      if (in_w < s->nx)
        for (gint y = 0; y < in_h; y++)
          memset (plane + (gsize) y * s->nx + in_w, 0, sizeof (gfloat) * (s->nx - in_w));
      memset (plane + (gsize) in_h * s->nx, 0, sizeof (gfloat) * (s->ny - in_h) * s->nx);

      /* In place of the channel's plane: it is not needed any more. */
      fftwf_execute_dft_r2c (s->forward, plane, w->freq);
      multiply (w->freq, s->spectrum, complex_count (s->ny, s->nx));
      fftwf_execute_dft_c2r (s->backward, w->freq, plane);
    }

  /* The valid region of every plane, interleaved in one pass. */
  for (gint y = 0; y < height; y++)
    interleave (b->staging + (gsize) y * width * c,
                b->in + (gsize) (y + kr - 1) * s->nx + kc - 1, b->in_plane, width, c);
  return TRUE;
}

void
lrb_fft_method (LrbFft *fft, LrbTileMethod *method)
{
  memset (method, 0, sizeof *method);
  method->kernel_rows = fft->kernel->rows;
  method->kernel_cols = fft->kernel->cols;
  method->data = fft;
  method->plan = fft_plan;
  method->run_begin = fft_run_begin;
  method->worker_new = fft_worker_new;
  method->worker_free = fft_worker_free;
  method->process = fft_process;
}

/* ---- Whole convolutions of zero-padded blocks (lrb-fft-block.h) ---------- */

struct _LrbFftBlocks
{
  GPtrArray *sizes; /* FftSize without a kernel: plans only */
};

LrbFftBlocks *
lrb_fft_blocks_new (void)
{
  LrbFftBlocks *blocks = g_new0 (LrbFftBlocks, 1);

  blocks->sizes = g_ptr_array_new_with_free_func (fft_size_free);
  return blocks;
}

void
lrb_fft_blocks_free (LrbFftBlocks *blocks)
{
  if (!blocks)
    return;
  g_ptr_array_unref (blocks->sizes);
  g_free (blocks);
}

static gboolean
smooth (gint n)
{
  for (gint f = 2; f <= 5; f++)
    while (n % f == 0)
      n /= f;
  return n == 1;
}

gint
lrb_fft_block_side (gint need)
{
  gint n = size_at_least (need);
  gint even = MAX (16, need + (need & 1));

  /* A 5-smooth even side in between wastes less padding: the table's
   * steps are up to 25 % apart. */
  for (gint m = even; m < (n ? n : G_MAXINT / 2); m += 2)
    if (smooth (m))
      return m;
  return n;
}

static const FftSize *
blocks_find (const LrbFftBlocks *blocks, gint ny, gint nx)
{
  for (guint i = 0; i < blocks->sizes->len; i++)
    {
      const FftSize *s = g_ptr_array_index (blocks->sizes, i);

      if (s->ny == ny && s->nx == nx)
        return s;
    }
  return NULL;
}

gboolean
lrb_fft_blocks_prepare (LrbFftBlocks *blocks, gint ny, gint nx, GError **error)
{
  FftSize *s;

  if (blocks_find (blocks, ny, nx))
    return TRUE;
  if (!(s = fft_size_new (NULL, ny, nx, error)))
    return FALSE;
  g_ptr_array_add (blocks->sizes, s);
  return TRUE;
}

gsize
lrb_fft_block_spectrum_floats (gint ny, gint nx)
{
  return 2 * complex_count (ny, nx);
}

void
lrb_fft_blocks_spectrum (const LrbFftBlocks *blocks, gint ny, gint nx, const LrbKernel *kernel,
                         gfloat *plane, gfloat *spectrum)
{
  const FftSize *s = blocks_find (blocks, ny, nx);

  g_return_if_fail (s != NULL);
  kernel_spectrum (kernel, ny, nx, s->forward, plane, (fftwf_complex *) spectrum);
}

void
lrb_fft_blocks_convolve (const LrbFftBlocks *blocks, gint ny, gint nx, gfloat *plane,
                         gfloat *freq, const gfloat *spectrum)
{
  const FftSize *s = blocks_find (blocks, ny, nx);

  g_return_if_fail (s != NULL);
  fftwf_execute_dft_r2c (s->forward, plane, (fftwf_complex *) freq);
  multiply ((fftwf_complex *) freq, (const fftwf_complex *) spectrum, complex_count (ny, nx));
  fftwf_execute_dft_c2r (s->backward, (fftwf_complex *) freq, plane);
}
