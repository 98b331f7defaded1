/* lowrank-bokeh — the kernel painter widget.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-painter.h"

#include <math.h>
#include <string.h>

#include "lrb-ui-draw.h"

#define PAD            8     /* pixels between the widget's edge and the kernel */
#define GRID_MIN_ZOOM  8.0   /* pixel grid only where cells are this large */
#define STROKE_STEP    0.5   /* kernel pixels between interpolated dabs */

struct _LrbKernelPainter
{
  GtkDrawingArea   parent_instance;

  LrbKernel       *kernel;       /* the mask, peak 1; NULL for none */
  cairo_surface_t *image;        /* the kernel as drawn, one pixel per entry */

  gdouble          brush_radius;
  gdouble          hardness;
  gboolean         erase;
  gboolean         mirror_x;
  gboolean         mirror_y;

  /* A stroke combines the kernel as it was before the stroke with the
   * largest brush weight each pixel has received, so that dabs overlapping
   * within one stroke neither build up nor depend on the event rate. */
  gboolean         stroking;
  gboolean         stroke_erase;
  gboolean         stroke_changed;
  guint            stroke_button;
  gdouble         *before;
  gdouble         *weight;
  gdouble          last_x, last_y;

  gboolean         pointer_inside;
  gdouble          pointer_x, pointer_y;
};

enum
{
  PROP_0,
  PROP_BRUSH_RADIUS,
  PROP_HARDNESS,
  PROP_ERASE,
  PROP_MIRROR_X,
  PROP_MIRROR_Y,
  N_PROPS
};

enum
{
  PAINTING,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_TYPE (LrbKernelPainter, lrb_kernel_painter, GTK_TYPE_DRAWING_AREA)

/* ---- Geometry ----------------------------------------------------------- */

typedef struct
{
  gdouble zoom;   /* widget pixels per kernel pixel */
  gdouble x, y;   /* top left of the kernel in the widget */
  LrbUiPalette colours; /* the theme's, filled in for drawing */
} View;

static void
compute_view (LrbKernelPainter *self, View *v)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gdouble    width = lrb_gtk_widget_get_width (widget);
  gdouble    height = lrb_gtk_widget_get_height (widget);
  gint       rows = self->kernel ? self->kernel->rows : 1;
  gint       cols = self->kernel ? self->kernel->cols : 1;

  v->zoom = MIN ((width - 2 * PAD) / cols, (height - 2 * PAD) / rows);
  /* Whole screen pixels per kernel pixel when enlarging: every cell the
   * same size, the grid regular. */
  if (v->zoom >= 1)
    v->zoom = floor (v->zoom);
  v->zoom = MAX (v->zoom, 1e-3);
  v->x = floor ((width - cols * v->zoom) / 2);
  v->y = floor ((height - rows * v->zoom) / 2);
}

gboolean
lrb_kernel_painter_pixel_at (LrbKernelPainter *painter, gdouble widget_x, gdouble widget_y,
                             gint *row, gint *col)
{
  View v;
  gint r, c;

  g_return_val_if_fail (LRB_IS_KERNEL_PAINTER (painter), FALSE);
  if (!painter->kernel)
    return FALSE;
  compute_view (painter, &v);
  r = (gint) floor ((widget_y - v.y) / v.zoom);
  c = (gint) floor ((widget_x - v.x) / v.zoom);
  if (row)
    *row = r;
  if (col)
    *col = c;
  return r >= 0 && r < painter->kernel->rows && c >= 0 && c < painter->kernel->cols;
}

void
lrb_kernel_painter_pixel_centre (LrbKernelPainter *painter, gint row, gint col,
                                 gdouble *widget_x, gdouble *widget_y)
{
  View v;

  g_return_if_fail (LRB_IS_KERNEL_PAINTER (painter));
  compute_view (painter, &v);
  if (widget_x)
    *widget_x = v.x + (col + 0.5) * v.zoom;
  if (widget_y)
    *widget_y = v.y + (row + 0.5) * v.zoom;
}

/* ---- Painting ----------------------------------------------------------- */

static gdouble
brush_weight (LrbKernelPainter *self, gdouble distance)
{
  gdouble radius = self->brush_radius;
  gdouble hard = self->hardness * radius;
  gdouble outer, t;

  if (distance <= hard + 1e-9)
    return 1.0;
  /* A soft brush fades out half a pixel past its radius, so the ring at the
   * radius itself still gets some paint; a hard one stops at the radius. */
  outer = radius + (self->hardness < 1.0 ? 0.5 : 0.0);
  if (distance >= outer)
    return 0.0;
  t = (distance - hard) / (outer - hard);
  return 1.0 - t * t * (3.0 - 2.0 * t);
}

static void
update_image_pixel (LrbKernelPainter *self, gint row, gint col)
{
  guchar *data;
  gint    stride;

  if (!self->image)
    return;
  data = cairo_image_surface_get_data (self->image);
  stride = cairo_image_surface_get_stride (self->image);
  ((guint32 *) (data + (gsize) row * stride))[col] =
    lrb_ui_pack_colour (lrb_ui_kernel_colour, lrb_kernel_get (self->kernel, row, col));
}

/* One dab centred on kernel pixel (row0, col0), which may lie outside. */
static gboolean
dab_at_pixel (LrbKernelPainter *self, gint row0, gint col0)
{
  LrbKernel *k = self->kernel;
  gint       reach = (gint) ceil (self->brush_radius + 0.5);
  gboolean   changed = FALSE;

  for (gint r = MAX (row0 - reach, 0); r <= MIN (row0 + reach, k->rows - 1); r++)
    for (gint c = MAX (col0 - reach, 0); c <= MIN (col0 + reach, k->cols - 1); c++)
      {
        gsize   i = (gsize) r * k->cols + c;
        gdouble w = brush_weight (self, hypot (r - row0, c - col0));
        gdouble value;

        if (w <= self->weight[i])
          continue;
        self->weight[i] = w;
        value = self->stroke_erase ? self->before[i] * (1.0 - w) : MAX (self->before[i], w);
        if (value != k->data[i])
          {
            k->data[i] = value;
            update_image_pixel (self, r, c);
            changed = TRUE;
          }
      }
  return changed;
}

/* The dab and its mirror images. */
static gboolean
dab (LrbKernelPainter *self, gdouble widget_x, gdouble widget_y)
{
  gint     row, col, mirror_row, mirror_col;
  gboolean changed;

  lrb_kernel_painter_pixel_at (self, widget_x, widget_y, &row, &col);
  mirror_row = self->kernel->rows - 1 - row;
  mirror_col = self->kernel->cols - 1 - col;
  changed = dab_at_pixel (self, row, col);
  if (self->mirror_x)
    changed |= dab_at_pixel (self, row, mirror_col);
  if (self->mirror_y)
    changed |= dab_at_pixel (self, mirror_row, col);
  if (self->mirror_x && self->mirror_y)
    changed |= dab_at_pixel (self, mirror_row, mirror_col);
  if (changed)
    {
      self->stroke_changed = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return changed;
}

/* Dabs every half kernel pixel from the last point, so a fast stroke
 * leaves no gaps between motion events. */
static gboolean
stroke_to (LrbKernelPainter *self, gdouble widget_x, gdouble widget_y)
{
  View     v;
  gdouble  dx = widget_x - self->last_x, dy = widget_y - self->last_y;
  gint     steps;
  gboolean changed = FALSE;

  compute_view (self, &v);
  steps = MAX (1, (gint) ceil (hypot (dx, dy) / v.zoom / STROKE_STEP));
  for (gint i = 1; i <= steps; i++)
    changed |= dab (self, self->last_x + dx * i / steps, self->last_y + dy * i / steps);
  self->last_x = widget_x;
  self->last_y = widget_y;
  return changed;
}

static void
stroke_begin (LrbKernelPainter *self, gboolean erase, gdouble widget_x, gdouble widget_y)
{
  gsize n = (gsize) self->kernel->rows * self->kernel->cols;

  self->stroking = TRUE;
  self->stroke_erase = erase;
  self->stroke_changed = FALSE;
  self->before = g_memdup2 (self->kernel->data, n * sizeof (gdouble));
  self->weight = g_new0 (gdouble, n);
  self->last_x = widget_x;
  self->last_y = widget_y;
}

static void
stroke_end (LrbKernelPainter *self)
{
  gboolean changed = self->stroke_changed;

  self->stroking = FALSE;
  self->stroke_button = 0;
  g_clear_pointer (&self->before, g_free);
  g_clear_pointer (&self->weight, g_free);
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
lrb_kernel_painter_paint_at (LrbKernelPainter *painter, gdouble widget_x, gdouble widget_y,
                             gboolean erase)
{
  gboolean changed;

  g_return_val_if_fail (LRB_IS_KERNEL_PAINTER (painter), FALSE);
  if (!painter->kernel)
    return FALSE;

  if (painter->stroking && painter->stroke_erase == !!erase)
    return dab (painter, widget_x, widget_y);

  /* Outside a stroke (or against its mode): a stroke of one dab. */
  if (painter->stroking)
    stroke_end (painter);
  stroke_begin (painter, !!erase, widget_x, widget_y);
  changed = dab (painter, widget_x, widget_y);
  stroke_end (painter);
  return changed;
}

/* ---- Drawing ------------------------------------------------------------ */

static void
ensure_image (LrbKernelPainter *self)
{
  /* The mask's peak is 1 (set_kernel scales it, painting never exceeds
   * it), so a fixed scale keeps colours steady while painting. */
  if (!self->image && self->kernel)
    self->image = lrb_ui_matrix_surface (self->kernel->data, self->kernel->rows,
                                         self->kernel->cols, 1.0, lrb_ui_kernel_colour);
}

static void
invalidate_image (LrbKernelPainter *self)
{
  g_clear_pointer (&self->image, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_grid (LrbKernelPainter *self, cairo_t *cr, const View *v)
{
  gdouble w = self->kernel->cols * v->zoom, h = self->kernel->rows * v->zoom;

  /* Mid grey at low opacity shows on both black and white cells. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.25);
  cairo_set_line_width (cr, 1.0);
  for (gint c = 1; c < self->kernel->cols; c++)
    {
      cairo_move_to (cr, v->x + c * v->zoom + 0.5, v->y);
      cairo_rel_line_to (cr, 0, h);
    }
  for (gint r = 1; r < self->kernel->rows; r++)
    {
      cairo_move_to (cr, v->x, v->y + r * v->zoom + 0.5);
      cairo_rel_line_to (cr, w, 0);
    }
  cairo_stroke (cr);
}

/* Small triangles outside the frame point at the anchor's row and column;
 * dashed lines show the mirror axes in use. */
static void
draw_guides (LrbKernelPainter *self, cairo_t *cr, const View *v)
{
  static const gdouble dash[] = { 5, 4 };
  const LrbKernel     *k = self->kernel;
  gdouble              w = k->cols * v->zoom, h = k->rows * v->zoom;
  gdouble              ax = v->x + (lrb_kernel_anchor_col (k) + 0.5) * v->zoom;
  gdouble              ay = v->y + (lrb_kernel_anchor_row (k) + 0.5) * v->zoom;
  gdouble              s = MIN (5.0, PAD - 2);

  lrb_ui_set_colour (cr, &v->colours.muted);
  cairo_move_to (cr, ax, v->y - 1);
  cairo_rel_line_to (cr, -s, -s);
  cairo_rel_line_to (cr, 2 * s, 0);
  cairo_close_path (cr);
  cairo_move_to (cr, v->x - 1, ay);
  cairo_rel_line_to (cr, -s, -s);
  cairo_rel_line_to (cr, 0, 2 * s);
  cairo_close_path (cr);
  cairo_fill (cr);

  lrb_ui_set_colour_alpha (cr, &v->colours.marker, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  if (self->mirror_x)
    {
      cairo_move_to (cr, v->x + w / 2, v->y);
      cairo_rel_line_to (cr, 0, h);
    }
  if (self->mirror_y)
    {
      cairo_move_to (cr, v->x, v->y + h / 2);
      cairo_rel_line_to (cr, w, 0);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
brush_outline (cairo_t *cr, const View *v, gdouble radius, gint row, gint col)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, v->x + (col + 0.5) * v->zoom, v->y + (row + 0.5) * v->zoom,
             (radius + 0.5) * v->zoom, 0, 2 * G_PI);
}

/* The brush where it would land: snapped to the pixel it is centred on,
 * drawn light over dark so it shows on any kernel. */
static void
draw_brush (LrbKernelPainter *self, cairo_t *cr, const View *v)
{
  gint row, col;

  lrb_kernel_painter_pixel_at (self, self->pointer_x, self->pointer_y, &row, &col);
  brush_outline (cr, v, self->brush_radius, row, col);
  if (self->mirror_x)
    brush_outline (cr, v, self->brush_radius, row, self->kernel->cols - 1 - col);
  if (self->mirror_y)
    brush_outline (cr, v, self->brush_radius, self->kernel->rows - 1 - row, col);
  if (self->mirror_x && self->mirror_y)
    brush_outline (cr, v, self->brush_radius, self->kernel->rows - 1 - row,
                   self->kernel->cols - 1 - col);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_set_line_width (cr, 3.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

static void
lrb_kernel_painter_draw (GtkWidget *widget, cairo_t *cr)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (widget);
  View              v;
  gdouble           w, h;

  lrb_ui_palette_for_widget (widget, &v.colours);
  lrb_ui_set_colour (cr, &v.colours.empty);
  cairo_paint (cr);
  if (!self->kernel)
    return;

  compute_view (self, &v);
  w = self->kernel->cols * v.zoom;
  h = self->kernel->rows * v.zoom;
  ensure_image (self);
  lrb_ui_paint_matrix (cr, self->image, v.x, v.y, w, h);
  if (v.zoom >= GRID_MIN_ZOOM)
    draw_grid (self, cr, &v);

  lrb_ui_set_colour (cr, &v.colours.frame);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, v.x - 0.5, v.y - 0.5, w + 1, h + 1);
  cairo_stroke (cr);

  draw_guides (self, cr, &v);
  if (self->pointer_inside)
    {
      cairo_save (cr);
      cairo_rectangle (cr, v.x, v.y, w, h);
      cairo_clip (cr);
      draw_brush (self, cr, &v);
      cairo_restore (cr);
    }
}

/* ---- Events ------------------------------------------------------------- */

static void
track_pointer (LrbKernelPainter *self, gdouble x, gdouble y, gboolean inside)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = inside;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
lrb_kernel_painter_button_press (GtkWidget *widget, GdkEventButton *event)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (widget);

  if (event->type != GDK_BUTTON_PRESS || (event->button != 1 && event->button != 3) ||
      !self->kernel || self->stroking)
    return FALSE;
  /* The right button does what the left does not. */
  stroke_begin (self, (event->button == 3) != self->erase, event->x, event->y);
  self->stroke_button = event->button;
  if (dab (self, event->x, event->y))
    g_signal_emit (self, signals[PAINTING], 0);
  return TRUE;
}

static gboolean
lrb_kernel_painter_motion_notify (GtkWidget *widget, GdkEventMotion *event)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (widget);

  track_pointer (self, event->x, event->y, TRUE);
  if (!self->stroking)
    return FALSE;
  /* The release went elsewhere (a grab, a popup): the stroke ended there. */
  if (!(event->state & (self->stroke_button == 3 ? GDK_BUTTON3_MASK : GDK_BUTTON1_MASK)))
    {
      stroke_end (self);
      return FALSE;
    }
  if (stroke_to (self, event->x, event->y))
    g_signal_emit (self, signals[PAINTING], 0);
  return TRUE;
}

static gboolean
lrb_kernel_painter_button_release (GtkWidget *widget, GdkEventButton *event)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (widget);

  if (!self->stroking || event->button != self->stroke_button)
    return FALSE;
  if (stroke_to (self, event->x, event->y))
    g_signal_emit (self, signals[PAINTING], 0);
  stroke_end (self);
  return TRUE;
}

static gboolean
lrb_kernel_painter_grab_broken (GtkWidget *widget, GdkEventGrabBroken *event)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (widget);

  if (self->stroking)
    stroke_end (self);
  return FALSE;
}

static gboolean
lrb_kernel_painter_crossing (GtkWidget *widget, GdkEventCrossing *event)
{
  track_pointer (LRB_KERNEL_PAINTER (widget), event->x, event->y,
                 event->type == GDK_ENTER_NOTIFY);
  return FALSE;
}

static void
lrb_kernel_painter_realize (GtkWidget *widget)
{
  GdkCursor *cursor;

  GTK_WIDGET_CLASS (lrb_kernel_painter_parent_class)->realize (widget);
  /* The brush outline shows the extent; the crosshair the exact point. */
  cursor = gdk_cursor_new_for_display (gtk_widget_get_display (widget), GDK_CROSSHAIR);
  gdk_window_set_cursor (gtk_widget_get_window (widget), cursor);
  lrb_gtk_cursor_unref (cursor);
}

/* ---- Object ------------------------------------------------------------- */

static void
lrb_kernel_painter_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (object);

  switch (prop_id)
    {
    case PROP_BRUSH_RADIUS:
      self->brush_radius = g_value_get_double (value);
      break;
    case PROP_HARDNESS:
      self->hardness = g_value_get_double (value);
      break;
    case PROP_ERASE:
      self->erase = g_value_get_boolean (value);
      break;
    case PROP_MIRROR_X:
      self->mirror_x = g_value_get_boolean (value);
      break;
    case PROP_MIRROR_Y:
      self->mirror_y = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
lrb_kernel_painter_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (object);

  switch (prop_id)
    {
    case PROP_BRUSH_RADIUS:
      g_value_set_double (value, self->brush_radius);
      break;
    case PROP_HARDNESS:
      g_value_set_double (value, self->hardness);
      break;
    case PROP_ERASE:
      g_value_set_boolean (value, self->erase);
      break;
    case PROP_MIRROR_X:
      g_value_set_boolean (value, self->mirror_x);
      break;
    case PROP_MIRROR_Y:
      g_value_set_boolean (value, self->mirror_y);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrb_kernel_painter_finalize (GObject *object)
{
  LrbKernelPainter *self = LRB_KERNEL_PAINTER (object);

  g_clear_pointer (&self->kernel, lrb_kernel_free);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->before, g_free);
  g_clear_pointer (&self->weight, g_free);
  G_OBJECT_CLASS (lrb_kernel_painter_parent_class)->finalize (object);
}

static void
lrb_kernel_painter_class_init (LrbKernelPainterClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags     flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS;

  object_class->set_property = lrb_kernel_painter_set_property;
  object_class->get_property = lrb_kernel_painter_get_property;
  object_class->finalize = lrb_kernel_painter_finalize;

  widget_class->realize = lrb_kernel_painter_realize;
  widget_class->button_press_event = lrb_kernel_painter_button_press;
  widget_class->button_release_event = lrb_kernel_painter_button_release;
  widget_class->grab_broken_event = lrb_kernel_painter_grab_broken;
  widget_class->motion_notify_event = lrb_kernel_painter_motion_notify;
  widget_class->enter_notify_event = lrb_kernel_painter_crossing;
  widget_class->leave_notify_event = lrb_kernel_painter_crossing;

  properties[PROP_BRUSH_RADIUS] =
    g_param_spec_double ("brush-radius", "Brush radius",
                         "Brush radius in kernel pixels (0 paints a single pixel)",
                         0.0, LRB_KERNEL_MAX_SIDE / 2.0, 1.0, flags);
  properties[PROP_HARDNESS] =
    g_param_spec_double ("hardness", "Hardness",
                         "1 paints full value out to the radius, 0 fades from the centre",
                         0.0, 1.0, 1.0, flags);
  properties[PROP_ERASE] =
    g_param_spec_boolean ("erase", "Erase", "The left button erases instead of painting",
                          FALSE, flags);
  properties[PROP_MIRROR_X] =
    g_param_spec_boolean ("mirror-x", "Mirror x",
                          "Also paint the mirror image across the vertical centre line",
                          FALSE, flags);
  properties[PROP_MIRROR_Y] =
    g_param_spec_boolean ("mirror-y", "Mirror y",
                          "Also paint the mirror image across the horizontal centre line",
                          FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PAINTING] = g_signal_new ("painting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lrb_kernel_painter_init (LrbKernelPainter *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_add_events (widget, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
                                 GDK_POINTER_MOTION_MASK | GDK_ENTER_NOTIFY_MASK |
                                 GDK_LEAVE_NOTIFY_MASK);
  gtk_widget_set_size_request (widget, 200, 200);
  lrb_gtk_connect_draw (widget, lrb_kernel_painter_draw);
}

GtkWidget *
lrb_kernel_painter_new (void)
{
  return g_object_new (LRB_TYPE_KERNEL_PAINTER, NULL);
}

void
lrb_kernel_painter_set_kernel (LrbKernelPainter *painter, const LrbKernel *kernel)
{
  gdouble peak = 0.0;

  g_return_if_fail (LRB_IS_KERNEL_PAINTER (painter));

  if (painter->stroking)
    stroke_end (painter);
  g_clear_pointer (&painter->kernel, lrb_kernel_free);
  if (kernel)
    {
      painter->kernel = lrb_kernel_copy (kernel);
      for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
        peak = MAX (peak, kernel->data[i]);
      /* A kernel with no positive entry keeps its sign: scale by |peak|. */
      if (peak <= 0)
        peak = lrb_kernel_max_abs (kernel);
      if (peak > 0)
        for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
          painter->kernel->data[i] /= peak;
    }
  invalidate_image (painter);
}

const LrbKernel *
lrb_kernel_painter_get_kernel (LrbKernelPainter *painter)
{
  g_return_val_if_fail (LRB_IS_KERNEL_PAINTER (painter), NULL);
  return painter->kernel;
}

/* Applies a whole-kernel edit as a finished stroke of its own. */
static void
whole_kernel_edit (LrbKernelPainter *painter, gboolean invert)
{
  LrbKernel *k = painter->kernel;
  gsize      n;
  gdouble    lo = 0.0, hi = 1.0;

  if (!k)
    return;
  if (painter->stroking)
    stroke_end (painter);
  n = (gsize) k->rows * k->cols;
  if (invert)
    {
      for (gsize i = 0; i < n; i++)
        {
          lo = MIN (lo, k->data[i]);
          hi = MAX (hi, k->data[i]);
        }
      for (gsize i = 0; i < n; i++)
        k->data[i] = hi + lo - k->data[i];
    }
  else
    memset (k->data, 0, n * sizeof (gdouble));
  invalidate_image (painter);
  g_signal_emit (painter, signals[CHANGED], 0);
}

void
lrb_kernel_painter_clear (LrbKernelPainter *painter)
{
  g_return_if_fail (LRB_IS_KERNEL_PAINTER (painter));
  whole_kernel_edit (painter, FALSE);
}

void
lrb_kernel_painter_invert (LrbKernelPainter *painter)
{
  g_return_if_fail (LRB_IS_KERNEL_PAINTER (painter));
  whole_kernel_edit (painter, TRUE);
}
