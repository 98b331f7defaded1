/* lowrank-bokeh — the energy plot: singular values as bars on a log scale,
 * the cumulative energy as a curve and a marker at the chosen rank, which
 * a click, a drag or the arrow keys move.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-analysis.h"
#include "lrb-gtk-compat.h"

G_BEGIN_DECLS

/* The two ways to state the energy kept at rank r (DESIGN.md §1). */
typedef enum
{
  LRB_ENERGY_SQUARED,  /* Σσᵢ² / Σσ²: Frobenius, what the error follows */
  LRB_ENERGY_ABSOLUTE  /* Σσᵢ / Σσ: the "approximation percentage" */
} LrbEnergyKind;

GType lrb_energy_kind_get_type (void) G_GNUC_CONST;
#define LRB_TYPE_ENERGY_KIND (lrb_energy_kind_get_type ())

/* The kind's name as the plot's legend shows it (translated). */
const gchar   *lrb_energy_kind_get_label       (LrbEnergyKind      kind);

#define LRB_TYPE_ENERGY_PLOT (lrb_energy_plot_get_type ())
G_DECLARE_FINAL_TYPE (LrbEnergyPlot, lrb_energy_plot, LRB, ENERGY_PLOT, GtkDrawingArea)

GtkWidget     *lrb_energy_plot_new             (void);

/* Copies the singular values and energies; NULL empties the plot.  The
 * rank is clamped into 1 … n_values (notify::rank when that moves it). */
void           lrb_energy_plot_set_analysis    (LrbEnergyPlot     *plot,
                                                const LrbAnalysis *analysis);
gint           lrb_energy_plot_get_n_values    (LrbEnergyPlot     *plot);

/* Clamped into 1 … n_values while there is an analysis; kept as given
 * before the first one arrives (0 = none). */
void           lrb_energy_plot_set_rank        (LrbEnergyPlot     *plot,
                                                gint               rank);
gint           lrb_energy_plot_get_rank        (LrbEnergyPlot     *plot);

void           lrb_energy_plot_set_energy_kind (LrbEnergyPlot     *plot,
                                                LrbEnergyKind      kind);
LrbEnergyKind  lrb_energy_plot_get_energy_kind (LrbEnergyPlot     *plot);

/* What avoiding dark rings costs: the non-negative factorization's
 * relative errors e for ranks 1 … n (copied; n may be below n_values, as
 * the dialog computes only the first ranks), drawn as 1 − e² beside the
 * Σσ² curve, which is the SVD's own 1 − e².  NULL or n = 0 removes the
 * curve; a new analysis removes it too. */
void           lrb_energy_plot_set_nonnegative_errors (LrbEnergyPlot *plot,
                                                       const gdouble *errors,
                                                       gint           n);
gint           lrb_energy_plot_get_nonnegative_n      (LrbEnergyPlot *plot);

/* A noisy kernel's noise floor τ, in σ's units (a measured kernel's, or
 * lrb_noise_rank_choose's): the terms below it carry more noise than
 * shape.  Drawn as a line with a band below it and a label; 0 removes
 * it, and so does a new analysis. */
void           lrb_energy_plot_set_noise_floor (LrbEnergyPlot     *plot,
                                                gdouble            threshold);
gdouble        lrb_energy_plot_get_noise_floor (LrbEnergyPlot     *plot);

/* The rank whose bar lies under widget x at the current size, clamped to
 * 1 … n_values; 0 without an analysis. */
gint           lrb_energy_plot_rank_at         (LrbEnergyPlot     *plot,
                                                gdouble            x);

G_END_DECLS
