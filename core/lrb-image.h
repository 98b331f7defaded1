/* lowrank-bokeh — a plain float image in memory, for tests, the benchmark
 * and callers that have pixels rather than a GeglBuffer.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-field.h"
#include "lrb-filter.h"

G_BEGIN_DECLS

typedef struct
{
  gint    width;
  gint    height;
  gint    n_channels;
  gfloat *data; /* interleaved, rows packed */
} LrbImage;

LrbImage *lrb_image_new  (gint width, gint height, gint n_channels);
LrbImage *lrb_image_copy (const LrbImage *image);
void      lrb_image_free (LrbImage *image);

/* The engine over a whole image; `dest` has src's size and channels and
 * may not be `src`. */
gboolean  lrb_image_convolve (const LrbImage *src, LrbImage *dest,
                              const LrbFactors *factors, LrbEdgeMode edge,
                              const LrbEngineConfig *config, GCancellable *cancellable,
                              LrbTilePlan *plan_out, GError **error);

/* The same with any filter (separable, FFT or chord sums). */
gboolean  lrb_image_convolve_filter (const LrbImage *src, LrbImage *dest,
                                     const LrbFilter *filter, LrbEdgeMode edge,
                                     const LrbEngineConfig *config, GCancellable *cancellable,
                                     LrbTilePlan *plan_out, GError **error);

/* The slow, obviously correct reference: direct 2-D convolution in double,
 * out(y, x) = Σ K(i, j) · in(y + ai − i, x + aj − j), (ai, aj) the anchor. */
void      lrb_reference_convolve (const LrbImage *src, const LrbKernel *kernel,
                                  LrbEdgeMode edge, LrbImage *dest);

/* Where pixel i of a row or column of `size` reads from under `edge`, or
 * -1 for a zero (transparent black) pixel. */
gint      lrb_reference_edge_index (gint i, gint size, LrbEdgeMode edge);

/* The slow, obviously correct reference for a field of kernels: each
 * source pixel adds its own place's kernel (lrb_field_kernel_at of
 * lrb_field_base of `base`: the aspect's oval too), the edge's pixels the kernel of the pixel they repeat; each
 * output pixel is then divided by its cover, the sum of the kernel taps
 * that reached it from every place (as if the image went on: by `edge`,
 * clamp for a zero edge), so a
 * constant image stays constant.  Every channel alike: for an image with
 * alpha last, straight colour is dest's colour over dest's alpha. */
void      lrb_reference_convolve_field (const LrbImage *src, const LrbKernel *base,
                                        const LrbField *field, LrbEdgeMode edge,
                                        LrbImage *dest);
/* The same over `rect` of src only (dest has rect's size): for a crop of
 * an image too large for the reference. */
void      lrb_reference_convolve_field_rect (const LrbImage *src, const LrbKernel *base,
                                             const LrbField *field, LrbEdgeMode edge,
                                             const LrbRect *rect, LrbImage *dest);

/* The slow reference for axial colour (lrb-gegl-axial.h) over a straight
 * RGBA image: each colour channel premultiplied and convolved with
 * `full` where lrb_field_axial_keeps (channel, behind) says so, else with
 * `shrunk`, and divided by alpha convolved with the same kernel; dest's
 * alpha is alpha convolved with `full`.  The kernels sum to 1. */
void      lrb_reference_convolve_axial (const LrbImage *src, const LrbKernel *full,
                                        const LrbKernel *shrunk, gboolean behind,
                                        LrbEdgeMode edge, LrbImage *dest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrbImage, lrb_image_free)

G_END_DECLS
