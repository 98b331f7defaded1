/* lowrank-bokeh — the field's zones by whole FFT convolutions.
 *
 * A zone's windowed piece is zero beyond its window (2 zones wide), so
 * its convolution with the zone's kernel is a block of (2Z + kernel)²:
 * one forward and one inverse transform of that block, instead of the
 * overlap-save tiles of a uniform run, whose halos would be transforms of
 * zeros.  Each pixel lies under four windows, so this is about four times
 * the uniform run's transforms and ((2Z + 2R) / 2Z)² for the halo
 * (docs/benchmarks-field.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gegl-field-zones.h"

#include <string.h>

#include "lrb-fft-block.h"
#include "lrb-image.h"
#include "lrb-method.h"

/* One zone's place: where its piece is not zero (in the image, and made up
 * beyond it by the edge mode), the block that convolves it, and where its
 * light lands inside the area.  Coordinates from the extent's corner. */
typedef struct
{
  gint    kx, ky;
  LrbRect support; /* the window's non-zero pixels, inside the image */
  LrbRect piece;   /* the source pixels whose edge-mapped place is in support */
  gint    block_w, block_h;
} Zone;

typedef struct
{
  LrbFieldZones      *z;
  const LrbSettings  *settings;
  LrbFftBlocks       *blocks;
  GArray             *zones;
  LrbEdgeMode         edge, cover_edge;
  GCancellable       *cancellable;
  gint                next;    /* atomic */
  LrbWorkers          workers; /* its mutex guards the sums too */
} ZoneRun;

/* `kernel` without the zero rows and columns around it, as many each
 * side so the anchor stays in the middle (di, dj: where it sat in
 * `kernel`); `kernel` itself (a copy) when there are none. */
static LrbKernel *
crop_zeros (const LrbKernel *kernel, gint *di, gint *dj)
{
  gint       ai = lrb_kernel_anchor_row (kernel), aj = lrb_kernel_anchor_col (kernel);
  gint       hr = 0, hc = 0;
  LrbKernel *crop;

  for (gint i = 0; i < kernel->rows; i++)
    for (gint j = 0; j < kernel->cols; j++)
      if (lrb_kernel_get (kernel, i, j) != 0.0)
        {
          hr = MAX (hr, ABS (i - ai));
          hc = MAX (hc, ABS (j - aj));
        }
  /* An even side's anchor is not in the middle: keep such kernels whole. */
  if (2 * hr + 1 > kernel->rows || 2 * hc + 1 > kernel->cols)
    {
      *di = *dj = 0;
      return lrb_kernel_copy (kernel);
    }
  *di = ai - hr;
  *dj = aj - hc;
  crop = lrb_kernel_new (2 * hr + 1, 2 * hc + 1, NULL);
  for (gint i = 0; i < crop->rows; i++)
    for (gint j = 0; j < crop->cols; j++)
      {
        gint r = i + *di, c = j + *dj;

        crop->data[(gsize) i * crop->cols + j] = lrb_kernel_get (kernel, r, c);
      }
  return crop;
}

LrbKernel *
lrb_field_zone_kernel (const LrbFieldZones *z, const LrbSettings *settings, gint kx, gint ky,
                       gdouble *kernel_sum, GError **error)
{
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbKernel)   whole = NULL;
  g_autoptr (LrbKernel)   made = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFilter)   filter = NULL;
  LrbSettings             fft = *settings;
  LrbRect                 rect = { 0, 0, 1, 1 };
  LrbKernel              *out;
  gint                    di, dj;

  whole = lrb_field_kernel_at (z->field, z->kernel, z->radius, z->extent.width,
                               z->extent.height,
                               lrb_field_zone_node (z->extent.width, z->nx, kx),
                               lrb_field_zone_node (z->extent.height, z->ny, ky));
  /* The swirl's kernels sit in room for the corners' stretch: the SVD
   * need not factor the zeros (they add nothing to it). */
  kernel = crop_zeros (whole, &di, &dj);
  /* The method only changes how it is convolved: asking for the FFT
   * spares the planner's estimates, and the rank's factors are the same. */
  fft.method = LRB_METHOD_FFT;
  if (!(analysis = lrb_analysis_new (kernel, error)) ||
      !(filter = lrb_settings_prepare_filter (&fft, kernel, analysis, z->n_channels, &rect,
                                              NULL, error)))
    return NULL;
  *kernel_sum = lrb_filter_kernel_sum (filter);
  made = lrb_filter_to_kernel (filter);
  out = lrb_kernel_new (whole->rows, whole->cols, NULL);
  for (gint i = 0; i < made->rows; i++)
    for (gint j = 0; j < made->cols; j++)
      out->data[(gsize) (i + di) * out->cols + j + dj] = lrb_kernel_get (made, i, j);
  return out;
}

/* Along one axis of `size` pixels: the hull of the source places in
 * [first, last] that the edge maps into [s0, s1]; FALSE when none. */
static gboolean
piece_span (gint first, gint last, gint size, gint s0, gint s1, LrbEdgeMode edge, gint *lo,
            gint *hi)
{
  *lo = G_MAXINT;
  *hi = G_MININT;
  for (gint s = first; s <= last; s++)
    {
      gint m = lrb_reference_edge_index (s, size, edge);

      if (m >= s0 && m <= s1)
        {
          *lo = MIN (*lo, s);
          *hi = MAX (*hi, s);
        }
    }
  return *hi >= *lo;
}

/* The piece's span along an axis: the colour's, and the cover's too. */
static gboolean
zone_span (const ZoneRun *run, gint first, gint last, gint size, gint s0, gint s1, gint *start,
           gint *length)
{
  gint lo, hi, lo2 = G_MAXINT, hi2 = G_MININT;

  piece_span (first, last, size, s0, s1, run->edge, &lo, &hi);
  if (run->z->cover)
    piece_span (first, last, size, s0, s1, run->cover_edge, &lo2, &hi2);
  if (hi < lo && hi2 < lo2)
    return FALSE;
  *start = MIN (lo, lo2);
  *length = MAX (hi, hi2) - *start + 1;
  return TRUE;
}

/* The zones whose pieces reach the area, with their blocks planned. */
static gboolean
plan_zones (ZoneRun *run, gsize *most_bytes, GError **error)
{
  LrbFieldZones *z = run->z;
  gint           kr = z->kernel->rows, kc = z->kernel->cols;
  gint           ar = lrb_kernel_anchor_row (z->kernel), ac = lrb_kernel_anchor_col (z->kernel);
  gint           ax = z->area.x - z->extent.x, ay = z->area.y - z->extent.y;
  /* Output o reads the sources o + anchor − (size − 1) … o + anchor. */
  gint           sx0 = ax + ac - kc + 1, sx1 = ax + z->area.width - 1 + ac;
  gint           sy0 = ay + ar - kr + 1, sy1 = ay + z->area.height - 1 + ar;
  gsize          planes = z->n_channels + (z->cover ? 1 : 0);

  *most_bytes = 0;
  for (gint ky = 0; ky < z->ny; ky++)
    for (gint kx = 0; kx < z->nx; kx++)
      {
        Zone zone = { kx, ky };
        gint x0, x1, y0, y1;
        gsize bytes;

        lrb_field_zone_support (z->extent.width, z->nx, z->blend, kx, &x0, &x1);
        lrb_field_zone_support (z->extent.height, z->ny, z->blend, ky, &y0, &y1);
        zone.support = (LrbRect) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
        /* The cover's edge differs only for a zero edge, where it is the
         * wider: the piece holds both. */
        if (!zone_span (run, sx0, sx1, z->extent.width, x0, x1, &zone.piece.x,
                        &zone.piece.width) ||
            !zone_span (run, sy0, sy1, z->extent.height, y0, y1, &zone.piece.y,
                        &zone.piece.height))
          continue;
        zone.block_w = lrb_fft_block_side (zone.piece.width + kc - 1);
        zone.block_h = lrb_fft_block_side (zone.piece.height + kr - 1);
        if (!lrb_fft_blocks_prepare (run->blocks, zone.block_h, zone.block_w, error))
          return FALSE;
        /* A block per channel, a spectrum and the kernel's, the maps:
         * what a worker holds for this zone. */
        bytes = sizeof (gfloat) * (planes * (((gsize) zone.block_w * zone.block_h + 15) & ~15) +
                                   2 * lrb_fft_block_spectrum_floats (zone.block_h,
                                                                      zone.block_w) +
                                   2 * (zone.block_w + zone.block_h))
                + sizeof (gint) * (zone.block_w + zone.block_h) + 8 * 64;
        *most_bytes = MAX (*most_bytes, bytes);
        g_array_append_val (run->zones, zone);
      }
  return TRUE;
}

/* For each of `n` source places from `first`: the index into the support
 * of the place the edge maps it to, or −1, and the window there. */
static void
build_map (gint first, gint n, gint size, LrbEdgeMode edge, gint s0, gint s1,
           const LrbFieldZones *z, gboolean rows, gint k, gint *map, gfloat *weight)
{
  gint length = rows ? z->extent.height : z->extent.width;
  gint count = rows ? z->ny : z->nx;

  for (gint i = 0; i < n; i++)
    {
      gint m = lrb_reference_edge_index (first + i, size, edge);

      map[i] = m >= s0 && m <= s1 ? m - s0 : -1;
      weight[i] = map[i] >= 0 ? lrb_field_zone_weight (length, count, z->blend, k, m) : 0.0f;
    }
}

/* The started image's channels `first` … `first` + n − 1 (first == c:
 * ones, for the cover), windowed, into the top-left piece.width ×
 * piece.height of n blocks `plane` floats apart, and zeros around it (the
 * last transforms wrote there).  One pass over the source for all. */
static void
fill_blocks (gfloat *blocks, gsize plane, gint block_w, gint block_h, const Zone *zone,
             const LrbFieldZones *z, gint first, gint n, const gint *row_map, const gfloat *wy,
             const gint *col_map, const gfloat *wx)
{
  gint c = z->n_channels;

  for (gint y = 0; y < zone->piece.height; y++)
    {
      const gfloat *row = row_map[y] < 0 ? NULL
                          : z->started + ((gsize) (zone->support.y + row_map[y]) *
                                          z->extent.width + zone->support.x) * c + first;

      for (gint ch = 0; ch < n; ch++)
        {
          gfloat *dest = blocks + ch * plane + (gsize) y * block_w;

          memset (dest + zone->piece.width, 0, sizeof (gfloat) * (block_w - zone->piece.width));
          if (!row)
            memset (dest, 0, sizeof (gfloat) * zone->piece.width);
        }
      if (!row)
        continue;
      for (gint x = 0; x < zone->piece.width; x++)
        {
          gfloat w = col_map[x] < 0 ? 0.0f : wy[y] * wx[x];
          gsize  at = (gsize) y * block_w + x;

          if (first == c)
            blocks[at] = w;
          else
            for (gint ch = 0; ch < n; ch++)
              blocks[ch * plane + at] = w == 0.0f ? 0.0f : w * row[(gsize) col_map[x] * c + ch];
        }
    }
  for (gint ch = 0; ch < n; ch++)
    memset (blocks + ch * plane + (gsize) zone->piece.height * block_w, 0,
            sizeof (gfloat) * (block_h - zone->piece.height) * block_w);
}

/* The blocks' convolutions into the sums where they land inside the
 * area: the colour channels' n blocks interleaved, or the cover's one. */
static void
add_blocks (ZoneRun *run, const Zone *zone, const gfloat *blocks, gsize plane, gint block_w,
            gboolean cover)
{
  LrbFieldZones *z = run->z;
  gint           ar = lrb_kernel_anchor_row (z->kernel), ac = lrb_kernel_anchor_col (z->kernel);
  gint           c = z->n_channels;
  /* Source s lands on s − anchor … s − anchor + size − 1: block index 0
   * is the piece's first source minus the anchor. */
  gint           ox = z->extent.x + zone->piece.x - ac, oy = z->extent.y + zone->piece.y - ar;
  gint           x0 = MAX (ox, z->area.x);
  gint           x1 = MIN (ox + zone->piece.width + z->kernel->cols - 1,
                           z->area.x + z->area.width);
  gint           y0 = MAX (oy, z->area.y);
  gint           y1 = MIN (oy + zone->piece.height + z->kernel->rows - 1,
                           z->area.y + z->area.height);

  for (gint y = y0; y < y1; y++)
    {
      const gfloat *src = blocks + (gsize) (y - oy) * block_w + (x0 - ox);
      gsize         at = (gsize) (y - z->area.y) * z->area.width + (x0 - z->area.x);

      if (cover)
        for (gint x = 0; x < x1 - x0; x++)
          z->cover[at + x] += src[x];
      else
        for (gint x = 0; x < x1 - x0; x++)
          for (gint ch = 0; ch < c; ch++)
            z->sum[(at + x) * c + ch] += src[ch * plane + x];
    }
}

static gboolean
run_zone (ZoneRun *run, const Zone *zone, guint8 *scratch, GError **error)
{
  LrbFieldZones        *z = run->z;
  gint                  c = z->n_channels, planes = c + (z->cover ? 1 : 0);
  gint                  bw = zone->block_w, bh = zone->block_h;
  /* A multiple of 16 floats: every block stays 64-byte aligned. */
  gsize                 plane = ((gsize) bw * bh + 15) & ~(gsize) 15;
  g_autoptr (LrbKernel) kernel = NULL;
  guint8               *p = scratch;
  gfloat               *blocks, *freq, *spectrum, *wx, *wy;
  gint                 *col_map, *row_map;

  kernel = lrb_field_zone_kernel (z, run->settings, zone->kx, zone->ky,
                                  &z->zone_sums[zone->ky * z->nx + zone->kx], error);
  if (!kernel)
    return FALSE;
  blocks = lrb_carve (&p, sizeof (gfloat) * plane * planes);
  freq = lrb_carve (&p, sizeof (gfloat) * lrb_fft_block_spectrum_floats (bh, bw));
  spectrum = lrb_carve (&p, sizeof (gfloat) * lrb_fft_block_spectrum_floats (bh, bw));
  wx = lrb_carve (&p, sizeof (gfloat) * bw);
  wy = lrb_carve (&p, sizeof (gfloat) * bh);
  col_map = lrb_carve (&p, sizeof (gint) * (bw + bh));
  row_map = col_map + bw;

  lrb_fft_blocks_spectrum (run->blocks, bh, bw, kernel, blocks, spectrum);
  /* The colour channels, then the cover, whose places beyond the image
   * follow its own edge. */
  for (gint pass = 0; pass < (z->cover ? 2 : 1); pass++)
    {
      gint    first = pass ? c : 0, n = pass ? 1 : c;
      gfloat *at = blocks + (gsize) first * plane;

      build_map (zone->piece.x, zone->piece.width, z->extent.width,
                 pass ? run->cover_edge : run->edge, zone->support.x,
                 zone->support.x + zone->support.width - 1, z, FALSE, zone->kx, col_map, wx);
      build_map (zone->piece.y, zone->piece.height, z->extent.height,
                 pass ? run->cover_edge : run->edge, zone->support.y,
                 zone->support.y + zone->support.height - 1, z, TRUE, zone->ky, row_map, wy);
      fill_blocks (at, plane, bw, bh, zone, z, first, n, row_map, wy, col_map, wx);
      for (gint ch = 0; ch < n; ch++)
        {
          if (g_cancellable_is_cancelled (run->cancellable))
            return TRUE; /* reported once by the caller */
          lrb_fft_blocks_convolve (run->blocks, bh, bw, at + ch * plane, freq, spectrum);
        }
      /* Pieces overlap: one zone adds at a time (the transforms are the
       * work; this is a few adds per pixel). */
      g_mutex_lock (&run->workers.mutex);
      add_blocks (run, zone, at, plane, bw, pass == 1);
      g_mutex_unlock (&run->workers.mutex);
    }
  return TRUE;
}

typedef struct
{
  ZoneRun *run;
  gsize    bytes;
} Worker;

static gpointer
zone_worker (gpointer data)
{
  Worker  *w = data;
  ZoneRun *run = w->run;
  guint8  *scratch = g_try_malloc (w->bytes);
  GError  *error = NULL;

  if (!scratch)
    lrb_workers_fail (&run->workers, g_error_new (LRB_ERROR, LRB_ERROR_MEMORY,
                                 "out of memory allocating %" G_GSIZE_FORMAT
                                 " KiB of FFT scratch", w->bytes >> 10));
  while (scratch && !lrb_workers_failed (&run->workers) &&
         !g_cancellable_is_cancelled (run->cancellable))
    {
      gint index = g_atomic_int_add (&run->next, 1);

      if (index >= (gint) run->zones->len)
        break;
      if (!run_zone (run, &g_array_index (run->zones, Zone, index), scratch, &error))
        {
          lrb_workers_fail (&run->workers, error);
          break;
        }
      lrb_workers_one_done (&run->workers);
    }
  g_free (scratch);
  lrb_workers_exit (&run->workers);
  return NULL;
}

gboolean
lrb_field_zones_run_fft (LrbFieldZones *z, const LrbSettings *settings,
                         const LrbEngineConfig *config, LrbProgressFunc progress,
                         gpointer progress_data, GCancellable *cancellable, GError **error)
{
  ZoneRun  run = { 0 };
  Worker   worker;
  GThread *threads[LRB_MAX_THREADS];
  gint     n_threads;
  gsize    limit = lrb_engine_memory_limit (config);

  run.z = z;
  run.settings = settings;
  run.cancellable = cancellable;
  run.edge = settings->edge;
  /* The cover counts every place as if the image went on. */
  run.cover_edge = settings->edge == LRB_EDGE_ZERO ? LRB_EDGE_CLAMP : settings->edge;
  run.blocks = lrb_fft_blocks_new ();
  run.zones = g_array_new (FALSE, FALSE, sizeof (Zone));
  worker.run = &run;
  if (!plan_zones (&run, &worker.bytes, error))
    {
      lrb_fft_blocks_free (run.blocks);
      g_array_unref (run.zones);
      return FALSE;
    }
  n_threads = MIN (lrb_engine_threads (config), MAX (1, (gint) run.zones->len));
  while (n_threads > 1 && worker.bytes * n_threads > limit)
    n_threads--;
  if (worker.bytes > limit)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_MEMORY,
                   "the field's zones need %" G_GSIZE_FORMAT " KiB of scratch memory each, "
                   "above the limit of %" G_GSIZE_FORMAT " KiB", worker.bytes >> 10,
                   limit >> 10);
      lrb_fft_blocks_free (run.blocks);
      g_array_unref (run.zones);
      return FALSE;
    }

  lrb_workers_init (&run.workers, n_threads);
  for (gint i = 0; i < n_threads; i++)
    threads[i] = g_thread_new ("lrb-field", zone_worker, &worker);
  lrb_workers_wait (&run.workers, run.zones->len, progress, progress_data);
  for (gint i = 0; i < n_threads; i++)
    g_thread_join (threads[i]);
  lrb_fft_blocks_free (run.blocks);
  g_array_unref (run.zones);
  return lrb_workers_clear (&run.workers, cancellable, error);
}
