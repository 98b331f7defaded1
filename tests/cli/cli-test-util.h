/* lowrank-bokeh — helpers for the lrbokeh tests: run the tool, make and
 * read files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint   status; /* the exit status; the test fails if a signal killed it */
  gchar *out;
  gchar *err;
} CliResult;

/* Runs $LRBOKEH with the NULL-terminated arguments. */
CliResult *cli_run          (const gchar *first_arg, ...) G_GNUC_NULL_TERMINATED;
CliResult *cli_run_argv     (const gchar *const *args);
CliResult *cli_run_valist   (const gchar *first_arg, va_list args);
/* Runs it, asserts exit status 0 and parses stdout as a JSON object. */
JsonObject *cli_run_json    (const gchar *first_arg, ...) G_GNUC_NULL_TERMINATED;
void       cli_result_free  (CliResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

/* A fresh directory under the system's temporary one, removed (with the
 * files in it) by cli_tmpdir_free. */
gchar     *cli_tmpdir_new   (void);
void       cli_tmpdir_free  (gchar *dir);
gchar     *cli_write_file   (const gchar *dir, const gchar *name, const gchar *contents);
GBytes    *cli_read_bytes   (const gchar *path);
/* The names in `dir`, sorted, joined by spaces. */
gchar     *cli_list_dir     (const gchar *dir);

/* Parses stdout as a JSON object (the test fails if it is not one). */
JsonObject *cli_parse_object (const CliResult *result);
/* A JSON array of numbers as doubles; *n receives its length. */
gdouble   *cli_doubles      (JsonObject *object, const gchar *member, guint *n);

void       cli_assert_exit  (const CliResult *result, gint status);

G_END_DECLS
