/* lowrank-bokeh — the engine's inner loops (private to core/).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Output rows are computed LRB_PASS_ROWS at a time and columns
 * LRB_PASS_COLUMNS floats at a time: buffers are padded to these. */
#define LRB_PASS_ROWS    4
#define LRB_PASS_COLUMNS 48
/* Each padded weight is stored this many times over, 64-byte aligned. */
#define LRB_PASS_WEIGHT_LANES 16

/* out[y][x] (+)= Σ_t weights[t] · in[y + t][x], for y < out_rows (a multiple
 * of LRB_PASS_ROWS) and x < width (a multiple of LRB_PASS_COLUMNS).
 * `padded_weights` holds the taps with LRB_PASS_ROWS − 1 zeros on each side,
 * each repeated LRB_PASS_WEIGHT_LANES times;
 * rows and strides are 32-byte aligned; `in` has out_rows + taps − 1 rows. */
void lrb_pass_columns (const gfloat *in, gsize in_stride,
                       gfloat *out, gsize out_stride,
                       gint out_rows, gint width,
                       const gfloat *padded_weights, gint taps,
                       gboolean accumulate);

/* dest[x][y] = src[y][x] for pixels of n_channels floats. */
void lrb_transpose_pixels (const gfloat *src, gsize src_stride,
                           gint rows, gint cols, gint n_channels,
                           gfloat *dest, gsize dest_stride);

/* The builds of lrb_pass_columns, slowest first; the engine takes the best
 * the CPU supports, tests try each. */
typedef enum
{
  LRB_PASS_GENERIC,
  LRB_PASS_AVX2,
  LRB_PASS_AVX512
} LrbPassPath;

gboolean     lrb_pass_path_supported (LrbPassPath path);
void         lrb_pass_columns_with   (LrbPassPath path, const gfloat *in, gsize in_stride,
                                      gfloat *out, gsize out_stride, gint out_rows, gint width,
                                      const gfloat *padded_weights, gint taps,
                                      gboolean accumulate);
const gchar *lrb_pass_simd_path      (void);

G_END_DECLS
