/* lowrank-bokeh — the 1-D pass, compiled once per vector width.
 * Included by lrb-pass.c with PASS_NAME, PASS_LANES and PASS_TARGET set.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define PASS_VECTORS (LRB_PASS_COLUMNS / PASS_LANES)

PASS_TARGET static void
PASS_NAME (const gfloat *in, gsize in_stride, gfloat *out, gsize out_stride,
           gint out_rows, gint width, const gfloat *padded_weights, gint taps,
           gboolean accumulate)
{
  typedef gfloat Vec __attribute__ ((vector_size (PASS_LANES * sizeof (gfloat))));
  const gint span = taps + LRB_PASS_ROWS - 1;

  /* Column blocks outside, rows inside: the rows one block reads stay in L1
   * for the next group of output rows. */
  for (gint x = 0; x < width; x += LRB_PASS_COLUMNS)
    for (gint y = 0; y < out_rows; y += LRB_PASS_ROWS)
      {
        Vec           acc[LRB_PASS_ROWS][PASS_VECTORS];
        const gfloat *column = in + (gsize) y * in_stride + x;

        /* Rows more than a page apart defeat the hardware prefetcher: ask
         * for the rows the next group will add while this one computes. */
        for (gint r = 0; r < LRB_PASS_ROWS; r++)
          for (gint line = 0; line < LRB_PASS_COLUMNS; line += 16)
            __builtin_prefetch (column + (gsize) (span + r) * in_stride + line);

#pragma GCC unroll 16
        for (gint r = 0; r < LRB_PASS_ROWS; r++)
#pragma GCC unroll 8
          for (gint v = 0; v < PASS_VECTORS; v++)
            acc[r][v] = accumulate
                        ? *(const Vec *) (out + (gsize) (y + r) * out_stride + x + PASS_LANES * v)
                        : (Vec) { 0 };

        for (gint p = 0; p < span; p++)
          {
            const gfloat *row = column + (gsize) p * in_stride;
            Vec           in_v[PASS_VECTORS];

#pragma GCC unroll 8
            for (gint v = 0; v < PASS_VECTORS; v++)
              in_v[v] = *(const Vec *) (row + PASS_LANES * v);
            /* Row y + r takes tap p − r; the zero padding covers p − r < 0
             * and p − r ≥ taps.  Weights come pre-broadcast from memory:
             * a register broadcast would take an FMA port. */
#pragma GCC unroll 16
            for (gint r = 0; r < LRB_PASS_ROWS; r++)
              {
                Vec w = *(const Vec *) (padded_weights +
                                        (gsize) (p - r + LRB_PASS_ROWS - 1) * LRB_PASS_WEIGHT_LANES);
#pragma GCC unroll 8
                for (gint v = 0; v < PASS_VECTORS; v++)
                  acc[r][v] += w * in_v[v];
              }
          }

#pragma GCC unroll 16
        for (gint r = 0; r < LRB_PASS_ROWS; r++)
#pragma GCC unroll 8
          for (gint v = 0; v < PASS_VECTORS; v++)
            *(Vec *) (out + (gsize) (y + r) * out_stride + x + PASS_LANES * v) = acc[r][v];
      }
}

#undef PASS_VECTORS
