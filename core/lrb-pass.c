/* lowrank-bokeh — the inner loops of the separable engine.
 *
 * One 1-D kernel serves both directions: the horizontal pass runs on a
 * transposed tile.  It keeps LRB_PASS_ROWS × 3 vectors of outputs in
 * registers and broadcasts each weight once per input row, so every load
 * feeds several FMAs (PERFORMANCE-NOTES.md: a loop that streams one whole
 * accumulator row per tap is load-bound at a tenth of the FMA peak).
 * GCC's vector extension keeps it portable; target_clones adds AVX2+FMA
 * and AVX-512 builds picked at run time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-pass.h"

#include <string.h>

typedef gfloat LrbVec8 __attribute__ ((vector_size (32)));

#define VECTORS (LRB_PASS_COLUMNS / 8)

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define LRB_CLONES __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LRB_CLONES
#endif

LRB_CLONES void
lrb_pass_columns (const gfloat *in, gsize in_stride,
                  gfloat *out, gsize out_stride,
                  gint out_rows, gint width,
                  const gfloat *padded_weights, gint taps,
                  gboolean accumulate)
{
  const gint span = taps + LRB_PASS_ROWS - 1;

  /* Column blocks outside, rows inside: the rows one block reads stay in L1
   * for the next group of output rows. */
  for (gint x = 0; x < width; x += LRB_PASS_COLUMNS)
    for (gint y = 0; y < out_rows; y += LRB_PASS_ROWS)
      {
        LrbVec8 acc[LRB_PASS_ROWS][VECTORS];
        const gfloat *column = in + (gsize) y * in_stride + x;

#pragma GCC unroll 16
        for (gint r = 0; r < LRB_PASS_ROWS; r++)
#pragma GCC unroll 4
          for (gint v = 0; v < VECTORS; v++)
            acc[r][v] = accumulate
                        ? *(const LrbVec8 *) (out + (gsize) (y + r) * out_stride + x + 8 * v)
                        : (LrbVec8) { 0 };

        for (gint p = 0; p < span; p++)
          {
            const gfloat *row = column + (gsize) p * in_stride;
            LrbVec8       in_v[VECTORS];

#pragma GCC unroll 4
            for (gint v = 0; v < VECTORS; v++)
              in_v[v] = *(const LrbVec8 *) (row + 8 * v);
            /* Row y + r takes tap p − r; the zero padding covers p − r < 0
             * and p − r ≥ taps. */
#pragma GCC unroll 16
            for (gint r = 0; r < LRB_PASS_ROWS; r++)
              {
                gfloat w = padded_weights[p - r + LRB_PASS_ROWS - 1];
#pragma GCC unroll 4
                for (gint v = 0; v < VECTORS; v++)
                  acc[r][v] += w * in_v[v];
              }
          }

#pragma GCC unroll 16
        for (gint r = 0; r < LRB_PASS_ROWS; r++)
#pragma GCC unroll 4
          for (gint v = 0; v < VECTORS; v++)
            *(LrbVec8 *) (out + (gsize) (y + r) * out_stride + x + 8 * v) = acc[r][v];
      }
}

/* Small blocks keep both the rows read and the rows written in L1. */
#define TRANSPOSE_BLOCK 16

void
lrb_transpose_pixels (const gfloat *src, gsize src_stride,
                      gint rows, gint cols, gint n_channels,
                      gfloat *dest, gsize dest_stride)
{
  const gsize pixel_bytes = sizeof (gfloat) * n_channels;

  for (gint y0 = 0; y0 < rows; y0 += TRANSPOSE_BLOCK)
    for (gint x0 = 0; x0 < cols; x0 += TRANSPOSE_BLOCK)
      {
        gint y1 = MIN (rows, y0 + TRANSPOSE_BLOCK), x1 = MIN (cols, x0 + TRANSPOSE_BLOCK);

        for (gint x = x0; x < x1; x++)
          for (gint y = y0; y < y1; y++)
            memcpy (dest + (gsize) x * dest_stride + (gsize) y * n_channels,
                    src + (gsize) y * src_stride + (gsize) x * n_channels, pixel_bytes);
      }
}

const gchar *
lrb_pass_simd_path (void)
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw"))
    return "x86-64-v4 (AVX-512, FMA)";
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return "x86-64-v3 (AVX2, FMA)";
#endif
  return "generic (vector extension, compiler default)";
}
