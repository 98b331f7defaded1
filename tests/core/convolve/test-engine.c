/* lowrank-bokeh — the separable engine against the direct 2-D convolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "filter-test-util.h"

/* The engine at `rank` must equal the direct convolution with the rank-r
 * kernel Σ σᵢuᵢvᵢᵀ (DESIGN.md §3). */
static void
check_against_reference (const LrbImage *src, const LrbKernel *kernel, gint rank,
                         LrbEdgeMode edge, const LrbEngineConfig *config)
{
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, &error);
  g_autoptr (LrbFactors)  factors = NULL;
  g_autoptr (LrbKernel)   approx = NULL;
  g_autoptr (LrbImage)    fast = lrb_image_new (src->width, src->height, src->n_channels);
  g_autoptr (LrbImage)    slow = lrb_image_new (src->width, src->height, src->n_channels);
  gdouble                 difference;

  g_assert_no_error (error);
  factors = lrb_factors_new (analysis, rank, &error);
  g_assert_no_error (error);
  approx = lrb_analysis_reconstruct (analysis, rank);

  g_assert_true (lrb_image_convolve (src, fast, factors, edge, config, NULL, NULL, &error));
  g_assert_no_error (error);
  lrb_reference_convolve (src, approx, edge, slow);

  difference = max_difference (fast, slow);
  if (difference > 1e-5)
    g_test_message ("image %d×%d×%d kernel %d×%d rank %d edge %d tile %d threads %d: %g",
                    src->width, src->height, src->n_channels, kernel->rows, kernel->cols,
                    rank, edge, config->tile_size, config->threads, difference);
  g_assert_cmpfloat (difference, <=, 1e-5);
}

static void
check_separable (const LrbKernel *kernel, const LrbImage *src, LrbEdgeMode edge,
                 const LrbEngineConfig *config)
{
  gint full = MIN (kernel->rows, kernel->cols);

  check_against_reference (src, kernel, 1, edge, config);
  check_against_reference (src, kernel, full, edge, config);
  if (full > 2)
    check_against_reference (src, kernel, full / 2, edge, config);
}

static void
test_random_against_reference (void)
{
  filter_test_grid (random_kernel, check_separable);
}

/* Full rank reproduces the original kernel's convolution. */
static void
test_full_rank_is_original (void)
{
  g_autoptr (LrbKernel) kernel = random_kernel (9, 12);
  g_autoptr (LrbImage)  src = random_image (50, 41, 4);
  g_autoptr (LrbImage)  fast = lrb_image_new (50, 41, 4);
  g_autoptr (LrbImage)  slow = lrb_image_new (50, 41, 4);
  g_autoptr (LrbFactors) factors = lrb_factors_from_kernel (kernel, 9, NULL);
  LrbEngineConfig       config = { .threads = 2, .tile_size = 17 };

  g_assert_true (lrb_image_convolve (src, fast, factors, LRB_EDGE_MIRROR, &config, NULL, NULL, NULL));
  lrb_reference_convolve (src, kernel, LRB_EDGE_MIRROR, slow);
  g_assert_cmpfloat (max_difference (fast, slow), <=, 1e-5);
}

/* A single bright pixel becomes the kernel as drawn, not flipped. */
static void
test_point_becomes_kernel (void)
{
  static const gdouble asymmetric[] = {
    1, 2, 0, 0,
    0, 3, 0, 0,
    0, 0, 0, 5,
  };
  g_autoptr (LrbKernel)  kernel = lrb_kernel_new_from_data (3, 4, asymmetric, NULL);
  g_autoptr (LrbFactors) factors = lrb_factors_from_kernel (kernel, 3, NULL);
  g_autoptr (LrbImage)   src = lrb_image_new (15, 11, 1);
  g_autoptr (LrbImage)   dest = lrb_image_new (15, 11, 1);
  gint                   px = 6, py = 5;

  src->data[py * 15 + px] = 1.0f;
  g_assert_true (lrb_image_convolve (src, dest, factors, LRB_EDGE_ZERO, NULL, NULL, NULL, NULL));

  for (gint y = 0; y < 11; y++)
    for (gint x = 0; x < 15; x++)
      {
        gint    row = y - py + lrb_kernel_anchor_row (kernel);
        gint    col = x - px + lrb_kernel_anchor_col (kernel);
        gdouble expected = row >= 0 && row < 3 && col >= 0 && col < 4
                           ? lrb_kernel_get (kernel, row, col) : 0.0;

        g_assert_cmpfloat_with_epsilon (dest->data[y * 15 + x], expected, 1e-5);
      }
}

/* Normalized kernels keep the image's mean brightness (mirror edges lose
 * nothing at the border: every pixel is seen the same number of times
 * in the limit, so use a constant image). */
static void
test_brightness_preserved (void)
{
  LrbKernelSpec          spec;
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autoptr (LrbFactors) factors = NULL;
  g_autoptr (LrbImage)   src = lrb_image_new (80, 60, 3);
  g_autoptr (LrbImage)   dest = lrb_image_new (80, 60, 3);

  lrb_kernel_spec_init (&spec);
  spec.radius = 9;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  factors = lrb_factors_from_kernel (kernel, MIN (kernel->rows, kernel->cols), NULL);
  for (gsize i = 0; i < 80 * 60 * 3; i++)
    src->data[i] = 0.25f + 0.5f * (i % 3);

  for (gint edge = LRB_EDGE_CLAMP; edge <= LRB_EDGE_MIRROR; edge++)
    {
      g_assert_true (lrb_image_convolve (src, dest, factors, edge, NULL, NULL, NULL, NULL));
      for (gsize i = 0; i < 80 * 60 * 3; i++)
        g_assert_cmpfloat_with_epsilon (dest->data[i], src->data[i], 1e-5);
    }
}

/* The planner never asks for more than the limit, whatever the image, the
 * kernel or the thread count. */
static void
test_plan_respects_memory_limit (void)
{
  static const gint sides[] = { 1, 3, 51, 101, 401, 2049 };
  static const LrbRect outputs[] = {
    { 0, 0, 12000, 8000 }, { 0, 0, 2560, 1600 }, { 5, 7, 1, 1 }, { 0, 0, 100000, 3 },
  };
  static const gsize limits[] = { 512u << 20, 64u << 20, 8u << 20 };

  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
      for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
        for (gint threads = 1; threads <= 8; threads *= 2)
          {
            LrbEngineConfig    config = { .threads = threads, .memory_limit = limits[l] };
            LrbTilePlan        plan;
            g_autoptr (GError) error = NULL;

            if (lrb_tile_plan_compute (sides[s], sides[s], 4, &outputs[o], &config, &plan, &error))
              {
                g_assert_cmpuint (plan.scratch_bytes, <=, limits[l]);
                g_assert_cmpint (plan.tile_width, >=, 1);
                g_assert_cmpint (plan.tile_height, >=, 1);
              }
            else
              /* Only a kernel too large for the limit may fail, by name. */
              g_assert_error (error, LRB_ERROR, LRB_ERROR_MEMORY);
          }

  /* The issue's own case fits the default limit. */
  {
    LrbRect     big = { 0, 0, 12000, 8000 };
    LrbTilePlan plan;

    g_assert_true (lrb_tile_plan_compute (401, 401, 4, &big, NULL, &plan, NULL));
    g_assert_cmpuint (plan.scratch_bytes, <=, LRB_DEFAULT_MEMORY_LIMIT);
  }
}

/* A tight limit forces small tiles; the result is still right and the
 * scratch actually allocated stays under the limit. */
static void
test_small_memory_limit (void)
{
  g_autoptr (LrbKernel)  kernel = random_kernel (21, 21);
  g_autoptr (LrbImage)   src = random_image (120, 90, 4);
  g_autoptr (LrbImage)   fast = lrb_image_new (120, 90, 4);
  g_autoptr (LrbImage)   slow = lrb_image_new (120, 90, 4);
  g_autoptr (LrbFactors) factors = lrb_factors_from_kernel (kernel, 21, NULL);
  LrbEngineConfig        config = { .threads = 2, .memory_limit = 400 * 1024 };
  LrbTilePlan            plan;
  g_autoptr (GError)     error = NULL;

  g_assert_true (lrb_image_convolve (src, fast, factors, LRB_EDGE_CLAMP, &config, NULL, &plan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plan.scratch_bytes, <=, config.memory_limit);
  g_assert_cmpint (plan.n_tiles, >, 4);
  lrb_reference_convolve (src, kernel, LRB_EDGE_CLAMP, slow);
  g_assert_cmpfloat (max_difference (fast, slow), <=, 1e-5);

  config.memory_limit = 4096;
  g_assert_false (lrb_image_convolve (src, fast, factors, LRB_EDGE_CLAMP, &config, NULL, NULL, &error) ||
                  error == NULL);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_MEMORY);
}

static void
test_cancel (void)
{
  g_autoptr (LrbKernel)    kernel = random_kernel (15, 15);
  g_autoptr (LrbImage)     src = random_image (300, 200, 4);
  g_autoptr (LrbImage)     dest = lrb_image_new (300, 200, 4);
  g_autoptr (LrbFactors)   factors = lrb_factors_from_kernel (kernel, 4, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError)       error = NULL;
  LrbEngineConfig          config = { .threads = 2, .tile_size = 32 };

  g_cancellable_cancel (cancellable);
  g_assert_false (lrb_image_convolve (src, dest, factors, LRB_EDGE_CLAMP, &config,
                                      cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled before the first tile: nothing was written. */
  for (gsize i = 0; i < 300 * 200 * 4; i++)
    g_assert_cmpfloat (dest->data[i], ==, 0.0f);
}

static void
test_bad_io (void)
{
  g_autoptr (LrbKernel)  kernel = random_kernel (3, 3);
  g_autoptr (LrbFactors) factors = lrb_factors_from_kernel (kernel, 1, NULL);
  g_autoptr (LrbImage)   src = random_image (10, 10, 4);
  g_autoptr (LrbImage)   dest = lrb_image_new (10, 10, 4);
  g_autoptr (GError)     error = NULL;

  g_assert_false (lrb_image_convolve (src, dest, factors, 9, NULL, NULL, NULL, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "edge mode"));
}

typedef struct
{
  const LrbImage *src;
  LrbImage       *dest;
} Pair;

static gboolean
pair_read (gpointer data, const LrbRect *rect, gfloat *dest, gsize stride, GError **error)
{
  const LrbImage *src = ((Pair *) data)->src;
  gint            c = src->n_channels;

  for (gint y = 0; y < rect->height; y++)
    memcpy (dest + y * stride, src->data + ((gsize) (rect->y + y) * src->width + rect->x) * c,
            sizeof (gfloat) * rect->width * c);
  return TRUE;
}

static gboolean
pair_write (gpointer data, const LrbRect *rect, gfloat *pixels, gsize stride, GError **error)
{
  LrbImage *dest = ((Pair *) data)->dest;
  gint      c = dest->n_channels;

  for (gint y = 0; y < rect->height; y++)
    for (gint i = 0; i < rect->width * c; i++)
      {
        gfloat *q = dest->data + ((gsize) (rect->y + y) * dest->width + rect->x) * c + i;

        /* Each pixel written once: the rectangles do not overlap. */
        g_assert_true (isnan (*q));
        *q = pixels[y * stride + i];
      }
  return TRUE;
}

/* Several rectangles in one run, tiled as the plan for one of them, give
 * what one run over the whole image gives there, and write nothing else. */
static void
test_rects (void)
{
  g_autoptr (LrbKernel) kernel = random_kernel (9, 7);
  g_autoptr (LrbImage)  src = random_image (120, 90, 3);
  g_autoptr (LrbImage)  whole = lrb_image_new (120, 90, 3);
  g_autoptr (LrbImage)  parts = lrb_image_new (120, 90, 3);
  LrbRect               rects[] = { { 0, 0, 120, 10 }, { 5, 20, 7, 3 }, { 30, 20, 90, 70 },
                                    { 0, 89, 30, 1 } };
  LrbMethod             methods[] = { LRB_METHOD_SEPARABLE, LRB_METHOD_FFT };

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr (LrbFactors) factors = lrb_factors_from_kernel (kernel, 3, NULL);
      g_autoptr (LrbFilter)  filter = lrb_filter_new (NULL, factors, methods[m], NULL);
      Pair                   pair = { src, parts };
      LrbEngineIO            io = { 3, { 0, 0, 120, 90 }, rects[2], pair_read, pair_write,
                                    &pair };
      g_autoptr (GError)     error = NULL;

      g_assert_nonnull (filter);
      g_assert_true (lrb_image_convolve_filter (src, whole, filter, LRB_EDGE_MIRROR, NULL, NULL,
                                                NULL, &error));
      for (gsize i = 0; i < (gsize) 120 * 90 * 3; i++)
        parts->data[i] = NAN;
      g_assert_true (lrb_engine_run_filter_rects (filter, LRB_EDGE_MIRROR, &io, rects,
                                                  G_N_ELEMENTS (rects), NULL, NULL, NULL, NULL,
                                                  &error));
      g_assert_no_error (error);
      for (gint y = 0; y < 90; y++)
        for (gint x = 0; x < 120; x++)
          {
            gboolean inside = FALSE;

            for (guint r = 0; r < G_N_ELEMENTS (rects); r++)
              inside = inside || (x >= rects[r].x && x < rects[r].x + rects[r].width &&
                                  y >= rects[r].y && y < rects[r].y + rects[r].height);
            for (gint ch = 0; ch < 3; ch++)
              {
                gsize i = ((gsize) y * 120 + x) * 3 + ch;

                if (inside)
                  g_assert_cmpfloat (fabsf (parts->data[i] - whole->data[i]), <=, 1e-5);
                else
                  g_assert_true (isnan (parts->data[i]));
              }
          }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/random-against-reference", test_random_against_reference);
  g_test_add_func ("/engine/full-rank-is-original", test_full_rank_is_original);
  g_test_add_func ("/engine/point-becomes-kernel", test_point_becomes_kernel);
  g_test_add_func ("/engine/brightness-preserved", test_brightness_preserved);
  g_test_add_func ("/engine/plan-respects-memory-limit", test_plan_respects_memory_limit);
  g_test_add_func ("/engine/small-memory-limit", test_small_memory_limit);
  g_test_add_func ("/engine/cancel", test_cancel);
  g_test_add_func ("/engine/bad-io", test_bad_io);
  g_test_add_func ("/engine/rects", test_rects);
  return g_test_run ();
}
