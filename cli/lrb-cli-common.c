/* lowrank-bokeh — what every lrbokeh subcommand reports with: errors and
 * their exit status, numbers that read back exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"
#include "lrb-image-check.h"

#include <gegl.h>

gint
lrb_cli_report_error (const gchar *command, const GError *error)
{
  gboolean usage = error->domain == G_OPTION_ERROR;

  g_printerr ("lrbokeh %s: %s\n", command, error->message);
  if (usage)
    g_printerr ("Try 'lrbokeh %s --help'.\n", command);
  return usage ? LRB_CLI_EXIT_USAGE : LRB_CLI_EXIT_BAD_INPUT;
}

void
lrb_cli_set_usage_error (GError **error, const gchar *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                                                format, args));
  va_end (args);
}

gchar *
lrb_cli_format_double (gdouble value)
{
  /* %.17g always round-trips but prints 0.1 as 0.10000000000000001. */
  for (gint digits = 15; digits < 17; digits++)
    {
      gchar *text = g_strdup_printf ("%.*g", digits, value);

      if (g_ascii_strtod (text, NULL) == value)
        return text;
      g_free (text);
    }
  return g_strdup_printf ("%.17g", value);
}

GeglBuffer *
lrb_cli_load_image (const gchar *path, GError **error)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglBuffer          *buffer = NULL;
  GeglNode            *load, *sink;
  GeglRectangle        extent;

  /* gegl:load does not say why it failed, and half-loads a truncated file
   * with a warning: check the file first. */
  if (!lrb_image_file_check (path, error))
    return NULL;

  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  /* An unreadable file has an empty extent: processing it only warns. */
  extent = gegl_node_get_bounding_box (load);
  if (extent.width > 0 && extent.height > 0)
    {
      sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer,
                                  NULL);
      gegl_node_link (load, sink);
      gegl_node_process (sink);
    }
  if (!buffer || gegl_buffer_get_width (buffer) < 1 || gegl_buffer_get_height (buffer) < 1)
    {
      g_clear_object (&buffer);
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO,
                   "%s: GEGL cannot load this file as an image", path);
      return NULL;
    }
  return buffer;
}
