/* lowrank-bokeh — every setting of a run, as one plain struct that the
 * plug-in, the dialog and the CLI fill (DESIGN.md §2).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-camera.h"
#include "lrb-field.h"
#include "lrb-filter.h"
#include "lrb-focus.h"
#include "lrb-focus-region.h"
#include "lrb-grain.h"
#include "lrb-highlights.h"
#include "lrb-shapes.h"

G_BEGIN_DECLS

#define LRB_MAX_GAMMA 10.0

typedef struct
{
  LrbKernelSpec kernel;
  gint          rank;          /* 1 … min(rows, cols); 0 = from energy_target;
                                * LRB_RANK_EXACT (−1) = the kernel itself */
  gdouble       energy_target; /* 0 < target ≤ 1, Σσᵢ²/Σσ² */
  gdouble       gamma;         /* "fake HDR" exponent ≥ 1 */
  LrbHighlights highlights;    /* the highlight boost; off by default */
  LrbEdgeMode   edge;
  gint          threads;       /* 0 = every core */
  gsize         memory_limit;  /* 0 = LRB_DEFAULT_MEMORY_LIMIT */
  LrbMethod     method;        /* LRB_METHOD_AUTO: the planner picks */
  LrbFactorization factorization; /* the rank-r factors: SVD or non-negative;
                                   * the exact kernel (rank −1) ignores it */
  LrbFocus      focus;         /* with a depth map (lrb-gegl-depth.h) */
  LrbFocusRegion region;       /* without one: the depth map a region makes,
                                * sharp at 0 (shape NONE: none) */
  LrbField      field;         /* how the kernel changes over the frame
                                * (lrb-gegl-field.h); uniform by default */
  gboolean      use_camera;    /* with a depth map: `camera` sets the focus and
                                * the kernel's size (lrb_settings_camera_depth) */
  LrbCamera     camera;
  LrbGrainOptions grain;       /* the photo's grain put back; off by default */
} LrbSettings;

void     lrb_settings_init     (LrbSettings *settings);
void     lrb_settings_clear    (LrbSettings *settings);
gboolean lrb_settings_validate (const LrbSettings *settings, GError **error);
/* A rank any kernel could have, or 0 (automatic) or -1 (exact), before the
 * kernel is known; lrb_analysis_check_rank then says its own range. */
gboolean lrb_settings_check_rank (gint rank, GError **error);

/* settings → kernel → analysis → factors at the rank the settings ask for
 * (for LRB_RANK_EXACT: the numerical rank's SVD terms, which reproduce the
 * kernel; otherwise by settings->factorization).  Rank 0 takes the rank
 * from the SVD's energy, whichever the factorization.
 * Any output may be NULL when the caller does not want it. */
gboolean lrb_settings_prepare  (const LrbSettings *settings, LrbKernel **kernel_out,
                                LrbAnalysis **analysis_out, LrbFactors **factors_out,
                                GError **error);

/* With use_camera: the depth map the blur reads for `depth` (a photo
 * `width` pixels wide), and settings->focus and kernel.radius set from
 * the camera, the scene's range found in the map (lrb_camera_depth_buffer).
 * Without: a new reference to `depth`, the settings unchanged. */
GeglBuffer *lrb_settings_camera_depth (LrbSettings *settings, GeglBuffer *depth, gint width,
                                       GError **error);

void     lrb_settings_engine_config (const LrbSettings *settings, LrbEngineConfig *config);

/* Whether the planner should keep a rank-r run to separable passes: the
 * FFT's and the prefix sums' float rounding, about 1e-7 of the largest
 * value in reach, shows in the shadows under a gamma (raised to 1/γ) and
 * grows with a highlight boost (2^stops larger peaks).  Separable passes
 * keep each pixel's error relative to its own neighbourhood. */
gboolean lrb_settings_prefers_separable (LrbFactorization factorization, gdouble gamma,
                                         const LrbHighlights *highlights);

/* The filter a run of these settings over `output` of an n_channels image
 * convolves with: the exact kernel (rank −1) or the rank the settings ask
 * for, by settings->method or, when that is AUTO, by the planner's choice.
 * `kernel` and `analysis` come from lrb_settings_prepare.  `why` (may be
 * NULL) receives the planner's sentence.  Call it from the thread that
 * will run the filter (FFT plans are made here and there). */
LrbFilter *lrb_settings_prepare_filter (const LrbSettings *settings, const LrbKernel *kernel,
                                        const LrbAnalysis *analysis, gint n_channels,
                                        const LrbRect *output, gchar **why, GError **error);

G_END_DECLS
