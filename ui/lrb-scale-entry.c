/* lowrank-bokeh — slider + spin button on one adjustment.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-scale-entry.h"

void
lrb_scale_entry_init (LrbScaleEntry *entry, GtkTable *table, gint row, const gchar *label,
                      gdouble value, gdouble lower, gdouble upper, gdouble step, gint digits,
                      const gchar *tooltip)
{
  /* GTK 2 returns a floating GtkObject, GTK 3 a floating GObject; the
   * slider and the spin button share it and hold the references. */
  entry->adjustment = GTK_ADJUSTMENT (gtk_adjustment_new (value, lower, upper, step,
                                                          step * 10, 0));
#if GTK_CHECK_VERSION (3, 0, 0)
  entry->scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, entry->adjustment);
  gtk_widget_set_hexpand (entry->scale, TRUE);
#else
  entry->scale = gtk_hscale_new (entry->adjustment);
#endif
  gtk_scale_set_draw_value (GTK_SCALE (entry->scale), FALSE);
  gtk_widget_set_size_request (entry->scale, 160, -1);
  entry->spin = gtk_spin_button_new (entry->adjustment, step, digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (entry->spin), TRUE);
  gtk_entry_set_width_chars (GTK_ENTRY (entry->spin), 6);
  entry->label = gtk_label_new_with_mnemonic (label);
  gtk_label_set_mnemonic_widget (GTK_LABEL (entry->label), entry->spin);
  gtk_misc_set_alignment (GTK_MISC (entry->label), 0.0, 0.5);
  if (tooltip)
    {
      gtk_widget_set_tooltip_text (entry->scale, tooltip);
      gtk_widget_set_tooltip_text (entry->spin, tooltip);
    }

  gtk_table_attach (table, entry->label, 0, 1, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
  gtk_table_attach (table, entry->scale, 1, 2, row, row + 1, GTK_FILL | GTK_EXPAND, GTK_FILL,
                    0, 0);
  gtk_table_attach (table, entry->spin, 2, 3, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
}

gdouble
lrb_scale_entry_get_value (const LrbScaleEntry *entry)
{
  return gtk_adjustment_get_value (entry->adjustment);
}

void
lrb_scale_entry_set_value (const LrbScaleEntry *entry, gdouble value)
{
  gtk_adjustment_set_value (entry->adjustment, value);
}

void
lrb_scale_entry_set_visible (const LrbScaleEntry *entry, gboolean visible)
{
  gtk_widget_set_visible (entry->label, visible);
  gtk_widget_set_visible (entry->scale, visible);
  gtk_widget_set_visible (entry->spin, visible);
}

void
lrb_scale_entry_set_sensitive (const LrbScaleEntry *entry, gboolean sensitive)
{
  /* The label too: GIMP 3's dark theme hardly dims a spin button. */
  gtk_widget_set_sensitive (entry->label, sensitive);
  gtk_widget_set_sensitive (entry->scale, sensitive);
  gtk_widget_set_sensitive (entry->spin, sensitive);
}
