/* lowrank-bokeh — the dialog's window: size, access keys across notebook
 * pages, and the layout log for the tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog-window.h"

#include <glib/gstdio.h>

/* The first run's share of the monitor, and its cap: a large preview on
 * a large screen, but not a wall of pixels on a 4K one. */
#define DEFAULT_SHARE_WIDTH  0.8
#define DEFAULT_SHARE_HEIGHT 0.85
#define DEFAULT_MAX_WIDTH    1600
#define DEFAULT_MAX_HEIGHT   1000
#define STATE_GROUP          "dialog"

void
lrb_window_default_size (gint monitor_width, gint monitor_height, gint saved_width,
                         gint saved_height, gint *width, gint *height)
{
  if (saved_width > 0 && saved_height > 0)
    {
      *width = saved_width;
      *height = saved_height;
    }
  else
    {
      *width = MIN ((gint) (DEFAULT_SHARE_WIDTH * monitor_width), DEFAULT_MAX_WIDTH);
      *height = MIN ((gint) (DEFAULT_SHARE_HEIGHT * monitor_height), DEFAULT_MAX_HEIGHT);
    }
  /* A size saved on a larger screen. */
  *width = MIN (*width, monitor_width);
  *height = MIN (*height, monitor_height);
}

gboolean
lrb_window_load_state (const gchar *path, gint *width, gint *height, gint *page)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();

  *width = *height = *page = 0;
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return FALSE;
  /* A missing or broken key reads as 0: the defaults. */
  *width = MAX (0, g_key_file_get_integer (file, STATE_GROUP, "width", NULL));
  *height = MAX (0, g_key_file_get_integer (file, STATE_GROUP, "height", NULL));
  *page = MAX (0, g_key_file_get_integer (file, STATE_GROUP, "page", NULL));
  return TRUE;
}

gboolean
lrb_window_save_state (const gchar *path, gint width, gint height, gint page, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree gchar    *dir = g_path_get_dirname (path);

  g_key_file_set_comment (file, NULL, NULL,
                          " The Low-Rank Bokeh dialog's size and page, as last left", NULL);
  g_key_file_set_integer (file, STATE_GROUP, "width", width);
  g_key_file_set_integer (file, STATE_GROUP, "height", height);
  g_key_file_set_integer (file, STATE_GROUP, "page", page);
  g_mkdir_with_parents (dir, 0700);
  return g_key_file_save_to_file (file, path, error);
}

/* ---- Access keys across pages ------------------------------------------- */

typedef struct
{
  guint      keyval;
  gboolean   shown;   /* a mapped label has it: GTK's own business */
  gboolean   hidden;  /* a label that would be shown on its page has it */
} MnemonicSearch;

static void
search_mnemonic (GtkWidget *widget, gpointer data)
{
  MnemonicSearch *search = data;

  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) == search->keyval)
    {
      if (gtk_widget_get_mapped (widget))
        search->shown = TRUE;
      else
        search->hidden = TRUE;
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), search_mnemonic, search);
}

static gboolean
follow_mnemonic (GtkWidget *window, GdkEventKey *event, GtkNotebook *notebook)
{
  GdkModifierType modifier = gtk_window_get_mnemonic_modifier (GTK_WINDOW (window));
  MnemonicSearch  search = { gdk_keyval_to_lower (event->keyval), FALSE, FALSE };
  gint            current = gtk_notebook_get_current_page (notebook);

  if ((event->state & gtk_accelerator_get_default_mod_mask ()) != modifier)
    return FALSE;
  search_mnemonic (window, &search);
  if (search.shown || !search.hidden)
    return FALSE;
  for (gint i = 0; i < gtk_notebook_get_n_pages (notebook); i++)
    {
      MnemonicSearch page = { search.keyval, FALSE, FALSE };

      if (i == current)
        continue;
      search_mnemonic (gtk_notebook_get_nth_page (notebook, i), &page);
      if (page.hidden)
        {
          /* The page is mapped at once; GtkWindow's own handler, which
           * runs after this one, then finds the label shown. */
          gtk_notebook_set_current_page (notebook, i);
          break;
        }
    }
  return FALSE;
}

void
lrb_notebook_follow_mnemonics (GtkWindow *window, GtkNotebook *notebook)
{
  g_signal_connect (window, "key-press-event", G_CALLBACK (follow_mnemonic), notebook);
}

/* ---- The layout log -------------------------------------------------------- */

typedef struct
{
  GtkNotebook *notebook;
  GtkWidget   *preview;
  gchar       *last;    /* the geometry printed last */
} Log;

/* A name for a widget that the log's reader can match and a person read:
 * type@address, and its label when it has one. */
static gchar *
describe (GtkWidget *widget)
{
  GList       *labels = gtk_widget_list_mnemonic_labels (widget);
  const gchar *text = labels ? gtk_label_get_label (labels->data)
                      : GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget))
                      : NULL;
  gchar       *name = g_strdup_printf ("%s@%p%s%s%s", G_OBJECT_TYPE_NAME (widget),
                                       (gpointer) widget, text ? " \"" : "", text ? text : "",
                                       text ? "\"" : "");

  g_list_free (labels);
  return name;
}

static void
log_rectangle (GString *text, GtkWidget *window, GtkWidget *widget, const gchar *what)
{
  GtkAllocation allocation;
  gint          x = 0, y = 0;

  gtk_widget_get_allocation (widget, &allocation);
  gtk_widget_translate_coordinates (widget, window, 0, 0, &x, &y);
  /* Widgets without their own window report the window's origin: the
   * translation already accounts for it. */
  g_string_append_printf (text, "lrb-dialog: %s %d %d %d %d%s\n", what, x, y,
                          allocation.width, allocation.height,
                          gtk_widget_get_mapped (widget) ? "" : " unmapped");
}

static void
log_buttons (GtkWidget *widget, GString *text, GtkWidget *window, Log *log)
{
  if (!gtk_widget_get_visible (widget) || widget == GTK_WIDGET (log->notebook) ||
      widget == log->preview)
    return;
  if (GTK_IS_BUTTON (widget))
    {
      g_autofree gchar *name = describe (widget);

      /* The name last: its label may hold spaces. */
      log_rectangle (text, window, widget, "button");
      g_string_truncate (text, text->len - 1);
      g_string_append_printf (text, " %s\n", name);
      return;
    }
  if (GTK_IS_CONTAINER (widget))
    {
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));

      for (GList *c = children; c; c = c->next)
        log_buttons (c->data, text, window, log);
      g_list_free (children);
    }
}

static void
log_geometry (GtkWidget *window, GtkAllocation *allocation, Log *log)
{
  GString *text = g_string_new (NULL);
  gint     min_width, min_height, natural_width, natural_height;

#if GTK_CHECK_VERSION (3, 0, 0)
  {
    GtkRequisition minimum, natural;

    gtk_widget_get_preferred_size (window, &minimum, &natural);
    min_width = minimum.width;
    min_height = minimum.height;
    natural_width = natural.width;
    natural_height = natural.height;
  }
#else
  {
    GtkRequisition requisition;

    /* GTK 2 has one size request: the minimum is the natural size. */
    gtk_widget_size_request (window, &requisition);
    min_width = natural_width = requisition.width;
    min_height = natural_height = requisition.height;
  }
#endif
  g_string_append_printf (text, "lrb-dialog: window %d %d minimum %d %d natural %d %d\n",
                          allocation->width, allocation->height, min_width, min_height,
                          natural_width, natural_height);
  log_rectangle (text, window, log->preview, "preview");
  log_rectangle (text, window, GTK_WIDGET (log->notebook), "notebook");
  log_buttons (window, text, window, log);
  if (g_strcmp0 (text->str, log->last) != 0)
    {
      g_printerr ("%s", text->str);
      g_free (log->last);
      log->last = g_string_free (text, FALSE);
    }
  else
    g_string_free (text, TRUE);
}

static void
list_focusable (GtkWidget *widget, gpointer data)
{
  GString *text = data;

  if (!gtk_widget_get_visible (widget) || !gtk_widget_is_sensitive (widget))
    return;
  if (gtk_widget_get_can_focus (widget))
    {
      g_autofree gchar *name = describe (widget);

      g_string_append_printf (text, "lrb-dialog: control %s\n", name);
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), list_focusable, text);
}

static void
log_page (Log *log)
{
  gint     page = gtk_notebook_get_current_page (log->notebook);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "lrb-dialog: page %d\n", page);
  list_focusable (gtk_notebook_get_nth_page (log->notebook, page), text);
  g_string_append_printf (text, "lrb-dialog: end of page %d\n", page);
  g_printerr ("%s", text->str);
  g_string_free (text, TRUE);
}

static void
focus_set (GtkWindow *window, GtkWidget *widget, Log *log)
{
  if (widget)
    {
      g_autofree gchar *name = describe (widget);

      g_printerr ("lrb-dialog: focus %s\n", name);
      /* Tab passes the tabs once a round: the page as it is then. */
      if (widget == GTK_WIDGET (log->notebook))
        log_page (log);
    }
}

static void
log_free (gpointer data, GClosure *closure)
{
  Log *log = data;

  g_free (log->last);
  g_free (log);
}

void
lrb_window_log_layout (GtkWindow *window, GtkNotebook *notebook, GtkWidget *preview)
{
  Log *log;

  if (!g_getenv ("LRB_DIALOG_LOG"))
    return;
  log = g_new0 (Log, 1);
  log->notebook = notebook;
  log->preview = preview;
  g_signal_connect_data (window, "size-allocate", G_CALLBACK (log_geometry), log, log_free,
                         G_CONNECT_AFTER);
  g_signal_connect (window, "set-focus", G_CALLBACK (focus_set), log);
}
