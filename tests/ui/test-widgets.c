/* lowrank-bokeh — tests of the custom widgets on a real X display (run
 * under Xvfb): synthetic mouse events go through GDK's event queue, the
 * model is checked, and each widget's window is photographed into
 * $LRB_SCREENSHOT_DIR.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lrb-depth-view.h"
#include "lrb-dialog-window.h"
#include "lrb-energy-plot.h"
#include "lrb-kernel-painter.h"
#include "lrb-kernel-view.h"
#include "lrb-nonnegative-worker.h"
#include "lrb-scale-entry.h"
#include "lrb-shapes.h"
#include "lrb-ui-draw.h"

/* ---- Display helpers ---------------------------------------------------- */

static void
drain_events (void)
{
  gdk_window_process_all_updates ();
  while (gtk_events_pending ())
    gtk_main_iteration ();
}

static void
count_draw (GtkWidget *widget, cairo_t *cr)
{
  gint draws = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "test-draws"));

  g_object_set_data (G_OBJECT (widget), "test-draws", GINT_TO_POINTER (draws + 1));
}

static gint
draws_of (GtkWidget *widget)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "test-draws"));
}

/* Waits, with a time limit, until the widget has drawn itself at least
 * `after` + 1 times, then lets everything else settle. */
static void
wait_for_draw (GtkWidget *widget, gint after)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (draws_of (widget) <= after && g_get_monotonic_time () < deadline)
    gtk_main_iteration_do (FALSE);
  g_assert_cmpint (draws_of (widget), >, after);
  drain_events ();
}

/* A theme for one window and what it holds, as a GIMP theme sets it. */
static void
apply_theme (GtkWidget *widget, const gchar *text, const gchar *window)
{
#if GTK_CHECK_VERSION (3, 0, 0)
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();
  g_autofree gchar          *css =
    g_strdup_printf ("* { color: %s; background-color: %s; }", text, window);

  g_assert_true (gtk_css_provider_load_from_data (provider, css, -1, NULL));
  gtk_style_context_add_provider (gtk_widget_get_style_context (widget),
                                  GTK_STYLE_PROVIDER (provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_USER);
#else
  GdkColor colour;

  g_assert_true (gdk_color_parse (text, &colour));
  gtk_widget_modify_fg (widget, GTK_STATE_NORMAL, &colour);
  g_assert_true (gdk_color_parse (window, &colour));
  gtk_widget_modify_bg (widget, GTK_STATE_NORMAL, &colour);
#endif
}

/* The widget alone in a window, at exactly width × height, on a theme of
 * `text` on `background` (both NULL: the default theme). */
static GtkWidget *
show_in_themed_window (GtkWidget *widget, gint width, gint height, const gchar *text,
                       const gchar *background)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);

  if (text)
    {
      apply_theme (window, text, background);
      apply_theme (widget, text, background);
    }
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);
  gtk_widget_set_size_request (widget, width, height);
  gtk_container_add (GTK_CONTAINER (window), widget);
  lrb_gtk_connect_draw (widget, count_draw);
  gtk_widget_show_all (window);
  wait_for_draw (widget, 0);
  g_assert_cmpint (lrb_gtk_widget_get_width (widget), ==, width);
  g_assert_cmpint (lrb_gtk_widget_get_height (widget), ==, height);
  return window;
}

static GtkWidget *
show_in_window (GtkWidget *widget, gint width, gint height)
{
  return show_in_themed_window (widget, width, height, NULL, NULL);
}

/* What is on screen in the widget's window, after it has redrawn. */
static GdkPixbuf *
grab (GtkWidget *widget)
{
  GdkWindow *window = gtk_widget_get_window (widget);
  gint       width = lrb_gtk_widget_get_width (widget);
  gint       height = lrb_gtk_widget_get_height (widget);
  GdkPixbuf *pixbuf;

  wait_for_draw (widget, draws_of (widget));
  gdk_display_sync (gtk_widget_get_display (widget));
#if GTK_CHECK_VERSION (3, 0, 0)
  pixbuf = gdk_pixbuf_get_from_window (window, 0, 0, width, height);
#else
  pixbuf = gdk_pixbuf_get_from_drawable (NULL, window, NULL, 0, 0, 0, 0, width, height);
#endif
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_n_channels (pixbuf), >=, 3);
  return pixbuf;
}

static void
save_screenshot (GdkPixbuf *pixbuf, const gchar *name)
{
  const gchar          *dir = g_getenv ("LRB_SCREENSHOT_DIR");
  g_autofree gchar     *path = NULL;
  g_autoptr (GError)    error = NULL;

  if (!dir)
    return;
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

static const guchar *
pixel (GdkPixbuf *pixbuf, gint x, gint y)
{
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, gdk_pixbuf_get_width (pixbuf));
  g_assert_cmpint (y, <, gdk_pixbuf_get_height (pixbuf));
  return gdk_pixbuf_get_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf) +
         (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
}

/* ---- Synthetic input ---------------------------------------------------- */

/* The core pointer or keyboard: GTK 3 wants one on key events too, and
 * warns about events "synthesized outside Gdk/GTK+" without it. */
static void
set_device (GdkEvent *event, GtkWidget *widget)
{
  gboolean key = event->type == GDK_KEY_PRESS || event->type == GDK_KEY_RELEASE;
#if GTK_CHECK_VERSION (3, 0, 0)
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (widget));

  gdk_event_set_device (event, key ? gdk_seat_get_keyboard (seat) : gdk_seat_get_pointer (seat));
#else
  GdkDevice *device = gdk_display_get_core_pointer (gtk_widget_get_display (widget));

  /* GTK 2's key events have no device. */
  if (key)
    return;
  if (event->type == GDK_MOTION_NOTIFY)
    event->motion.device = device;
  else
    event->button.device = device;
#endif
}

/* Synthetic events put on GDK's queue, and those of them that have been
 * through gtk_main_do_event. */
static guint events_put, events_done;

static void
handle_event (GdkEvent *event, gpointer data)
{
  gtk_main_do_event (event);
  if (event->any.send_event)
    events_done++;
}

/* Through GDK's queue, so the event reaches the widget the way real input
 * does: gtk_main_do_event, grabs, the widget's window.  Returns once it has
 * been handled: GTK 3 holds events back while the frame clock paints
 * (between its flush-events and resume-events phases), and holds a motion
 * back until flush-events, to compress it with the ones that follow. */
static void
put_event (GdkEvent *event)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gdk_event_put (event);
  events_put++;
#if GTK_CHECK_VERSION (3, 0, 0)
  /* GDK asks for that phase for motion from the X server, not for
   * gdk_event_put(): without it the motion waits for the next event, and a
   * drag arrives one step late. */
  if (event->type == GDK_MOTION_NOTIFY)
    gdk_frame_clock_request_phase (gdk_window_get_frame_clock (event->any.window),
                                   GDK_FRAME_CLOCK_PHASE_FLUSH_EVENTS);
#endif
  gdk_event_free (event);
  while (events_done < events_put && g_get_monotonic_time () < deadline)
    gtk_main_iteration_do (FALSE);
  g_assert_cmpuint (events_done, ==, events_put);
  drain_events ();
}

static void
send_button (GtkWidget *widget, GdkEventType type, guint button, gdouble x, gdouble y,
             GdkModifierType state)
{
  GdkEvent *event = gdk_event_new (type);
  gint      origin_x, origin_y;

  gdk_window_get_origin (gtk_widget_get_window (widget), &origin_x, &origin_y);
  event->button.window = g_object_ref (gtk_widget_get_window (widget));
  event->button.send_event = TRUE;
  event->button.time = GDK_CURRENT_TIME;
  event->button.x = x;
  event->button.y = y;
  event->button.x_root = origin_x + x;
  event->button.y_root = origin_y + y;
  event->button.button = button;
  event->button.state = state;
  set_device (event, widget);
  put_event (event);
}

static void
send_motion (GtkWidget *widget, gdouble x, gdouble y, GdkModifierType state)
{
  GdkEvent *event = gdk_event_new (GDK_MOTION_NOTIFY);
  gint      origin_x, origin_y;

  gdk_window_get_origin (gtk_widget_get_window (widget), &origin_x, &origin_y);
  event->motion.window = g_object_ref (gtk_widget_get_window (widget));
  event->motion.send_event = TRUE;
  event->motion.time = GDK_CURRENT_TIME;
  event->motion.x = x;
  event->motion.y = y;
  event->motion.x_root = origin_x + x;
  event->motion.y_root = origin_y + y;
  event->motion.state = state;
  set_device (event, widget);
  put_event (event);
}

static void
send_key (GtkWidget *widget, guint keyval)
{
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);

  event->key.window = g_object_ref (gtk_widget_get_window (widget));
  event->key.send_event = TRUE;
  event->key.time = GDK_CURRENT_TIME;
  event->key.keyval = keyval;
  set_device (event, widget);
  put_event (event);
}

/* Alt (the mnemonic modifier) and a letter, with the key's hardware code:
 * GTK finds mnemonics by it. */
static void
send_alt_key (GtkWidget *window, guint keyval)
{
  GdkEvent     *event = gdk_event_new (GDK_KEY_PRESS);
  GdkKeymapKey *keys = NULL;
  gint          n_keys = 0;

  g_assert_true (gdk_keymap_get_entries_for_keyval (gdk_keymap_get_default (), keyval, &keys,
                                                    &n_keys));
  event->key.window = g_object_ref (gtk_widget_get_window (window));
  event->key.send_event = TRUE;
  event->key.time = GDK_CURRENT_TIME;
  event->key.keyval = keyval;
  event->key.state = GDK_MOD1_MASK;
  event->key.hardware_keycode = keys[0].keycode;
  event->key.group = keys[0].group;
  g_free (keys);
  set_device (event, window);
  put_event (event);
}

/* ---- Kernels ------------------------------------------------------------ */

static LrbKernel *
make_kernel (LrbShape shape, gdouble radius)
{
  LrbKernelSpec       spec;
  g_autoptr (GError)  error = NULL;
  LrbKernel          *kernel;

  lrb_kernel_spec_init (&spec);
  spec.shape = shape;
  spec.radius = radius;
  spec.blades = 6;
  kernel = lrb_kernel_new_from_spec (&spec, &error);
  g_assert_no_error (error);
  lrb_kernel_spec_clear (&spec);
  return kernel;
}

static LrbAnalysis *
analyse (const LrbKernel *kernel)
{
  g_autoptr (GError) error = NULL;
  LrbAnalysis       *analysis = lrb_analysis_new (kernel, &error);

  g_assert_no_error (error);
  return analysis;
}

static void
count_signal (gpointer instance, gpointer user_data)
{
  (*(gint *) user_data)++;
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(gint *) user_data)++;
}

/* ---- Energy plot -------------------------------------------------------- */

/* The middle of the x range whose bar is `rank`. */
static gdouble
x_of_bar (LrbEnergyPlot *plot, gint rank)
{
  gint    width = lrb_gtk_widget_get_width (GTK_WIDGET (plot));
  gdouble first = -1, last = -1;

  for (gdouble x = 0; x < width; x += 0.25)
    if (lrb_energy_plot_rank_at (plot, x) == rank)
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpfloat (first, >=, 0);
  /* One bar's slot, not a run of clamped positions. */
  g_assert_cmpfloat (last - first, <, (gdouble) width / lrb_energy_plot_get_n_values (plot));
  return (first + last) / 2;
}

/* The mean column of the marker's red dashes, looked for in a band of
 * rows below the label it carries. */
static gdouble
marker_x (GtkWidget *widget)
{
  g_autoptr (GdkPixbuf) shot = grab (widget);
  gint                  height = gdk_pixbuf_get_height (shot);
  gdouble               sum = 0;
  gint                  count = 0;

  for (gint y = height * 55 / 100; y < height * 75 / 100; y++)
    for (gint x = 0; x < gdk_pixbuf_get_width (shot); x++)
      {
        const guchar *p = pixel (shot, x, y);

        if (p[0] > 150 && p[1] < 120 && p[2] < 120)
          {
            sum += x;
            count++;
          }
      }
  g_assert_cmpint (count, >, 5);
  return sum / count;
}

static void
test_energy_plot (void)
{
  g_autoptr (LrbKernel)   hexagon = make_kernel (LRB_SHAPE_POLYGON, 20);
  g_autoptr (LrbAnalysis) analysis = analyse (hexagon);
  g_autoptr (GdkPixbuf)   shot = NULL;
  g_autoptr (GdkPixbuf)   shot_abs = NULL;
  GtkWidget              *widget = lrb_energy_plot_new ();
  LrbEnergyPlot          *plot = LRB_ENERGY_PLOT (widget);
  GtkWidget              *window;
  gint                    width = 600, height = 300, n = analysis->n_values;
  gint                    rank_notes = 0, kind_notes = 0, bar_pixels = 0;
  gdouble                 x5, x9;

  g_signal_connect (plot, "notify::rank", G_CALLBACK (count_notify), &rank_notes);
  g_signal_connect (plot, "notify::energy-kind", G_CALLBACK (count_notify), &kind_notes);
  window = show_in_window (widget, width, height);

  g_assert_cmpint (lrb_energy_plot_rank_at (plot, width / 2.0), ==, 0);
  lrb_energy_plot_set_analysis (plot, analysis);
  g_assert_cmpint (lrb_energy_plot_get_n_values (plot), ==, n);
  g_assert_cmpint (n, >, 9);
  /* Rank 0 ("none yet") is clamped into range once values arrive. */
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 1);
  g_assert_cmpint (rank_notes, ==, 1);

  /* Hit testing clamps and grows left to right. */
  g_assert_cmpint (lrb_energy_plot_rank_at (plot, -50), ==, 1);
  g_assert_cmpint (lrb_energy_plot_rank_at (plot, width + 50), ==, n);
  x5 = x_of_bar (plot, 5);
  x9 = x_of_bar (plot, 9);
  g_assert_cmpfloat (x5, <, x9);

  /* A bar is drawn where rank_at says it is: blue pixels in its column. */
  shot = grab (widget);
  for (gint y = 0; y < height; y++)
    {
      const guchar *p = pixel (shot, (gint) x5, y);

      if (p[2] > p[0] + 25 && p[2] > 120)
        bar_pixels++;
    }
  g_assert_cmpint (bar_pixels, >, 10);
  g_clear_object (&shot);

  /* Click on bar 5. */
  send_button (widget, GDK_BUTTON_PRESS, 1, x5, height / 2.0, 0);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 5);
  g_assert_cmpint (rank_notes, ==, 2);
  /* The marker is drawn where the click was: rank_at agrees with the
   * drawing, not only with itself. */
  g_assert_cmpfloat (fabs (marker_x (widget) - x5), <, 0.25 * width / n);

  /* Drag to bar 9, release there. */
  send_motion (widget, (x5 + x9) / 2, height / 2.0, GDK_BUTTON1_MASK);
  send_motion (widget, x9, height / 2.0, GDK_BUTTON1_MASK);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 9);
  send_button (widget, GDK_BUTTON_RELEASE, 1, x9, height / 2.0, GDK_BUTTON1_MASK);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 9);

  /* Moving without a button only hovers. */
  send_motion (widget, x5, height / 2.0, 0);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 9);

  /* The click took the focus (within the window: Xvfb has no window
   * manager to activate it); arrow keys step the rank. */
  g_assert_true (gtk_widget_is_focus (widget));
  send_key (widget, GDK_KEY_Right);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 10);
  send_key (widget, GDK_KEY_Home);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 1);

  /* Dragging past either end clamps. */
  send_button (widget, GDK_BUTTON_PRESS, 1, width - 2, height / 2.0, 0);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, n);
  send_motion (widget, 1, height / 2.0, GDK_BUTTON1_MASK);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 1);
  send_button (widget, GDK_BUTTON_RELEASE, 1, 1, height / 2.0, GDK_BUTTON1_MASK);

  /* Setting the same rank again is no change. */
  rank_notes = 0;
  g_object_set (plot, "rank", 1, NULL);
  g_assert_cmpint (rank_notes, ==, 0);

  /* The screenshots: rank 8, both kinds of energy; the pointer elsewhere. */
  send_button (widget, GDK_BUTTON_PRESS, 1, x_of_bar (plot, 8), height / 2.0, 0);
  send_button (widget, GDK_BUTTON_RELEASE, 1, x_of_bar (plot, 8), height / 2.0,
               GDK_BUTTON1_MASK);
  send_motion (widget, -10, -10, 0);
  gtk_window_set_focus (GTK_WINDOW (window), NULL); /* no focus ring in the picture */
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 8);
  shot = grab (widget);
  save_screenshot (shot, "ui-energy-plot.png");

  g_object_set (plot, "energy-kind", LRB_ENERGY_ABSOLUTE, NULL);
  g_assert_cmpint (kind_notes, ==, 1);
  g_assert_cmpint (lrb_energy_plot_get_energy_kind (plot), ==, LRB_ENERGY_ABSOLUTE);
  g_assert_cmpint (lrb_energy_plot_get_rank (plot), ==, 8);
  shot_abs = grab (widget);
  save_screenshot (shot_abs, "ui-energy-plot-absolute.png");
  /* The curve and its label moved: the pictures differ. */
  g_assert_false (memcmp (gdk_pixbuf_get_pixels (shot), gdk_pixbuf_get_pixels (shot_abs),
                          (gsize) gdk_pixbuf_get_rowstride (shot) * (height - 1)) == 0);

  gtk_widget_destroy (window);
}

/* ---- Kernel painter ----------------------------------------------------- */

typedef struct
{
  GtkWidget        *window;
  GtkWidget        *widget;
  LrbKernelPainter *painter;
  gint              changed;
  gint              painting;
} Painter;

static gdouble
value_at (Painter *p, gint row, gint col)
{
  return lrb_kernel_get (lrb_kernel_painter_get_kernel (p->painter), row, col);
}

static gint
count_nonzero (Painter *p)
{
  const LrbKernel *k = lrb_kernel_painter_get_kernel (p->painter);
  gint             n = 0;

  for (gint i = 0; i < k->rows * k->cols; i++)
    n += k->data[i] != 0.0;
  return n;
}

/* A press–motion–release stroke along one row, the motion in jumps of
 * several pixels as a fast hand gives them. */
static void
stroke_row (Painter *p, gint button, gint row, gint col_from, gint col_to)
{
  GdkModifierType held = button == 1 ? GDK_BUTTON1_MASK : GDK_BUTTON3_MASK;
  gdouble         x, y;

  lrb_kernel_painter_pixel_centre (p->painter, row, col_from, &x, &y);
  send_button (p->widget, GDK_BUTTON_PRESS, button, x, y, 0);
  for (gint c = col_from + 4; c < col_to; c += 4)
    {
      lrb_kernel_painter_pixel_centre (p->painter, row, c, &x, &y);
      send_motion (p->widget, x, y, held);
    }
  lrb_kernel_painter_pixel_centre (p->painter, row, col_to, &x, &y);
  send_motion (p->widget, x, y, held);
  send_button (p->widget, GDK_BUTTON_RELEASE, button, x, y, held);
}

static void
test_painter_stroke (Painter *p)
{
  const LrbKernel *k = lrb_kernel_painter_get_kernel (p->painter);
  gint             mid = k->rows / 2, from = 2, to = k->cols - 3;
  gdouble          x, y;

  lrb_kernel_painter_clear (p->painter);
  g_assert_cmpint (p->changed, ==, 1);
  g_assert_cmpint (count_nonzero (p), ==, 0);

  /* Press and motion paint, but "changed" waits for the release. */
  g_object_set (p->painter, "brush-radius", 0.0, "hardness", 1.0, NULL);
  p->changed = p->painting = 0;
  lrb_kernel_painter_pixel_centre (p->painter, mid, from, &x, &y);
  send_button (p->widget, GDK_BUTTON_PRESS, 1, x, y, 0);
  g_assert_cmpfloat (value_at (p, mid, from), ==, 1.0);
  lrb_kernel_painter_pixel_centre (p->painter, mid, to, &x, &y);
  send_motion (p->widget, x, y, GDK_BUTTON1_MASK);
  g_assert_cmpint (p->changed, ==, 0);
  g_assert_cmpint (p->painting, >=, 1);
  send_button (p->widget, GDK_BUTTON_RELEASE, 1, x, y, GDK_BUTTON1_MASK);
  g_assert_cmpint (p->changed, ==, 1);

  /* One jump across the row still leaves no gaps, and nothing else. */
  for (gint c = from; c <= to; c++)
    g_assert_cmpfloat (value_at (p, mid, c), ==, 1.0);
  g_assert_cmpint (count_nonzero (p), ==, to - from + 1);
  g_assert_cmpfloat (value_at (p, mid - 3, k->cols / 2), ==, 0.0);
  g_assert_cmpfloat (value_at (p, 0, 0), ==, 0.0);

  /* Painting over painted pixels changes nothing: no "changed". */
  stroke_row (p, 1, mid, from, to);
  g_assert_cmpint (p->changed, ==, 1);

  /* Erasing with the right button, half the row. */
  stroke_row (p, 3, mid, from, k->cols / 2);
  g_assert_cmpint (p->changed, ==, 2);
  for (gint c = from; c <= k->cols / 2; c++)
    g_assert_cmpfloat (value_at (p, mid, c), ==, 0.0);
  for (gint c = k->cols / 2 + 1; c <= to; c++)
    g_assert_cmpfloat (value_at (p, mid, c), ==, 1.0);

  /* The erase property turns the left button into the eraser. */
  g_object_set (p->painter, "erase", TRUE, NULL);
  stroke_row (p, 1, mid, k->cols / 2, to);
  g_object_set (p->painter, "erase", FALSE, NULL);
  g_assert_cmpint (p->changed, ==, 3);
  g_assert_cmpint (count_nonzero (p), ==, 0);

  /* A release lost to a grab elsewhere: motion without the button ends
   * the stroke instead of painting, and the next press starts afresh. */
  p->changed = 0;
  lrb_kernel_painter_pixel_centre (p->painter, mid, from, &x, &y);
  send_button (p->widget, GDK_BUTTON_PRESS, 1, x, y, 0);
  lrb_kernel_painter_pixel_centre (p->painter, mid, to, &x, &y);
  send_motion (p->widget, x, y, 0);
  g_assert_cmpint (p->changed, ==, 1);
  g_assert_cmpfloat (value_at (p, mid, to), ==, 0.0);
  send_button (p->widget, GDK_BUTTON_PRESS, 1, x, y, 0);
  send_button (p->widget, GDK_BUTTON_RELEASE, 1, x, y, GDK_BUTTON1_MASK);
  g_assert_cmpfloat (value_at (p, mid, to), ==, 1.0);
  g_assert_cmpint (p->changed, ==, 2);
  g_assert_cmpint (count_nonzero (p), ==, 2);
}

static void
test_painter_brush (Painter *p)
{
  gdouble x, y;

  /* Hard radius 1: the pixel and its four neighbours, not the diagonals. */
  lrb_kernel_painter_clear (p->painter);
  p->changed = 0;
  g_object_set (p->painter, "brush-radius", 1.0, "hardness", 1.0, NULL);
  lrb_kernel_painter_pixel_centre (p->painter, 4, 5, &x, &y);
  g_assert_true (lrb_kernel_painter_paint_at (p->painter, x, y, FALSE));
  g_assert_cmpint (p->changed, ==, 1);
  g_assert_cmpint (count_nonzero (p), ==, 5);
  g_assert_cmpfloat (value_at (p, 3, 5), ==, 1.0);
  g_assert_cmpfloat (value_at (p, 4, 6), ==, 1.0);
  g_assert_cmpfloat (value_at (p, 3, 4), ==, 0.0);
  /* The same dab again changes nothing. */
  g_assert_false (lrb_kernel_painter_paint_at (p->painter, x, y, FALSE));
  g_assert_cmpint (p->changed, ==, 1);

  /* Soft radius 3: full in the middle, fading with distance, nothing
   * beyond the fade. */
  lrb_kernel_painter_clear (p->painter);
  g_object_set (p->painter, "brush-radius", 3.0, "hardness", 0.0, NULL);
  lrb_kernel_painter_pixel_centre (p->painter, 10, 10, &x, &y);
  lrb_kernel_painter_paint_at (p->painter, x, y, FALSE);
  g_assert_cmpfloat (value_at (p, 10, 10), ==, 1.0);
  g_assert_cmpfloat (value_at (p, 10, 11), <, 1.0);
  g_assert_cmpfloat (value_at (p, 10, 11), >, value_at (p, 10, 12));
  g_assert_cmpfloat (value_at (p, 10, 12), >, value_at (p, 10, 13));
  g_assert_cmpfloat (value_at (p, 10, 13), >, 0.0);
  g_assert_cmpfloat (value_at (p, 10, 14), ==, 0.0);
  g_assert_cmpfloat (value_at (p, 13, 13), ==, 0.0);
}

static void
test_painter_mirror (Painter *p)
{
  const LrbKernel *k = lrb_kernel_painter_get_kernel (p->painter);
  gint             last_row = k->rows - 1, last_col = k->cols - 1;
  gdouble          x, y;

  lrb_kernel_painter_clear (p->painter);
  g_object_set (p->painter, "brush-radius", 0.0, "hardness", 1.0, "mirror-x", TRUE, NULL);
  stroke_row (p, 1, 5, 1, 4);
  for (gint c = 1; c <= 4; c++)
    {
      g_assert_cmpfloat (value_at (p, 5, c), ==, 1.0);
      g_assert_cmpfloat (value_at (p, 5, last_col - c), ==, 1.0);
      g_assert_cmpfloat (value_at (p, last_row - 5, c), ==, 0.0);
    }
  g_assert_cmpint (count_nonzero (p), ==, 8);

  g_object_set (p->painter, "mirror-y", TRUE, NULL);
  lrb_kernel_painter_pixel_centre (p->painter, 2, 1, &x, &y);
  lrb_kernel_painter_paint_at (p->painter, x, y, FALSE);
  g_assert_cmpfloat (value_at (p, 2, 1), ==, 1.0);
  g_assert_cmpfloat (value_at (p, 2, last_col - 1), ==, 1.0);
  g_assert_cmpfloat (value_at (p, last_row - 2, 1), ==, 1.0);
  g_assert_cmpfloat (value_at (p, last_row - 2, last_col - 1), ==, 1.0);
  g_assert_cmpint (count_nonzero (p), ==, 12);

  /* Erasing is mirrored too. */
  stroke_row (p, 3, 5, 1, 4);
  g_assert_cmpint (count_nonzero (p), ==, 4);
  g_object_set (p->painter, "mirror-x", FALSE, "mirror-y", FALSE, NULL);
}

static void
test_painter_invert (Painter *p)
{
  const LrbKernel *k = lrb_kernel_painter_get_kernel (p->painter);
  gint             n = k->rows * k->cols;
  gdouble          x, y;

  lrb_kernel_painter_clear (p->painter);
  p->changed = 0;
  lrb_kernel_painter_invert (p->painter);
  g_assert_cmpint (p->changed, ==, 1);
  g_assert_cmpint (count_nonzero (p), ==, n);
  g_assert_cmpfloat (value_at (p, 0, 0), ==, 1.0);

  /* Erase one pixel, invert: that pixel alone is left. */
  g_object_set (p->painter, "brush-radius", 0.0, NULL);
  lrb_kernel_painter_pixel_centre (p->painter, 7, 3, &x, &y);
  lrb_kernel_painter_paint_at (p->painter, x, y, TRUE);
  lrb_kernel_painter_invert (p->painter);
  g_assert_cmpint (count_nonzero (p), ==, 1);
  g_assert_cmpfloat (value_at (p, 7, 3), ==, 1.0);
  g_assert_cmpint (p->changed, ==, 3);
}

static void
test_painter (void)
{
  g_autoptr (LrbKernel) disc = make_kernel (LRB_SHAPE_DISC, 10);
  g_autoptr (LrbKernel) hexagon = make_kernel (LRB_SHAPE_POLYGON, 12);
  g_autoptr (GdkPixbuf) shot = NULL;
  Painter               p = { 0 };
  const LrbKernel      *k;
  gint                  mid;
  gdouble               x, y;

  p.widget = lrb_kernel_painter_new ();
  p.painter = LRB_KERNEL_PAINTER (p.widget);
  g_signal_connect (p.painter, "changed", G_CALLBACK (count_signal), &p.changed);
  g_signal_connect (p.painter, "painting", G_CALLBACK (count_signal), &p.painting);
  p.window = show_in_window (p.widget, 320, 320);

  /* The painter keeps a copy scaled to peak 1 and says nothing about it. */
  lrb_kernel_painter_set_kernel (p.painter, disc);
  k = lrb_kernel_painter_get_kernel (p.painter);
  g_assert_true (k != disc);
  g_assert_cmpint (k->rows, ==, disc->rows);
  g_assert_cmpfloat_with_epsilon (lrb_kernel_max_abs (k), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (value_at (&p, k->rows / 2, k->cols / 2), 1.0, 1e-12);
  g_assert_cmpint (p.changed, ==, 0);

  test_painter_stroke (&p);
  test_painter_brush (&p);
  test_painter_mirror (&p);
  test_painter_invert (&p);

  /* The screenshot: a hexagon touched up with a mirrored stroke, the
   * brush hovering.  What is on screen follows the model. */
  lrb_kernel_painter_set_kernel (p.painter, hexagon);
  k = lrb_kernel_painter_get_kernel (p.painter);
  mid = k->rows / 2;
  g_object_set (p.painter, "brush-radius", 1.0, "hardness", 1.0, "mirror-x", TRUE, NULL);
  stroke_row (&p, 3, mid, 7, 9);
  stroke_row (&p, 1, 2, 3, 6);
  g_assert_cmpfloat (value_at (&p, mid, 8), ==, 0.0);
  g_assert_cmpfloat (value_at (&p, 2, k->cols - 1 - 4), ==, 1.0);
  lrb_kernel_painter_pixel_centre (p.painter, mid + 4, 5, &x, &y);
  send_motion (p.widget, x, y, 0);
  shot = grab (p.widget);
  save_screenshot (shot, "ui-kernel-painter.png");

  lrb_kernel_painter_pixel_centre (p.painter, 2, k->cols - 1 - 4, &x, &y);
  g_assert_cmpint (pixel (shot, (gint) x, (gint) y)[1], >, 200);
  lrb_kernel_painter_pixel_centre (p.painter, mid, k->cols - 1 - 8, &x, &y);
  g_assert_cmpint (pixel (shot, (gint) x, (gint) y)[1], <, 30);
  lrb_kernel_painter_pixel_centre (p.painter, 0, 0, &x, &y);
  g_assert_cmpint (pixel (shot, (gint) x, (gint) y)[1], <, 30);

  gtk_widget_destroy (p.window);
}

/* ---- Kernel view -------------------------------------------------------- */

typedef struct
{
  gint tinted;  /* clearly not white */
  gint reddish;
  gint bluish;
  gint total;
} PanelStats;

static PanelStats
panel_stats (GdkPixbuf *shot, LrbKernelView *view, LrbKernelViewPanel panel)
{
  GdkRectangle area;
  PanelStats   s = { 0 };

  g_assert_true (lrb_kernel_view_get_panel_area (view, panel, &area));
  g_assert_cmpint (area.width, >, 40);
  g_assert_cmpint (area.height, >, 40);
  for (gint y = area.y; y < area.y + area.height; y++)
    for (gint x = area.x; x < area.x + area.width; x++)
      {
        const guchar *p = pixel (shot, x, y);

        s.total++;
        s.tinted += p[0] < 235 || p[1] < 235 || p[2] < 235;
        s.reddish += p[0] > p[2] + 40;
        s.bluish += p[2] > p[0] + 40;
      }
  return s;
}

static void
test_kernel_view (void)
{
  g_autoptr (LrbKernel)   hexagon = make_kernel (LRB_SHAPE_POLYGON, 20);
  g_autoptr (LrbAnalysis) analysis = analyse (hexagon);
  g_autoptr (GdkPixbuf)   shot = NULL;
  g_autoptr (GdkPixbuf)   exact = NULL;
  GtkWidget              *widget = lrb_kernel_view_new ();
  LrbKernelView          *view = LRB_KERNEL_VIEW (widget);
  GtkWidget              *window = show_in_window (widget, 640, 260);
  GdkRectangle            area;
  PanelStats              diff;

  g_assert_false (lrb_kernel_view_get_panel_area (view, LRB_KERNEL_VIEW_KERNEL, &area));

  lrb_kernel_view_set (view, hexagon, analysis, 2);
  shot = grab (widget);
  save_screenshot (shot, "ui-kernel-view.png");

  /* Rank 2 of a hexagon misses a lot: the difference shows both signs. */
  diff = panel_stats (shot, view, LRB_KERNEL_VIEW_DIFFERENCE);
  g_assert_cmpint (diff.tinted, >, diff.total / 10);
  g_assert_cmpint (diff.reddish, >, diff.total / 50);
  g_assert_cmpint (diff.bluish, >, diff.total / 50);

  /* The kernel panel: bright in the middle, black in the corner. */
  g_assert_true (lrb_kernel_view_get_panel_area (view, LRB_KERNEL_VIEW_KERNEL, &area));
  g_assert_cmpint (pixel (shot, area.x + area.width / 2, area.y + area.height / 2)[1], >, 200);
  g_assert_cmpint (pixel (shot, area.x + 1, area.y + 1)[1], <, 30);
  /* Side by side, left to right. */
  {
    GdkRectangle approx;

    g_assert_true (lrb_kernel_view_get_panel_area (view, LRB_KERNEL_VIEW_APPROXIMATION,
                                                   &approx));
    g_assert_cmpint (approx.x, >=, area.x + area.width);
    g_assert_true (lrb_kernel_view_get_panel_area (view, LRB_KERNEL_VIEW_DIFFERENCE, &area));
    g_assert_cmpint (area.x, >=, approx.x + approx.width);
  }

  /* At full rank the approximation is exact and the difference blank. */
  lrb_kernel_view_set (view, hexagon, analysis, analysis->n_values);
  exact = grab (widget);
  diff = panel_stats (exact, view, LRB_KERNEL_VIEW_DIFFERENCE);
  g_assert_cmpint (diff.tinted, <, diff.total / 100);

  lrb_kernel_view_set (view, NULL, NULL, 1);
  g_assert_false (lrb_kernel_view_get_panel_area (view, LRB_KERNEL_VIEW_KERNEL, &area));
  gtk_widget_destroy (window);
}

/* ---- Non-negative factors ----------------------------------------------- */

/* The curve's purple (#8172B2, also blended with white), not the bars'
 * blue, the marker's red or the Σσ² curve's orange. */
static gboolean
is_nonnegative_colour (const guchar *p)
{
  return p[0] > p[1] + 8 && p[2] > p[0] + 25 && p[2] > 150;
}

static gboolean
is_squared_colour (const guchar *p)
{
  return p[0] > 170 && p[1] > 105 && p[1] < 165 && p[2] < 120;
}

/* The mean row of pixels of a colour in column x, below `top`; −1 if none. */
static gdouble
mean_row (GdkPixbuf *shot, gint x, gint top, gboolean (*is) (const guchar *))
{
  gdouble sum = 0;
  gint    count = 0;

  for (gint y = top; y < gdk_pixbuf_get_height (shot); y++)
    if (is (pixel (shot, x, y)))
      {
        sum += y;
        count++;
      }
  return count > 1 ? sum / count : -1;
}

static gint
count_colour (GdkPixbuf *shot, gint y0, gint y1, gboolean (*is) (const guchar *))
{
  gint count = 0;

  for (gint y = y0; y < y1; y++)
    for (gint x = 0; x < gdk_pixbuf_get_width (shot); x++)
      count += is (pixel (shot, x, y));
  return count;
}

static void
test_energy_plot_nonnegative (void)
{
  g_autoptr (LrbKernel)   hexagon = make_kernel (LRB_SHAPE_POLYGON, 20);
  g_autoptr (LrbAnalysis) analysis = analyse (hexagon);
  g_autoptr (GdkPixbuf)   svd_only = NULL;
  g_autoptr (GdkPixbuf)   same = NULL;
  GtkWidget              *widget = lrb_energy_plot_new ();
  LrbEnergyPlot          *plot = LRB_ENERGY_PLOT (widget);
  GtkWidget              *window = show_in_window (widget, 600, 300);
  gint                    n = analysis->n_values, top = 300 * 11 / 100; /* below the legend */
  gdouble                 rows[3], errors[6];
  gint                    x3, x5, x8;

  lrb_energy_plot_set_analysis (plot, analysis);
  /* The marker and its label far right, away from the columns looked at. */
  lrb_energy_plot_set_rank (plot, n);
  x3 = (gint) x_of_bar (plot, 3);
  x5 = (gint) x_of_bar (plot, 5);
  x8 = (gint) x_of_bar (plot, 8);
  svd_only = grab (widget);
  g_assert_cmpint (count_colour (svd_only, 0, 300, is_nonnegative_colour), ==, 0);

  /* Given the SVD's own errors (core computes them from the σ tail), the
   * curve lies on the Σσ² curve (drawn from the energies): 1 − e² is
   * where the values say, not only where the plot puts itself. */
  lrb_energy_plot_set_nonnegative_errors (plot, analysis->relative_error, n + 5);
  g_assert_cmpint (lrb_energy_plot_get_nonnegative_n (plot), ==, n);
  same = grab (widget);
  save_screenshot (same, "ui-energy-plot-nonnegative-svd.png");
  for (gint i = 0; i < 2; i++)
    {
      gint    x = i ? x5 : x3;
      gdouble orange = mean_row (svd_only, x, top, is_squared_colour);
      gdouble purple = mean_row (same, x, top, is_nonnegative_colour);

      g_assert_cmpfloat (orange, >, 0);
      g_assert_cmpfloat (purple, >, 0);
      g_assert_cmpfloat (fabs (orange - purple), <, 1.5);
    }
  /* And a legend entry, above the frame. */
  g_assert_cmpint (count_colour (same, 0, top, is_nonnegative_colour), >, 10);

  /* Constant errors for ranks 1 … 6 with 1 − e² = ¼, ½, ¾: a level line
   * at heights linear in the value, ending at rank 6. */
  for (gint k = 0; k < 3; k++)
    {
      g_autoptr (GdkPixbuf) shot = NULL;

      for (gint i = 0; i < 6; i++)
        errors[i] = sqrt (1 - (k + 1) / 4.0);
      lrb_energy_plot_set_nonnegative_errors (plot, errors, 6);
      g_assert_cmpint (lrb_energy_plot_get_nonnegative_n (plot), ==, 6);
      shot = grab (widget);
      if (k == 2)
        save_screenshot (shot, "ui-energy-plot-nonnegative.png");
      rows[k] = mean_row (shot, x3, top, is_nonnegative_colour);
      g_assert_cmpfloat (rows[k], >, 0);
      g_assert_cmpfloat (fabs (mean_row (shot, x5, top, is_nonnegative_colour) - rows[k]), <,
                         1.5);
      g_assert_cmpfloat (mean_row (shot, x8, top, is_nonnegative_colour), <, 0);
    }
  g_assert_cmpfloat (rows[0], >, rows[1] + 20);
  g_assert_cmpfloat (rows[1], >, rows[2] + 20);
  g_assert_cmpfloat (fabs (rows[1] - (rows[0] + rows[2]) / 2), <, 1.5);

  /* Removed: by NULL, and by a new analysis. */
  lrb_energy_plot_set_nonnegative_errors (plot, NULL, 0);
  {
    g_autoptr (GdkPixbuf) shot = grab (widget);

    g_assert_cmpint (count_colour (shot, 0, 300, is_nonnegative_colour), ==, 0);
  }
  lrb_energy_plot_set_nonnegative_errors (plot, errors, 6);
  lrb_energy_plot_set_analysis (plot, analysis);
  g_assert_cmpint (lrb_energy_plot_get_nonnegative_n (plot), ==, 0);
  gtk_widget_destroy (window);
}

/* Within a few levels of `colour` (a palette entry drawn opaque). */
static gboolean
near_colour (const guchar *p, const LrbRgb *colour)
{
  return abs (p[0] - (gint) lround (colour->r * 255)) <= 8 &&
         abs (p[1] - (gint) lround (colour->g * 255)) <= 8 &&
         abs (p[2] - (gint) lround (colour->b * 255)) <= 8;
}

static LrbUiPalette plot_palette;

static gboolean
is_floor_colour (const guchar *p)
{
  return near_colour (p, &plot_palette.noise_floor);
}

static gboolean
is_bar_colour (const guchar *p)
{
  return near_colour (p, &plot_palette.bar);
}

/* The first row of a colour in column x, from the top; −1 if none. */
static gint
first_row (GdkPixbuf *shot, gint x, gboolean (*is) (const guchar *))
{
  for (gint y = 0; y < gdk_pixbuf_get_height (shot); y++)
    if (is (pixel (shot, x, y)))
      return y;
  return -1;
}

/* The noise floor: a line at τ on the σ axis (between the bars it
 * separates, lower for a lower τ), with its label; none before it is set,
 * after 0 or a new analysis. */
static void
test_energy_plot_noise_floor (void)
{
  g_autoptr (LrbKernel)   hexagon = make_kernel (LRB_SHAPE_POLYGON, 20);
  g_autoptr (LrbAnalysis) analysis = analyse (hexagon);
  g_autoptr (GdkPixbuf)   bare = NULL, floored = NULL, lower = NULL;
  GtkWidget              *widget = lrb_energy_plot_new ();
  LrbEnergyPlot          *plot = LRB_ENERGY_PLOT (widget);
  GtkWidget              *window = show_in_window (widget, 600, 300);
  const gdouble          *sigma = analysis->singular_values;
  gdouble                 tau = sqrt (sigma[3] * sigma[4]);
  gint                    x2, top4, top5, line, line_lower, label = 0;

  lrb_energy_plot_set_analysis (plot, analysis);
  /* Every bar drawn solid, the marker far right. */
  lrb_energy_plot_set_rank (plot, analysis->n_values);
  lrb_ui_palette_for_widget (widget, &plot_palette);
  g_assert_cmpfloat (lrb_energy_plot_get_noise_floor (plot), ==, 0);
  bare = grab (widget);
  g_assert_cmpint (count_colour (bare, 0, 300, is_floor_colour), ==, 0);
  x2 = (gint) x_of_bar (plot, 2);
  top4 = first_row (bare, (gint) x_of_bar (plot, 4), is_bar_colour);
  top5 = first_row (bare, (gint) x_of_bar (plot, 5), is_bar_colour);
  g_assert_cmpint (top4, >, 0);
  g_assert_cmpint (top5, >, top4 + 4);

  lrb_energy_plot_set_noise_floor (plot, tau);
  g_assert_cmpfloat (lrb_energy_plot_get_noise_floor (plot), ==, tau);
  floored = grab (widget);
  save_screenshot (floored, "ui-energy-plot-noise-floor.png");
  /* Across bar 2, between the tops of bars 4 and 5. */
  line = first_row (floored, x2, is_floor_colour);
  g_test_message ("bar 4 from row %d, bar 5 from row %d, the floor at row %d", top4, top5, line);
  g_assert_cmpint (line, >, top4);
  g_assert_cmpint (line, <, top5);
  /* The label: the floor's colour away from the line's rows. */
  for (gint y = 0; y < 300; y++)
    if (abs (y - line) > 3)
      for (gint x = 0; x < 600; x++)
        label += is_floor_colour (pixel (floored, x, y));
  g_assert_cmpint (label, >, 10);

  lrb_energy_plot_set_noise_floor (plot, tau / 10);
  lower = grab (widget);
  line_lower = first_row (lower, x2, is_floor_colour);
  g_assert_cmpint (line_lower, >, line + 10);

  lrb_energy_plot_set_noise_floor (plot, NAN);
  g_assert_cmpfloat (lrb_energy_plot_get_noise_floor (plot), ==, 0);
  lrb_energy_plot_set_noise_floor (plot, tau);
  lrb_energy_plot_set_analysis (plot, analysis);
  g_assert_cmpfloat (lrb_energy_plot_get_noise_floor (plot), ==, 0);
  {
    g_autoptr (GdkPixbuf) shot = grab (widget);

    g_assert_cmpint (count_colour (shot, 0, 300, is_floor_colour), ==, 0);
  }
  gtk_widget_destroy (window);
}

typedef struct
{
  gint       results[LRB_NONNEGATIVE_N_KINDS];
  gint       last_rank[LRB_NONNEGATIVE_N_KINDS];
  gdouble    errors[16];
  LrbKernel *approximation;
  GError    *error;
  GThread   *main_thread;
} Received;

static void
receive (LrbNonnegativeKind kind, gint rank, gdouble relative_error,
         const LrbKernel *approximation, const GError *error, gpointer data)
{
  Received *r = data;

  /* The dialog's widgets may only be touched from its own thread. */
  g_assert_true (g_thread_self () == r->main_thread);
  r->results[kind]++;
  if (error)
    {
      g_assert_null (r->error);
      r->error = g_error_copy (error);
      return;
    }
  /* Ranks arrive in order, each once. */
  g_assert_cmpint (rank, ==, kind == LRB_NONNEGATIVE_CURVE ? r->last_rank[kind] + 1 : rank);
  r->last_rank[kind] = rank;
  if (kind == LRB_NONNEGATIVE_CURVE)
    r->errors[rank - 1] = relative_error;
  else
    {
      g_assert_nonnull (approximation);
      g_clear_pointer (&r->approximation, lrb_kernel_free);
      r->approximation = lrb_kernel_copy (approximation);
    }
}

static void
wait_until (const gint *counter, gint value)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*counter < value && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (*counter, ==, value);
}

/* Lets late results arrive, if any would. */
static void
settle (gint milliseconds)
{
  gint64 deadline = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_nonnegative_worker (void)
{
  g_autoptr (LrbKernel)  hexagon = make_kernel (LRB_SHAPE_POLYGON, 10);
  g_autoptr (LrbKernel)  disc = make_kernel (LRB_SHAPE_DISC, 8);
  g_autoptr (LrbKernel)  big = make_kernel (LRB_SHAPE_POLYGON, 150);
  g_autoptr (LrbKernel)  dog = make_kernel (LRB_SHAPE_DOG, 10);
  g_autoptr (GError)     error = NULL;
  Received               r = { { 0 } };
  LrbNonnegativeWorker  *worker = lrb_nonnegative_worker_new (receive, &r);

  r.main_thread = g_thread_self ();
  /* The curve: the errors core gives for each rank on its own.  While the
   * main loop does not run, nothing arrives, even with the context free. */
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_CURVE, hexagon, 6);
  g_usleep (G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_atomic_int_get (&r.results[LRB_NONNEGATIVE_CURVE]), ==, 0);
  wait_until (&r.results[LRB_NONNEGATIVE_CURVE], 6);
  for (gint rank = 1; rank <= 6; rank++)
    {
      g_autoptr (LrbFactors) f = lrb_factors_new_nonnegative (hexagon, NULL, rank, &error);

      g_assert_no_error (error);
      g_assert_cmpfloat (fabs (r.errors[rank - 1] - lrb_factors_relative_error (f, hexagon)), <,
                         1e-12);
    }
  /* More terms, less error; above the SVD's, which is optimal. */
  g_assert_cmpfloat (r.errors[5], <, r.errors[0]);

  /* The approximation: core's rank-3 kernel, entry by entry, ≥ 0. */
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_APPROXIMATION, hexagon, 3);
  wait_until (&r.results[LRB_NONNEGATIVE_APPROXIMATION], 1);
  g_assert_cmpint (r.last_rank[LRB_NONNEGATIVE_APPROXIMATION], ==, 3);
  {
    g_autoptr (LrbFactors) f = lrb_factors_new_nonnegative (hexagon, NULL, 3, &error);
    g_autoptr (LrbKernel)  k = lrb_factors_to_kernel (f);

    g_assert_cmpint (r.approximation->rows, ==, k->rows);
    for (gint i = 0; i < k->rows * k->cols; i++)
      {
        g_assert_cmpfloat (fabs (r.approximation->data[i] - k->data[i]), <, 1e-12);
        g_assert_cmpfloat (r.approximation->data[i], >=, 0);
      }
  }

  /* A newer request replaces the running one: only its ranks arrive. */
  memset (&r, 0, sizeof r.results + sizeof r.last_rank);
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_CURVE, big, 12);
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_CURVE, disc, 2);
  wait_until (&r.results[LRB_NONNEGATIVE_CURVE], 2);
  settle (300);
  g_assert_cmpint (r.results[LRB_NONNEGATIVE_CURVE], ==, 2);
  {
    g_autoptr (LrbFactors) f = lrb_factors_new_nonnegative (disc, NULL, 2, &error);

    g_assert_cmpfloat (fabs (r.errors[1] - lrb_factors_relative_error (f, disc)), <, 1e-12);
  }

  /* A kernel with negative values: core's error, said once. */
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_APPROXIMATION, dog, 2);
  wait_until (&r.results[LRB_NONNEGATIVE_APPROXIMATION], 1);
  g_assert_error (r.error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL);

  /* Cancelled, and freed while a thread runs: nothing more arrives. */
  memset (&r, 0, sizeof r.results + sizeof r.last_rank);
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_CURVE, big, 12);
  lrb_nonnegative_worker_cancel (worker);
  lrb_nonnegative_worker_request (worker, LRB_NONNEGATIVE_APPROXIMATION, big, 12);
  lrb_nonnegative_worker_free (worker);
  settle (500);
  g_assert_cmpint (r.results[LRB_NONNEGATIVE_CURVE], ==, 0);
  g_assert_cmpint (r.results[LRB_NONNEGATIVE_APPROXIMATION], ==, 0);
  lrb_kernel_free (r.approximation);
  g_clear_error (&r.error);
}

static void
test_kernel_view_nonnegative (void)
{
  g_autoptr (LrbKernel)   hexagon = make_kernel (LRB_SHAPE_POLYGON, 20);
  g_autoptr (LrbAnalysis) analysis = analyse (hexagon);
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbFactors)  factors = lrb_factors_new_nonnegative (hexagon, analysis, 2, &error);
  g_autoptr (LrbKernel)   approx = NULL;
  g_autoptr (GdkPixbuf)   svd = NULL;
  g_autoptr (GdkPixbuf)   nonneg = NULL;
  GtkWidget              *widget = lrb_kernel_view_new ();
  LrbKernelView          *view = LRB_KERNEL_VIEW (widget);
  GtkWidget              *window = show_in_window (widget, 640, 260);
  PanelStats              s;

  g_assert_no_error (error);
  approx = lrb_factors_to_kernel (factors);

  /* Rank 2 of the SVD rings: blue (negative) in the approximation. */
  lrb_kernel_view_set (view, hexagon, analysis, 2);
  svd = grab (widget);
  s = panel_stats (svd, view, LRB_KERNEL_VIEW_APPROXIMATION);
  g_assert_cmpfloat (lrb_analysis_negative_lobe (analysis, 2), >, 0.01);
  g_assert_cmpint (s.bluish, >, s.total / 100);

  /* Non-negative factors at rank 2: no blue at all, yet not the kernel,
   * so the difference still shows both signs. */
  lrb_kernel_view_set_approximation (view, hexagon, approx, 2, analysis->n_values, TRUE);
  nonneg = grab (widget);
  save_screenshot (nonneg, "ui-kernel-view-nonnegative.png");
  s = panel_stats (nonneg, view, LRB_KERNEL_VIEW_APPROXIMATION);
  g_assert_cmpint (s.bluish, ==, 0);
  g_assert_cmpint (s.tinted, >, s.total / 10);
  s = panel_stats (nonneg, view, LRB_KERNEL_VIEW_DIFFERENCE);
  g_assert_cmpint (s.reddish, >, s.total / 50);
  g_assert_cmpint (s.bluish, >, s.total / 50);
  gtk_widget_destroy (window);
}

/* ---- Depth view ----------------------------------------------------------- */

typedef struct
{
  gint    count;
  gdouble x, y, depth;
} Picked;

static void
record_pick (GtkWidget *view, gdouble x, gdouble y, gdouble depth, Picked *picked)
{
  picked->count++;
  picked->x = x;
  picked->y = y;
  picked->depth = depth;
}

/* Whether the screen pixel is grey (the map as stored) rather than tinted. */
static gboolean
is_grey (const guchar *p)
{
  return ABS (p[0] - p[1]) <= 2 && ABS (p[1] - p[2]) <= 2;
}

static void
test_depth_view (void)
{
  GtkWidget            *view = lrb_depth_view_new ();
  GtkWidget            *window;
  GdkRectangle          area;
  Picked                picked = { 0 };
  g_autofree gfloat    *map = g_new (gfloat, 40 * 30);
  g_autoptr (GdkPixbuf) shot = NULL;

  /* Left half 0.2, right half 0.8; the top row is not a number. */
  for (gint y = 0; y < 30; y++)
    for (gint x = 0; x < 40; x++)
      map[y * 40 + x] = y == 0 ? NAN : x < 20 ? 0.2f : 0.8f;
  window = show_in_window (view, 240, 200);
  g_assert_false (lrb_depth_view_get_image_area (LRB_DEPTH_VIEW (view), &area));
  lrb_depth_view_set_map (LRB_DEPTH_VIEW (view), map, 40, 30);
  g_signal_connect (view, "picked", G_CALLBACK (record_pick), &picked);
  g_object_set (view, "focus", 0.8, NULL);
  g_assert_true (lrb_depth_view_get_image_area (LRB_DEPTH_VIEW (view), &area));
  /* As large as fits, the map's shape kept. */
  g_assert_cmpint (abs (area.width * 30 - area.height * 40), <=, 40);
  g_assert_cmpint (area.width, >=, 200);

  /* What stays sharp is tinted, the rest drawn grey as stored. */
  shot = grab (view);
  save_screenshot (shot, "ui-depth-view.png");
  g_assert_true (is_grey (pixel (shot, area.x + area.width / 4, area.y + area.height / 2)));
  g_assert_cmpint (ABS (pixel (shot, area.x + area.width / 4, area.y + area.height / 2)[0] -
                        51), <=, 2);
  g_assert_false (is_grey (pixel (shot, area.x + 3 * area.width / 4, area.y + area.height / 2)));
  g_clear_object (&shot);

  /* A click on the map says where (as fractions of the map) and what
   * depth lies there: the left half's 0.2, the top row's NaN. */
  send_button (view, GDK_BUTTON_PRESS, 1, area.x + area.width / 4, area.y + area.height / 2, 0);
  send_button (view, GDK_BUTTON_RELEASE, 1, area.x + area.width / 4, area.y + area.height / 2,
               GDK_BUTTON1_MASK);
  g_assert_cmpint (picked.count, ==, 1);
  g_assert_cmpfloat_with_epsilon (picked.depth, 0.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (picked.x, 10.0 / 40, 1.5 / 40);
  g_assert_cmpfloat_with_epsilon (picked.y, 15.0 / 30, 1.5 / 30);
  send_button (view, GDK_BUTTON_PRESS, 1, area.x + area.width / 2 + 5, area.y + 1, 0);
  send_button (view, GDK_BUTTON_RELEASE, 1, area.x + area.width / 2 + 5, area.y + 1,
               GDK_BUTTON1_MASK);
  g_assert_cmpint (picked.count, ==, 2);
  g_assert_true (isnan (picked.depth));
  g_assert_cmpfloat_with_epsilon (picked.y, 0.5 / 30, 1e-9);
  /* Outside the picture: nothing. */
  send_button (view, GDK_BUTTON_PRESS, 1, area.x - 2, area.y + area.height / 2, 0);
  g_assert_cmpint (picked.count, ==, 2);

  /* Inverted, the right half's 0.8 means 0.2: it is now the sharp one. */
  g_object_set (view, "focus", 0.2, "invert", TRUE, NULL);
  shot = grab (view);
  g_assert_true (is_grey (pixel (shot, area.x + area.width / 4, area.y + area.height / 2)));
  g_assert_false (is_grey (pixel (shot, area.x + 3 * area.width / 4, area.y + area.height / 2)));

  /* A tolerance wide enough makes both halves sharp. */
  g_object_set (view, "tolerance", 0.7, NULL);
  g_clear_object (&shot);
  shot = grab (view);
  g_assert_false (is_grey (pixel (shot, area.x + area.width / 4, area.y + area.height / 2)));
  g_assert_false (is_grey (pixel (shot, area.x + 3 * area.width / 4, area.y + area.height / 2)));

  lrb_depth_view_set_map (LRB_DEPTH_VIEW (view), NULL, 0, 0);
  g_assert_false (lrb_depth_view_get_image_area (LRB_DEPTH_VIEW (view), &area));
  gtk_widget_destroy (window);
}

/* ---- Scale entry -------------------------------------------------------- */

static void
test_scale_entry (void)
{
  GtkWidget            *table = gtk_table_new (2, 3, FALSE);
  GtkWidget            *window;
  LrbScaleEntry         energy, rank;
  g_autoptr (GdkPixbuf) shot = NULL;

  lrb_scale_entry_init (&energy, GTK_TABLE (table), 0, "_Energy (%):", 99, 50, 100, 0.1, 1,
                        "Share of the energy to keep");
  lrb_scale_entry_init (&rank, GTK_TABLE (table), 1, "Ran_k:", 8, 1, 64, 1, 0, NULL);
  window = show_in_window (table, 480, 120);

  /* One adjustment behind the slider and the spin button. */
  g_assert_true (gtk_range_get_adjustment (GTK_RANGE (rank.scale)) == rank.adjustment);
  g_assert_true (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (rank.spin)) ==
                 rank.adjustment);
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (rank.label)) == rank.spin);
  g_assert_cmpfloat (lrb_scale_entry_get_value (&energy), ==, 99);
  g_assert_cmpfloat (lrb_scale_entry_get_value (&rank), ==, 8);

  /* A value set shows in both, clamped to the range. */
  lrb_scale_entry_set_value (&rank, 12);
  drain_events ();
  g_assert_cmpfloat (gtk_range_get_value (GTK_RANGE (rank.scale)), ==, 12);
  g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (rank.spin)), ==, "12");
  lrb_scale_entry_set_value (&rank, 1000);
  g_assert_cmpfloat (lrb_scale_entry_get_value (&rank), ==, 64);

  /* The screenshot: the first row greyed out. */
  lrb_scale_entry_set_value (&rank, 12);
  lrb_scale_entry_set_sensitive (&energy, FALSE);
  g_assert_false (gtk_widget_is_sensitive (energy.scale));
  g_assert_false (gtk_widget_is_sensitive (energy.spin));
  shot = grab (table);
  save_screenshot (shot, "ui-scale-entry.png");
  lrb_scale_entry_set_sensitive (&energy, TRUE);
  g_assert_true (gtk_widget_is_sensitive (energy.spin));

  lrb_scale_entry_set_visible (&rank, FALSE);
  g_assert_false (gtk_widget_get_visible (rank.label));
  g_assert_false (gtk_widget_get_visible (rank.scale));
  g_assert_false (gtk_widget_get_visible (rank.spin));
  g_assert_true (gtk_widget_get_visible (energy.spin));
  gtk_widget_destroy (window);
}

/* ---- Formatting --------------------------------------------------------- */

static void
test_format_percent (void)
{
  static const struct
  {
    gdouble      fraction;
    const gchar *text;
  } cases[] = {
    { 0.873, "87.3 %" },
    { 0.9987, "99.87 %" },
    { 0.999991, "99.99910 %" },
    { 0.87349, "87.3 %" },
    { 0.99999999999, "99.999999 %" },
    { 1.0, "100.0 %" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *text = lrb_ui_format_percent (cases[i].fraction);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ---- Theme colours ------------------------------------------------------ */

static void
rgb_of_hex (const gchar *hex, LrbRgb *rgb)
{
  guint value = (guint) g_ascii_strtoull (hex + 1, NULL, 16);

  rgb->r = (value >> 16 & 0xff) / 255.0;
  rgb->g = (value >> 8 & 0xff) / 255.0;
  rgb->b = (value & 0xff) / 255.0;
}

static gdouble
luminance_of (const LrbRgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

/* Every palette reads: text and series stand out from the paper, the
 * grid less than the frame, the frame less than the text. */
static void
test_palette_contrast (void)
{
  static const struct
  {
    const gchar *text, *window, *accent;
    gboolean     dark;
  } themes[] = {
    { "#000000", "#dcdad5", "#4a90d9", FALSE }, /* GTK 2's default, Adwaita */
    { "#dcdcdc", "#3c3c3c", "#1e1e1e", TRUE },  /* GIMP 3's Default, dark */
    { "#000000", "#777777", "#373737", FALSE }, /* GIMP 3's Default, grey */
    { "#bebebe", "#454545", "#5b5b5b", TRUE },  /* GIMP 2.10's Dark */
    { "#ffffff", "#ffffff", NULL, TRUE },       /* a window left unset */
    { "#101010", "#101010", NULL, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (themes); i++)
    {
      LrbRgb       text, window, accent;
      LrbUiPalette p;
      const LrbRgb *series[] = { &p.bar, &p.squared, &p.absolute, &p.marker, &p.nonnegative,
                                 &p.noise_floor, &p.accent };

      rgb_of_hex (themes[i].text, &text);
      rgb_of_hex (themes[i].window, &window);
      if (themes[i].accent)
        rgb_of_hex (themes[i].accent, &accent);
      lrb_ui_palette_from_theme (&text, &window, themes[i].accent ? &accent : NULL, &p);
      g_test_message ("theme %s on %s: paper %.2f %.2f %.2f", themes[i].text,
                      themes[i].window, p.paper.r, p.paper.g, p.paper.b);
      g_assert_cmpfloat (lrb_ui_contrast (&p.ink, &p.paper), >=, 4.5);
      g_assert_cmpfloat (lrb_ui_contrast (&p.muted, &p.paper), >=, 3.0);
      for (gsize s = 0; s < G_N_ELEMENTS (series); s++)
        g_assert_cmpfloat (lrb_ui_contrast (series[s], &p.paper), >=, 3.0);
      g_assert_cmpfloat (lrb_ui_contrast (&p.grid, &p.paper), <,
                         lrb_ui_contrast (&p.frame, &p.paper));
      g_assert_cmpfloat (lrb_ui_contrast (&p.frame, &p.paper), <,
                         lrb_ui_contrast (&p.ink, &p.paper));
      /* Dark themes get dark paper, light ones light paper. */
      if (themes[i].dark)
        g_assert_cmpfloat (luminance_of (&p.paper), <, 0.3);
      else
        g_assert_cmpfloat (luminance_of (&p.paper), >, 0.7);
    }
}

static gdouble
pixel_luminance (GdkPixbuf *pixbuf, gint x, gint y)
{
  const guchar *p = pixel (pixbuf, x, y);

  return (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]) / 255.0;
}

/* The energy plot and the kernel view on GIMP 3's dark theme: dark paper
 * exactly as the palette says, light text on it; on the default theme,
 * light paper. */
static void
test_theme_colours (void)
{
  static const gchar *themes[][2] = { { "#dcdcdc", "#3c3c3c" }, { NULL, NULL } };
  g_autoptr (LrbKernel)   hexagon = make_kernel (LRB_SHAPE_POLYGON, 12);
  g_autoptr (LrbAnalysis) analysis = analyse (hexagon);

  for (gsize t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      gboolean           dark = themes[t][0] != NULL;
      GtkWidget         *widgets[] = { lrb_energy_plot_new (), lrb_kernel_view_new () };
      const gchar       *names[] = { "energy-plot", "kernel-view" };

      for (gsize w = 0; w < G_N_ELEMENTS (widgets); w++)
        {
          GtkWidget            *widget = widgets[w];
          GtkWidget            *window;
          g_autoptr (GdkPixbuf) shot = NULL;
          g_autofree gchar     *name = NULL;
          LrbUiPalette          palette;
          const guchar         *corner;
          gint                  width = 480, height = 240, light = 0;

          if (w == 0)
            {
              lrb_energy_plot_set_analysis (LRB_ENERGY_PLOT (widget), analysis);
              lrb_energy_plot_set_rank (LRB_ENERGY_PLOT (widget), 3);
            }
          else
            lrb_kernel_view_set (LRB_KERNEL_VIEW (widget), hexagon, analysis, 3);
          window = show_in_themed_window (widget, width, height, themes[t][0], themes[t][1]);
          shot = grab (widget);
          name = g_strdup_printf ("ui-%s-%s.png", names[w], dark ? "dark" : "light");
          save_screenshot (shot, name);

          lrb_ui_palette_for_widget (widget, &palette);
          corner = pixel (shot, 2, 2);
          g_assert_cmpint (abs (corner[0] - (gint) lround (palette.paper.r * 255)), <=, 1);
          g_assert_cmpint (abs (corner[1] - (gint) lround (palette.paper.g * 255)), <=, 1);
          g_assert_cmpint (abs (corner[2] - (gint) lround (palette.paper.b * 255)), <=, 1);
          if (dark)
            g_assert_cmpfloat (pixel_luminance (shot, 2, 2), <, 0.3);
          else
            g_assert_cmpfloat (pixel_luminance (shot, 2, 2), >, 0.7);
          /* Text and lines in the theme's text colour: the other end. */
          for (gint y = 0; y < height; y++)
            for (gint x = 0; x < width; x++)
              light += dark ? pixel_luminance (shot, x, y) > 0.7
                            : pixel_luminance (shot, x, y) < 0.3;
          g_test_message ("%s: %d pixels of text contrast", name, light);
          g_assert_cmpint (light, >, 200);
          gtk_widget_destroy (window);
        }
    }
}

/* ---- The dialog's window ---------------------------------------------------- */

static void
test_dialog_window_size (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("lrb-window-XXXXXX", NULL);
  g_autofree gchar *path = g_build_filename (dir, "sub", "dialog.ini", NULL);
  g_autofree gchar *sub = g_path_get_dirname (path);
  gint              width, height, page;

  /* The first run: most of the monitor, so a larger screen gives a larger
   * preview; capped on a very large one. */
  lrb_window_default_size (1280, 720, 0, 0, &width, &height);
  g_assert_cmpint (width, ==, 1024);
  g_assert_cmpint (height, ==, 612);
  lrb_window_default_size (3840, 2160, 0, 0, &width, &height);
  g_assert_cmpint (width, ==, 1600);
  g_assert_cmpint (height, ==, 1000);
  /* The size the user gave it, but never larger than the monitor. */
  lrb_window_default_size (1920, 1080, 1100, 700, &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 700);
  lrb_window_default_size (1280, 720, 1800, 1000, &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 720);

  /* The key file: none yet, then what was saved (its folder made). */
  g_assert_false (lrb_window_load_state (path, &width, &height, &page));
  g_assert_cmpint (width + height + page, ==, 0);
  g_assert_true (lrb_window_save_state (path, 1200, 680, 2, NULL));
  g_assert_true (lrb_window_load_state (path, &width, &height, &page));
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 680);
  g_assert_cmpint (page, ==, 2);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A page holding a label with an access key for an entry. */
static GtkWidget *
mnemonic_page (GtkNotebook *notebook, const gchar *label_text, GtkWidget **entry)
{
  GtkWidget *box = gtk_hbox_new (FALSE, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  *entry = gtk_entry_new ();
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), *entry);
  gtk_box_pack_start (GTK_BOX (box), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), *entry, TRUE, TRUE, 0);
  gtk_notebook_append_page (notebook, box, gtk_label_new (label_text));
  return box;
}

/* An access key of a control on a page not shown turns to that page and
 * focuses the control; one that nothing has changes nothing. */
static void
test_notebook_mnemonics (void)
{
  GtkWidget *notebook = gtk_notebook_new ();
  GtkWidget *window, *alpha, *beta, *hidden_box, *hidden;
  GList     *children;

  mnemonic_page (GTK_NOTEBOOK (notebook), "_Alpha:", &alpha);
  mnemonic_page (GTK_NOTEBOOK (notebook), "_Beta:", &beta);
  /* A page whose control is hidden: its key stays unknown. */
  hidden_box = mnemonic_page (GTK_NOTEBOOK (notebook), "_Gamma:", &hidden);
  window = show_in_window (notebook, 300, 100);
  children = gtk_container_get_children (GTK_CONTAINER (hidden_box));
  gtk_widget_hide (children->data);
  g_list_free (children);
  lrb_notebook_follow_mnemonics (GTK_WINDOW (window), GTK_NOTEBOOK (notebook));
  drain_events ();
  g_assert_cmpint (gtk_notebook_get_current_page (GTK_NOTEBOOK (notebook)), ==, 0);

  send_alt_key (window, GDK_KEY_b);
  g_assert_cmpint (gtk_notebook_get_current_page (GTK_NOTEBOOK (notebook)), ==, 1);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == beta);
  send_alt_key (window, GDK_KEY_a);
  g_assert_cmpint (gtk_notebook_get_current_page (GTK_NOTEBOOK (notebook)), ==, 0);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == alpha);
  send_alt_key (window, GDK_KEY_g);
  send_alt_key (window, GDK_KEY_z);
  g_assert_cmpint (gtk_notebook_get_current_page (GTK_NOTEBOOK (notebook)), ==, 0);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == alpha);
  gtk_widget_destroy (window);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check (&argc, &argv))
    {
      /* TAP's way to skip everything: this needs an X display. */
      g_print ("1..0 # SKIP no display (run under xvfb-run)\n");
      return 0;
    }
#if GTK_CHECK_VERSION (3, 0, 0)
  /* The theme's transitions (Adwaita fades a state change over 200 ms)
   * would be photographed half way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
#endif
  /* GTK's own handler, counting the events put_event() waits for. */
  gdk_event_handler_set (handle_event, NULL, NULL);
  g_test_add_func ("/ui/format-percent", test_format_percent);
  g_test_add_func ("/ui/energy-plot", test_energy_plot);
  g_test_add_func ("/ui/kernel-painter", test_painter);
  g_test_add_func ("/ui/kernel-view", test_kernel_view);
  g_test_add_func ("/ui/energy-plot-nonnegative", test_energy_plot_nonnegative);
  g_test_add_func ("/ui/energy-plot-noise-floor", test_energy_plot_noise_floor);
  g_test_add_func ("/ui/kernel-view-nonnegative", test_kernel_view_nonnegative);
  g_test_add_func ("/ui/nonnegative-worker", test_nonnegative_worker);
  g_test_add_func ("/ui/scale-entry", test_scale_entry);
  g_test_add_func ("/ui/depth-view", test_depth_view);
  g_test_add_func ("/ui/palette-contrast", test_palette_contrast);
  g_test_add_func ("/ui/theme-colours", test_theme_colours);
  g_test_add_func ("/ui/dialog-window-size", test_dialog_window_size);
  g_test_add_func ("/ui/notebook-mnemonics", test_notebook_mnemonics);
  return g_test_run ();
}
