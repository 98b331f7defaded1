/* lowrank-bokeh — helpers shared by the tests of every method (separable
 * engine, FFT, chord sums) and the planner: random images and kernels, the
 * grid of cases, filters over plain images.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>
#include <string.h>

#include "lrb-filter.h"
#include "lrb-image.h"
#include "lrb-shapes.h"

static inline LrbImage *
random_image (gint width, gint height, gint n_channels)
{
  LrbImage *image = lrb_image_new (width, height, n_channels);

  for (gsize i = 0; i < (gsize) width * height * n_channels; i++)
    image->data[i] = g_test_rand_double_range (0.0, 1.0);
  return image;
}

/* Scaled to Σ|K| = 1: the output stays inside the input's range [0, 1],
 * so "1e-5 of the data range" is an absolute 1e-5. */
static inline void
scale_to_unit_l1 (LrbKernel *kernel)
{
  gdouble l1 = 0.0;

  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    l1 += fabs (kernel->data[i]);
  for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
    kernel->data[i] /= l1;
}

/* Signed, every tap different: full rank, not piecewise constant. */
static inline LrbKernel *
random_kernel (gint rows, gint cols)
{
  LrbKernel *kernel = lrb_kernel_new (rows, cols, NULL);

  for (gsize i = 0; i < (gsize) rows * cols; i++)
    kernel->data[i] = g_test_rand_double_range (-0.2, 1.0);
  scale_to_unit_l1 (kernel);
  return kernel;
}

/* A "painted" mask: each row a few runs, values from a handful of levels
 * (one of them negative, one zero), as a user's brush strokes would be. */
static inline LrbKernel *
random_flat_kernel (gint rows, gint cols)
{
  static const gdouble levels[] = { 0.0, 1.0, 0.5, 0.25, -0.3 };
  LrbKernel           *kernel = lrb_kernel_new (rows, cols, NULL);

  for (gint i = 0; i < rows; i++)
    {
      gdouble value = 0.0;
      gint    length = 0;

      /* Runs of at least 3 taps but for the row's last one, so the
       * chord method always takes it. */
      for (gint j = 0; j < cols; j++, length++)
        {
          if (j == 0 || (length >= 3 && g_test_rand_int_range (0, 3) == 0))
            {
              value = levels[g_test_rand_int_range (0, G_N_ELEMENTS (levels))];
              length = 0;
            }
          kernel->data[(gsize) i * cols + j] = value;
        }
    }
  kernel->data[0] = 1.0; /* never all zero */
  scale_to_unit_l1 (kernel);
  return kernel;
}

static inline LrbKernel *
shape_kernel (LrbShape shape, gdouble radius, gdouble rotation)
{
  LrbKernelSpec spec;
  LrbKernel    *kernel;

  lrb_kernel_spec_init (&spec);
  spec.shape = shape;
  spec.radius = radius;
  spec.rotation = rotation;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  lrb_kernel_spec_clear (&spec);
  g_assert_nonnull (kernel);
  return kernel;
}

static inline gdouble
max_difference (const LrbImage *a, const LrbImage *b)
{
  gsize   n = (gsize) a->width * a->height * a->n_channels;
  gdouble diff = 0.0;

  for (gsize i = 0; i < n; i++)
    diff = MAX (diff, fabs ((gdouble) a->data[i] - b->data[i]));
  return diff;
}

/* lrb_image_convolve for any filter. */
static inline gboolean
filter_convolve (const LrbFilter *filter, const LrbImage *src, LrbImage *dest, LrbEdgeMode edge,
                 const LrbEngineConfig *config, GCancellable *cancellable, LrbTilePlan *plan,
                 GError **error)
{
  return lrb_image_convolve_filter (src, dest, filter, edge, config, cancellable, plan, error);
}

/* The filter (kernel exact, or its rank-r factors when rank > 0) by
 * `method` against the direct convolution with the same kernel. */
static inline gdouble
filter_error_against_reference (const LrbKernel *kernel, gint rank, LrbMethod method,
                                const LrbImage *src, LrbEdgeMode edge,
                                const LrbEngineConfig *config)
{
  g_autoptr (GError)     error = NULL;
  g_autoptr (LrbFactors) factors = rank > 0 ? lrb_factors_from_kernel (kernel, rank, &error) : NULL;
  g_autoptr (LrbKernel)  approx = factors ? lrb_factors_to_kernel (factors) : lrb_kernel_copy (kernel);
  g_autoptr (LrbFilter)  filter = lrb_filter_new (kernel, factors, method, &error);
  g_autoptr (LrbImage)   fast = lrb_image_new (src->width, src->height, src->n_channels);
  g_autoptr (LrbImage)   slow = lrb_image_new (src->width, src->height, src->n_channels);
  gdouble                difference;

  g_assert_no_error (error);
  g_assert_true (filter_convolve (filter, src, fast, edge, config, NULL, NULL, &error));
  g_assert_no_error (error);
  lrb_reference_convolve (src, approx, edge, slow);
  difference = max_difference (fast, slow);
  if (difference > 1e-5)
    g_test_message ("%s: image %d×%d×%d kernel %d×%d rank %d edge %d tile %d threads %d: %g",
                    lrb_method_to_nick (method), src->width, src->height, src->n_channels,
                    kernel->rows, kernel->cols, rank, edge, config ? config->tile_size : 0,
                    config ? config->threads : 0, difference);
  return difference;
}

/* What every method is checked on: odd and even, non-square, 1×1 and
 * larger-than-image kernels; images whose sizes no tile divides; every
 * channel count and edge mode; 1 and 2 threads; default and tiny tiles. */
typedef void (*FilterTestCase) (const LrbKernel *kernel, const LrbImage *src, LrbEdgeMode edge,
                                const LrbEngineConfig *config);

static inline void
filter_test_grid (LrbKernel *(*make_kernel) (gint rows, gint cols), FilterTestCase check)
{
  static const gint kernels[][2] = {
    { 1, 1 }, { 3, 3 }, { 4, 6 }, { 7, 2 }, { 1, 9 }, { 11, 5 }, { 25, 31 }, { 40, 40 },
  };
  static const gint images[][2] = { { 37, 23 }, { 64, 64 }, { 13, 50 }, { 9, 7 } };

  for (guint k = 0; k < G_N_ELEMENTS (kernels); k++)
    for (guint i = 0; i < G_N_ELEMENTS (images); i++)
      for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
        {
          g_autoptr (LrbKernel) kernel = make_kernel (kernels[k][0], kernels[k][1]);
          gint                  channels = 1 + (k + i + edge) % 4;
          g_autoptr (LrbImage)  src = random_image (images[i][0], images[i][1], channels);
          LrbEngineConfig       config = { .threads = 1 + (k + edge) % 2,
                                           .tile_size = (i % 2) ? 16 : 0 };

          check (kernel, src, edge, &config);
        }
}

/* Cancelled before the first tile, a method reports it and writes nothing. */
static inline void
filter_test_cancel_before_start (const LrbKernel *kernel, LrbMethod method)
{
  g_autoptr (LrbFilter)    filter = lrb_filter_new (kernel, NULL, method, NULL);
  g_autoptr (LrbImage)     src = random_image (300, 200, 4);
  g_autoptr (LrbImage)     dest = lrb_image_new (300, 200, 4);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError)       error = NULL;
  LrbEngineConfig          config = { .threads = 2, .tile_size = 32 };

  g_assert_nonnull (filter);
  g_cancellable_cancel (cancellable);
  g_assert_false (lrb_image_convolve_filter (src, dest, filter, LRB_EDGE_CLAMP, &config,
                                             cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (gsize i = 0; i < 300 * 200 * 4; i++)
    g_assert_cmpfloat (dest->data[i], ==, 0.0f);
}
