/* lowrank-bokeh — the camera in the dialog.
 *
 * Plain spin buttons two to a row, not sliders: the optics span orders of
 * magnitude (f/1.4 … f/22, 1 … 1000 m) and the Depth of field page has
 * room for four short rows, not eight long ones (the dialog must fit a
 * laptop's screen).  The labels are short ("f/", "Sensor (mm):"; the
 * tooltips say the rest): GTK 3's spin buttons are wide, and two pairs
 * of long labels widened the column.  The line under them turns the numbers into what a
 * photographer judges by: how large the circle of confusion gets.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-camera.h"

#include <math.h>

#include "lrb-gtk-compat.h"

enum
{
  C_FOCAL_LENGTH, C_F_NUMBER, C_FOCUS_DISTANCE, C_SENSOR_WIDTH, C_NEAR, C_FAR, C_SCALE,
  N_CAMERA_PARAMS
};

struct _LrbDialogCamera
{
  LrbSettings            *settings;
  gint                    image_width;
  LrbDialogCameraChanged  changed;
  gpointer                data;
  gboolean                loading;
  gdouble                 radius;    /* the last one shown; < 0 unknown */

  GtkWidget              *toggle;
  GtkWidget              *optics;    /* everything the toggle turns on */
  GtkWidget              *units_combo;
  GtkWidget              *label[N_CAMERA_PARAMS];
  GtkWidget              *spin[N_CAMERA_PARAMS];
  GtkWidget              *info;
};

static gdouble *
param_field (LrbCamera *camera, gint param)
{
  switch (param)
    {
    case C_FOCAL_LENGTH:   return &camera->focal_length;
    case C_F_NUMBER:       return &camera->f_number;
    case C_FOCUS_DISTANCE: return &camera->focus_distance;
    case C_SENSOR_WIDTH:   return &camera->sensor_width;
    case C_NEAR:           return &camera->near;
    case C_FAR:            return &camera->far;
    default:               return &camera->scale;
    }
}

/* The circle of confusion in words: its largest size in this scene (once
 * the preview's job has measured the map) and a point at infinity's, the
 * background that f/1.4 melts and f/8 keeps.  One short line; the
 * tooltip has the kernel's radius too. */
static void
show_info (LrbDialogCamera *c)
{
  const LrbCamera  *camera = &c->settings->camera;
  g_autofree gchar *text = NULL, *details = NULL;

  if (!lrb_camera_validate (camera, NULL))
    text = g_strdup (_("These optics are out of range."));
  else
    {
      gdouble infinity = lrb_camera_blur_diameter (camera, c->image_width, INFINITY);

      if (c->radius >= 0 && c->settings->use_camera)
        {
          text = g_strdup_printf (_("Circle of confusion: up to %.1f px, %.1f px at infinity"),
                                  2 * c->radius, infinity);
          details = g_strdup_printf (_("The most blurred point of this scene becomes a disc "
                                       "%.1f px across (the kernel's radius: %.1f px); a "
                                       "point at infinity %.1f px."),
                                     2 * c->radius, c->radius, infinity);
        }
      else
        text = g_strdup_printf (_("Circle of confusion at infinity: %.1f px"), infinity);
    }
  gtk_label_set_text (GTK_LABEL (c->info), text);
  gtk_widget_set_tooltip_text (c->info, details);
}

static void
show_units (LrbDialogCamera *c)
{
  gboolean normalized = c->settings->camera.units == LRB_DEPTH_NORMALIZED;

  for (gint i = C_NEAR; i <= C_FAR; i++)
    {
      gtk_widget_set_visible (c->label[i], normalized);
      gtk_widget_set_visible (c->spin[i], normalized);
    }
  gtk_widget_set_visible (c->label[C_SCALE], !normalized);
  gtk_widget_set_visible (c->spin[C_SCALE], !normalized);
  gtk_label_set_text_with_mnemonic (GTK_LABEL (c->label[C_SCALE]),
                                    c->settings->camera.units == LRB_DEPTH_DISPARITY
                                    ? _("1/m per unit:") : _("Metres per unit:"));
}

static void
read_widgets (LrbDialogCamera *c)
{
  gint units = LRB_DEPTH_NORMALIZED;

  c->settings->use_camera = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (c->toggle));
  for (gint i = 0; i < N_CAMERA_PARAMS; i++)
    *param_field (&c->settings->camera, i) =
      gtk_spin_button_get_value (GTK_SPIN_BUTTON (c->spin[i]));
  gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (c->units_combo), &units);
  c->settings->camera.units = units;
  gtk_widget_set_sensitive (c->optics, c->settings->use_camera);
  show_units (c);
  /* The old radius belongs to other optics. */
  c->radius = -1;
  show_info (c);
}

static void
widget_changed (GtkWidget *widget, LrbDialogCamera *c)
{
  if (c->loading)
    return;
  read_widgets (c);
  c->changed (c->data);
}

/* ---- Building ------------------------------------------------------------- */

static void
add_spin (LrbDialogCamera *c, GtkTable *table, gint param, gint row, gint column,
          const gchar *label, gdouble lower, gdouble upper, gdouble step, gint digits,
          const gchar *tooltip)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_entry_set_width_chars (GTK_ENTRY (spin), 5);
  gtk_widget_set_tooltip_text (spin, tooltip);
  g_signal_connect (spin, "value-changed", G_CALLBACK (widget_changed), c);
  c->spin[param] = spin;
  c->label[param] = gtk_label_new_with_mnemonic (label);
  gtk_misc_set_alignment (GTK_MISC (c->label[param]), 0.0, 0.5);
  gtk_label_set_mnemonic_widget (GTK_LABEL (c->label[param]), spin);
  gtk_table_attach (table, c->label[param], column, column + 1, row, row + 1, GTK_FILL,
                    GTK_FILL, 0, 0);
  gtk_table_attach (table, spin, column + 1, column + 2, row, row + 1, GTK_FILL, GTK_FILL, 0,
                    0);
}

GtkWidget *
lrb_dialog_camera_toggle (LrbDialogCamera *c)
{
  c->toggle = gtk_check_button_new_with_label (_("Camera (lens optics)"));
  gimp_help_set_help_data (c->toggle,
                           _("Depth of field as a lens gives it: the focus distance stays "
                             "sharp, and the blur of everything else follows from the focal "
                             "length, the f-number and the sensor (the thin-lens circle of "
                             "confusion). It sets the focus and the kernel's radius."),
                           NULL);
  g_signal_connect (c->toggle, "toggled", G_CALLBACK (widget_changed), c);
  return c->toggle;
}

GtkWidget *
lrb_dialog_camera_panel (LrbDialogCamera *c)
{
  GtkWidget *table = gtk_table_new (4, 4, FALSE);
  GtkWidget *label;

  /* The combo box calls back as it is connected: the settings are not
   * the new widgets' until lrb_dialog_camera_load. */
  c->loading = TRUE;

  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 2);
  gtk_table_set_col_spacing (GTK_TABLE (table), 1, 12);
  add_spin (c, GTK_TABLE (table), C_FOCAL_LENGTH, 0, 0, _("Lens (mm):"), 1, 5000, 1,
            0, _("The lens's focal length in mm, as on the lens or in the photo's data"));
  add_spin (c, GTK_TABLE (table), C_F_NUMBER, 0, 2, _("f/"), 0.5, 256, 0.1, 1,
            _("The f-number: f/1.4 blurs the background far more than f/8"));
  add_spin (c, GTK_TABLE (table), C_FOCUS_DISTANCE, 1, 0, _("Focus (m):"), 0.01,
            1e6, 0.1, 2,
            _("The focus distance in metres: what lies this far from the lens stays sharp; "
              "click the preview to focus there"));
  add_spin (c, GTK_TABLE (table), C_SENSOR_WIDTH, 1, 2, _("Sensor (mm):"), 1, 1000,
            0.1, 1,
            _("The sensor's width across the image: 36 full frame, 23.5 APS-C (crop 1.5), 22.3 Canon "
              "APS-C (1.6), 17.3 Micro Four Thirds (2), about 6 a phone's main camera"));

  c->units_combo = gimp_int_combo_box_new (_("Normalized: 0 near … 1 far"),
                                           LRB_DEPTH_NORMALIZED,
                                           _("Distance in metres"), LRB_DEPTH_METRES,
                                           _("Disparity (1/distance)"), LRB_DEPTH_DISPARITY,
                                           NULL);
  gimp_help_set_help_data (c->units_combo,
                           _("What the depth map's values are: a normalized map between a "
                             "near and a far distance, a distance (a render's Z pass, a "
                             "float or 16-bit image with a scale) or a disparity 1/Z, as "
                             "phones and depth estimators give"),
                           NULL);
  lrb_int_combo_box_connect (c->units_combo, LRB_DEPTH_NORMALIZED,
                             G_CALLBACK (widget_changed), c);
  label = gtk_label_new (_("Depth map holds:"));
  gtk_misc_set_alignment (GTK_MISC (label), 0.0, 0.5);
  gtk_table_attach (GTK_TABLE (table), label, 0, 1, 2, 3, GTK_FILL, GTK_FILL, 0, 0);
  gtk_table_attach (GTK_TABLE (table), c->units_combo, 1, 4, 2, 3, GTK_FILL, GTK_FILL, 0, 0);

  add_spin (c, GTK_TABLE (table), C_NEAR, 3, 0, _("Near (m):"), 0.01, 1e6, 0.1, 2,
            _("The distance a normalized map's 0 (black) stands for"));
  add_spin (c, GTK_TABLE (table), C_FAR, 3, 2, _("Far (m):"), 0.01, 1e6, 1, 2,
            _("The distance a normalized map's 1 (white) stands for"));
  add_spin (c, GTK_TABLE (table), C_SCALE, 3, 0, _("Metres per unit:"), 1e-6, 1e6, 0.1, 4,
            _("What one unit of the map's stored value is: a render's Z pass in metres "
              "keeps 1; a 16-bit PNG stores 0 … 1, so a map of 0 … 100 m needs 100"));

  c->optics = gtk_vbox_new (FALSE, 4);
  gtk_box_pack_start (GTK_BOX (c->optics), table, FALSE, FALSE, 0);
  c->info = gtk_label_new (NULL);
  gtk_misc_set_alignment (GTK_MISC (c->info), 0.0, 0.5);
  lrb_gtk_label_wrap (c->info, 300);
  gtk_box_pack_start (GTK_BOX (c->optics), c->info, FALSE, FALSE, 0);
  c->loading = FALSE;
  return c->optics;
}

/* ---- Life ----------------------------------------------------------------- */

LrbDialogCamera *
lrb_dialog_camera_new (LrbSettings *settings, gint image_width, LrbDialogCameraChanged changed,
                       gpointer data)
{
  LrbDialogCamera *c = g_new0 (LrbDialogCamera, 1);

  c->settings = settings;
  c->image_width = image_width;
  c->changed = changed;
  c->data = data;
  c->radius = -1;
  return c;
}

void
lrb_dialog_camera_load (LrbDialogCamera *c)
{
  LrbCamera camera = c->settings->camera;

  c->loading = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (c->toggle), c->settings->use_camera);
  for (gint i = 0; i < N_CAMERA_PARAMS; i++)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (c->spin[i]), *param_field (&camera, i));
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (c->units_combo), camera.units);
  c->loading = FALSE;
  read_widgets (c);
}

gboolean
lrb_dialog_camera_active (LrbDialogCamera *c)
{
  return c->settings->use_camera;
}

void
lrb_dialog_camera_focus_at (LrbDialogCamera *c, gdouble value)
{
  gdouble distance = lrb_camera_distance (&c->settings->camera, c->settings->focus.invert,
                                          value);

  /* A sky of a disparity map (0) is infinitely far: focus as far as the
   * spin goes. */
  if (!isnan (distance))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (c->spin[C_FOCUS_DISTANCE]),
                               MIN (distance, 1e6));
}

gdouble
lrb_dialog_camera_focus_value (LrbDialogCamera *c)
{
  const LrbCamera *camera = &c->settings->camera;
  gdouble          s = camera->focus_distance, value;

  switch (camera->units)
    {
    case LRB_DEPTH_NORMALIZED:
      value = (s - camera->near) / (camera->far - camera->near);
      return c->settings->focus.invert ? 1.0 - value : value;
    case LRB_DEPTH_METRES:
      return s / camera->scale;
    case LRB_DEPTH_DISPARITY:
      return 1.0 / (s * camera->scale);
    default:
      return NAN;
    }
}

void
lrb_dialog_camera_show_radius (LrbDialogCamera *c, gdouble radius)
{
  c->radius = radius;
  show_info (c);
}

void
lrb_dialog_camera_free (LrbDialogCamera *c)
{
  g_free (c);
}
