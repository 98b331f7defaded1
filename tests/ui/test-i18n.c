/* lowrank-bokeh — the catalogues built from po/ reach the widgets.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "lrb-energy-plot.h"

/* The German catalogue replaces the English. */
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

/* The letter after the first '_' of `label`, lower case; 0 when none. */
static gunichar
mnemonic_of (const gchar *label)
{
  const gchar *underscore = strchr (label, '_');

  return underscore && underscore[1] ? g_unichar_tolower (g_utf8_get_char (underscore + 1)) : 0;
}

/* The quoted text of a msgid or msgstr line and the lines that continue
 * it, unescaped no further than the test needs (a mnemonic letter). */
static gchar *
po_string (gchar **lines, gint *l)
{
  GString *text = g_string_new (NULL);

  for (const gchar *start = strchr (lines[*l], '"'); start; start = NULL)
    {
      g_string_append_len (text, start + 1, strlen (start + 1) - 1);
      while (lines[*l + 1] && lines[*l + 1][0] == '"')
        {
          (*l)++;
          g_string_append_len (text, lines[*l] + 1, strlen (lines[*l] + 1) - 1);
        }
    }
  return g_string_free (text, FALSE);
}

/* One window must not give one access key to two controls, or Alt+key
 * only cycles between them.  Every message with a mnemonic that ui/ uses
 * is in the plug-in's dialog; the menu entry (plugin/) is not.  Checked
 * for English (the msgids) and every catalogue of po/LINGUAS. */
static void
test_mnemonics_unique (void)
{
  g_autofree gchar *linguas_path = g_build_filename (g_getenv ("LRB_PO_DIR"), "LINGUAS", NULL);
  g_autofree gchar *linguas = NULL;
  g_auto (GStrv)    languages = NULL;
  gint              checked = 0;

  g_assert_true (g_file_get_contents (linguas_path, &linguas, NULL, NULL));
  languages = g_strsplit_set (g_strstrip (linguas), " \n", -1);
  for (gint i = 0; languages[i]; i++)
    {
      g_autofree gchar *po = g_build_filename (g_getenv ("LRB_PO_DIR"), languages[i], NULL);
      g_autofree gchar *path = g_strconcat (po, ".po", NULL);
      g_autofree gchar *contents = NULL;
      g_auto (GStrv)    lines = NULL;
      /* One table per language: the English side, and the catalogue's. */
      g_autoptr (GHashTable) english = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_autoptr (GHashTable) translated = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      gboolean               in_dialog = FALSE;
      g_autofree gchar      *msgid = NULL;

      if (!*languages[i])
        continue;
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (gint l = 0; lines[l]; l++)
        {
          if (g_str_has_prefix (lines[l], "#:"))
            in_dialog |= strstr (lines[l], " ui/") != NULL;
          else if (g_str_has_prefix (lines[l], "msgid "))
            {
              g_free (msgid);
              msgid = po_string (lines, &l);
            }
          else if (g_str_has_prefix (lines[l], "msgstr ") && msgid)
            {
              g_autofree gchar *msgstr = po_string (lines, &l);
              const gchar      *sides[2] = { msgid, msgstr };
              GHashTable       *tables[2] = { english, translated };

              for (gint side = 0; side < 2 && in_dialog; side++)
                {
                  gunichar     key = mnemonic_of (sides[side]);
                  const gchar *other;

                  if (!key)
                    continue;
                  other = g_hash_table_lookup (tables[side], GUINT_TO_POINTER (key));
                  if (other)
                    g_error ("%s: \"%s\" and \"%s\" both take Alt+%s in the dialog", path,
                             other, sides[side], g_ucs4_to_utf8 (&key, 1, NULL, NULL, NULL));
                  g_hash_table_insert (tables[side], GUINT_TO_POINTER (key),
                                       g_strdup (sides[side]));
                }
              in_dialog = FALSE;
              g_clear_pointer (&msgid, g_free);
            }
        }
      g_test_message ("%s: %u access keys in the dialog, all different", languages[i],
                      g_hash_table_size (translated));
      g_assert_cmpuint (g_hash_table_size (translated), >=, 15);
      checked++;
    }
  g_assert_cmpint (checked, >=, 2);
}

/* gettext finds the catalogue by the name of the LC_MESSAGES locale, with
 * LANGUAGE as a preference list on top, except under "C", which newer
 * glibc (Debian 13's 2.41) extends to "C.UTF-8": there LANGUAGE=de alone
 * no longer gives German.  A build machine rarely has a German locale, but
 * gettext needs no more of one than its name: when de_DE.UTF-8 is not
 * installed, C.UTF-8's message data stands in under that name, through
 * LOCPATH.  Once loaded the data is no longer read, so it goes at once. */
static void
use_german_messages (void)
{
  static const gchar *const c_utf8[] = { "/usr/lib/locale/C.utf8", "/usr/lib/locale/C.UTF-8" };
  g_autoptr (GError)        error = NULL;
  g_autofree gchar         *dir = NULL;
  g_autofree gchar         *german = NULL;
  g_autofree gchar         *messages = NULL;
  gboolean                  loaded;

  if (setlocale (LC_MESSAGES, "de_DE.UTF-8"))
    return;

  dir = g_dir_make_tmp ("lrb-test-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  german = g_build_filename (dir, "de_DE.UTF-8", NULL);
  messages = g_build_filename (german, "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir (german, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (c_utf8); i++)
    {
      g_autofree gchar *data = g_build_filename (c_utf8[i], "LC_MESSAGES", NULL);

      if (g_file_test (data, G_FILE_TEST_IS_DIR))
        {
          g_assert_cmpint (symlink (data, messages), ==, 0);
          break;
        }
    }
  g_setenv ("LOCPATH", dir, TRUE);
  loaded = setlocale (LC_MESSAGES, "de_DE.UTF-8") != NULL;
  g_unsetenv ("LOCPATH");
  g_unlink (messages);
  g_rmdir (german);
  g_rmdir (dir);
  if (!loaded)
    g_error ("no de_DE.UTF-8 locale, and no C.UTF-8 data to make one of");
}

int
main (int argc, char **argv)
{
  /* The rest of the locale from meson's LC_ALL, C.UTF-8: nothing of the
   * machine's own. */
  setlocale (LC_ALL, "");
  use_german_messages ();
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LRB_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/i18n/german-labels", test_german_labels);
  g_test_add_func ("/i18n/complete", test_complete);
  g_test_add_func ("/i18n/mnemonics-unique", test_mnemonics_unique);
  return g_test_run ();
}
