/* lowrank-bokeh — `lrbokeh factors`: the filters rebuild the kernel, in
 * every output format.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-test-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows sum to 26, 4, 16, 9, 8: normalized entries are these over 63. */
static const gchar  kernel_text[] =
  "# 5 × 4, full rank, one negative entry\n"
  "1 2 3 20\n"
  "0.5, -1.5, 2, 3\n"
  "4 4 4 4\n"
  "0 9 0 0\n"
  "2 2 1 3\n";
static const gdouble kernel_values[5][4] = {
  { 1, 2, 3, 20 }, { 0.5, -1.5, 2, 3 }, { 4, 4, 4, 4 }, { 0, 9, 0, 0 }, { 2, 2, 1, 3 },
};
#define KERNEL_SUM 63.0

/* Σ vertical_i ⊗ horizontal_i from a factors JSON object. */
static gdouble *
rebuild (JsonObject *f, gint *rows, gint *cols)
{
  JsonArray *vertical = json_object_get_array_member (f, "vertical");
  JsonArray *horizontal = json_object_get_array_member (f, "horizontal");
  gint       rank = json_object_get_int_member (f, "rank");
  gdouble   *k;

  *rows = json_object_get_int_member (f, "rows");
  *cols = json_object_get_int_member (f, "cols");
  g_assert_cmpuint (json_array_get_length (vertical), ==, rank);
  g_assert_cmpuint (json_array_get_length (horizontal), ==, rank);
  k = g_new0 (gdouble, *rows * *cols);
  for (gint t = 0; t < rank; t++)
    {
      JsonArray *v = json_array_get_array_element (vertical, t);
      JsonArray *h = json_array_get_array_element (horizontal, t);

      g_assert_cmpuint (json_array_get_length (v), ==, *rows);
      g_assert_cmpuint (json_array_get_length (h), ==, *cols);
      for (gint i = 0; i < *rows; i++)
        for (gint j = 0; j < *cols; j++)
          k[i * *cols + j] += json_array_get_double_element (v, i) *
                              json_array_get_double_element (h, j);
    }
  return k;
}

static JsonObject *
factors_json (const gchar *path, const gchar *rank, gboolean normalize)
{
  const gchar *args[] = { "factors", path, "--rank", rank, "--format", "json",
                          normalize ? NULL : "--no-normalize", NULL };
  g_autoptr (CliResult) result = cli_run_argv (args);

  cli_assert_exit (result, 0);
  return cli_parse_object (result);
}

static void
test_full_rank (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *path = cli_write_file (dir, "k.txt", kernel_text);

  for (gint normalize = 0; normalize < 2; normalize++)
    {
      g_autoptr (JsonObject) f = factors_json (path, normalize ? "4" : "full", normalize);
      g_autofree gdouble    *k = NULL;
      gint                   rows, cols;
      gdouble                scale = normalize ? KERNEL_SUM : 1.0;

      g_assert_cmpint (json_object_get_int_member (f, "rank"), ==, 4);
      k = rebuild (f, &rows, &cols);
      g_assert_cmpint (rows, ==, 5);
      g_assert_cmpint (cols, ==, 4);
      for (gint i = 0; i < rows; i++)
        for (gint j = 0; j < cols; j++)
          g_assert_cmpfloat_with_epsilon (k[i * cols + j], kernel_values[i][j] / scale,
                                          1e-9 * 20 / scale);
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* Truncated factors are the best rank-r approximation: their error is the
 * one analyze reports, and singular_values are the leading σ. */
static void
test_truncated (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *path = cli_write_file (dir, "k.txt", kernel_text);
  g_autoptr (CliResult)  analyze = cli_run ("analyze", path, "--json", NULL);
  g_autoptr (JsonObject) a = NULL;
  g_autofree gdouble    *error = NULL, *sigma = NULL;
  guint                  n;

  cli_assert_exit (analyze, 0);
  a = cli_parse_object (analyze);
  error = cli_doubles (a, "relative_error", &n);
  sigma = cli_doubles (a, "singular_values", &n);

  for (gint r = 1; r <= 3; r++)
    {
      g_autofree gchar      *rank = g_strdup_printf ("%d", r);
      g_autoptr (JsonObject) f = factors_json (path, rank, TRUE);
      g_autofree gdouble    *k = NULL, *s = NULL;
      gint                   rows, cols;
      gdouble                diff = 0, norm = 0;
      guint                  n_s;

      k = rebuild (f, &rows, &cols);
      for (gint i = 0; i < rows; i++)
        for (gint j = 0; j < cols; j++)
          {
            gdouble ref = kernel_values[i][j] / KERNEL_SUM;

            diff += (k[i * cols + j] - ref) * (k[i * cols + j] - ref);
            norm += ref * ref;
          }
      g_assert_cmpfloat_with_epsilon (sqrt (diff / norm), error[r - 1], 1e-9);
      s = cli_doubles (f, "singular_values", &n_s);
      g_assert_cmpuint (n_s, ==, r);
      for (gint i = 0; i < r; i++)
        g_assert_cmpfloat (s[i], ==, sigma[i]);
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The text format prints every number so that it reads back exactly. */
static void
test_text (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *path = cli_write_file (dir, "k.txt", kernel_text);
  g_autoptr (JsonObject) f = factors_json (path, "2", TRUE);
  g_autoptr (CliResult)  result = cli_run ("factors", path, "--rank", "2", NULL);
  g_auto (GStrv)         lines = NULL;
  gint                   seen[2] = { 0, 0 };

  cli_assert_exit (result, 0);
  lines = g_strsplit (result->out, "\n", -1);
  for (gchar **l = lines; *l; l++)
    {
      gboolean    vertical = g_str_has_prefix (*l, "vertical ");
      JsonArray  *terms;
      JsonArray  *expected;
      gchar     **numbers;
      guint       count = 0;

      if (!vertical && !g_str_has_prefix (*l, "horizontal "))
        {
          g_assert_true (**l == '#' || **l == '\0');
          continue;
        }
      terms = json_object_get_array_member (f, vertical ? "vertical" : "horizontal");
      expected = json_array_get_array_element (terms, seen[vertical]++);
      numbers = g_strsplit_set (strchr (*l, ' '), " ", -1);
      for (gchar **x = numbers; *x; x++)
        if (**x)
          g_assert_cmpfloat (g_ascii_strtod (*x, NULL), ==,
                             json_array_get_double_element (expected, count++));
      g_assert_cmpuint (count, ==, json_array_get_length (expected));
      g_strfreev (numbers);
    }
  g_assert_cmpint (seen[0], ==, 2);
  g_assert_cmpint (seen[1], ==, 2);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_integer (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *path = cli_write_file (dir, "k.txt", "6 24 9\n8 32 12\n2 8 3\n");
  g_autofree gchar *scaled = cli_write_file (dir, "s.txt", "-2 -4\n-4 -8\n6 12\n");
  g_autofree gchar *rank2 = cli_write_file (dir, "r2.txt", "1 2\n3 4\n");
  g_autofree gchar *fraction = cli_write_file (dir, "f.txt", "0.5 1\n1 2\n");
  const gint64      column[] = { 3, 4, 1 }, row[] = { 2, 8, 3 };

  {
    g_autoptr (CliResult)  result = cli_run ("factors", path, "--integer", "--format", "json",
                                             NULL);
    g_autoptr (JsonObject) o = NULL;
    JsonArray             *c, *r;

    cli_assert_exit (result, 0);
    o = cli_parse_object (result);
    c = json_object_get_array_member (o, "column");
    r = json_object_get_array_member (o, "row");
    g_assert_cmpuint (json_array_get_length (c), ==, 3);
    g_assert_cmpuint (json_array_get_length (r), ==, 3);
    for (gint i = 0; i < 3; i++)
      {
        g_assert_cmpint (json_array_get_int_element (c, i), ==, column[i]);
        g_assert_cmpint (json_array_get_int_element (r, i), ==, row[i]);
      }
    g_assert_cmpint (json_object_get_int_member (o, "scale"), ==, 1);
  }
  {
    g_autoptr (CliResult) result = cli_run ("factors", path, "--integer", NULL);

    cli_assert_exit (result, 0);
    g_assert_nonnull (strstr (result->out, "column     3 4 1\n"));
    g_assert_nonnull (strstr (result->out, "row        2 8 3\n"));
  }
  {
    /* [-2 -4; -4 -8; 6 12] = ±2 · ±[1 2 -3]ᵀ ⊗ [1 2]: exact, primitive, the
     * row starting positive; the signs of column and scale are free. */
    const gint64           k[3][2] = { { -2, -4 }, { -4, -8 }, { 6, 12 } };
    g_autoptr (CliResult)  result = cli_run ("factors", scaled, "--integer", "--format", "json",
                                             NULL);
    g_autoptr (JsonObject) o = NULL;
    JsonArray             *c, *r;
    gint64                 scale;

    cli_assert_exit (result, 0);
    o = cli_parse_object (result);
    c = json_object_get_array_member (o, "column");
    r = json_object_get_array_member (o, "row");
    scale = json_object_get_int_member (o, "scale");
    g_assert_cmpint (ABS (scale), ==, 2);
    g_assert_cmpint (json_array_get_int_element (r, 0), ==, 1);
    g_assert_cmpint (json_array_get_int_element (r, 1), ==, 2);
    g_assert_cmpint (ABS (json_array_get_int_element (c, 0)), ==, 1);
    for (gint i = 0; i < 3; i++)
      for (gint j = 0; j < 2; j++)
        g_assert_cmpint (scale * json_array_get_int_element (c, i) *
                         json_array_get_int_element (r, j), ==, k[i][j]);
  }
  {
    const gchar *const bad[] = { rank2, fraction };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (CliResult) result = cli_run ("factors", bad[i], "--integer", NULL);

        cli_assert_exit (result, 1);
        g_assert_nonnull (strstr (result->err, "not an integer rank-1 kernel"));
        g_assert_cmpstr (result->out, ==, "");
      }
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The C snippet compiles and, run, gives the same kernel as the JSON. */
static void
test_c_snippet (void)
{
  const gchar           *cc = g_getenv ("LRB_TEST_CC");
  g_autofree gchar      *dir = NULL, *header = NULL, *source = NULL, *exe = NULL;
  g_autofree gchar      *run_out = NULL, *cc_err = NULL;
  g_autoptr (CliResult)  result = NULL;
  g_autoptr (JsonObject) f = NULL;
  g_autofree gdouble    *k = NULL;
  g_autoptr (GError)     error = NULL;
  g_auto (GStrv)         values = NULL;
  g_auto (GStrv)         cc_argv = NULL;
  g_autofree gchar      *cc_path = NULL;
  gint                   rows, cols, status = -1;

  /* The build's compiler command, perhaps with a launcher ("ccache cc"). */
  if (cc && *cc && g_shell_parse_argv (cc, NULL, &cc_argv, NULL))
    cc_path = g_find_program_in_path (cc_argv[0]);
  if (!cc_path)
    {
      g_test_skip ("no C compiler (LRB_TEST_CC)");
      return;
    }
  dir = cli_tmpdir_new ();
  result = cli_run ("factors", "--shape", "disc", "--radius", "4", "--rank", "3", "--format",
                    "c", "--name", "disc", NULL);
  cli_assert_exit (result, 0);
  header = cli_write_file (dir, "disc.h", result->out);
  source = cli_write_file (dir, "main.c",
                           "#include <stdio.h>\n#include \"disc.h\"\n"
                           "int main (void)\n{\n"
                           "  printf (\"%d %d\\n\", DISC_ANCHOR_ROW, DISC_ANCHOR_COL);\n"
                           "  for (int r = 0; r < DISC_ROWS; r++)\n"
                           "    for (int c = 0; c < DISC_COLS; c++)\n"
                           "      {\n"
                           "        double v = 0;\n"
                           "        for (int i = 0; i < DISC_RANK; i++)\n"
                           "          v += (double) disc_vertical[i][r] * disc_horizontal[i][c];\n"
                           "        printf (\"%.9g\\n\", v);\n"
                           "      }\n"
                           "  return 0;\n}\n");
  exe = g_build_filename (dir, "snippet", NULL);
  {
    g_autoptr (GPtrArray) argv = g_ptr_array_new ();
    const gchar *const    flags[] = { "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", exe,
                                      source, NULL };

    g_ptr_array_add (argv, cc_path);
    for (gchar **a = cc_argv + 1; *a; a++)
      g_ptr_array_add (argv, *a);
    for (const gchar *const *flag = flags; *flag; flag++)
      g_ptr_array_add (argv, (gpointer) *flag);
    g_ptr_array_add (argv, NULL);
    g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &cc_err,
                  &status, &error);
    g_assert_no_error (error);
    if (status != 0)
      g_error ("the C snippet does not compile:\n%s\n%s", cc_err, result->out);
  }
  {
    const gchar *argv[] = { exe, NULL };

    g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run_out, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }

  g_clear_pointer (&result, cli_result_free);
  result = cli_run ("factors", "--shape", "disc", "--radius", "4", "--rank", "3", "--format",
                    "json", NULL);
  cli_assert_exit (result, 0);
  f = cli_parse_object (result);
  k = rebuild (f, &rows, &cols);
  values = g_strsplit (run_out, "\n", -1);
  g_assert_cmpuint (g_strv_length (values), ==, 1 + rows * cols + 1);
  g_assert_cmpint (atoi (values[0]), ==, rows / 2);
  g_assert_cmpint (atoi (strchr (values[0], ' ')), ==, cols / 2);
  for (gint i = 0; i < rows * cols; i++)
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (values[i + 1], NULL), k[i], 1e-6);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* GLSL: one array per term, with the JSON's values as floats. */
static void
test_glsl (void)
{
  g_autoptr (CliResult)  result = cli_run ("factors", "--shape", "hexagon", "--radius", "5",
                                           "--rank", "3", "--format", "glsl", NULL);
  g_autoptr (CliResult)  json = cli_run ("factors", "--shape", "hexagon", "--radius", "5",
                                         "--rank", "3", "--format", "json", NULL);
  g_autoptr (JsonObject) f = NULL;
  JsonArray             *vertical;
  const gchar           *needle = "LRB_VERTICAL_1[11] = float[11](";
  const gchar           *start;
  g_autofree gchar      *list = NULL;
  g_auto (GStrv)         numbers = NULL;

  cli_assert_exit (result, 0);
  cli_assert_exit (json, 0);
  f = cli_parse_object (json);
  g_assert_nonnull (strstr (result->out, "const int LRB_RANK = 3;"));
  for (gint i = 0; i < 3; i++)
    {
      g_autofree gchar *v = g_strdup_printf ("const float LRB_VERTICAL_%d[11] = float[11](", i);
      g_autofree gchar *h = g_strdup_printf ("const float LRB_HORIZONTAL_%d[11] = float[11](",
                                             i);

      g_assert_nonnull (strstr (result->out, v));
      g_assert_nonnull (strstr (result->out, h));
    }
  g_assert_null (strstr (result->out, "LRB_VERTICAL_3"));

  vertical = json_array_get_array_element (json_object_get_array_member (f, "vertical"), 1);
  start = strstr (result->out, needle) + strlen (needle);
  list = g_strndup (start, strchr (start, ')') - start);
  numbers = g_strsplit_set (list, ", \n", -1);
  {
    guint count = 0;

    for (gchar **x = numbers; *x; x++)
      if (**x)
        {
          gdouble expected = json_array_get_double_element (vertical, count++);
          g_assert_cmpfloat ((gfloat) g_ascii_strtod (*x, NULL), ==, (gfloat) expected);
        }
    g_assert_cmpuint (count, ==, 11);
  }
}

/* --factorization nonnegative: every tap of every filter ≥ 0, the
 * reported error is the rebuilt kernel's (against the full-rank SVD
 * rebuild, an independent route to the kernel), never below the SVD's at
 * that rank, and analyze reports the same error; GLSL carries the same
 * non-negative taps for shader authors. */
static void
test_nonnegative (void)
{
  g_autoptr (JsonObject) full = NULL, analyze_json = NULL;
  g_autoptr (CliResult)  analyze = cli_run ("analyze", "--shape", "hexagon", "--radius", "6",
                                            "--json", "--factorization", "nonnegative", NULL);
  g_autofree gdouble    *k = NULL, *svd_error = NULL, *nn_error = NULL;
  gint                   rows, cols;
  guint                  n, n_nn;

  {
    g_autoptr (CliResult) r = cli_run ("factors", "--shape", "hexagon", "--radius", "6", "--rank",
                                       "full", "--format", "json", NULL);

    cli_assert_exit (r, 0);
    full = cli_parse_object (r);
    k = rebuild (full, &rows, &cols);
  }
  cli_assert_exit (analyze, 0);
  analyze_json = cli_parse_object (analyze);
  svd_error = cli_doubles (analyze_json, "relative_error", &n);
  nn_error = cli_doubles (analyze_json, "nonnegative_relative_error", &n_nn);

  for (gint r = 1; r <= 4; r++)
    {
      g_autofree gchar      *rank = g_strdup_printf ("%d", r);
      g_autoptr (CliResult)  result = cli_run ("factors", "--shape", "hexagon", "--radius", "6",
                                               "--rank", rank, "--format", "json",
                                               "--factorization", "nonnegative", NULL);
      g_autoptr (CliResult)  glsl = cli_run ("factors", "--shape", "hexagon", "--radius", "6",
                                             "--rank", rank, "--format", "glsl",
                                             "--factorization", "nonnegative", NULL);
      g_autoptr (JsonObject) f = NULL;
      g_autofree gdouble    *k_r = NULL;
      gdouble                diff = 0, norm = 0, lowest = 0;
      gint                   rr, cc;

      cli_assert_exit (result, 0);
      cli_assert_exit (glsl, 0);
      f = cli_parse_object (result);
      g_assert_cmpstr (json_object_get_string_member (f, "factorization"), ==, "nonnegative");
      g_assert_true (json_object_has_member (f, "term_scales"));
      k_r = rebuild (f, &rr, &cc);
      g_assert_cmpint (rr, ==, rows);
      for (gint i = 0; i < rows * cols; i++)
        {
          diff += (k_r[i] - k[i]) * (k_r[i] - k[i]);
          norm += k[i] * k[i];
          lowest = MIN (lowest, k_r[i]);
        }
      g_assert_cmpfloat (lowest, >=, 0.0);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (f, "relative_error"),
                                      sqrt (diff / norm), 1e-9);
      g_assert_cmpfloat (sqrt (diff / norm), >=, svd_error[r - 1] - 1e-12);
      g_assert_cmpfloat_with_epsilon (nn_error[r - 1], sqrt (diff / norm), 1e-12);
      /* No minus sign anywhere in the shader's numbers. */
      g_assert_nonnull (strstr (glsl->out, "non-negative"));
      g_assert_null (strstr (strstr (glsl->out, "const float"), "-"));
    }
}

static void
test_usage (void)
{
  const gchar *const cases[][8] = {
    { "factors", "--shape", "disc", "--format", "fortran" },
    { "factors", "--shape", "disc", "--format", "c", "--name", "2bad" },
    { "factors", "--shape", "disc", "--rank", "3", "--energy", "0.9" },
    { "factors", "--shape", "disc", "--rank" },
    { "factors", "--shape", "disc", "--rank", "2", "--factorization", "positive" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CliResult) result = cli_run_argv (cases[i]);
      cli_assert_exit (result, 2);
      g_assert_cmpstr (result->out, ==, "");
    }
  {
    /* A 9 × 9 disc has ranks 1 to 9. */
    g_autoptr (CliResult) result = cli_run ("factors", "--shape", "disc", "--radius", "4",
                                            "--rank", "10", NULL);
    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "rank 10"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/factors/full-rank", test_full_rank);
  g_test_add_func ("/cli/factors/truncated", test_truncated);
  g_test_add_func ("/cli/factors/text", test_text);
  g_test_add_func ("/cli/factors/integer", test_integer);
  g_test_add_func ("/cli/factors/c-snippet", test_c_snippet);
  g_test_add_func ("/cli/factors/glsl", test_glsl);
  g_test_add_func ("/cli/factors/usage", test_usage);
  g_test_add_func ("/cli/factors/nonnegative", test_nonnegative);
  return g_test_run ();
}
