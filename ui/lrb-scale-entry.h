/* lowrank-bokeh — a labelled slider with a spin button on one adjustment,
 * in a table row: the dialog's numeric control, from plain GTK so that
 * the GTK 2 and GTK 3 dialogs share it (GIMP 2.10's and GIMP 3's own
 * scale entries have different APIs).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkAdjustment *adjustment;
  GtkWidget     *label;
  GtkWidget     *scale;
  GtkWidget     *spin;
} LrbScaleEntry;

/* Fills row `row` of `table` (three columns: label, slider, spin button).
 * `label` may hold a mnemonic; it focuses the spin button. */
void    lrb_scale_entry_init          (LrbScaleEntry *entry, GtkTable *table, gint row,
                                       const gchar *label, gdouble value, gdouble lower,
                                       gdouble upper, gdouble step, gint digits,
                                       const gchar *tooltip);
gdouble lrb_scale_entry_get_value     (const LrbScaleEntry *entry);
void    lrb_scale_entry_set_value     (const LrbScaleEntry *entry, gdouble value);
void    lrb_scale_entry_set_visible   (const LrbScaleEntry *entry, gboolean visible);
void    lrb_scale_entry_set_sensitive (const LrbScaleEntry *entry, gboolean sensitive);

G_END_DECLS
