/* lowrank-bokeh — the chord method: which kernels it takes, and its
 * results against the direct 2-D convolution.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "filter-test-util.h"

/* Flat shapes are piecewise constant (anti-aliased edges are short runs);
 * a random kernel is not, and the refusal says why. */
static void
test_accepts_flat_refuses_random (void)
{
  static const struct
  {
    LrbShape shape;
    gdouble  radius, rotation;
  } flat[] = {
    { LRB_SHAPE_DISC, 10, 0 },    { LRB_SHAPE_DISC, 50, 0 },   { LRB_SHAPE_POLYGON, 25, 0 },
    { LRB_SHAPE_POLYGON, 25, 15 }, { LRB_SHAPE_BOX, 12, 0 },   { LRB_SHAPE_RING, 20, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (flat); i++)
    {
      g_autoptr (LrbKernel) kernel = shape_kernel (flat[i].shape, flat[i].radius, flat[i].rotation);
      g_autoptr (GError)    error = NULL;
      g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_CHORD, &error);

      g_test_message ("%s radius %g", lrb_shape_to_nick (flat[i].shape), flat[i].radius);
      g_assert_no_error (error);
      g_assert_nonnull (filter);
    }
  {
    g_autoptr (LrbKernel) kernel = random_flat_kernel (31, 40);
    g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_CHORD, NULL);

    g_assert_nonnull (filter);
  }
  {
    g_autoptr (LrbKernel) kernel = random_kernel (21, 21);
    g_autoptr (GError)    error = NULL;
    g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_CHORD, &error);

    g_assert_null (filter);
    g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "piecewise constant"));
  }
  {
    /* A smooth shape is no better. */
    g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_GAUSSIAN, 15, 0);

    g_assert_null (lrb_filter_new (kernel, NULL, LRB_METHOD_CHORD, NULL));
  }
  {
    /* The rank-1 reconstruction of a box equals the box but for rounding:
     * still flat.  Rank 3 of a disc rings: not flat. */
    g_autoptr (LrbKernel)  box = shape_kernel (LRB_SHAPE_BOX, 8, 0);
    g_autoptr (LrbFactors) box_factors = lrb_factors_from_kernel (box, 1, NULL);
    g_autoptr (LrbFilter)  box_filter = lrb_filter_new (box, box_factors, LRB_METHOD_CHORD, NULL);
    g_autoptr (LrbKernel)  disc = shape_kernel (LRB_SHAPE_DISC, 10, 0);
    g_autoptr (LrbFactors) disc_factors = lrb_factors_from_kernel (disc, 3, NULL);
    g_autoptr (LrbFilter)  disc_filter = lrb_filter_new (disc, disc_factors, LRB_METHOD_CHORD,
                                                         NULL);

    g_assert_nonnull (box_filter);
    g_assert_null (disc_filter);
  }
}

static void
check_chord (const LrbKernel *kernel, const LrbImage *src, LrbEdgeMode edge,
             const LrbEngineConfig *config)
{
  g_assert_cmpfloat (filter_error_against_reference (kernel, 0, LRB_METHOD_CHORD, src, edge,
                                                     config), <=, 1e-5);
}

static void
test_random_against_reference (void)
{
  filter_test_grid (random_flat_kernel, check_chord);
}

/* The shapes themselves, on an image several tiles wide. */
static void
test_shapes_against_reference (void)
{
  g_autoptr (LrbImage) src = random_image (160, 90, 4);
  LrbEngineConfig      config = { .threads = 2, .tile_size = 70 };
  LrbKernel           *kernels[] = {
    shape_kernel (LRB_SHAPE_DISC, 9, 0), shape_kernel (LRB_SHAPE_POLYGON, 12, 15),
    shape_kernel (LRB_SHAPE_RING, 8, 0), shape_kernel (LRB_SHAPE_BOX, 5, 0),
  };

  for (guint k = 0; k < G_N_ELEMENTS (kernels); k++)
    {
      for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
        g_assert_cmpfloat (filter_error_against_reference (kernels[k], 0, LRB_METHOD_CHORD, src,
                                                           edge, &config), <=, 1e-5);
      lrb_kernel_free (kernels[k]);
    }
}

/* Long rows keep their precision: a wide box over 2000-pixel rows of
 * values near 100.  A float running sum would drift by ~2e-3 there; the
 * double sums leave only their rounding to float, ~1e-6 of the values'
 * magnitude (the bound an FFT has too). */
static void
test_long_rows (void)
{
  g_autoptr (LrbKernel) kernel = lrb_kernel_new (1, 301, NULL);
  g_autoptr (LrbImage)  src = random_image (2000, 3, 1);
  LrbEngineConfig       config = { .threads = 1, .tile_size = 2000 };

  for (gint j = 0; j < 301; j++)
    kernel->data[j] = 1.0 / 301;
  for (gsize i = 0; i < 2000 * 3; i++)
    src->data[i] += 100.0f;
  g_assert_cmpfloat (filter_error_against_reference (kernel, 0, LRB_METHOD_CHORD, src,
                                                     LRB_EDGE_MIRROR, &config), <=, 1e-5 * 101);
}

static void
test_memory_limit (void)
{
  static const LrbRect outputs[] = {
    { 0, 0, 12000, 8000 }, { 0, 0, 2560, 1600 }, { 5, 7, 1, 1 }, { 0, 0, 100000, 3 },
  };
  static const gsize limits[] = { 512u << 20, 64u << 20, 8u << 20, 256u << 10 };
  static const gdouble radii[] = { 1, 25, 100, 500 };

  for (guint r = 0; r < G_N_ELEMENTS (radii); r++)
    {
      g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_BOX, radii[r], 0);
      g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, NULL, LRB_METHOD_CHORD, NULL);

      g_assert_nonnull (filter);
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
                  g_assert_cmpint (plan.method, ==, LRB_METHOD_CHORD);
                }
              else
                g_assert_error (error, LRB_ERROR, LRB_ERROR_MEMORY);
            }
    }
}

/* A tight limit still gives the right pixels with small tiles. */
static void
test_small_memory_limit (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_DISC, 10, 0);
  g_autoptr (LrbImage)  src = random_image (120, 90, 4);
  LrbEngineConfig       config = { .threads = 2, .memory_limit = 200 * 1024 };

  g_assert_cmpfloat (filter_error_against_reference (kernel, 0, LRB_METHOD_CHORD, src,
                                                     LRB_EDGE_CLAMP, &config), <=, 1e-5);
}

static void
test_cancel (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_DISC, 7, 0);

  filter_test_cancel_before_start (kernel, LRB_METHOD_CHORD);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chord/accepts-flat-refuses-random", test_accepts_flat_refuses_random);
  g_test_add_func ("/chord/random-against-reference", test_random_against_reference);
  g_test_add_func ("/chord/shapes-against-reference", test_shapes_against_reference);
  g_test_add_func ("/chord/long-rows", test_long_rows);
  g_test_add_func ("/chord/memory-limit", test_memory_limit);
  g_test_add_func ("/chord/small-memory-limit", test_small_memory_limit);
  g_test_add_func ("/chord/cancel", test_cancel);
  return g_test_run ();
}
