/* lowrank-bokeh — the dialog's window, apart from what it holds: a size
 * that fits the screen and is remembered, access keys that reach the
 * controls of notebook pages not shown, and a description of the layout
 * for the tests.  Plain GTK (no libgimp), so tests/ui checks it alone.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The size to open at on a monitor of monitor_width × monitor_height:
 * the saved size (0 × 0: none) when there is one, else most of the
 * monitor (capped), so that a larger screen gives a larger preview.
 * Never larger than the monitor.  GTK enlarges it to the window's
 * minimum when that is larger. */
void     lrb_window_default_size  (gint monitor_width, gint monitor_height, gint saved_width,
                                   gint saved_height, gint *width, gint *height);

/* The size and notebook page saved in the key file at `path`: FALSE,
 * and 0 × 0, page 0, when there is none. */
gboolean lrb_window_load_state    (const gchar *path, gint *width, gint *height, gint *page);
/* Saves them there, making the folder. */
gboolean lrb_window_save_state    (const gchar *path, gint width, gint height, gint page,
                                   GError **error);

/* Alt+key of a control on a page of `notebook` that is not shown (when
 * nothing shown has that access key) turns to its page first, so that
 * every access key works from every page. */
void     lrb_notebook_follow_mnemonics (GtkWindow *window, GtkNotebook *notebook);

/* When the environment has LRB_DIALOG_LOG: prints to stderr, as
 * "lrb-dialog: …" lines, the window's size, minimum and natural size, the
 * place of each button outside `notebook` and of `preview` (relative to
 * the window) whenever they change; each focus change; and, whenever the
 * focus comes to the notebook's tabs, the controls of the page shown that
 * can take the focus. */
void     lrb_window_log_layout    (GtkWindow *window, GtkNotebook *notebook, GtkWidget *preview);

G_END_DECLS
