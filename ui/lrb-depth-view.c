/* lowrank-bokeh — the depth view widget.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-depth-view.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lrb-ui-draw.h"

/* A band this wide still shows where the focus lies when the tolerance
 * is 0 (then only one depth is sharp, which a thumbnail cannot show). */
#define MIN_SHOWN_BAND 0.02

struct _LrbDepthView
{
  GtkDrawingArea parent_instance;

  gfloat        *values;
  gint           width, height;
  gdouble        focus, tolerance;
  gboolean       invert;
  gchar         *caption;  /* NULL: the focus and range */
};

enum
{
  PROP_0,
  PROP_FOCUS,
  PROP_TOLERANCE,
  PROP_INVERT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (LrbDepthView, lrb_depth_view, GTK_TYPE_DRAWING_AREA)

static gdouble
caption_height (GtkWidget *widget)
{
  PangoLayout *probe = gtk_widget_create_pango_layout (widget, "0");
  gint         line;

  pango_layout_get_pixel_size (probe, NULL, &line);
  g_object_unref (probe);
  return 1.6 * MAX (line, 8);
}

/* As large as fits above the caption, centred. */
gboolean
lrb_depth_view_get_image_area (LrbDepthView *view, GdkRectangle *area)
{
  GtkWidget *widget = GTK_WIDGET (view);
  gdouble    room_w, room_h, zoom;

  g_return_val_if_fail (LRB_IS_DEPTH_VIEW (view), FALSE);
  if (!view->values)
    return FALSE;
  room_w = MAX (1, lrb_gtk_widget_get_width (widget) - 2);
  room_h = MAX (1, lrb_gtk_widget_get_height (widget) - caption_height (widget) - 2);
  zoom = MIN (room_w / view->width, room_h / view->height);
  area->width = MAX (1, (gint) floor (view->width * zoom));
  area->height = MAX (1, (gint) floor (view->height * zoom));
  area->x = (gint) floor ((lrb_gtk_widget_get_width (widget) - area->width) / 2);
  area->y = 1;
  return TRUE;
}

static gboolean
in_focus (LrbDepthView *self, gfloat value)
{
  gdouble d = self->invert ? 1.0 - value : value;

  return fabs (d - self->focus) <= MAX (self->tolerance, MIN_SHOWN_BAND);
}

/* Grey as the map is stored; what stays sharp in the accent colour. */
static cairo_surface_t *
map_surface (LrbDepthView *self, const LrbUiPalette *colours)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, self->width,
                                                         self->height);
  guchar          *data = cairo_image_surface_get_data (surface);
  gint             stride = cairo_image_surface_get_stride (surface);

  for (gint y = 0; y < self->height; y++)
    {
      guint32 *row = (guint32 *) (data + y * stride);

      for (gint x = 0; x < self->width; x++)
        {
          gfloat  v = self->values[y * self->width + x];
          gdouble grey = isnan (v) ? 0.5 : CLAMP (v, 0.0f, 1.0f);
          gdouble rgb[3] = { grey, grey, grey };

          if (in_focus (self, v))
            {
              rgb[0] = 0.35 * grey + 0.65 * colours->accent.r;
              rgb[1] = 0.35 * grey + 0.65 * colours->accent.g;
              rgb[2] = 0.35 * grey + 0.65 * colours->accent.b;
            }
          row[x] = (guint32) round (rgb[0] * 255) << 16 | (guint32) round (rgb[1] * 255) << 8 |
                   (guint32) round (rgb[2] * 255);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
lrb_depth_view_draw (GtkWidget *widget, cairo_t *cr)
{
  LrbDepthView     *self = LRB_DEPTH_VIEW (widget);
  LrbUiPalette      colours;
  GdkRectangle      area;
  cairo_surface_t  *surface;
  g_autofree gchar *caption = NULL;

  lrb_ui_palette_for_widget (widget, &colours);
  lrb_ui_set_colour (cr, &colours.paper);
  cairo_paint (cr);
  if (!lrb_depth_view_get_image_area (self, &area))
    {
      lrb_ui_set_colour (cr, &colours.muted);
      lrb_ui_text (cr, widget, lrb_gtk_widget_get_width (widget) / 2.0,
                   lrb_gtk_widget_get_height (widget) / 2.0, 0.5, 0.5, 0.9, FALSE,
                   _("No depth map"));
      return;
    }

  surface = map_surface (self, &colours);
  cairo_save (cr);
  cairo_rectangle (cr, area.x, area.y, area.width, area.height);
  cairo_clip (cr);
  cairo_translate (cr, area.x, area.y);
  cairo_scale (cr, (gdouble) area.width / self->width, (gdouble) area.height / self->height);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* Depth edges stay edges when enlarged. */
  if (area.width >= self->width)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
  lrb_ui_set_colour (cr, &colours.frame);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, area.x - 0.5, area.y - 0.5, area.width + 1, area.height + 1);
  cairo_stroke (cr);

  caption = self->caption ? g_strdup (self->caption)
            : self->tolerance > 0
            ? g_strdup_printf (_("Sharp: depth %.2f ± %.2f"), self->focus, self->tolerance)
            : g_strdup_printf (_("Sharp: depth %.2f"), self->focus);
  lrb_ui_set_colour (cr, &colours.muted);
  lrb_ui_text (cr, widget, lrb_gtk_widget_get_width (widget) / 2.0,
               area.y + area.height + caption_height (widget) / 2, 0.5, 0.5, 0.85, FALSE,
               caption);
}

static gboolean
lrb_depth_view_button_press (GtkWidget *widget, GdkEventButton *event)
{
  LrbDepthView *self = LRB_DEPTH_VIEW (widget);
  GdkRectangle  area;
  gint          x, y;
  gfloat        value;

  if (event->button != 1 || event->type != GDK_BUTTON_PRESS ||
      !lrb_depth_view_get_image_area (self, &area))
    return FALSE;
  x = (gint) floor ((event->x - area.x) * self->width / area.width);
  y = (gint) floor ((event->y - area.y) * self->height / area.height);
  if (x < 0 || y < 0 || x >= self->width || y >= self->height)
    return FALSE;
  value = self->values[y * self->width + x];
  g_signal_emit (self, signals[SIGNAL_PICKED], 0, (x + 0.5) / self->width,
                 (y + 0.5) / self->height, (gdouble) value);
  return TRUE;
}

static void
lrb_depth_view_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  LrbDepthView *self = LRB_DEPTH_VIEW (object);

  switch (id)
    {
    case PROP_FOCUS:
      self->focus = g_value_get_double (value);
      break;
    case PROP_TOLERANCE:
      self->tolerance = g_value_get_double (value);
      break;
    case PROP_INVERT:
      self->invert = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
      return;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lrb_depth_view_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  LrbDepthView *self = LRB_DEPTH_VIEW (object);

  switch (id)
    {
    case PROP_FOCUS:
      g_value_set_double (value, self->focus);
      break;
    case PROP_TOLERANCE:
      g_value_set_double (value, self->tolerance);
      break;
    case PROP_INVERT:
      g_value_set_boolean (value, self->invert);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
    }
}

static void
lrb_depth_view_finalize (GObject *object)
{
  g_free (LRB_DEPTH_VIEW (object)->values);
  g_free (LRB_DEPTH_VIEW (object)->caption);
  G_OBJECT_CLASS (lrb_depth_view_parent_class)->finalize (object);
}

static void
lrb_depth_view_class_init (LrbDepthViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = lrb_depth_view_set_property;
  object_class->get_property = lrb_depth_view_get_property;
  object_class->finalize = lrb_depth_view_finalize;
  GTK_WIDGET_CLASS (klass)->button_press_event = lrb_depth_view_button_press;

  properties[PROP_FOCUS] = g_param_spec_double ("focus", NULL, NULL, 0.0, 1.0, 0.5,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOLERANCE] = g_param_spec_double ("tolerance", NULL, NULL, 0.0, 0.99, 0.0,
                                                    G_PARAM_READWRITE |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_INVERT] = g_param_spec_boolean ("invert", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_DOUBLE,
                                         G_TYPE_DOUBLE, G_TYPE_DOUBLE);
}

static void
lrb_depth_view_init (LrbDepthView *self)
{
  self->focus = 0.5;
  gtk_widget_add_events (GTK_WIDGET (self), GDK_BUTTON_PRESS_MASK);
  gtk_widget_set_size_request (GTK_WIDGET (self), 200, 150);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("The depth map: black is depth 0, white depth 1. "
                                 "Tinted: what stays sharp. Click to focus there."));
  lrb_gtk_connect_draw (GTK_WIDGET (self), lrb_depth_view_draw);
}

GtkWidget *
lrb_depth_view_new (void)
{
  return g_object_new (LRB_TYPE_DEPTH_VIEW, NULL);
}

void
lrb_depth_view_set_map (LrbDepthView *view, const gfloat *values, gint width, gint height)
{
  g_return_if_fail (LRB_IS_DEPTH_VIEW (view));
  g_clear_pointer (&view->values, g_free);
  if (values && width > 0 && height > 0)
    {
      view->values = g_memdup2 (values, sizeof (gfloat) * (gsize) width * height);
      view->width = width;
      view->height = height;
    }
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

void
lrb_depth_view_set_caption (LrbDepthView *view, const gchar *caption)
{
  g_return_if_fail (LRB_IS_DEPTH_VIEW (view));
  g_free (view->caption);
  view->caption = g_strdup (caption);
  gtk_widget_queue_draw (GTK_WIDGET (view));
}
