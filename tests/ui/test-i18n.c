/* lowrank-bokeh — the catalogues built from po/ reach the widgets.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <locale.h>

#include "lrb-energy-plot.h"

/* The catalogue under LANGUAGE (set by meson: de) replaces the English. */
static void
test_german_labels (void)
{
  g_assert_cmpstr (lrb_energy_kind_get_label (LRB_ENERGY_SQUARED), ==,
                   "Energie Σσᵢ²/Σσ² (Frobenius)");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Low-Rank _Bokeh..."), ==, "Low-Rank-_Bokeh …");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Hexagon"), ==, "Sechseck");
}

/* Every message of the dialog is translated in both catalogues: a string
 * added without a translation fails here. */
static void
test_complete (void)
{
  static const gchar *const languages[] = { "de", "fr" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree gchar *po = g_build_filename (g_getenv ("LRB_PO_DIR"), languages[i], NULL);
      g_autofree gchar *path = g_strconcat (po, ".po", NULL);
      g_autofree gchar *contents = NULL;
      g_auto (GStrv)    lines = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (gint l = 1; lines[l]; l++)
        /* An empty msgstr after a non-empty msgid is an untranslated message. */
        if (g_str_equal (lines[l], "msgstr \"\"") && !g_str_equal (lines[l - 1], "msgid \"\""))
          g_error ("%s line %d: untranslated message %s", path, l + 1, lines[l - 1]);
    }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LRB_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/german-labels", test_german_labels);
  g_test_add_func ("/i18n/complete", test_complete);
  return g_test_run ();
}
