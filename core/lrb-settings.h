/* lowrank-bokeh — every setting of a run, as one plain struct that the
 * plug-in, the dialog and the CLI fill (DESIGN.md §2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-engine.h"
#include "lrb-shapes.h"

G_BEGIN_DECLS

#define LRB_MAX_GAMMA 10.0

typedef struct
{
  LrbKernelSpec kernel;
  gint          rank;          /* 1 … min(rows, cols); 0 = from energy_target */
  gdouble       energy_target; /* 0 < target ≤ 1, Σσᵢ²/Σσ² */
  gdouble       gamma;         /* "fake HDR" exponent ≥ 1 */
  LrbEdgeMode   edge;
  gint          threads;       /* 0 = every core */
  gsize         memory_limit;  /* 0 = LRB_DEFAULT_MEMORY_LIMIT */
} LrbSettings;

void     lrb_settings_init     (LrbSettings *settings);
void     lrb_settings_clear    (LrbSettings *settings);
gboolean lrb_settings_validate (const LrbSettings *settings, GError **error);

/* settings → kernel → analysis → factors at the rank the settings ask for.
 * Any output may be NULL when the caller does not want it. */
gboolean lrb_settings_prepare  (const LrbSettings *settings, LrbKernel **kernel_out,
                                LrbAnalysis **analysis_out, LrbFactors **factors_out,
                                GError **error);

void     lrb_settings_engine_config (const LrbSettings *settings, LrbEngineConfig *config);

G_END_DECLS
