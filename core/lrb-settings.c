/* lowrank-bokeh — the settings struct and the path from it to factors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-settings.h"
#include "lrb-method.h"

#include <math.h>

void
lrb_settings_init (LrbSettings *settings)
{
  lrb_kernel_spec_init (&settings->kernel);
  settings->rank = 0;
  settings->energy_target = 0.99;
  settings->gamma = 1.0;
  lrb_highlights_init (&settings->highlights);
  settings->edge = LRB_EDGE_CLAMP;
  settings->threads = 0;
  settings->memory_limit = 0;
  settings->method = LRB_METHOD_AUTO;
  settings->factorization = LRB_FACTORIZATION_SVD;
  lrb_focus_init (&settings->focus);
  lrb_focus_region_init (&settings->region);
  lrb_field_init (&settings->field);
  settings->use_camera = FALSE;
  lrb_camera_init (&settings->camera);
  lrb_grain_options_init (&settings->grain);
}

void
lrb_settings_clear (LrbSettings *settings)
{
  lrb_kernel_spec_clear (&settings->kernel);
}

gboolean
lrb_settings_check_rank (gint rank, GError **error)
{
  if (rank >= LRB_RANK_EXACT && rank <= LRB_KERNEL_MAX_SIDE)
    return TRUE;
  g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
               "rank %d is out of range: a kernel has ranks 1 to its smaller side, at most %d "
               "(" LRB_RANK_SPECIAL_VALUES ")", rank, LRB_KERNEL_MAX_SIDE);
  return FALSE;
}

gboolean
lrb_settings_validate (const LrbSettings *settings, GError **error)
{
#define FAIL(...) G_STMT_START { \
    g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (!lrb_settings_check_rank (settings->rank, error))
    return FALSE;
  if (settings->rank == 0 && !(settings->energy_target > 0.0 && settings->energy_target <= 1.0))
    FAIL ("energy target %g is out of range (above 0, at most 1)", settings->energy_target);
  if (!(settings->gamma >= 1.0 && settings->gamma <= LRB_MAX_GAMMA))
    FAIL ("gamma %g is out of range (1 to %g)", settings->gamma, LRB_MAX_GAMMA);
  if (!lrb_highlights_validate (&settings->highlights, error))
    return FALSE;
  if (settings->edge < 0 || settings->edge >= LRB_N_EDGE_MODES)
    FAIL ("edge mode %d is unknown (0 clamp, 1 mirror, 2 zero)", settings->edge);
  if (settings->threads < 0 || settings->threads > LRB_MAX_THREADS)
    FAIL ("threads %d is out of range (1 to %d, 0 for every core)", settings->threads,
          LRB_MAX_THREADS);
  if (settings->method < 0 || settings->method >= LRB_N_METHODS)
    FAIL ("method %d is unknown (0 auto, 1 separable, 2 fft, 3 chord)", settings->method);
  if (settings->factorization < 0 || settings->factorization >= LRB_N_FACTORIZATIONS)
    FAIL ("factorization %d is unknown (0 svd, 1 nonnegative)", settings->factorization);
  if (!lrb_focus_region_validate (&settings->region, error))
    return FALSE;
  if (!lrb_focus_validate (&settings->focus, error))
    return FALSE;
  if (!lrb_field_validate (&settings->field, error))
    return FALSE;
  if (settings->use_camera && !lrb_camera_validate (&settings->camera, error))
    return FALSE;
  if (settings->use_camera && settings->kernel.shape == LRB_SHAPE_FILE)
    FAIL ("a camera sets the kernel's size, which a kernel file has of its own: choose a "
          "shape");
  if (!lrb_grain_options_validate (&settings->grain, error))
    return FALSE;
  return TRUE;
#undef FAIL
}

GeglBuffer *
lrb_settings_camera_depth (LrbSettings *settings, GeglBuffer *depth, gint width,
                           GError **error)
{
  gdouble radius;
  GeglBuffer *map;

  if (!settings->use_camera)
    return g_object_ref (depth);
  map = lrb_camera_depth_buffer (&settings->camera, depth, settings->focus.invert, width,
                                 LRB_MAX_RADIUS, &settings->focus, &radius, error);
  if (map)
    settings->kernel.radius = radius;
  return map;
}

/* The factors a rank-r run uses; exact (LRB_RANK_EXACT) is always the SVD's
 * numerical-rank terms. */
static LrbFactors *
settings_factors (const LrbSettings *settings, const LrbKernel *kernel,
                  const LrbAnalysis *analysis, gint rank, GError **error)
{
  LrbFactorization factorization = settings->rank == LRB_RANK_EXACT ? LRB_FACTORIZATION_SVD
                                                                    : settings->factorization;

  return lrb_factors_new_for (factorization, kernel, analysis, rank, error);
}

/* The rank of the factors: exact is the numerical rank (at least 1). */
static gint
settings_rank (const LrbSettings *settings, const LrbAnalysis *analysis)
{
  if (settings->rank == LRB_RANK_EXACT)
    return MAX (1, analysis->numerical_rank);
  return settings->rank > 0 ? settings->rank
                            : lrb_analysis_rank_for_energy (analysis, settings->energy_target);
}

gboolean
lrb_settings_prepare (const LrbSettings *settings, LrbKernel **kernel_out,
                      LrbAnalysis **analysis_out, LrbFactors **factors_out, GError **error)
{
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFactors)  factors = NULL;
  gint                    rank;

  if (!lrb_settings_validate (settings, error))
    return FALSE;
  kernel = lrb_kernel_new_from_spec (&settings->kernel, error);
  if (!kernel)
    return FALSE;
  if (lrb_profile_active (settings->field.profile, settings->field.profile_strength))
    {
      /* Every run and its SVD see the profiled kernel. */
      LrbKernel *profiled = lrb_kernel_new_profiled (kernel, settings->field.profile,
                                                     settings->field.profile_strength);

      lrb_kernel_free (kernel);
      kernel = profiled;
    }
  analysis = lrb_analysis_new (kernel, error);
  if (!analysis)
    return FALSE;

  rank = settings_rank (settings, analysis);
  if (factors_out)
    {
      factors = settings_factors (settings, kernel, analysis, rank, error);
      if (!factors)
        return FALSE;
    }
  else if (!lrb_analysis_check_rank (analysis, rank, error) ||
           (settings->rank != LRB_RANK_EXACT &&
            settings->factorization == LRB_FACTORIZATION_NONNEGATIVE &&
            !lrb_kernel_check_non_negative (kernel, error)))
    return FALSE;

  if (kernel_out)
    *kernel_out = g_steal_pointer (&kernel);
  if (analysis_out)
    *analysis_out = g_steal_pointer (&analysis);
  if (factors_out)
    *factors_out = g_steal_pointer (&factors);
  return TRUE;
}

void
lrb_settings_engine_config (const LrbSettings *settings, LrbEngineConfig *config)
{
  config->threads = settings->threads;
  config->memory_limit = settings->memory_limit;
  config->tile_size = 0;
}

/* Under a fake-HDR gamma the FFT's rounding is raised to 1/γ and shows as
 * streaks in the shadows ((1e-7)^(1/7) ≈ 10 %).  Separable passes of
 * non-negative filters add only non-negative terms: every pixel keeps its
 * own precision, which is what the artist chose these factors for.  A
 * highlight boost is there to light up the dark around bright points: it
 * needs that precision whichever the factors. */
gboolean
lrb_settings_prefers_separable (LrbFactorization factorization, gdouble gamma,
                                const LrbHighlights *highlights)
{
  return lrb_highlights_active (highlights) ||
         (gamma > 1.0 && factorization == LRB_FACTORIZATION_NONNEGATIVE);
}

LrbFilter *
lrb_settings_prepare_filter (const LrbSettings *settings, const LrbKernel *kernel,
                             const LrbAnalysis *analysis, gint n_channels,
                             const LrbRect *output, gchar **why, GError **error)
{
  g_autoptr (LrbFactors) factors = NULL;
  LrbEngineConfig        config;
  LrbMethod              method = settings->method;
  LrbFilter             *filter;

  if (!lrb_settings_validate (settings, error))
    return NULL;
  if (settings->rank != LRB_RANK_EXACT &&
      !(factors = settings_factors (settings, kernel, analysis,
                                    settings_rank (settings, analysis), error)))
    return NULL;

  lrb_settings_engine_config (settings, &config);
  if (method == LRB_METHOD_AUTO && factors &&
      lrb_settings_prefers_separable (settings->factorization, settings->gamma,
                                      &settings->highlights))
    {
      method = LRB_METHOD_SEPARABLE;
      if (why && lrb_highlights_active (&settings->highlights))
        *why = g_strdup_printf ("separable passes: with the highlight boost, they keep the "
                                "shadows' precision, which the FFT's float rounding would "
                                "not");
      else if (why)
        *why = g_strdup_printf ("separable passes: with gamma %g, non-negative separable "
                                "filters keep the shadows' precision, which the FFT's float "
                                "rounding would not", settings->gamma);
    }
  else if (method == LRB_METHOD_AUTO)
    method = lrb_planner_choose (kernel, factors, analysis, n_channels, output, &config, why);
  else if (why)
    *why = g_strdup_printf ("%s, as asked", lrb_method_to_name (method));

  /* Exact by separable passes: the numerical rank's terms, from the
   * analysis already made rather than a second SVD. */
  if (settings->rank == LRB_RANK_EXACT && method == LRB_METHOD_SEPARABLE)
    {
      if (!(factors = lrb_factors_new (analysis, settings_rank (settings, analysis), error)) ||
          !(filter = lrb_filter_new (kernel, factors, method, error)))
        return NULL;
      lrb_filter_mark_exact (filter);
      return filter;
    }
  return lrb_filter_new (kernel, factors, method, error);
}
