/* lowrank-bokeh — helpers for the lrbokeh tests.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-test-util.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

CliResult *
cli_run_argv (const gchar *const *args)
{
  const gchar         *exe = g_getenv ("LRBOKEH");
  const gchar         *wrap = g_getenv ("LRBOKEH_WRAP");
  g_auto (GStrv)       wrapper = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  CliResult           *result = g_new0 (CliResult, 1);
  g_autoptr (GError)   error = NULL;
  gint                 wait_status = 0;

  g_assert_nonnull (exe);
  /* LRBOKEH_WRAP="valgrind -q --error-exitcode=99" runs the tool itself
   * under valgrind (meson's --wrap only reaches this test program). */
  if (wrap && *wrap)
    {
      g_autoptr (GError) parse_error = NULL;

      g_shell_parse_argv (wrap, NULL, &wrapper, &parse_error);
      g_assert_no_error (parse_error);
      for (gchar **w = wrapper; *w; w++)
        g_ptr_array_add (argv, *w);
    }
  g_ptr_array_add (argv, (gpointer) exe);
  for (const gchar *const *a = args; *a; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (gchar **) argv->pdata, NULL,
                wrapper ? G_SPAWN_SEARCH_PATH : G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("lrbokeh died (wait status %d); stderr:\n%s", wait_status, result->err);
  result->status = WEXITSTATUS (wait_status);
  return result;
}

CliResult *
cli_run_valist (const gchar *first_arg, va_list ap)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();

  for (const gchar *a = first_arg; a; a = va_arg (ap, const gchar *))
    g_ptr_array_add (args, (gpointer) a);
  g_ptr_array_add (args, NULL);
  return cli_run_argv ((const gchar *const *) args->pdata);
}

CliResult *
cli_run (const gchar *first_arg, ...)
{
  CliResult *result;
  va_list    ap;

  va_start (ap, first_arg);
  result = cli_run_valist (first_arg, ap);
  va_end (ap);
  return result;
}

JsonObject *
cli_run_json (const gchar *first_arg, ...)
{
  g_autoptr (CliResult) result = NULL;
  va_list               ap;

  va_start (ap, first_arg);
  result = cli_run_valist (first_arg, ap);
  va_end (ap);
  cli_assert_exit (result, 0);
  return cli_parse_object (result);
}

void
cli_result_free (CliResult *result)
{
  if (!result)
    return;
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

void
cli_assert_exit (const CliResult *result, gint status)
{
  if (result->status != status)
    g_error ("lrbokeh exited with %d, expected %d\nstdout:\n%s\nstderr:\n%s",
             result->status, status, result->out, result->err);
  /* GLib's log lines: "(lrbokeh:123): GEGL-WARNING **: …" */
  if (strstr (result->err, "WARNING **") || strstr (result->err, "CRITICAL **"))
    g_error ("lrbokeh logged a warning:\n%s", result->err);
}

gchar *
cli_tmpdir_new (void)
{
  g_autoptr (GError) error = NULL;
  gchar             *dir = g_dir_make_tmp ("lrbokeh-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cli_tmpdir_free (gchar *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const gchar     *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

gchar *
cli_write_file (const gchar *dir, const gchar *name, const gchar *contents)
{
  gchar             *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

GBytes *
cli_read_bytes (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  gchar             *contents = NULL;
  gsize              length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

gchar *
cli_list_dir (const gchar *dir)
{
  g_autoptr (GDir)      d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar          *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (gchar **) names->pdata);
}

JsonObject *
cli_parse_object (const CliResult *result)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;
  JsonNode              *root;

  json_parser_load_from_data (parser, result->out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

gdouble *
cli_doubles (JsonObject *object, const gchar *member, guint *n)
{
  JsonArray *array;
  gdouble   *values;

  g_assert_true (json_object_has_member (object, member));
  array = json_object_get_array_member (object, member);
  g_assert_nonnull (array);
  *n = json_array_get_length (array);
  values = g_new (gdouble, MAX (*n, 1));
  for (guint i = 0; i < *n; i++)
    values[i] = json_array_get_double_element (array, i);
  return values;
}
