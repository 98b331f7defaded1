/* lowrank-bokeh — the inner loops of the separable engine.
 *
 * One 1-D kernel serves both directions: the horizontal pass runs on a
 * transposed tile.  It keeps LRB_PASS_ROWS × 3 vectors of outputs in
 * registers and broadcasts each weight once per input row, so every load
 * feeds several FMAs (PERFORMANCE-NOTES.md: a loop that streams one whole
 * accumulator row per tap is load-bound at a tenth of the FMA peak).
 * GCC's vector extension keeps it portable; on x86-64 an AVX-512 build
 * (16 lanes) and an AVX2+FMA build (8 lanes) are picked at run time.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-pass.h"

#include <string.h>

/* Sanitizers and clang get the portable build only: target clones and
 * ASan's interceptors do not mix well. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define LRB_X86_DISPATCH 1
#endif

#ifdef LRB_X86_DISPATCH
#define PASS_NAME   pass_avx512
#define PASS_LANES  16
#define PASS_TARGET __attribute__ ((target ("arch=x86-64-v4")))
#include "lrb-pass-body.h"
#undef PASS_NAME
#undef PASS_LANES
#undef PASS_TARGET

#define PASS_NAME   pass_avx2
#define PASS_LANES  8
#define PASS_TARGET __attribute__ ((target ("arch=x86-64-v3")))
#include "lrb-pass-body.h"
#undef PASS_NAME
#undef PASS_LANES
#undef PASS_TARGET
#endif

#define PASS_NAME   pass_generic
#define PASS_LANES  8
#define PASS_TARGET
#include "lrb-pass-body.h"
#undef PASS_NAME
#undef PASS_LANES
#undef PASS_TARGET

static LrbPassPath
best_path (void)
{
#ifdef LRB_X86_DISPATCH
  /* Reads what libgcc found at start-up: cheap enough for every call. */
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw") &&
      __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512dq"))
    return LRB_PASS_AVX512;
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return LRB_PASS_AVX2;
#endif
  return LRB_PASS_GENERIC;
}

gboolean
lrb_pass_path_supported (LrbPassPath path)
{
  return path <= best_path ();
}

void
lrb_pass_columns_with (LrbPassPath path, const gfloat *in, gsize in_stride,
                       gfloat *out, gsize out_stride, gint out_rows, gint width,
                       const gfloat *padded_weights, gint taps, gboolean accumulate)
{
  g_return_if_fail (lrb_pass_path_supported (path));

  switch (path)
    {
#ifdef LRB_X86_DISPATCH
    case LRB_PASS_AVX512:
      pass_avx512 (in, in_stride, out, out_stride, out_rows, width, padded_weights, taps,
                   accumulate);
      return;
    case LRB_PASS_AVX2:
      pass_avx2 (in, in_stride, out, out_stride, out_rows, width, padded_weights, taps,
                 accumulate);
      return;
#endif
    default:
      pass_generic (in, in_stride, out, out_stride, out_rows, width, padded_weights, taps,
                    accumulate);
    }
}

void
lrb_pass_columns (const gfloat *in, gsize in_stride, gfloat *out, gsize out_stride,
                  gint out_rows, gint width, const gfloat *padded_weights, gint taps,
                  gboolean accumulate)
{
  lrb_pass_columns_with (best_path (), in, in_stride, out, out_stride, out_rows, width,
                         padded_weights, taps, accumulate);
}

const gchar *
lrb_pass_simd_path (void)
{
  switch (best_path ())
    {
    case LRB_PASS_AVX512:
      return "avx512 (16 lanes, FMA)";
    case LRB_PASS_AVX2:
      return "avx2+fma (8 lanes)";
    default:
      return "generic (8-lane vector extension, compiler's default ISA)";
    }
}

/* Small blocks keep both the rows read and the rows written in L1; a
 * constant pixel size lets the compiler turn each copy into one move. */
#define TRANSPOSE_BLOCK 16

#define DEFINE_TRANSPOSE(name, channels)                                              \
  static void                                                                         \
  name (const gfloat *src, gsize src_stride, gint rows, gint cols,                    \
        gfloat *dest, gsize dest_stride)                                              \
  {                                                                                   \
    for (gint y0 = 0; y0 < rows; y0 += TRANSPOSE_BLOCK)                               \
      for (gint x0 = 0; x0 < cols; x0 += TRANSPOSE_BLOCK)                             \
        {                                                                             \
          gint y1 = MIN (rows, y0 + TRANSPOSE_BLOCK);                                 \
          gint x1 = MIN (cols, x0 + TRANSPOSE_BLOCK);                                 \
                                                                                      \
          for (gint x = x0; x < x1; x++)                                              \
            for (gint y = y0; y < y1; y++)                                            \
              memcpy (dest + (gsize) x * dest_stride + (gsize) y * (channels),        \
                      src + (gsize) y * src_stride + (gsize) x * (channels),          \
                      sizeof (gfloat) * (channels));                                  \
        }                                                                             \
  }

DEFINE_TRANSPOSE (transpose_1, 1)
DEFINE_TRANSPOSE (transpose_2, 2)
DEFINE_TRANSPOSE (transpose_3, 3)
DEFINE_TRANSPOSE (transpose_4, 4)

void
lrb_transpose_pixels (const gfloat *src, gsize src_stride, gint rows, gint cols,
                      gint n_channels, gfloat *dest, gsize dest_stride)
{
  switch (n_channels)
    {
    case 1: transpose_1 (src, src_stride, rows, cols, dest, dest_stride); break;
    case 2: transpose_2 (src, src_stride, rows, cols, dest, dest_stride); break;
    case 3: transpose_3 (src, src_stride, rows, cols, dest, dest_stride); break;
    case 4: transpose_4 (src, src_stride, rows, cols, dest, dest_stride); break;
    default: g_return_if_reached ();
    }
}
