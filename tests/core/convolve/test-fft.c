/* lowrank-bokeh — the FFT method against the direct 2-D convolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "filter-test-util.h"

/* Exact, and the rank-1 kernel: the FFT convolves with whatever the
 * filter names. */
static void
check_fft (const LrbKernel *kernel, const LrbImage *src, LrbEdgeMode edge,
           const LrbEngineConfig *config)
{
  g_assert_cmpfloat (filter_error_against_reference (kernel, 0, LRB_METHOD_FFT, src, edge,
                                                     config), <=, 1e-5);
  g_assert_cmpfloat (filter_error_against_reference (kernel, 1, LRB_METHOD_FFT, src, edge,
                                                     config), <=, 1e-5);
}

static void
test_random_against_reference (void)
{
  filter_test_grid (random_kernel, check_fft);
}

/* A large full-rank kernel on an image with several blocks each way. */
static void
test_large_kernel (void)
{
  g_autoptr (LrbKernel) kernel = random_kernel (61, 57);
  g_autoptr (LrbImage)  src = random_image (300, 170, 1);
  LrbEngineConfig       config = { .threads = 2 };

  for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
    g_assert_cmpfloat (filter_error_against_reference (kernel, 0, LRB_METHOD_FFT, src, edge,
                                                       &config), <=, 1e-5);
}

/* A point becomes the kernel as drawn (convolution, not correlation). */
static void
test_point_becomes_kernel (void)
{
  static const gdouble asymmetric[] = { 1, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 5 };
  g_autoptr (LrbKernel) kernel = lrb_kernel_new_from_data (3, 4, asymmetric, NULL);
  g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_FFT, NULL);
  g_autoptr (LrbImage)  src = lrb_image_new (15, 11, 1);
  g_autoptr (LrbImage)  dest = lrb_image_new (15, 11, 1);

  src->data[5 * 15 + 6] = 1.0f;
  g_assert_true (filter_convolve (filter, src, dest, LRB_EDGE_ZERO, NULL, NULL, NULL, NULL));
  for (gint y = 0; y < 11; y++)
    for (gint x = 0; x < 15; x++)
      {
        gint    row = y - 5 + 1, col = x - 6 + 2;
        gdouble expected = row >= 0 && row < 3 && col >= 0 && col < 4
                           ? lrb_kernel_get (kernel, row, col) : 0.0;

        g_assert_cmpfloat_with_epsilon (dest->data[y * 15 + x], expected, 1e-5);
      }
}

/* The same filter run twice (its plans and spectrum kept) and at two
 * block sizes gives the same pixels. */
static void
test_reuse_and_block_sizes (void)
{
  g_autoptr (LrbKernel) kernel = random_kernel (9, 13);
  g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_FFT, NULL);
  g_autoptr (LrbImage)  src = random_image (200, 150, 3);
  g_autoptr (LrbImage)  a = lrb_image_new (200, 150, 3);
  g_autoptr (LrbImage)  b = lrb_image_new (200, 150, 3);
  LrbEngineConfig       small = { .threads = 2, .tile_size = 20 };
  LrbTilePlan           plan_a, plan_b;

  g_assert_true (filter_convolve (filter, src, a, LRB_EDGE_MIRROR, NULL, NULL, &plan_a, NULL));
  g_assert_true (filter_convolve (filter, src, b, LRB_EDGE_MIRROR, &small, NULL, &plan_b, NULL));
  g_assert_cmpint (plan_a.method, ==, LRB_METHOD_FFT);
  g_assert_cmpint (plan_b.fft_width, <, plan_a.fft_width);
  g_assert_cmpfloat (max_difference (a, b), <=, 1e-5);
  g_assert_true (filter_convolve (filter, src, b, LRB_EDGE_MIRROR, NULL, NULL, NULL, NULL));
  g_assert_cmpfloat (max_difference (a, b), <=, 1e-6);
}

/* Scratch stays under the limit; when even one block does not fit, the
 * error says so by name. */
static void
test_memory_limit (void)
{
  static const gint sides[] = { 1, 3, 51, 101, 401, 2049 };
  static const LrbRect outputs[] = {
    { 0, 0, 12000, 8000 }, { 0, 0, 2560, 1600 }, { 5, 7, 1, 1 }, { 0, 0, 100000, 3 },
  };
  static const gsize limits[] = { 512u << 20, 64u << 20, 8u << 20 };

  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    {
      g_autoptr (LrbKernel) kernel = lrb_kernel_new (sides[s], sides[s], NULL);
      g_autoptr (LrbFilter) filter = NULL;

      kernel->data[0] = 1.0;
      filter = lrb_filter_new (kernel, NULL, LRB_METHOD_FFT, NULL);
      for (guint o = 0; o < G_N_ELEMENTS (outputs); o++)
        for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
          for (gint threads = 1; threads <= 8; threads *= 2)
            {
              LrbEngineConfig    config = { .threads = threads, .memory_limit = limits[l] };
              LrbTilePlan        plan;
              g_autoptr (GError) error = NULL;

              if (lrb_filter_plan_tiles (filter, 4, &outputs[o], &config, &plan, &error))
                {
                  g_assert_cmpuint (plan.scratch_bytes, <=, limits[l]);
                  g_assert_cmpint (plan.threads, >=, 1);
                  g_assert_cmpint (plan.threads, <=, threads);
                  g_assert_cmpint (plan.tile_width, >=, 1);
                  g_assert_cmpint (plan.fft_width, >=, plan.tile_width + sides[s] - 1);
                  g_assert_cmpint (plan.fft_height, >=, plan.tile_height + sides[s] - 1);
                }
              else
                g_assert_error (error, LRB_ERROR, LRB_ERROR_MEMORY);
            }
    }
}

static void
test_cancel (void)
{
  g_autoptr (LrbKernel) kernel = random_kernel (15, 15);

  filter_test_cancel_before_start (kernel, LRB_METHOD_FFT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fft/random-against-reference", test_random_against_reference);
  g_test_add_func ("/fft/large-kernel", test_large_kernel);
  g_test_add_func ("/fft/point-becomes-kernel", test_point_becomes_kernel);
  g_test_add_func ("/fft/reuse-and-block-sizes", test_reuse_and_block_sizes);
  g_test_add_func ("/fft/memory-limit", test_memory_limit);
  g_test_add_func ("/fft/cancel", test_cancel);
  return g_test_run ();
}
