/* lowrank-bokeh — what every lrbokeh subcommand reports with: errors and
 * their exit status, numbers that read back exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

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
