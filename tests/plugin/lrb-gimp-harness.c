/* lowrank-bokeh — headless GIMP for the plug-in tests (gimp-lqr-tng's
 * model: a throwaway profile, and any WARNING or CRITICAL fails).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-gimp-harness.h"

#include <glib/gstdio.h>
#include <string.h>

static gchar *
required_env (const gchar *name)
{
  const gchar *value = g_getenv (name);

  if (!value || !g_file_test (value, G_FILE_TEST_EXISTS))
    g_error ("%s must name an existing file (meson test sets it)", name);
  return g_canonicalize_filename (value, NULL);
}

static void
copy_file (const gchar *from, const gchar *to, gboolean executable)
{
  g_autofree gchar *contents = NULL;
  gsize             length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
  if (executable)
    g_chmod (to, 0755);
}

static gchar *
run_console (const LrbGimp *gimp, const gchar *const *commands)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv)        env = g_get_environ ();
  g_autofree gchar     *out = NULL, *err = NULL;
  gint                  status = 0;
  g_autoptr (GError)    error = NULL;

  env = g_environ_setenv (env, "GIMP2_DIRECTORY", gimp->profile, TRUE);
  /* English messages, whatever the machine's locale. */
  env = g_environ_setenv (env, "LANGUAGE", "C", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);

  g_ptr_array_add (argv, "gimp-console-2.10");
  g_ptr_array_add (argv, "-i");
  g_ptr_array_add (argv, "-d");
  g_ptr_array_add (argv, "-f");
  g_ptr_array_add (argv, "--batch-interpreter=plug-in-script-fu-eval");
  for (gint i = 0; commands && commands[i]; i++)
    {
      g_ptr_array_add (argv, "-b");
      g_ptr_array_add (argv, (gpointer) commands[i]);
    }
  g_ptr_array_add (argv, "-b");
  g_ptr_array_add (argv, "(gimp-quit 0)");
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (gimp->root, (gchar **) argv->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  return g_strconcat (out, err, NULL);
}

LrbGimp *
lrb_gimp_new (void)
{
  LrbGimp          *gimp = g_new0 (LrbGimp, 1);
  g_autofree gchar *plugin = required_env ("LRB_PLUGIN");
  g_autofree gchar *script = required_env ("LRB_BATCH_SCRIPT");
  g_autofree gchar *plugin_dir = NULL, *output = NULL;
  g_autofree gchar *plugin_copy = NULL, *script_copy = NULL;

  gimp->lrbokeh = required_env ("LRBOKEH");
  gimp->root = g_dir_make_tmp ("lrb-gimp-XXXXXX", NULL);
  gimp->profile = g_build_filename (gimp->root, "profile", NULL);

  /* GIMP fills a profile folder only when it does not exist yet. */
  output = run_console (gimp, NULL);
  g_assert_true (g_file_test (gimp->profile, G_FILE_TEST_IS_DIR));

  plugin_dir = g_build_filename (gimp->profile, "plug-ins", "lowrank-bokeh", NULL);
  g_mkdir_with_parents (plugin_dir, 0755);
  plugin_copy = g_build_filename (plugin_dir, "lowrank-bokeh", NULL);
  copy_file (plugin, plugin_copy, TRUE);
  script_copy = g_build_filename (gimp->profile, "scripts", "lowrank-bokeh-batch.scm", NULL);
  copy_file (script, script_copy, FALSE);
  return gimp;
}

static void
remove_tree (const gchar *path)
{
  GDir        *dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  if (dir)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree gchar *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

void
lrb_gimp_free (LrbGimp *gimp)
{
  if (g_getenv ("LRB_KEEP_TEMP"))
    g_printerr ("kept %s\n", gimp->root);
  else
    remove_tree (gimp->root);
  g_free (gimp->root);
  g_free (gimp->profile);
  g_free (gimp->lrbokeh);
  g_free (gimp);
}

gchar *
lrb_gimp_path (const LrbGimp *gimp, const gchar *name)
{
  return g_build_filename (gimp->root, name, NULL);
}

gchar *
lrb_gimp_run (const LrbGimp *gimp, const gchar *const *commands)
{
  gchar *output = run_console (gimp, commands);

  if (g_test_verbose ())
    g_printerr ("%s", output);
  if (strstr (output, "WARNING") || strstr (output, "CRITICAL") || strstr (output, "leaked"))
    {
      g_printerr ("GIMP said:\n%s\n", output);
      g_assert_null (strstr (output, "WARNING"));
      g_assert_null (strstr (output, "CRITICAL"));
      g_assert_null (strstr (output, "leaked"));
    }
  return output;
}

void
lrb_test_save_png (GeglBuffer *buffer, const gchar *path, gint bitdepth)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglNode            *source, *save;

  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", "gegl:png-save", "path", path,
                              "bitdepth", bitdepth, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

GeglBuffer *
lrb_test_load (const gchar *path)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglBuffer          *buffer = NULL;
  GeglNode            *load, *sink;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_assert_nonnull (buffer);
  return buffer;
}

gchar *
lrb_test_file_checksum (const gchar *path)
{
  g_autofree gchar *contents = NULL;
  gsize             length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}
