/* lowrank-bokeh — the cat's eye and the grain on the Look page.
 *
 * The grain's level is shown in 8-bit steps (σ × 255): "2.5" reads as a
 * photo's noise, where σ = 0.0098 does not.  While the level is measured
 * the spin shows what was measured, so ticking "Measured" off starts
 * from the photo's own level.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-look.h"

#include "lrb-gtk-compat.h"
#include "lrb-scale-entry.h"

#define GRAIN_STEPS 255.0
#define GRAIN_MAX_STEPS 25.5

struct _LrbDialogLook
{
  LrbSettings          *settings;
  LrbDialogLookChanged  changed;
  gpointer              data;
  gboolean              loading;

  LrbScaleEntry         cats_eye;
  GtkWidget            *grain_toggle;
  GtkWidget            *measured_toggle;
  LrbScaleEntry         grain_level;
};

static void
update_sensitivity (LrbDialogLook *l)
{
  gboolean grain = l->settings->grain.enabled;

  gtk_widget_set_sensitive (l->measured_toggle, grain);
  lrb_scale_entry_set_sensitive (&l->grain_level, grain && l->settings->grain.level >= 0);
}

static void
read_widgets (LrbDialogLook *l)
{
  l->settings->field.cats_eye = lrb_scale_entry_get_value (&l->cats_eye);
  l->settings->grain.enabled =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->grain_toggle));
  l->settings->grain.level =
    gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->measured_toggle))
    ? LRB_GRAIN_MEASURED : lrb_scale_entry_get_value (&l->grain_level) / GRAIN_STEPS;
  update_sensitivity (l);
}

static void
widget_changed (gpointer widget, LrbDialogLook *l)
{
  if (l->loading)
    return;
  read_widgets (l);
  l->changed (l->data);
}

void
lrb_dialog_look_attach (LrbDialogLook *l, GtkTable *table, gint row)
{
  GtkWidget *hbox = gtk_hbox_new (FALSE, 12);

  lrb_scale_entry_init (&l->cats_eye, table, row, _("Cat's eye:"), 0, 0, 1, 0.05, 2,
                        _("Toward the corners the lens barrel clips the aperture, as real "
                          "lenses do wide open: bokeh turns to cat's eyes (lemons) pointing "
                          "round the centre. 0 turns it off; 1 is a strong vignetting lens. "
                          "Not yet with depth of field."));
  g_signal_connect (l->cats_eye.adjustment, "value-changed", G_CALLBACK (widget_changed), l);

  l->grain_toggle = gtk_check_button_new_with_label (_("Match the photo's grain"));
  gimp_help_set_help_data (l->grain_toggle,
                           _("A blur smooths the photo's own noise away, and a plastic-smooth "
                             "background beside a grainy subject gives the blur away. This "
                             "puts back into each blurred pixel just the grain the blur took "
                             "out of it; sharp parts stay untouched. The same grain every "
                             "run."),
                           NULL);
  g_signal_connect (l->grain_toggle, "toggled", G_CALLBACK (widget_changed), l);
  gtk_box_pack_start (GTK_BOX (hbox), l->grain_toggle, FALSE, FALSE, 0);
  l->measured_toggle = gtk_check_button_new_with_label (_("Measured"));
  gimp_help_set_help_data (l->measured_toggle,
                           _("Measure the grain in the photo's flat, sharp areas (per "
                             "colour channel); off: use the level below"),
                           NULL);
  g_signal_connect (l->measured_toggle, "toggled", G_CALLBACK (widget_changed), l);
  gtk_box_pack_start (GTK_BOX (hbox), l->measured_toggle, FALSE, FALSE, 0);
  gtk_table_attach (table, hbox, 0, 3, row + 1, row + 2, GTK_FILL, GTK_FILL, 0, 0);

  lrb_scale_entry_init (&l->grain_level, table, row + 2, _("Grain level:"), 2, 0,
                        GRAIN_MAX_STEPS, 0.1, 1,
                        _("The grain's standard deviation in 8-bit steps (0 … 255 for black "
                          "… white; a clean photo has about 1, a high-ISO one 5 or more), "
                          "on every channel"));
  g_signal_connect (l->grain_level.adjustment, "value-changed", G_CALLBACK (widget_changed),
                    l);
}

void
lrb_dialog_look_set_depth (LrbDialogLook *l, gboolean with_depth)
{
  /* The depth page, built first, reports its source as it is built. */
  if (!l->cats_eye.scale)
    return;
  lrb_scale_entry_set_sensitive (&l->cats_eye, !with_depth);
}

void
lrb_dialog_look_show_measured (LrbDialogLook *l, const LrbGrain *grain)
{
  gdouble sum = 0;

  if (!grain || grain->n_channels < 1 || l->settings->grain.level >= 0)
    return;
  /* One number for the channels: their mean. */
  for (gint i = 0; i < grain->n_channels; i++)
    sum += grain->sigma[i];
  l->loading = TRUE;
  lrb_scale_entry_set_value (&l->grain_level, sum / grain->n_channels * GRAIN_STEPS);
  l->loading = FALSE;
}

/* ---- Life ----------------------------------------------------------------- */

LrbDialogLook *
lrb_dialog_look_new (LrbSettings *settings, LrbDialogLookChanged changed, gpointer data)
{
  LrbDialogLook *l = g_new0 (LrbDialogLook, 1);

  l->settings = settings;
  l->changed = changed;
  l->data = data;
  return l;
}

void
lrb_dialog_look_load (LrbDialogLook *l)
{
  const LrbGrainOptions *grain = &l->settings->grain;

  l->loading = TRUE;
  lrb_scale_entry_set_value (&l->cats_eye, l->settings->field.cats_eye);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (l->grain_toggle), grain->enabled);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (l->measured_toggle), grain->level < 0);
  if (grain->level >= 0)
    lrb_scale_entry_set_value (&l->grain_level, grain->level * GRAIN_STEPS);
  l->loading = FALSE;
  read_widgets (l);
}

void
lrb_dialog_look_free (LrbDialogLook *l)
{
  g_free (l);
}
