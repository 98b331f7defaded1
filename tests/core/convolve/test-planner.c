/* lowrank-bokeh — the three methods agree; the planner picks sensibly,
 * keeps to the memory limit and says why; settings reach the filter.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "filter-test-util.h"
#include "lrb-settings.h"

static const LrbMethod methods[] = { LRB_METHOD_SEPARABLE, LRB_METHOD_FFT, LRB_METHOD_CHORD };

static LrbImage *
run_method (const LrbKernel *kernel, const LrbFactors *factors, LrbMethod method,
            const LrbImage *src, LrbEdgeMode edge, const LrbEngineConfig *config)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (LrbFilter) filter = lrb_filter_new (kernel, factors, method, &error);
  LrbImage             *dest = lrb_image_new (src->width, src->height, src->n_channels);
  LrbTilePlan           plan;

  g_assert_no_error (error);
  g_assert_true (filter_convolve (filter, src, dest, edge, config, NULL, &plan, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plan.method, ==, method);
  return dest;
}

/* Each pair of methods gives the same pixels for the same kernel: flat
 * random kernels (so chord sums apply), exact, every edge mode. */
static void
test_methods_agree (void)
{
  static const gint kernels[][2] = { { 1, 1 }, { 5, 8 }, { 12, 9 }, { 30, 30 }, { 3, 70 } };
  static const gint images[][2] = { { 61, 45 }, { 20, 33 } };

  for (guint k = 0; k < G_N_ELEMENTS (kernels); k++)
    for (guint i = 0; i < G_N_ELEMENTS (images); i++)
      for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
        {
          g_autoptr (LrbKernel) kernel = random_flat_kernel (kernels[k][0], kernels[k][1]);
          g_autoptr (LrbImage)  src = random_image (images[i][0], images[i][1], 1 + (k + edge) % 4);
          LrbEngineConfig       config = { .threads = 1 + (k + i) % 2, .tile_size = i ? 0 : 16 };
          LrbImage             *out[G_N_ELEMENTS (methods)];

          for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
            out[m] = run_method (kernel, NULL, methods[m], src, edge, &config);
          for (guint a = 0; a < G_N_ELEMENTS (methods); a++)
            for (guint b = a + 1; b < G_N_ELEMENTS (methods); b++)
              {
                gdouble d = max_difference (out[a], out[b]);

                if (d > 1e-5)
                  g_test_message ("%s vs %s, kernel %d×%d edge %d: %g",
                                  lrb_method_to_nick (methods[a]), lrb_method_to_nick (methods[b]),
                                  kernels[k][0], kernels[k][1], edge, d);
                g_assert_cmpfloat (d, <=, 1e-5);
              }
          for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
            lrb_image_free (out[m]);
        }
}

/* At a low rank the separable passes and the FFT of the rank-r kernel
 * agree too (chord sums refuse it: it is not flat). */
static void
test_rank_r_agrees (void)
{
  g_autoptr (LrbKernel)  kernel = random_kernel (21, 17);
  g_autoptr (LrbFactors) factors = lrb_factors_from_kernel (kernel, 4, NULL);
  g_autoptr (LrbImage)   src = random_image (90, 70, 3);

  for (gint edge = 0; edge < LRB_N_EDGE_MODES; edge++)
    {
      LrbEngineConfig      config = { .threads = 2 };
      g_autoptr (LrbImage) a = run_method (kernel, factors, LRB_METHOD_SEPARABLE, src, edge, &config);
      g_autoptr (LrbImage) b = run_method (kernel, factors, LRB_METHOD_FFT, src, edge, &config);

      g_assert_cmpfloat (max_difference (a, b), <=, 1e-5);
    }
  g_assert_null (lrb_filter_new (kernel, factors, LRB_METHOD_CHORD, NULL));
}

static LrbMethod
choose (const LrbKernel *kernel, gint rank, gchar **why)
{
  g_autoptr (LrbFactors) factors = rank > 0 ? lrb_factors_from_kernel (kernel, rank, NULL) : NULL;
  LrbRect                photo = { 0, 0, 2560, 1600 };
  LrbMethod              method = lrb_planner_choose (kernel, factors, NULL, 4, &photo, NULL, why);

  g_test_message ("%d×%d rank %d: %s", kernel->rows, kernel->cols, rank, *why);
  return method;
}

/* The three reference cases, on a 2560×1600 RGBA photo. */
static void
test_choices (void)
{
  g_autoptr (LrbKernel) disc = shape_kernel (LRB_SHAPE_DISC, 10, 0);
  g_autoptr (LrbKernel) random = random_kernel (101, 101);
  g_autoptr (LrbKernel) gaussian = shape_kernel (LRB_SHAPE_GAUSSIAN, 25, 0);
  g_autofree gchar     *why_disc = NULL, *why_random = NULL, *why_gaussian = NULL;

  g_assert_cmpint (choose (disc, 0, &why_disc), ==, LRB_METHOD_CHORD);
  g_assert_nonnull (strstr (why_disc, "chord sums"));
  g_assert_nonnull (strstr (why_disc, "piecewise constant"));
  g_assert_cmpint (choose (random, 0, &why_random), ==, LRB_METHOD_FFT);
  g_assert_nonnull (strstr (why_random, "FFT"));
  g_assert_nonnull (strstr (why_random, "not piecewise constant"));
  g_assert_cmpint (choose (gaussian, 1, &why_gaussian), ==, LRB_METHOD_SEPARABLE);
  g_assert_nonnull (strstr (why_gaussian, "separable"));
}

/* Whatever the planner picks fits the limit; a method that cannot fit
 * is not picked. */
static void
test_memory_limit (void)
{
  static const gsize limits[] = { 512u << 20, 64u << 20, 8u << 20, 1u << 20 };
  LrbKernel         *kernels[] = {
    shape_kernel (LRB_SHAPE_DISC, 50, 0), random_kernel (101, 101), shape_kernel (LRB_SHAPE_BOX, 3, 0),
  };
  LrbRect            photo = { 0, 0, 2560, 1600 };

  for (guint k = 0; k < G_N_ELEMENTS (kernels); k++)
    {
      for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
        for (gint threads = 1; threads <= 8; threads *= 2)
          {
            LrbEngineConfig       config = { .threads = threads, .memory_limit = limits[l] };
            g_autofree gchar     *why = NULL;
            LrbMethod             method = lrb_planner_choose (kernels[k], NULL, NULL, 4, &photo,
                                                               &config, &why);
            g_autoptr (LrbFilter) filter = lrb_filter_new (kernels[k], NULL, method, NULL);
            LrbTilePlan           plan;

            g_assert_nonnull (filter);
            g_assert_true (lrb_filter_plan_tiles (filter, 4, &photo, &config, &plan, NULL));
            g_assert_cmpuint (plan.scratch_bytes, <=, limits[l]);
            /* The estimate of every method that fits, none that does not. */
            for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
              {
                g_autoptr (LrbFilter) other = lrb_filter_new (kernels[k], NULL, methods[m], NULL);
                gdouble               seconds = lrb_planner_estimate (methods[m], kernels[k], NULL,
                                                                      NULL, 4, &photo, &config);

                if (!other)
                  g_assert_cmpfloat (seconds, <, 0);
                else
                  g_assert_cmpint (seconds >= 0, ==,
                                   lrb_filter_plan_tiles (other, 4, &photo, &config, &plan, NULL));
              }
          }
      lrb_kernel_free (kernels[k]);
    }
}

static void
test_cancel_every_method (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_BOX, 4, 0);
  g_autoptr (LrbImage)  src = random_image (200, 150, 4);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr (LrbFilter)    filter = lrb_filter_new (kernel, NULL, methods[m], NULL);
      g_autoptr (LrbImage)     dest = lrb_image_new (200, 150, 4);
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      g_autoptr (GError)       error = NULL;
      LrbEngineConfig          config = { .threads = 2, .tile_size = 24 };

      g_cancellable_cancel (cancellable);
      g_assert_false (filter_convolve (filter, src, dest, LRB_EDGE_CLAMP, &config, cancellable,
                                       NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      for (gsize i = 0; i < 200 * 150 * 4; i++)
        g_assert_cmpfloat (dest->data[i], ==, 0.0f);
    }
}

static void
test_bad_filters (void)
{
  g_autoptr (LrbKernel) kernel = shape_kernel (LRB_SHAPE_DISC, 5, 0);
  g_autoptr (GError)    error = NULL;

  g_assert_null (lrb_filter_new (kernel, NULL, LRB_METHOD_AUTO, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (lrb_filter_new (kernel, NULL, LRB_N_METHODS, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);

  for (gint m = 0; m < LRB_N_METHODS; m++)
    {
      LrbMethod back;

      g_assert_true (lrb_method_from_nick (lrb_method_to_nick (m), &back));
      g_assert_cmpint (back, ==, m);
    }
  {
    LrbMethod back;

    g_assert_false (lrb_method_from_nick ("fastest", &back));
  }
}

/* Settings: rank −1 is exact, the method override is obeyed (and chord
 * on a smooth kernel fails by name), the filter's result is exact. */
static void
test_settings (void)
{
  LrbSettings             s;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbImage)    src = random_image (70, 50, 4);
  g_autoptr (LrbImage)    slow = lrb_image_new (70, 50, 4);
  LrbRect                 rect = { 0, 0, 70, 50 };

  lrb_settings_init (&s);
  g_assert_cmpint (s.method, ==, LRB_METHOD_AUTO);
  s.kernel.shape = LRB_SHAPE_POLYGON;
  s.kernel.radius = 9;
  s.kernel.rotation = 15;
  s.rank = LRB_RANK_EXACT;
  g_assert_true (lrb_settings_validate (&s, &error));
  g_assert_true (lrb_settings_prepare (&s, &kernel, &analysis, NULL, &error));
  g_assert_no_error (error);
  lrb_reference_convolve (src, kernel, LRB_EDGE_MIRROR, slow);

  for (gint m = LRB_METHOD_AUTO; m < LRB_N_METHODS; m++)
    {
      g_autofree gchar     *why = NULL;
      g_autoptr (LrbFilter) filter = NULL;
      g_autoptr (LrbImage)  fast = lrb_image_new (70, 50, 4);

      s.method = m;
      filter = lrb_settings_prepare_filter (&s, kernel, analysis, 4, &rect, &why, &error);
      g_assert_no_error (error);
      g_assert_nonnull (why);
      g_assert_cmpint (lrb_filter_get_rank (filter), ==, LRB_RANK_EXACT);
      if (m != LRB_METHOD_AUTO)
        g_assert_cmpint (lrb_filter_get_method (filter), ==, m);
      g_assert_true (filter_convolve (filter, src, fast, LRB_EDGE_MIRROR, NULL, NULL, NULL, &error));
      g_assert_cmpfloat (max_difference (fast, slow), <=, 1e-5);
    }

  lrb_settings_clear (&s);
  lrb_settings_init (&s);
  s.kernel.shape = LRB_SHAPE_GAUSSIAN;
  s.kernel.radius = 6;
  s.rank = 2;
  s.method = LRB_METHOD_CHORD;
  g_clear_pointer (&kernel, lrb_kernel_free);
  g_clear_pointer (&analysis, lrb_analysis_free);
  g_assert_true (lrb_settings_prepare (&s, &kernel, &analysis, NULL, &error));
  g_assert_null (lrb_settings_prepare_filter (&s, kernel, analysis, 4, &rect, NULL, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "piecewise constant"));
  lrb_settings_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/planner/methods-agree", test_methods_agree);
  g_test_add_func ("/planner/rank-r-agrees", test_rank_r_agrees);
  g_test_add_func ("/planner/choices", test_choices);
  g_test_add_func ("/planner/memory-limit", test_memory_limit);
  g_test_add_func ("/planner/cancel-every-method", test_cancel_every_method);
  g_test_add_func ("/planner/bad-filters", test_bad_filters);
  g_test_add_func ("/planner/settings", test_settings);
  return g_test_run ();
}
