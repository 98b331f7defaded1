/* lowrank-bokeh — the highlight boost and depth of field in the dialog.
 *
 * The widgets write settings->highlights, settings->focus and
 * settings->region.  The depth comes from one combo box: none, a drawable
 * of the image of its size (a depth map), or a focus region that makes
 * one (an ellipse or a tilt-shift band).  A click on the preview (a press
 * and a release within a few pixels, so dragging still pans) or on the
 * thumbnail focuses there: at that pixel's depth (with the camera on: at
 * the distance it names), or with the region's centre on it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-photo.h"

#include <math.h>

#include "lrb-dialog-camera.h"
#include "lrb-depth-view.h"
#include "lrb-gegl-depth.h"
#include "lrb-gtk-compat.h"
#include "lrb-scale-entry.h"

/* The combo box's values other than drawable IDs (which are positive). */
#define NO_DEPTH_ID   (-1)
#define ELLIPSE_ID    (-2)
#define BAND_ID       (-3)
#define THUMBNAIL_MAX 160
/* A press and release closer than this is a click, not a drag. */
#define CLICK_SLOP    3

enum
{
  R_X, R_Y, R_RADIUS, R_TRANSITION, R_ASPECT, R_ROTATION,
  N_REGION_PARAMS
};

struct _LrbDialogPhoto
{
  LrbDrawable            drawable;
  LrbSettings           *settings;
  GimpPreview           *preview;
  LrbDialogPhotoChanged  changed;
  gpointer               data;
  gint                   source;     /* a drawable ID, NO_DEPTH_ID, ELLIPSE_ID or BAND_ID */
  gboolean               loading;
  gdouble                press_x, press_y;
  gboolean               pressed;

  LrbScaleEntry          stops, low, high;
  GtkWidget             *source_combo;
  GtkWidget             *view;
  GtkWidget             *map_controls;    /* a depth map's: focus, range, invert */
  GtkWidget             *region_controls; /* a focus region's */
  LrbScaleEntry          focus, tolerance;
  GtkWidget             *invert;
  LrbDialogCamera       *camera;          /* sets the focus instead, when on */
  LrbScaleEntry          region[N_REGION_PARAMS];
  GtkWidget             *hint;
};

static void show_focus (LrbDialogPhoto *p);

static gboolean
is_region (gint source)
{
  return source == ELLIPSE_ID || source == BAND_ID;
}

static LrbDrawable
depth_drawable (LrbDialogPhoto *p)
{
  return p->source > 0 ? lrb_drawable_from_id (p->source) : LRB_NO_DRAWABLE;
}

static void
notify_changed (LrbDialogPhoto *p)
{
  if (!p->loading)
    p->changed (p->data);
}

/* ---- Highlights ------------------------------------------------------------ */

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

/* ---- The thumbnail ------------------------------------------------------- */

/* The region's depth at thumbnail size, sharp (0) tinted. */
static void
show_region (LrbDialogPhoto *p)
{
  gint               width = lrb_drawable_width (p->drawable);
  gint               height = lrb_drawable_height (p->drawable);
  gint               side = MAX (width, height);
  gint               tw = MAX (1, width * MIN (THUMBNAIL_MAX, side) / side);
  gint               th = MAX (1, height * MIN (THUMBNAIL_MAX, side) / side);
  g_autofree gfloat *values = g_new (gfloat, (gsize) tw * th);

  /* The thumbnail's pixels stand for the image's at their centres. */
  for (gint y = 0; y < th; y++)
    for (gint x = 0; x < tw; x++)
      values[y * tw + x] = lrb_focus_region_depth (&p->settings->region, width, height,
                                                   (gint) ((x + 0.5) * width / tw),
                                                   (gint) ((y + 0.5) * height / th));
  lrb_depth_view_set_map (LRB_DEPTH_VIEW (p->view), values, tw, th);
  g_object_set (p->view, "focus", 0.0, "tolerance", 0.0, "invert", FALSE, NULL);
  lrb_depth_view_set_caption (LRB_DEPTH_VIEW (p->view), _("Tinted: sharp"));
}

static void
show_map (LrbDialogPhoto *p)
{
  LrbDrawable depth = depth_drawable (p);
  gboolean    region = is_region (p->source);

  gtk_widget_set_visible (p->map_controls, !region);
  gtk_widget_set_visible (p->region_controls, region);
  lrb_scale_entry_set_visible (&p->region[R_ASPECT], p->source == ELLIPSE_ID);
  gtk_widget_set_sensitive (p->map_controls, depth != LRB_NO_DRAWABLE);
  gtk_label_set_text (GTK_LABEL (p->hint),
                      region ? _("Click the preview to put the region's centre there.")
                             : _("Click the preview to focus there."));
  if (region)
    show_region (p);
  else if (depth == LRB_NO_DRAWABLE)
    lrb_depth_view_set_map (LRB_DEPTH_VIEW (p->view), NULL, 0, 0);
  else
    {
      g_autoptr (GeglBuffer) map = gimp_drawable_get_buffer (depth);
      g_autofree gfloat     *values = NULL;
      gint                   width, height;

      values = lrb_gegl_depth_thumbnail (map, THUMBNAIL_MAX, &width, &height);
      lrb_depth_view_set_map (LRB_DEPTH_VIEW (p->view), values, width, height);
      lrb_depth_view_set_caption (LRB_DEPTH_VIEW (p->view), NULL);
      show_focus (p);
    }
}

/* ---- Reading the widgets ------------------------------------------------- */

static void
source_chosen (GtkWidget *combo, LrbDialogPhoto *p)
{
  if (!gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &p->source))
    p->source = NO_DEPTH_ID;
  p->settings->region.shape = p->source == ELLIPSE_ID ? LRB_FOCUS_REGION_ELLIPSE
                              : p->source == BAND_ID ? LRB_FOCUS_REGION_BAND
                              : LRB_FOCUS_REGION_NONE;
  show_map (p);
  notify_changed (p);
}

/* The thumbnail tints what stays sharp: the camera's focus distance when
 * it is on, as a value of the map (what the view compares). */
static void
show_focus (LrbDialogPhoto *p)
{
  const LrbFocus *focus = &p->settings->focus;
  gdouble         value = lrb_dialog_camera_focus_value (p->camera);

  if (is_region (p->source))
    return;
  if (p->settings->use_camera && !isnan (value))
    g_object_set (p->view, "focus", CLAMP (focus->invert ? 1.0 - value : value, 0.0, 1.0),
                  "tolerance", 0.0, "invert", focus->invert, NULL);
  else
    g_object_set (p->view, "focus", focus->focus, "tolerance", focus->tolerance, "invert",
                  focus->invert, NULL);
}

static void
focus_changed (GtkAdjustment *adjustment, LrbDialogPhoto *p)
{
  LrbFocus *focus = &p->settings->focus;

  focus->focus = lrb_scale_entry_get_value (&p->focus);
  focus->tolerance = lrb_scale_entry_get_value (&p->tolerance);
  focus->invert = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (p->invert));
  show_focus (p);
  notify_changed (p);
}

static void
invert_toggled (GtkToggleButton *toggle, LrbDialogPhoto *p)
{
  focus_changed (NULL, p);
}

/* The camera sets the focus: the normalized one has no say meanwhile. */
static void
camera_changed (gpointer data)
{
  LrbDialogPhoto *p = data;
  gboolean        camera = lrb_dialog_camera_active (p->camera);

  lrb_scale_entry_set_sensitive (&p->focus, !camera);
  lrb_scale_entry_set_sensitive (&p->tolerance, !camera);
  show_focus (p);
  notify_changed (p);
}

static void
region_changed (GtkAdjustment *adjustment, LrbDialogPhoto *p)
{
  LrbFocusRegion *r = &p->settings->region;

  r->x = lrb_scale_entry_get_value (&p->region[R_X]);
  r->y = lrb_scale_entry_get_value (&p->region[R_Y]);
  r->radius = lrb_scale_entry_get_value (&p->region[R_RADIUS]);
  r->transition = lrb_scale_entry_get_value (&p->region[R_TRANSITION]);
  r->aspect = lrb_scale_entry_get_value (&p->region[R_ASPECT]);
  r->rotation = lrb_scale_entry_get_value (&p->region[R_ROTATION]);
  if (is_region (p->source) && !p->loading)
    show_region (p);
  notify_changed (p);
}

/* Focus at a point of the image, given as fractions of its width and
 * height, whose depth map (if any) reads `depth` there. */
static void
focus_at (LrbDialogPhoto *p, gdouble x, gdouble y, gdouble depth)
{
  if (is_region (p->source))
    {
      /* One change for the preview, not two. */
      p->loading = TRUE;
      lrb_scale_entry_set_value (&p->region[R_X], x);
      p->loading = FALSE;
      lrb_scale_entry_set_value (&p->region[R_Y], y);
    }
  else if (depth_drawable (p) != LRB_NO_DRAWABLE && lrb_dialog_camera_active (p->camera))
    lrb_dialog_camera_focus_at (p->camera, depth);
  else if (depth_drawable (p) != LRB_NO_DRAWABLE && !isnan (depth))
    lrb_scale_entry_set_value (&p->focus, CLAMP (p->settings->focus.invert ? 1.0 - depth
                                                                           : depth, 0.0, 1.0));
}

static void
view_picked (GtkWidget *view, gdouble x, gdouble y, gdouble depth, LrbDialogPhoto *p)
{
  focus_at (p, x, y, depth);
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

  if ((depth == LRB_NO_DRAWABLE && !is_region (p->source)) ||
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
      gdouble value = NAN;

      if (depth != LRB_NO_DRAWABLE)
        {
          g_autoptr (GeglBuffer) map = gimp_drawable_get_buffer (depth);

          value = lrb_gegl_depth_at (map, x, y);
        }
      focus_at (p, (x + 0.5) / lrb_drawable_width (p->drawable),
                (y + 0.5) / lrb_drawable_height (p->drawable), value);
    }
  p->pressed = FALSE;
  return FALSE;
}

/* ---- Building the panel -------------------------------------------------- */

static GtkWidget *
source_combo_new (LrbDialogPhoto *p)
{
  GtkWidget *combo = lrb_depth_combo_box_new (p->drawable);

  gimp_int_combo_box_prepend (GIMP_INT_COMBO_BOX (combo),
                              GIMP_INT_STORE_VALUE, NO_DEPTH_ID,
                              GIMP_INT_STORE_LABEL, _("None: blur everything alike"), -1);
  gimp_int_combo_box_append (GIMP_INT_COMBO_BOX (combo),
                             GIMP_INT_STORE_VALUE, ELLIPSE_ID,
                             GIMP_INT_STORE_LABEL, _("Focus region: ellipse"), -1);
  gimp_int_combo_box_append (GIMP_INT_COMBO_BOX (combo),
                             GIMP_INT_STORE_VALUE, BAND_ID,
                             GIMP_INT_STORE_LABEL, _("Focus region: tilt-shift band"), -1);
  gimp_help_set_help_data (combo,
                           _("A depth map: a grey layer or channel of this image, of its size, "
                             "black (0) for the nearest point of the scene, white (1) for the "
                             "farthest; what lies at the focus stays sharp, the rest is blurred "
                             "the more the farther it lies from it, up to the kernel's full "
                             "size. Or, without one, a focus region: sharp inside an ellipse "
                             "or a straight band, more and more blurred beyond it."),
                           NULL);
  return combo;
}

static GtkWidget *
map_controls_new (LrbDialogPhoto *p)
{
  GtkWidget *box = gtk_vbox_new (FALSE, 4);
  GtkWidget *table = gtk_table_new (2, 3, FALSE);
  GtkWidget *row = gtk_hbox_new (FALSE, 12);

  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  lrb_scale_entry_init (&p->focus, GTK_TABLE (table), 0, _("Focus:"), 0.5, 0, 1, 0.01, 3,
                        _("The depth that stays sharp; click the preview or the depth map "
                          "to focus on what is there"));
  lrb_scale_entry_init (&p->tolerance, GTK_TABLE (table), 1, _("Sharp range:"), 0, 0,
                        0.99, 0.01, 2,
                        _("How far in front of and behind the focus everything stays sharp"));
  g_signal_connect (p->focus.adjustment, "value-changed", G_CALLBACK (focus_changed), p);
  g_signal_connect (p->tolerance.adjustment, "value-changed", G_CALLBACK (focus_changed), p);
  gtk_box_pack_start (GTK_BOX (box), table, FALSE, FALSE, 0);
  /* Two switches on one row: the page has no height to spare. */
  p->invert = gtk_check_button_new_with_mnemonic (_("_Invert: white is near"));
  g_signal_connect (p->invert, "toggled", G_CALLBACK (invert_toggled), p);
  gtk_box_pack_start (GTK_BOX (row), p->invert, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row), lrb_dialog_camera_toggle (p->camera), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), lrb_dialog_camera_panel (p->camera), FALSE, FALSE, 0);
  return box;
}

static GtkWidget *
region_controls_new (LrbDialogPhoto *p)
{
  static const struct
  {
    const gchar *label;
    gdouble      value, lower, upper, step;
    gint         digits;
    const gchar *tooltip;
  } rows[N_REGION_PARAMS] = {
    [R_X] = { N_("Centre X:"), 0.5, 0, 1, 0.01, 2, N_("0 left … 1 right") },
    [R_Y] = { N_("Centre Y:"), 0.5, 0, 1, 0.01, 2, N_("0 top … 1 bottom") },
    [R_RADIUS] = { N_("Sharp radius:"), 0.5, 0, 2, 0.01, 2,
                   N_("Sharp within this distance of the centre (the band: of its middle "
                      "line); 1 is half the image's smaller side") },
    [R_TRANSITION] = { N_("Transition:"), 0.5, 0.01, 2, 0.01, 2,
                       N_("From sharp to the full kernel over this much more") },
    [R_ASPECT] = { N_("Aspect:"), 1, 0.2, 5, 0.05, 2,
                   N_("The ellipse's width over its height (1: a circle)") },
    [R_ROTATION] = { N_("Angle:"), 0, -180, 180, 1, 1,
                     N_("Degrees counter-clockwise: the ellipse's width, the band's line") },
  };
  GtkWidget *table = gtk_table_new (N_REGION_PARAMS, 3, FALSE);

  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  for (gint i = 0; i < N_REGION_PARAMS; i++)
    {
      lrb_scale_entry_init (&p->region[i], GTK_TABLE (table), i, _(rows[i].label),
                            rows[i].value, rows[i].lower, rows[i].upper, rows[i].step,
                            rows[i].digits, _(rows[i].tooltip));
      g_signal_connect (p->region[i].adjustment, "value-changed", G_CALLBACK (region_changed),
                        p);
    }
  return table;
}

GtkWidget *
lrb_dialog_photo_depth_panel (LrbDialogPhoto *p)
{
  GtkWidget *panel = gtk_vbox_new (FALSE, 6);
  GtkWidget *hbox = gtk_hbox_new (FALSE, 12);
  GtkWidget *label;

  /* The source above its list: a layer's name can be long, and the page
   * is no wider than the column. */
  label = gtk_label_new_with_mnemonic (_("Depth from _layer or region:"));
  gtk_misc_set_alignment (GTK_MISC (label), 0, 0.5);
  p->source_combo = source_combo_new (p);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), p->source_combo);
  gtk_box_pack_start (GTK_BOX (panel), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (panel), p->source_combo, FALSE, FALSE, 0);

  p->view = lrb_depth_view_new ();
  /* Room for the caption "no depth map" in French. */
  gtk_widget_set_size_request (p->view, 200, 120);
  g_signal_connect (p->view, "picked", G_CALLBACK (view_picked), p);
  gtk_box_pack_start (GTK_BOX (hbox), p->view, FALSE, FALSE, 0);
  p->hint = gtk_label_new (NULL);
  gtk_misc_set_alignment (GTK_MISC (p->hint), 0, 0.5);
  lrb_gtk_label_wrap (p->hint, 160);
  gtk_box_pack_start (GTK_BOX (hbox), p->hint, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (panel), hbox, FALSE, FALSE, 0);

  p->map_controls = map_controls_new (p);
  gtk_box_pack_start (GTK_BOX (panel), p->map_controls, FALSE, FALSE, 0);
  p->region_controls = region_controls_new (p);
  gtk_box_pack_start (GTK_BOX (panel), p->region_controls, FALSE, FALSE, 0);

  lrb_int_combo_box_connect (p->source_combo, NO_DEPTH_ID, G_CALLBACK (source_chosen), p);
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
  p->source = depth == LRB_NO_DRAWABLE ? NO_DEPTH_ID : lrb_drawable_get_id (depth);
  p->camera = lrb_dialog_camera_new (settings, lrb_drawable_width (drawable), camera_changed,
                                     p);
  return p;
}

void
lrb_dialog_photo_load (LrbDialogPhoto *p, LrbDrawable depth)
{
  /* Copies: each widget set writes all of them back from the widgets. */
  LrbHighlights  highlights = p->settings->highlights;
  LrbFocus       focus = p->settings->focus;
  LrbFocusRegion region = p->settings->region;
  const gdouble  region_values[N_REGION_PARAMS] = {
    region.x, region.y, region.radius, region.transition, region.aspect, region.rotation,
  };

  p->loading = TRUE;
  lrb_scale_entry_set_value (&p->stops, highlights.stops);
  lrb_scale_entry_set_value (&p->low, highlights.low);
  lrb_scale_entry_set_value (&p->high, highlights.high);
  highlights_changed (NULL, p);
  lrb_scale_entry_set_value (&p->focus, focus.focus);
  lrb_scale_entry_set_value (&p->tolerance, focus.tolerance);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (p->invert), focus.invert);
  for (gint i = 0; i < N_REGION_PARAMS; i++)
    lrb_scale_entry_set_value (&p->region[i], region_values[i]);
  focus_changed (NULL, p);
  region_changed (NULL, p);
  lrb_dialog_camera_load (p->camera);
  camera_changed (p);
  /* A depth map wins over a region, as in the final run. */
  p->source = depth != LRB_NO_DRAWABLE ? lrb_drawable_get_id (depth)
              : region.shape == LRB_FOCUS_REGION_ELLIPSE ? ELLIPSE_ID
              : region.shape == LRB_FOCUS_REGION_BAND ? BAND_ID
              : NO_DEPTH_ID;
  /* A map that is not in the list (deleted since) leaves "None". */
  if (!gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (p->source_combo), p->source))
    gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (p->source_combo), NO_DEPTH_ID);
  source_chosen (p->source_combo, p);
  p->loading = FALSE;
}

LrbDrawable
lrb_dialog_photo_get_depth (LrbDialogPhoto *p)
{
  return depth_drawable (p);
}

gboolean
lrb_dialog_photo_uses_camera (LrbDialogPhoto *p)
{
  return depth_drawable (p) != LRB_NO_DRAWABLE && lrb_dialog_camera_active (p->camera);
}

void
lrb_dialog_photo_show_camera_radius (LrbDialogPhoto *p, gdouble radius)
{
  lrb_dialog_camera_show_radius (p->camera, radius);
}

void
lrb_dialog_photo_free (LrbDialogPhoto *p)
{
  lrb_dialog_camera_free (p->camera);
  g_free (p);
}
