/* lowrank-bokeh — the planner's cost model (private to core/).
 *
 * Each method's estimate (lrb-separable.c, lrb-fft.c, lrb-chord.c) counts
 * the work its tiles do and prices it with these constants.  They were
 * measured on the project's 2-vCPU AVX-512 Xeon (PERFORMANCE-NOTES.md) by
 * timing each method over a 2560×1600 RGBA float image (discs R 5–100 by
 * chord sums, hexagons and discs at ranks 1–8 and Gaussians by separable
 * passes, discs and a random 101×101 kernel by FFT) and fitting the counts
 * below (build-fft, -O3, 2026-11).  The FFT table times FFTW_ESTIMATE
 * plans doing r2c, the spectrum product and c2r of one n×n block alone.
 * The fits were within ±30 % of the measurements; only the ratios between
 * methods matter for the choice.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-engine.h"

/* Gathering a tile (the read callback included) and writing it back: ns
 * per float, mostly memory traffic. */
#define LRB_COST_IO_NS             0.9
/* The separable pass: ns per tap per float of output; and per float of
 * the transpose each term makes. */
#define LRB_COST_SEPARABLE_TAP_NS  0.020
#define LRB_COST_TRANSPOSE_NS      0.46
/* Chord sums: ns per run end (one load and one FMA) per float of output,
 * growing with the kernel's height as its rows of one column block
 * outgrow L1; and per float of the row prefix sums (in double). */
#define LRB_COST_CHORD_TERM_NS     0.045
#define LRB_COST_CHORD_TERM_ROW_NS 0.0002
#define LRB_COST_CHORD_PREFIX_NS   0.2
/* In the engine an FFT block costs this much more than alone (the table
 * below): zero padding, interleaving, cache pressure from the gather. */
#define LRB_COST_FFT_IN_ENGINE     1.5
/* Per thread added, a run goes this much faster (the two vCPUs gave 2.1–2.4×
 * when the host was quiet, far less when it was not: PERFORMANCE-NOTES.md). */
#define LRB_COST_THREAD_GAIN       0.9

/* r2c + product + c2r of one n×n block, ns per element (measured with
 * FFTW_ESTIMATE plans: sizes FFTW plans badly that way are left out). */
typedef struct
{
  gint    n;
  gdouble ns_per_element;
} LrbFftSizeCost;

static const LrbFftSizeCost lrb_fft_size_costs[] = {
  { 16, 5.4 },   { 32, 3.9 },   { 64, 4.2 },   { 80, 4.4 },   { 100, 5.2 },
  { 128, 5.0 },  { 160, 5.2 },  { 200, 5.1 },  { 256, 5.2 },  { 320, 4.6 },
  { 400, 5.1 },  { 512, 6.1 },  { 640, 6.4 },  { 768, 6.3 },  { 1024, 10.5 },
  { 1280, 7.7 }, { 1536, 11.9 }, { 2048, 14.8 }, { 2560, 15.4 }, { 3072, 29.2 },
  { 4096, 32.0 },
};

/* Wall-clock seconds of a plan whose tiles each cost `tile_ns` on one
 * thread: the busiest thread's tiles. */
static inline gdouble
lrb_cost_seconds (const LrbTilePlan *plan, gdouble tile_ns)
{
  gint    rounds = (plan->n_tiles + plan->threads - 1) / plan->threads;
  gdouble speedup = plan->threads > 1 ? plan->threads * LRB_COST_THREAD_GAIN : 1.0;

  return rounds * tile_ns * 1e-9 * plan->threads / MAX (speedup, 1.0);
}
