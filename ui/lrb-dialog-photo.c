/* lowrank-bokeh — the highlight boost and depth of field in the dialog.
 *
 * The widgets write settings->highlights and settings->focus; the depth
 * map is a drawable of the image, of its size, chosen in a combo box with
 * "None" first.  A click on the preview (a press and a release within a
 * few pixels, so dragging still pans) or on the depth thumbnail focuses
 * at that pixel's depth.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-photo.h"

#include <math.h>

#include "lrb-depth-view.h"
#include "lrb-gegl-depth.h"
#include "lrb-scale-entry.h"

#define NO_DEPTH_ID   (-1)
#define THUMBNAIL_MAX 160
/* A press and release closer than this is a click, not a drag. */
#define CLICK_SLOP    3

struct _LrbDialogPhoto
{
  LrbDrawable            drawable;
  LrbSettings           *settings;
  GimpPreview           *preview;
  LrbDialogPhotoChanged  changed;
  gpointer               data;
  gint                   depth_id;   /* NO_DEPTH_ID for none */
  gboolean               loading;
  gdouble                press_x, press_y;
  gboolean               pressed;

  LrbScaleEntry          stops, low, high;
  GtkWidget             *depth_combo;
  GtkWidget             *view;
  GtkWidget             *controls;   /* insensitive without a map */
  LrbScaleEntry          focus, tolerance;
  GtkWidget             *invert;
};

static LrbDrawable
depth_drawable (LrbDialogPhoto *p)
{
  return p->depth_id == NO_DEPTH_ID ? LRB_NO_DRAWABLE : lrb_drawable_from_id (p->depth_id);
}

static void
notify_changed (LrbDialogPhoto *p)
{
  if (!p->loading)
    p->changed (p->data);
}

static void
highlights_changed (GtkAdjustment *adjustment, LrbDialogPhoto *p)
{
  p->settings->highlights.stops = lrb_scale_entry_get_value (&p->stops);
  p->settings->highlights.low = lrb_scale_entry_get_value (&p->low);
  p->settings->highlights.high = lrb_scale_entry_get_value (&p->high);
  /* The thresholds mean nothing while the boost is off. */
  lrb_scale_entry_set_sensitive (&p->low, p->settings->highlights.stops > 0);
  lrb_scale_entry_set_sensitive (&p->high, p->settings->highlights.stops > 0);
  notify_changed (p);
}

void
lrb_dialog_photo_attach_highlights (LrbDialogPhoto *p, GtkTable *table, gint row)
{
  lrb_scale_entry_init (&p->stops, table, row, _("Brighten highlights b_y (stops):"), 0, 0,
                        LRB_HIGHLIGHT_MAX_STOPS, 0.5, 1,
                        _("Before the blur, light brighter than the thresholds is made up to "
                          "2^stops times brighter, and after it the same amount darker: "
                          "highlights bloom into the kernel's shape while shadows and "
                          "mid-tones keep their level (unlike the gamma). 0 turns it off."));
  lrb_scale_entry_init (&p->low, table, row + 1, _("Highlight threshold, low:"), 0.7, 0, 1,
                        0.01, 2, _("Linear luminance where the boost begins (0 … 1)"));
  lrb_scale_entry_init (&p->high, table, row + 2, _("Highlight threshold, high:"), 1, 0, 1,
                        0.01, 2, _("Linear luminance where the boost is full; not below the "
                                   "low threshold"));
  g_signal_connect (p->stops.adjustment, "value-changed", G_CALLBACK (highlights_changed), p);
  g_signal_connect (p->low.adjustment, "value-changed", G_CALLBACK (highlights_changed), p);
  g_signal_connect (p->high.adjustment, "value-changed", G_CALLBACK (highlights_changed), p);
}

/* ---- The depth map ------------------------------------------------------ */

static void
show_map (LrbDialogPhoto *p)
{
  LrbDrawable depth = depth_drawable (p);

  gtk_widget_set_sensitive (p->controls, depth != LRB_NO_DRAWABLE);
  if (depth == LRB_NO_DRAWABLE)
    lrb_depth_view_set_map (LRB_DEPTH_VIEW (p->view), NULL, 0, 0);
  else
    {
      g_autoptr (GeglBuffer) map = gimp_drawable_get_buffer (depth);
      g_autofree gfloat     *values = NULL;
      gint                   width, height;

      values = lrb_gegl_depth_thumbnail (map, THUMBNAIL_MAX, &width, &height);
      lrb_depth_view_set_map (LRB_DEPTH_VIEW (p->view), values, width, height);
    }
}

static void
depth_chosen (GtkWidget *combo, LrbDialogPhoto *p)
{
  if (!gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &p->depth_id))
    p->depth_id = NO_DEPTH_ID;
  show_map (p);
  notify_changed (p);
}

static void
focus_changed (GtkAdjustment *adjustment, LrbDialogPhoto *p)
{
  LrbFocus *focus = &p->settings->focus;

  focus->focus = lrb_scale_entry_get_value (&p->focus);
  focus->tolerance = lrb_scale_entry_get_value (&p->tolerance);
  focus->invert = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->invert));
  g_object_set (p->view, "focus", focus->focus, "tolerance", focus->tolerance, "invert",
                focus->invert, NULL);
  notify_changed (p);
}

static void
invert_toggled (GtkToggleButton *toggle, LrbDialogPhoto *p)
{
  focus_changed (NULL, p);
}

/* A click on the thumbnail: the view has set its own focus. */
static void
view_focus_picked (GObject *view, GParamSpec *pspec, LrbDialogPhoto *p)
{
  gdouble focus;

  g_object_get (view, "focus", &focus, NULL);
  lrb_scale_entry_set_value (&p->focus, focus);
}

/* The image pixel under a point of the preview's area: the area draws
 * the preview's rectangle centred in its allocation. */
static gboolean
preview_pixel (LrbDialogPhoto *p, GtkWidget *area, gdouble ax, gdouble ay, gint *x, gint *y)
{
  GtkAllocation allocation;
  gint          left, top, width, height;

  gtk_widget_get_allocation (area, &allocation);
  gimp_preview_get_position (p->preview, &left, &top);
  gimp_preview_get_size (p->preview, &width, &height);
  *x = left + (gint) floor (ax - (allocation.width - width) / 2);
  *y = top + (gint) floor (ay - (allocation.height - height) / 2);
  return *x >= left && *y >= top && *x < left + width && *y < top + height;
}

static gboolean
preview_event (GtkWidget *area, GdkEvent *event, LrbDialogPhoto *p)
{
  GdkEventButton *button = (GdkEventButton *) event;
  LrbDrawable     depth = depth_drawable (p);
  gint            x, y;

  if (depth == LRB_NO_DRAWABLE ||
      (event->type != GDK_BUTTON_PRESS && event->type != GDK_BUTTON_RELEASE) ||
      button->button != 1)
    return FALSE;
  if (event->type == GDK_BUTTON_PRESS)
    {
      p->pressed = TRUE;
      p->press_x = button->x;
      p->press_y = button->y;
      return FALSE;
    }
  if (p->pressed && fabs (button->x - p->press_x) <= CLICK_SLOP &&
      fabs (button->y - p->press_y) <= CLICK_SLOP &&
      preview_pixel (p, area, button->x, button->y, &x, &y))
    {
      g_autoptr (GeglBuffer) map = gimp_drawable_get_buffer (depth);
      gdouble                value = lrb_gegl_depth_at (map, x, y);

      if (!isnan (value))
        lrb_scale_entry_set_value (&p->focus, CLAMP (p->settings->focus.invert ? 1.0 - value
                                                                               : value,
                                                     0.0, 1.0));
    }
  p->pressed = FALSE;
  return FALSE;
}

GtkWidget *
lrb_dialog_photo_depth_panel (LrbDialogPhoto *p)
{
  GtkWidget *panel = gtk_vbox_new (FALSE, 6);
  GtkWidget *row = gtk_hbox_new (FALSE, 6);
  GtkWidget *hbox = gtk_hbox_new (FALSE, 12);
  GtkWidget *label, *table, *hint;

  /* The map on its own row: the panel is no wider than the preview. */
  label = gtk_label_new_with_mnemonic (_("_Layer as depth map:"));
  p->depth_combo = lrb_depth_combo_box_new (p->drawable);
  gimp_int_combo_box_prepend (GIMP_INT_COMBO_BOX (p->depth_combo),
                              GIMP_INT_STORE_VALUE, NO_DEPTH_ID,
                              GIMP_INT_STORE_LABEL, _("None: blur everything alike"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), p->depth_combo);
  gimp_help_set_help_data (p->depth_combo,
                           _("A grey layer or channel of this image, of its size: black (0) "
                             "for the nearest point of the scene, white (1) for the farthest. "
                             "What lies at the focus stays sharp, the rest is blurred the more "
                             "the farther it lies from it, up to the kernel's full size."),
                           NULL);
  gtk_box_pack_start (GTK_BOX (row), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row), p->depth_combo, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (panel), row, FALSE, FALSE, 0);

  p->view = lrb_depth_view_new ();
  gtk_widget_set_size_request (p->view, 150, 112);
  g_signal_connect (p->view, "notify::focus", G_CALLBACK (view_focus_picked), p);
  gtk_box_pack_start (GTK_BOX (hbox), p->view, FALSE, FALSE, 0);

  p->controls = gtk_vbox_new (FALSE, 4);
  table = gtk_table_new (2, 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  lrb_scale_entry_init (&p->focus, GTK_TABLE (table), 0, _("Focus:"), 0.5, 0, 1, 0.01, 3,
                        _("The depth that stays sharp; click the preview or the depth map "
                          "to focus on what is there"));
  lrb_scale_entry_init (&p->tolerance, GTK_TABLE (table), 1, _("Sharp range:"), 0, 0,
                        0.99, 0.01, 2,
                        _("How far in front of and behind the focus everything stays sharp"));
  /* Short sliders: the panel stays within the preview's width. */
  gtk_widget_set_size_request (p->focus.scale, 80, -1);
  gtk_widget_set_size_request (p->tolerance.scale, 80, -1);
  g_signal_connect (p->focus.adjustment, "value-changed", G_CALLBACK (focus_changed), p);
  g_signal_connect (p->tolerance.adjustment, "value-changed", G_CALLBACK (focus_changed), p);
  gtk_box_pack_start (GTK_BOX (p->controls), table, FALSE, FALSE, 0);
  p->invert = gtk_check_button_new_with_mnemonic (_("_Invert: white is near"));
  g_signal_connect (p->invert, "toggled", G_CALLBACK (invert_toggled), p);
  gtk_box_pack_start (GTK_BOX (p->controls), p->invert, FALSE, FALSE, 0);
  hint = gtk_label_new (_("Click the preview to focus there."));
  gtk_misc_set_alignment (GTK_MISC (hint), 0, 0.5);
  gtk_box_pack_start (GTK_BOX (p->controls), hint, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), p->controls, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (panel), hbox, FALSE, FALSE, 0);

  lrb_int_combo_box_connect (p->depth_combo, NO_DEPTH_ID, G_CALLBACK (depth_chosen), p);
  gtk_widget_add_events (gimp_preview_get_area (p->preview),
                         GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK);
  g_signal_connect (gimp_preview_get_area (p->preview), "event", G_CALLBACK (preview_event),
                    p);
  return panel;
}

/* ---- Life ----------------------------------------------------------------- */

LrbDialogPhoto *
lrb_dialog_photo_new (LrbDrawable drawable, LrbSettings *settings, LrbDrawable depth,
                      GimpPreview *preview, LrbDialogPhotoChanged changed, gpointer data)
{
  LrbDialogPhoto *p = g_new0 (LrbDialogPhoto, 1);

  p->drawable = drawable;
  p->settings = settings;
  p->preview = preview;
  p->changed = changed;
  p->data = data;
  p->depth_id = depth == LRB_NO_DRAWABLE ? NO_DEPTH_ID : lrb_drawable_get_id (depth);
  return p;
}

void
lrb_dialog_photo_load (LrbDialogPhoto *p, LrbDrawable depth)
{
  /* Copies: each widget set writes all of them back from the widgets. */
  LrbHighlights highlights = p->settings->highlights;
  LrbFocus      focus = p->settings->focus;

  p->loading = TRUE;
  lrb_scale_entry_set_value (&p->stops, highlights.stops);
  lrb_scale_entry_set_value (&p->low, highlights.low);
  lrb_scale_entry_set_value (&p->high, highlights.high);
  highlights_changed (NULL, p);
  p->depth_id = depth == LRB_NO_DRAWABLE ? NO_DEPTH_ID : lrb_drawable_get_id (depth);
  /* A map that is not in the list (deleted since) leaves "None". */
  if (!gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (p->depth_combo), p->depth_id))
    {
      p->depth_id = NO_DEPTH_ID;
      gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (p->depth_combo), NO_DEPTH_ID);
    }
  lrb_scale_entry_set_value (&p->focus, focus.focus);
  lrb_scale_entry_set_value (&p->tolerance, focus.tolerance);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (p->invert), focus.invert);
  focus_changed (NULL, p);
  show_map (p);
  p->loading = FALSE;
}

LrbDrawable
lrb_dialog_photo_get_depth (LrbDialogPhoto *p)
{
  return depth_drawable (p);
}

void
lrb_dialog_photo_free (LrbDialogPhoto *p)
{
  g_free (p);
}
