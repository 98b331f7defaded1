/* lowrank-bokeh — the few differences between GTK 2 and GTK 3 that the
 * custom widgets meet, so that each widget is one source for both.
 *
 * Widgets draw from a function taking a cairo_t and never touch
 * "expose-event" or "draw" themselves: lrb_gtk_connect_draw() wires it to
 * whichever signal the toolkit has.
 *
 * lrb_gtk_theme_colours (widget, text, window, accent) gives the theme's
 * text colour, the window background behind the widget and, when it
 * returns TRUE, the selection colour, as sRGB in 0 … 1.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
/* GTK 3's gdk.h brings the key names, GTK 2's does not. */
#include <gdk/gdkkeysyms.h>

G_BEGIN_DECLS

/* Paints the whole widget; (0, 0) is the top left of its allocation. */
typedef void (*LrbDrawFunc) (GtkWidget *widget, cairo_t *cr);

#if GTK_CHECK_VERSION (3, 0, 0)

static inline gboolean
lrb_gtk_draw_trampoline (GtkWidget *widget, cairo_t *cr, gpointer func)
{
  ((LrbDrawFunc) func) (widget, cr);
  return FALSE;
}

static inline void
lrb_gtk_connect_draw (GtkWidget *widget, LrbDrawFunc func)
{
  g_signal_connect (widget, "draw", G_CALLBACK (lrb_gtk_draw_trampoline), (gpointer) func);
}

static inline void
lrb_gtk_cursor_unref (GdkCursor *cursor)
{
  g_object_unref (cursor);
}

static inline void
lrb_gtk_rgba_to_rgb (const GdkRGBA *colour, gdouble rgb[3])
{
  rgb[0] = colour->red;
  rgb[1] = colour->green;
  rgb[2] = colour->blue;
}

static inline gboolean
lrb_gtk_theme_colours (GtkWidget *widget, gdouble text[3], gdouble window[3],
                       gdouble accent[3])
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA          colour;
  gboolean         have_window = FALSE;

  gtk_style_context_get_color (context, gtk_style_context_get_state (context), &colour);
  lrb_gtk_rgba_to_rgb (&colour, text);
  /* A drawing area has no background of its own: the window's colour is
   * that of the first ancestor that paints one. */
  for (GtkWidget *w = widget; w && !have_window; w = gtk_widget_get_parent (w))
    {
      GtkStyleContext *c = gtk_widget_get_style_context (w);
      GdkRGBA         *background = NULL;

      gtk_style_context_get (c, gtk_style_context_get_state (c),
                             GTK_STYLE_PROPERTY_BACKGROUND_COLOR, &background, NULL);
      if (background && background->alpha >= 0.5)
        {
          lrb_gtk_rgba_to_rgb (background, window);
          have_window = TRUE;
        }
      if (background)
        gdk_rgba_free (background);
    }
  if (!have_window)
    window[0] = window[1] = window[2] = 1.0 - text[1];
  if (!gtk_style_context_lookup_color (context, "theme_selected_bg_color", &colour))
    return FALSE;
  lrb_gtk_rgba_to_rgb (&colour, accent);
  return TRUE;
}

#else /* GTK 2 */

/* GTK 2 predates g_autoptr, but G_DECLARE_FINAL_TYPE chains its cleanup up
 * to the parent type's: declare the one parent the widgets use. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GtkDrawingArea, g_object_unref)

static inline gboolean
lrb_gtk_draw_trampoline (GtkWidget *widget, GdkEventExpose *event, gpointer func)
{
  cairo_t *cr = gdk_cairo_create (event->window);

  /* GTK 3 hands over a context already clipped to the damage: do the same. */
  gdk_cairo_region (cr, event->region);
  cairo_clip (cr);
  ((LrbDrawFunc) func) (widget, cr);
  cairo_destroy (cr);
  return FALSE;
}

static inline void
lrb_gtk_connect_draw (GtkWidget *widget, LrbDrawFunc func)
{
  g_signal_connect (widget, "expose-event", G_CALLBACK (lrb_gtk_draw_trampoline),
                    (gpointer) func);
}

static inline void
lrb_gtk_cursor_unref (GdkCursor *cursor)
{
  gdk_cursor_unref (cursor);
}

static inline void
lrb_gtk_colour_to_rgb (const GdkColor *colour, gdouble rgb[3])
{
  rgb[0] = colour->red / 65535.0;
  rgb[1] = colour->green / 65535.0;
  rgb[2] = colour->blue / 65535.0;
}

static inline gboolean
lrb_gtk_theme_colours (GtkWidget *widget, gdouble text[3], gdouble window[3],
                       gdouble accent[3])
{
  GtkStyle *style = gtk_widget_get_style (widget);

  lrb_gtk_colour_to_rgb (&style->fg[GTK_STATE_NORMAL], text);
  lrb_gtk_colour_to_rgb (&style->bg[GTK_STATE_NORMAL], window);
  lrb_gtk_colour_to_rgb (&style->bg[GTK_STATE_SELECTED], accent);
  return TRUE;
}

#endif

/* A label that wraps at the width its container gives it, asking for at
 * least `min_width`: it never widens the window.  GTK 3 wraps at the
 * allocation once the natural width is held down; GTK 2 wraps at the
 * width request, which is made to follow the allocation. */
#if !GTK_CHECK_VERSION (3, 0, 0)
static inline void
lrb_gtk_label_follow_allocation (GtkWidget *label, GtkAllocation *allocation)
{
  gint width;

  gtk_widget_get_size_request (label, &width, NULL);
  if (allocation->width > width)
    gtk_widget_set_size_request (label, allocation->width, -1);
}
#endif

static inline void
lrb_gtk_label_wrap (GtkWidget *label, gint min_width)
{
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_size_request (label, min_width, -1);
#if GTK_CHECK_VERSION (3, 0, 0)
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
#else
  g_signal_connect (label, "size-allocate", G_CALLBACK (lrb_gtk_label_follow_allocation), NULL);
#endif
}

/* gtk_widget_get_allocated_width/height are GTK 3 only; the allocation is
 * in both. */
static inline gint
lrb_gtk_widget_get_width (GtkWidget *widget)
{
  GtkAllocation allocation;

  gtk_widget_get_allocation (widget, &allocation);
  return allocation.width;
}

static inline gint
lrb_gtk_widget_get_height (GtkWidget *widget)
{
  GtkAllocation allocation;

  gtk_widget_get_allocation (widget, &allocation);
  return allocation.height;
}

G_END_DECLS
