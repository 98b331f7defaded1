/* lowrank-bokeh — the lens's character (cat's eye, brightness profile,
 * swirl, oval) and the grain on the Look page.
 *
 * The swirl and the oval are used less: their three rows hide behind an
 * expander (open when they are set), so the page stays as short as the
 * others and the dialog fits a 1280 × 720 screen.
 *
 * The grain's level is shown in 8-bit steps (σ × 255): "2.5" reads as a
 * photo's noise, where σ = 0.0098 does not.  While the level is measured
 * the spin shows what was measured, so ticking "Measured" off starts
 * from the photo's own level.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-look.h"

#include <math.h>

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
  GtkWidget            *profile_combo;
  GtkAdjustment        *profile_strength;
  GtkWidget            *strength_spin;  /* beside the combo: one row for both */
  GtkWidget            *more;          /* the expander over the three below */
  LrbScaleEntry         swirl;
  LrbScaleEntry         aspect;
  LrbScaleEntry         aspect_rotation;
  GtkWidget            *grain_toggle;
  GtkWidget            *measured_toggle;
  LrbScaleEntry         grain_level;
};

static void
update_sensitivity (LrbDialogLook *l)
{
  gboolean grain = l->settings->grain.enabled;
  gboolean expanded = gtk_expander_get_expanded (GTK_EXPANDER (l->more));

  gtk_widget_set_sensitive (l->measured_toggle, grain);
  lrb_scale_entry_set_sensitive (&l->grain_level, grain && l->settings->grain.level >= 0);
  gtk_widget_set_sensitive (l->strength_spin, l->settings->field.profile != LRB_PROFILE_FLAT);
  lrb_scale_entry_set_sensitive (&l->aspect_rotation, l->settings->field.aspect > 1.0);
  lrb_scale_entry_set_visible (&l->swirl, expanded);
  lrb_scale_entry_set_visible (&l->aspect, expanded);
  lrb_scale_entry_set_visible (&l->aspect_rotation, expanded);
}

static void
read_widgets (LrbDialogLook *l)
{
  gint profile = LRB_PROFILE_FLAT;

  l->settings->field.cats_eye = lrb_scale_entry_get_value (&l->cats_eye);
  if (gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (l->profile_combo), &profile))
    l->settings->field.profile = profile;
  l->settings->field.profile_strength = gtk_adjustment_get_value (l->profile_strength);
  l->settings->field.swirl = lrb_scale_entry_get_value (&l->swirl);
  l->settings->field.aspect = lrb_scale_entry_get_value (&l->aspect);
  l->settings->field.aspect_rotation = lrb_scale_entry_get_value (&l->aspect_rotation);
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

static void
expander_toggled (GObject *expander, GParamSpec *pspec, LrbDialogLook *l)
{
  update_sensitivity (l);
}

/* A slider row that reports to widget_changed. */
static void
effect_row (LrbDialogLook *l, LrbScaleEntry *entry, GtkTable *table, gint row,
            const gchar *label, gdouble lower, gdouble upper, gdouble step,
            const gchar *tooltip)
{
  lrb_scale_entry_init (entry, table, row, label, lower, lower, upper, step, 2, tooltip);
  g_signal_connect (entry->adjustment, "value-changed", G_CALLBACK (widget_changed), l);
}

/* The brightness profile: a combo and its strength's spin button, one
 * row (a slider row more made the page taller than the others with the
 * expander open). */
static void
attach_profile (LrbDialogLook *l, GtkTable *table, gint row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (_("Bokeh pro_file:"));

  /* Short names: the combo shares the sliders' column (the tooltip says
   * what each looks like). */
  l->profile_combo = gimp_int_combo_box_new (_("Flat"), LRB_PROFILE_FLAT,
                                             _("Soap bubble"), LRB_PROFILE_SOAP_BUBBLE,
                                             _("Smooth"), LRB_PROFILE_SMOOTH,
                                             _("Onion rings"), LRB_PROFILE_ONION_RINGS, NULL);
  gimp_help_set_help_data (l->profile_combo,
                           _("How the light spreads across each bokeh disc, whatever its "
                             "shape: evenly (flat); piled on a bright rim, as old lenses like "
                             "the Trioplan give (soap bubble); bright in the centre, fading to "
                             "a soft edge, as apodization lenses give (smooth); or in fine "
                             "ripples, as a moulded aspherical lens gives (onion rings). The "
                             "number beside it is the strength: 0 is flat, 1 the strongest."),
                           NULL);
  g_signal_connect (l->profile_combo, "changed", G_CALLBACK (widget_changed), l);
  gtk_misc_set_alignment (GTK_MISC (label), 0, 0.5);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), l->profile_combo);
  gtk_table_attach (table, label, 0, 1, row, row + 1, GTK_FILL, 0, 0, 0);
  gtk_table_attach (table, l->profile_combo, 1, 2, row, row + 1, GTK_FILL, 0, 0, 0);

  l->profile_strength = GTK_ADJUSTMENT (gtk_adjustment_new (LRB_PROFILE_DEFAULT_STRENGTH, 0, 1,
                                                            0.05, 0.25, 0));
  l->strength_spin = gtk_spin_button_new (l->profile_strength, 0.05, 2);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (l->strength_spin), TRUE);
  gtk_entry_set_width_chars (GTK_ENTRY (l->strength_spin), 6);
  gtk_widget_set_tooltip_text (l->strength_spin,
                               _("The profile's strength: 0 is flat, 1 the strongest"));
  /* Named after the row (for screen readers and the dialog's log). */
  gtk_widget_add_mnemonic_label (l->strength_spin, label);
  g_signal_connect (l->profile_strength, "value-changed", G_CALLBACK (widget_changed), l);
  gtk_table_attach (table, l->strength_spin, 2, 3, row, row + 1, GTK_FILL, 0, 0, 0);
}

void
lrb_dialog_look_attach (LrbDialogLook *l, GtkTable *table, gint row)
{
  GtkWidget *hbox = gtk_hbox_new (FALSE, 12);

  effect_row (l, &l->cats_eye, table, row, _("Cat's eye:"), 0, 1, 0.05,
              _("Toward the corners the lens barrel clips the aperture, as real "
                "lenses do wide open: bokeh turns to cat's eyes (lemons) pointing "
                "round the centre. 0 turns it off; 1 is a strong vignetting lens."));
  attach_profile (l, table, row + 1);
  l->more = gtk_expander_new_with_mnemonic (_("Swirl and o_val aperture"));
  gtk_table_attach (table, l->more, 0, 3, row + 2, row + 3, GTK_FILL, GTK_FILL, 0, 0);
  g_signal_connect (l->more, "notify::expanded", G_CALLBACK (expander_toggled), l);
  effect_row (l, &l->swirl, table, row + 3, _("Swirl:"), 0, 1, 0.05,
              _("Toward the corners the bokeh is stretched along circles round the "
                "centre, as some old portrait lenses swirl the background: up to "
                "1 + swirl times longer at the corners."));
  effect_row (l, &l->aspect, table, row + 4, _("Oval:"), 1, LRB_FIELD_MAX_ASPECT, 0.05,
              _("An oval aperture, as anamorphic lenses give: this many times longer "
                "than wide, the same everywhere. 1 is round."));
  effect_row (l, &l->aspect_rotation, table, row + 5, _("Oval's angle:"), -180, 180, 1,
              _("The oval's long axis, degrees counter-clockwise from across: 90 is "
                "upright, as anamorphic lenses give"));
  row += 5;

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

  const LrbField        *field = &l->settings->field;

  l->loading = TRUE;
  lrb_scale_entry_set_value (&l->cats_eye, field->cats_eye);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (l->profile_combo), field->profile);
  gtk_adjustment_set_value (l->profile_strength, field->profile_strength);
  lrb_scale_entry_set_value (&l->swirl, field->swirl);
  lrb_scale_entry_set_value (&l->aspect, MAX (field->aspect, 1.0));
  lrb_scale_entry_set_value (&l->aspect_rotation, remainder (field->aspect_rotation, 360.0));
  /* Set, they show. */
  gtk_expander_set_expanded (GTK_EXPANDER (l->more),
                             field->swirl > 0.0 || field->aspect > 1.0);
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
