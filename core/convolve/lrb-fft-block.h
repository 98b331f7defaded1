/* lowrank-bokeh — whole linear convolutions of zero-padded blocks by FFT
 * (private to core/), for pieces that are zero around them: the field's
 * windowed zones (lrb-gegl-field.c).  Overlap-save tiles (lrb-fft.c's
 * method) would transform the zeros of each tile's halo too; a piece of
 * h × w pixels in one block of at least (h + rows − 1) × (w + cols − 1)
 * gives its whole convolution without wrapping.  The same FFTW plans,
 * planner lock, kernel placement and spectrum product as the method.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-engine.h"

G_BEGIN_DECLS

/* Plans per block size, shared read-only by the threads once made. */
typedef struct _LrbFftBlocks LrbFftBlocks;

LrbFftBlocks *lrb_fft_blocks_new     (void);
void          lrb_fft_blocks_free    (LrbFftBlocks *blocks);
/* The block side FFTW does well (the cost table's sizes, then 5-smooth
 * numbers) for at least `need` pixels. */
gint          lrb_fft_block_side     (gint need);
/* Makes the plans of ny × nx blocks: on the thread that runs the blocks,
 * before the workers start (FFTW's planner is not thread-safe). */
gboolean      lrb_fft_blocks_prepare (LrbFftBlocks *blocks, gint ny, gint nx, GError **error);
/* Floats of one block's spectrum (complex, interleaved). */
gsize         lrb_fft_block_spectrum_floats (gint ny, gint nx);
/* The kernel's spectrum for ny × nx blocks, scaled for the inverse;
 * `plane` (ny × nx floats, 64-byte aligned) is scratch.  Any thread. */
void          lrb_fft_blocks_spectrum (const LrbFftBlocks *blocks, gint ny, gint nx,
                                       const LrbKernel *kernel, gfloat *plane,
                                       gfloat *spectrum);
/* plane (ny × nx, rows nx apart, zero outside the piece) ← its circular
 * convolution with the kernel of `spectrum`: block (y, x) holds
 * Σ K(i, j) · piece(y − i, x − j).  `freq` is scratch of
 * lrb_fft_block_spectrum_floats; both 64-byte aligned.  Any thread. */
void          lrb_fft_blocks_convolve (const LrbFftBlocks *blocks, gint ny, gint nx,
                                       gfloat *plane, gfloat *freq, const gfloat *spectrum);

G_END_DECLS
