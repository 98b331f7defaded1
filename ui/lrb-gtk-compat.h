/* lowrank-bokeh — the few differences between GTK 2 and GTK 3 that the
 * custom widgets meet, so that each widget is one source for both.
 *
 * Widgets draw from a function taking a cairo_t and never touch
 * "expose-event" or "draw" themselves: lrb_gtk_connect_draw() wires it to
 * whichever signal the toolkit has.
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

#endif

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
