/* lowrank-bokeh — the settings struct and the path from it to factors.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-settings.h"

#include <math.h>

void
lrb_settings_init (LrbSettings *settings)
{
  lrb_kernel_spec_init (&settings->kernel);
  settings->rank = 0;
  settings->energy_target = 0.99;
  settings->gamma = 1.0;
  settings->edge = LRB_EDGE_CLAMP;
  settings->threads = 0;
  settings->memory_limit = 0;
}

void
lrb_settings_clear (LrbSettings *settings)
{
  lrb_kernel_spec_clear (&settings->kernel);
}

gboolean
lrb_settings_validate (const LrbSettings *settings, GError **error)
{
#define FAIL(...) G_STMT_START { \
    g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (settings->rank < 0 || settings->rank > LRB_KERNEL_MAX_SIDE)
    FAIL ("rank %d is out of range (1 to the kernel's smaller side, or 0 for automatic)",
          settings->rank);
  if (settings->rank == 0 && !(settings->energy_target > 0.0 && settings->energy_target <= 1.0))
    FAIL ("energy target %g is out of range (above 0, at most 1)", settings->energy_target);
  if (!(settings->gamma >= 1.0 && settings->gamma <= LRB_MAX_GAMMA))
    FAIL ("gamma %g is out of range (1 to %g)", settings->gamma, LRB_MAX_GAMMA);
  if (settings->edge < 0 || settings->edge >= LRB_N_EDGE_MODES)
    FAIL ("edge mode %d is unknown (0 clamp, 1 mirror, 2 zero)", settings->edge);
  if (settings->threads < 0 || settings->threads > LRB_MAX_THREADS)
    FAIL ("threads %d is out of range (1 to %d, 0 for every core)", settings->threads,
          LRB_MAX_THREADS);
  return TRUE;
#undef FAIL
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
  analysis = lrb_analysis_new (kernel, error);
  if (!analysis)
    return FALSE;

  rank = settings->rank > 0 ? settings->rank
                            : lrb_analysis_rank_for_energy (analysis, settings->energy_target);
  if (factors_out)
    {
      factors = lrb_factors_new (analysis, rank, error);
      if (!factors)
        return FALSE;
    }
  else if (!lrb_analysis_check_rank (analysis, rank, error))
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
