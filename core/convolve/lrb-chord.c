/* lowrank-bokeh — the chord method, for piecewise-constant kernels.
 *
 * A kernel row made of runs of equal value convolves with a row of pixels
 * through the row's prefix sums S (S[m] = Σ_{t<m} in[t]): a run of value v
 * over taps [a, b) adds v·(S[x + kc − a] − S[x + kc − b]).  Adjacent runs
 * share their ends, so each row reduces to one weight per place where its
 * value changes (the row's differences), and a flat disc costs O(its
 * outline) per pixel instead of O(its area), as GIMP's Lens Blur does for
 * discs.  The prefix sums restart with every tile row and are added up in
 * double, so a long row does not lose the small values at its end; only
 * their final rounding to float remains.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cost.h"
#include "lrb-method.h"
#include "lrb-pass.h"

#include <math.h>
#include <string.h>

/* Values this close (relative to the largest) are one run: a rank-r
 * reconstruction of a box differs from the box by rounding only. */
#define RUN_TOLERANCE 1e-12

struct _LrbChord
{
  gint    rows, cols;
  gint    n_terms;
  gint   *row_first; /* rows + 1 entries: row i's terms are [row_first[i], row_first[i + 1]) */
  gint   *offsets;   /* q ∈ [0, cols]: the term reads S[x + q] */
  gfloat *weights;
};

void
lrb_chord_free (LrbChord *chord)
{
  if (!chord)
    return;
  g_free (chord->row_first);
  g_free (chord->offsets);
  g_free (chord->weights);
  g_free (chord);
}

gint
lrb_chord_n_terms (const LrbChord *chord)
{
  return chord->n_terms;
}

LrbChord *
lrb_chord_new (const LrbKernel *kernel, GError **error)
{
  gint      kr = kernel->rows, kc = kernel->cols;
  gdouble   tolerance = RUN_TOLERANCE * lrb_kernel_max_abs (kernel);
  gdouble  *snapped = g_new (gdouble, kc + 2);
  LrbChord *chord = g_new0 (LrbChord, 1);
  gint      n = 0;

  chord->rows = kr;
  chord->cols = kc;
  chord->row_first = g_new (gint, kr + 1);
  chord->offsets = g_new (gint, (gsize) kr * (kc + 1));
  chord->weights = g_new (gfloat, (gsize) kr * (kc + 1));

  for (gint i = 0; i < kr; i++)
    {
      /* snapped[j + 1] = K(i, j) with every run given its first value;
       * snapped[0] and snapped[kc + 1] are the zeros around the row. */
      snapped[0] = snapped[kc + 1] = 0.0;
      for (gint j = 0; j < kc; j++)
        {
          gdouble v = lrb_kernel_get (kernel, i, j);

          snapped[j + 1] = j > 0 && fabs (v - snapped[j]) <= tolerance ? snapped[j] : v;
          if (fabs (snapped[j + 1]) <= tolerance)
            snapped[j + 1] = 0.0;
        }
      chord->row_first[i] = n;
      /* Term q reads S[x + q] with weight K(i, kc − q) − K(i, kc − 1 − q). */
      for (gint q = 0; q <= kc; q++)
        {
          gdouble w = snapped[kc - q + 1] - snapped[kc - q];

          if (w != 0.0)
            {
              chord->offsets[n] = q;
              chord->weights[n] = w;
              n++;
            }
        }
    }
  chord->row_first[kr] = n;
  chord->n_terms = n;
  g_free (snapped);

  /* Beyond the two ends of each row, more than one run end per two taps:
   * a direct convolution in disguise, which the other methods beat. */
  if ((gint64) n > 2 * (gint64) kr + (gint64) kr * kc / 2)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "the %d×%d kernel is not piecewise constant (%d run ends for %d taps): "
                   "chord sums need rows made of a few runs of equal value",
                   kr, kc, n, kr * kc);
      lrb_chord_free (chord);
      return NULL;
    }
  return chord;
}

/* ---- The inner loop --------------------------------------------------- */

/* Output floats per block: four 16-float vectors in registers. */
#define LANES   16
#define VECTORS 4
#define BLOCK   (LANES * VECTORS)

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define CHORD_X86_DISPATCH 1
#endif

typedef struct
{
  gint          n_rows, width_floats, height;
  const gint   *row_first, *offsets; /* offsets in floats */
  const gfloat *weights;
  const gfloat *sums;                /* the prefix sums, row 0 first */
  gsize         stride;
  gfloat       *out;                 /* rows of width_floats, packed */
} Rows;

/* out(y, x) = Σ_i Σ_t w_t · S(y + rows − 1 − i, x + q_t): every weight
 * feeds VECTORS FMAs from one broadcast, loads are unaligned.  Column
 * blocks outside, rows inside: consecutive output rows read the same
 * prefix-sum rows but one, so the block's rows stay in L1. */
static inline __attribute__ ((always_inline)) void
chord_rows_body (const Rows *r)
{
  typedef gfloat Vec __attribute__ ((vector_size (LANES * sizeof (gfloat))));
  typedef gfloat VecU __attribute__ ((vector_size (LANES * sizeof (gfloat)), aligned (4)));

  for (gint x = 0; x < r->width_floats; x += BLOCK)
    for (gint y = 0; y < r->height; y++)
      {
        Vec     acc[VECTORS] = { { 0 } };
        gfloat *out = r->out + (gsize) y * r->width_floats + x;

        for (gint i = 0; i < r->n_rows; i++)
          {
            const gfloat *row = r->sums + (gsize) (y + r->n_rows - 1 - i) * r->stride + x;

            for (gint t = r->row_first[i]; t < r->row_first[i + 1]; t++)
              {
                const gfloat *p = row + r->offsets[t];
                gfloat        w = r->weights[t];

#pragma GCC unroll 4
                for (gint v = 0; v < VECTORS; v++)
                  acc[v] += w * *(const VecU *) (p + LANES * v);
              }
          }
        if (x + BLOCK <= r->width_floats)
          {
#pragma GCC unroll 4
            for (gint v = 0; v < VECTORS; v++)
              *(VecU *) (out + LANES * v) = acc[v];
          }
        else
          /* The row's last, partial block: the next row follows it. */
          memcpy (out, acc, sizeof (gfloat) * (r->width_floats - x));
      }
}

#ifdef CHORD_X86_DISPATCH
__attribute__ ((target ("arch=x86-64-v4"))) static void
chord_rows_avx512 (const Rows *r)
{
  chord_rows_body (r);
}

__attribute__ ((target ("arch=x86-64-v3"))) static void
chord_rows_avx2 (const Rows *r)
{
  chord_rows_body (r);
}
#endif

static void
chord_rows_generic (const Rows *r)
{
  chord_rows_body (r);
}

static void
chord_rows (const Rows *r)
{
#ifdef CHORD_X86_DISPATCH
  /* The separable pass's dispatch knows what this CPU does. */
  if (lrb_pass_path_supported (LRB_PASS_AVX512))
    {
      chord_rows_avx512 (r);
      return;
    }
  if (lrb_pass_path_supported (LRB_PASS_AVX2))
    {
      chord_rows_avx2 (r);
      return;
    }
#endif
  chord_rows_generic (r);
}

/* ---- Plans, workers, tiles ----------------------------------------------- */

typedef struct
{
  gint kernel_rows, kernel_cols, n_terms;
} Shape;

static gsize
sums_stride (gint kernel_cols, gint c, gint width)
{
  /* One pixel of zeros in front, the row, then a block of slack for the
   * last block's overreach; whole 64-byte lines. */
  return ((gsize) (width + kernel_cols) * c + BLOCK + 15) / 16 * 16;
}

static gsize
chord_bytes (gconstpointer data, gint c, gint width, gint height)
{
  const Shape *s = data;
  gsize        in_w = width + s->kernel_cols - 1, in_h = height + s->kernel_rows - 1;

  /* staging (+ slack) + prefix sums + maps + the offsets scaled by c. */
  return sizeof (gfloat) * (in_w * in_h * c + BLOCK + in_h * sums_stride (s->kernel_cols, c, width))
         + sizeof (gint) * (in_w + in_h + s->n_terms) + 4 * 64;
}

static gboolean
plan_chord (const Shape *s, gint c, const LrbRect *output, const LrbEngineConfig *config,
            LrbTilePlan *plan, GError **error)
{
  gint tw, th;

  /* The inner loop reads one column block of kernel_rows prefix-sum rows,
   * whatever the tile's width: wide tiles only shrink the halo's share. */
  if (config && config->tile_size > 0)
    tw = th = config->tile_size;
  else
    {
      tw = CLAMP (4 * s->kernel_cols, 1024, 2048);
      th = 256;
    }
  if (!lrb_tile_plan_fit (s->kernel_rows, s->kernel_cols, c, output, config, tw, th, chord_bytes,
                          s, plan, error))
    return FALSE;
  plan->method = LRB_METHOD_CHORD;
  return TRUE;
}

gdouble
lrb_chord_estimate (gint rows, gint cols, gint n_terms, gint c, const LrbRect *output,
                    const LrbEngineConfig *config)
{
  Shape       s = { rows, cols, n_terms };
  LrbTilePlan plan;
  gdouble     in, blocks, ns;

  if (n_terms < 0 || !plan_chord (&s, c, output, config, &plan, NULL))
    return -1.0;
  in = (gdouble) (plan.tile_width + cols - 1) * (plan.tile_height + rows - 1) * c;
  blocks = (gdouble) (((gint64) plan.tile_width * c + BLOCK - 1) / BLOCK) * BLOCK;
  ns = LRB_COST_IO_NS * (in + (gdouble) plan.tile_width * plan.tile_height * c)
       + LRB_COST_CHORD_PREFIX_NS * in
       + (LRB_COST_CHORD_TERM_NS + LRB_COST_CHORD_TERM_ROW_NS * rows) * n_terms * blocks
         * plan.tile_height;
  return lrb_cost_seconds (&plan, ns);
}

typedef struct
{
  LrbTileBuffers b; /* first: the engine sees only this */
  gpointer       block;
  gfloat        *sums;
  gsize          stride;
  gint          *offsets; /* the chord's, in floats for this channel count */
} Worker;

static gboolean
chord_plan (gconstpointer data, gint c, const LrbRect *output, const LrbEngineConfig *config,
            LrbTilePlan *plan, GError **error)
{
  const LrbChord *k = data;
  Shape           s = { k->rows, k->cols, k->n_terms };

  return plan_chord (&s, c, output, config, plan, error);
}

static LrbTileBuffers *
chord_worker_new (gconstpointer data, gpointer run, gint c, const LrbTilePlan *plan,
                  GError **error)
{
  const LrbChord *k = data;
  Shape           s = { k->rows, k->cols, k->n_terms };
  gsize           bytes = chord_bytes (&s, c, plan->tile_width, plan->tile_height);
  gsize           in_w = plan->tile_width + k->cols - 1, in_h = plan->tile_height + k->rows - 1;
  Worker         *w = g_new0 (Worker, 1);
  guint8         *p;

  /* Zeroed: the pixel in front of each prefix-sum row stays 0 (S[0]). */
  w->block = g_try_malloc0 (bytes);
  if (!w->block)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "out of memory allocating %" G_GSIZE_FORMAT " KiB of chord scratch",
                   bytes >> 10);
      g_free (w);
      return NULL;
    }
  p = w->block;
  w->stride = sums_stride (k->cols, c, plan->tile_width);
  w->b.staging = lrb_carve (&p, sizeof (gfloat) * (in_w * in_h * c + BLOCK));
  w->sums = lrb_carve (&p, sizeof (gfloat) * in_h * w->stride);
  /* The engine gathers straight into the prefix-sum rows, one pixel in. */
  w->b.in = w->sums + c;
  w->b.in_stride = w->stride;
  w->b.row_map = lrb_carve (&p, sizeof (gint) * (in_w + in_h));
  w->b.col_map = w->b.row_map + in_h;
  w->offsets = lrb_carve (&p, sizeof (gint) * MAX (k->n_terms, 1));
  for (gint t = 0; t < k->n_terms; t++)
    w->offsets[t] = k->offsets[t] * c;
  return &w->b;
}

static void
chord_worker_free (LrbTileBuffers *b)
{
  Worker *w = (Worker *) b;

  g_free (w->block);
  g_free (w);
}

static gboolean
chord_process (gconstpointer data, gpointer run, LrbTileBuffers *b, gint c, gint width,
               gint height, GCancellable *cancellable)
{
  const LrbChord *k = data;
  Worker         *w = (Worker *) b;
  gint            in_w = width + k->cols - 1, in_h = height + k->rows - 1;
  Rows            r;

  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;

  /* In place: the pixel m of a row becomes S[m + 1], summed in double. */
  for (gint y = 0; y < in_h; y++)
    {
      gfloat *row = w->b.in + (gsize) y * w->stride;
      gdouble sum[4] = { 0, 0, 0, 0 };

      for (gint m = 0; m < in_w; m++)
        for (gint ch = 0; ch < c; ch++)
          {
            sum[ch] += row[m * c + ch];
            row[m * c + ch] = sum[ch];
          }
    }

  r.n_rows = k->rows;
  r.width_floats = width * c;
  r.height = height;
  r.row_first = k->row_first;
  r.offsets = w->offsets;
  r.weights = k->weights;
  r.sums = w->sums;
  r.stride = w->stride;
  r.out = b->staging;
  chord_rows (&r);
  return TRUE;
}

void
lrb_chord_method (const LrbChord *chord, LrbTileMethod *method)
{
  memset (method, 0, sizeof *method);
  method->kernel_rows = chord->rows;
  method->kernel_cols = chord->cols;
  method->data = chord;
  method->plan = chord_plan;
  method->worker_new = chord_worker_new;
  method->worker_free = chord_worker_free;
  method->process = chord_process;
}
