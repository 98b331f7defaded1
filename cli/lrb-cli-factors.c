/* lowrank-bokeh — `lrbokeh factors`: the 1-D filters, for people who apply
 * them elsewhere (a shader, their own C code, a script).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef enum
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_C,
  FORMAT_GLSL
} Format;

typedef struct
{
  Format       format;
  const gchar *name;        /* identifier prefix for c and glsl */
  const gchar *description;
} Output;

/* Shortest float literal that reads back as the same float (9 digits
 * always do); C wants a '.' or an exponent before its 'f'.  main() keeps
 * LC_NUMERIC at "C". */
static void
append_float (GString *text, gdouble value, gboolean c_suffix)
{
  gchar buf[32];

  for (gint digits = 6; digits <= 9; digits++)
    {
      g_snprintf (buf, sizeof buf, "%.*g", digits, value);
      if ((gfloat) g_ascii_strtod (buf, NULL) == (gfloat) value)
        break;
    }
  g_string_append (text, buf);
  if (!strpbrk (buf, ".eEn"))
    g_string_append (text, ".0");
  if (c_suffix)
    g_string_append_c (text, 'f');
}

/* `text` for a comment in generated code: ASCII, and unable to close it. */
static gchar *
code_safe (const gchar *text)
{
  GString *safe = g_string_new (NULL);

  for (const gchar *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == 0xb0) /* ° */
        g_string_append (safe, " deg");
      else if (c == 0xd7) /* × */
        g_string_append_c (safe, 'x');
      else if (c == '/' && safe->len > 0 && safe->str[safe->len - 1] == '*')
        g_string_append (safe, " /");
      else if (c >= 0x20 && c < 0x7f)
        g_string_append_c (safe, c);
      else
        g_string_append_c (safe, '?');
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
    }
  return g_string_free (safe, FALSE);
}

/* A comment block in the output's language, one line of `body` per line. */
static void
append_comment (GString *text, Format format, const gchar *body)
{
  g_auto (GStrv) lines = g_strsplit (body, "\n", -1);
  guint          n = g_strv_length (lines);

  if (n > 0 && *lines[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      if (format == FORMAT_C)
        g_string_append (text, i == 0 ? "/* " : " * ");
      else
        g_string_append (text, format == FORMAT_GLSL ? "// " : "# ");
      g_string_append (text, lines[i]);
      g_string_append (text, format == FORMAT_C && i + 1 == n ? " */\n" : "\n");
    }
}

static void
append_number (GString *text, const Output *out, gdouble value, gboolean integer)
{
  if (integer)
    g_string_append_printf (text, "%" G_GINT64_FORMAT, (gint64) value);
  else if (out->format == FORMAT_C || out->format == FORMAT_GLSL)
    append_float (text, value, out->format == FORMAT_C);
  else
    {
      g_autofree gchar *number = lrb_cli_format_double (value);
      g_string_append (text, number);
    }
}

/* The values, space-separated in text; comma-separated in code, six to a
 * line when there are more than six. */
static void
append_list (GString *text, const Output *out, const gdouble *values, gint n,
             gboolean integer, const gchar *indent)
{
  gboolean code = out->format == FORMAT_C || out->format == FORMAT_GLSL;
  gboolean wrap = code && n > 6;

  for (gint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (text, code ? "," : " ");
      if (wrap && i % 6 == 0)
        g_string_append_printf (text, "\n%s", indent);
      else if (code && (i > 0 || out->format == FORMAT_C))
        g_string_append_c (text, ' ');
      append_number (text, out, values[i], integer);
    }
  /* The closing bracket goes one level (two spaces) out. */
  if (wrap)
    g_string_append_printf (text, "\n%.*s", (gint) strlen (indent) - 2, indent);
  else if (out->format == FORMAT_C)
    g_string_append_c (text, ' ');
}

/* One group of 1-D filters ("vertical", "horizontal"); `count` 0 means a
 * single vector, the integer factors' "column" and "row". */
static void
append_filters (GString *text, const Output *out, const gchar *role, const gdouble *values,
                gint count, gint length)
{
  g_autofree gchar *upper = g_ascii_strup (out->name, -1);
  g_autofree gchar *role_upper = g_ascii_strup (role, -1);
  gboolean          integer = count == 0;
  gint              n = MAX (count, 1);

  switch (out->format)
    {
    case FORMAT_TEXT:
      for (gint i = 0; i < n; i++)
        {
          g_string_append_printf (text, "%-10s ", role);
          append_list (text, out, values + (gsize) i * length, length, integer, "");
          g_string_append_c (text, '\n');
        }
      break;

    case FORMAT_C:
      if (integer)
        {
          g_string_append_printf (text, "static const long long %s_%s[%d] = {", out->name,
                                  role, length);
          append_list (text, out, values, length, TRUE, "  ");
          g_string_append (text, "};\n");
          break;
        }
      g_string_append_printf (text, "static const float %s_%s[%d][%d] = {\n", out->name,
                              role, count, length);
      for (gint i = 0; i < count; i++)
        {
          g_string_append (text, "  {");
          append_list (text, out, values + (gsize) i * length, length, FALSE, "    ");
          g_string_append_printf (text, "}%s\n", i + 1 < count ? "," : "");
        }
      g_string_append (text, "};\n");
      break;

    case FORMAT_GLSL:
      /* Arrays of arrays need GLSL 4.30: one array per term instead. */
      for (gint i = 0; i < n; i++)
        {
          g_autofree gchar *suffix = integer ? g_strdup ("") : g_strdup_printf ("_%d", i);
          const gchar      *type = integer ? "int" : "float";

          g_string_append_printf (text, "const %s %s_%s%s[%d] = %s[%d](", type, upper,
                                  role_upper, suffix, length, type, length);
          append_list (text, out, values + (gsize) i * length, length, integer, "  ");
          g_string_append (text, ");\n");
        }
      break;

    case FORMAT_JSON:
      g_assert_not_reached ();
    }
}

static JsonNode *
json_matrix (const gdouble *values, gint count, gint length)
{
  g_autoptr (JsonArray) outer = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (gint i = 0; i < count; i++)
    {
      JsonArray *inner = json_array_sized_new (length);

      for (gint j = 0; j < length; j++)
        json_array_add_double_element (inner, values[(gsize) i * length + j]);
      json_array_add_array_element (outer, inner);
    }
  json_node_set_array (node, outer);
  return node;
}

/* ‖vertical_i‖·‖horizontal_i‖: σᵢ for the SVD's terms. */
static gdouble
term_scale (const LrbFactors *f, gint i)
{
  gdouble nv = 0.0, nh = 0.0;

  for (gint r = 0; r < f->rows; r++)
    nv += f->vertical[(gsize) i * f->rows + r] * f->vertical[(gsize) i * f->rows + r];
  for (gint c = 0; c < f->cols; c++)
    nh += f->horizontal[(gsize) i * f->cols + c] * f->horizontal[(gsize) i * f->cols + c];
  return sqrt (nv * nh);
}

static void
print_factors (const Output *out, const LrbFactors *f, const LrbAnalysis *a,
               const LrbKernel *kernel, LrbFactorization factorization)
{
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean            svd = factorization == LRB_FACTORIZATION_SVD;
  gdouble             error = svd ? a->relative_error[f->rank - 1]
                                  : lrb_factors_relative_error (f, kernel);
  g_autofree gchar   *upper = g_ascii_strup (out->name, -1);
  const gchar        *kind = svd ? "" : "non-negative ";

  if (out->format == FORMAT_JSON)
    {
      g_autoptr (JsonObject) object = json_object_new ();
      g_autoptr (JsonNode)   root = json_node_new (JSON_NODE_OBJECT);
      JsonArray             *values = json_array_new ();

      json_object_set_string_member (object, "kernel", out->description);
      json_object_set_int_member (object, "rank", f->rank);
      json_object_set_int_member (object, "rows", f->rows);
      json_object_set_int_member (object, "cols", f->cols);
      json_object_set_int_member (object, "anchor_row", f->rows / 2);
      json_object_set_int_member (object, "anchor_col", f->cols / 2);
      json_object_set_string_member (object, "factorization",
                                     lrb_factorization_to_nick (factorization));
      json_object_set_double_member (object, "relative_error", error);
      /* The SVD's terms are scaled by σᵢ; non-negative ones by their own
       * ‖verticalᵢ‖·‖horizontalᵢ‖. */
      for (gint i = 0; i < f->rank; i++)
        json_array_add_double_element (values, svd ? a->singular_values[i] : term_scale (f, i));
      json_object_set_array_member (object, svd ? "singular_values" : "term_scales", values);
      json_object_set_member (object, "vertical", json_matrix (f->vertical, f->rank, f->rows));
      json_object_set_member (object, "horizontal",
                              json_matrix (f->horizontal, f->rank, f->cols));
      json_node_set_object (root, object);
      lrb_cli_print_json (root);
      return;
    }

  if (out->format == FORMAT_TEXT)
    {
      g_autofree gchar *header =
        g_strdup_printf ("rank %d of %d, %sfactors: %s, %d × %d, relative error %.3e\n"
                         "K_r = Σᵢ verticalᵢ ⊗ horizontalᵢ, applied as a convolution "
                         "anchored at row %d, column %d\n", f->rank, a->n_values, svd ? "SVD " : kind,
                         out->description, f->rows, f->cols, error, f->rows / 2, f->cols / 2);

      append_comment (text, out->format, header);
      for (gint i = 0; i < f->rank; i++)
        {
          g_autofree gchar *sigma = lrb_cli_format_double (svd ? a->singular_values[i]
                                                                : term_scale (f, i));

          g_string_append_printf (text, "# term %d, %s = %s\n", i + 1, svd ? "σ" : "scale", sigma);
          append_filters (text, out, "vertical", f->vertical + (gsize) i * f->rows, 1, f->rows);
          append_filters (text, out, "horizontal", f->horizontal + (gsize) i * f->cols, 1,
                          f->cols);
        }
      fputs (text->str, stdout);
      return;
    }

  /* Generated code stays ASCII: it ends up in other people's sources. */
  {
    g_autofree gchar *description = code_safe (out->description);
    g_autofree gchar *header =
      g_strdup_printf ("Rank-%d %sseparable approximation of a %dx%d kernel (%s),\n"
                       "made by `lrbokeh factors`; relative Frobenius error %.3e.\n"
                       "K ~ sum over i of vertical_i (x) horizontal_i.  Apply it as a\n"
                       "CONVOLUTION, not a correlation: for each term i, filter the\n"
                       "columns, then the rows, and add up the %d results:\n"
                       "  tmp(y, x)  = sum_a vertical_i[a]   * in(y + %d - a, x)\n"
                       "  out(y, x) += sum_b horizontal_i[b] * tmp(y, x + %d - b)\n"
                       "The anchor is (rows / 2, cols / 2) = (%d, %d); row 0 is the top\n"
                       "of the kernel as drawn, so y grows downwards.\n",
                       f->rank, kind, f->rows, f->cols, description, error, f->rank,
                       f->rows / 2, f->cols / 2, f->rows / 2, f->cols / 2);

    append_comment (text, out->format, header);
  }
  if (out->format == FORMAT_C)
    g_string_append_printf (text, "#define %s_RANK %d\n#define %s_ROWS %d\n"
                            "#define %s_COLS %d\n#define %s_ANCHOR_ROW %d\n"
                            "#define %s_ANCHOR_COL %d\n\n", upper, f->rank, upper, f->rows,
                            upper, f->cols, upper, f->rows / 2, upper, f->cols / 2);
  else
    g_string_append_printf (text, "// Needs GLSL 1.20 or GLSL ES 3.00 (array constructors).\n"
                            "const int %s_RANK = %d;\nconst int %s_ROWS = %d;\n"
                            "const int %s_COLS = %d;\nconst int %s_ANCHOR_ROW = %d;\n"
                            "const int %s_ANCHOR_COL = %d;\n\n", upper, f->rank, upper,
                            f->rows, upper, f->cols, upper, f->rows / 2, upper, f->cols / 2);
  append_filters (text, out, "vertical", f->vertical, f->rank, f->rows);
  append_filters (text, out, "horizontal", f->horizontal, f->rank, f->cols);
  fputs (text->str, stdout);
}

static gboolean
print_integer_factors (const Output *out, const LrbKernel *kernel, GError **error)
{
  g_autoptr (LrbIntegerFactors) f = lrb_integer_factors_new (kernel, error);
  g_autoptr (GString)           text = g_string_new (NULL);
  g_autofree gdouble           *column = NULL;
  g_autofree gdouble           *row = NULL;

  if (!f)
    return FALSE;
  column = g_new (gdouble, f->rows);
  row = g_new (gdouble, f->cols);
  for (gint i = 0; i < f->rows; i++)
    column[i] = f->column[i];
  for (gint i = 0; i < f->cols; i++)
    row[i] = f->row[i];

  switch (out->format)
    {
    case FORMAT_JSON:
      {
        g_autoptr (JsonBuilder) builder = json_builder_new ();
        g_autoptr (JsonNode)    root = NULL;

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "rows");
        json_builder_add_int_value (builder, f->rows);
        json_builder_set_member_name (builder, "cols");
        json_builder_add_int_value (builder, f->cols);
        json_builder_set_member_name (builder, "scale");
        json_builder_add_int_value (builder, f->scale);
        json_builder_set_member_name (builder, "column");
        json_builder_begin_array (builder);
        for (gint i = 0; i < f->rows; i++)
          json_builder_add_int_value (builder, f->column[i]);
        json_builder_end_array (builder);
        json_builder_set_member_name (builder, "row");
        json_builder_begin_array (builder);
        for (gint i = 0; i < f->cols; i++)
          json_builder_add_int_value (builder, f->row[i]);
        json_builder_end_array (builder);
        json_builder_end_object (builder);
        root = json_builder_get_root (builder);
        lrb_cli_print_json (root);
        return TRUE;
      }

    case FORMAT_TEXT:
      g_string_append_printf (text, "# exact: K = %" G_GINT64_FORMAT " · column ⊗ row "
                              "(%s, %d × %d, as written: not normalized)\n", f->scale,
                              out->description, f->rows, f->cols);
      break;

    case FORMAT_C:
      g_string_append_printf (text, "/* Exact integer split of a %dx%d kernel: K = %s_scale *\n"
                              " * %s_column (x) %s_row, from `lrbokeh factors --integer`. */\n"
                              "static const long long %s_scale = %" G_GINT64_FORMAT ";\n",
                              f->rows, f->cols, out->name, out->name, out->name, out->name,
                              f->scale);
      break;

    case FORMAT_GLSL:
      {
        g_autofree gchar *upper = g_ascii_strup (out->name, -1);

        for (gint i = 0; i < MAX (f->rows, f->cols); i++)
          if ((i < f->rows && ABS (f->column[i]) > G_MAXINT32) ||
              (i < f->cols && ABS (f->row[i]) > G_MAXINT32) || ABS (f->scale) > G_MAXINT32)
            {
              g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                                   "the integer factors do not fit GLSL's 32-bit int");
              return FALSE;
            }
        g_string_append_printf (text, "// Exact integer split of a %dx%d kernel:\n"
                                "// K = %s_SCALE * %s_COLUMN (x) %s_ROW.\n"
                                "const int %s_SCALE = %" G_GINT64_FORMAT ";\n", f->rows, f->cols,
                                upper, upper, upper, upper, f->scale);
      }
      break;
    }
  append_filters (text, out, "column", column, 0, f->rows);
  append_filters (text, out, "row", row, 0, f->cols);
  fputs (text->str, stdout);
  return TRUE;
}

static gboolean
is_identifier (const gchar *name)
{
  if (!name || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const gchar *p = name; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

gint
lrb_cli_factors (gchar **argv)
{
  static const gchar *const format_names[] = { "text", "json", "c", "glsl" };
  g_auto (LrbCliOptions)  options = { 0 };
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFactors)  factors = NULL;
  g_autofree gchar       *description = NULL;
  g_autofree gchar       *format = NULL;
  g_autofree gchar       *name = NULL;
  gboolean                integer = FALSE;
  gint                    rank;
  Output                  out = { FORMAT_TEXT, "lrb", NULL };
  const GOptionEntry      entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      "Output: text (default), json, c (float arrays) or glsl", "FORMAT" },
    { "integer", 0, 0, G_OPTION_ARG_NONE, &integer,
      "Exact integer split of an integer rank-1 kernel as written (Sobel, binomial)", NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      "Identifier prefix in c and glsl output (default lrb)", "ID" },
    { NULL }
  };

  lrb_cli_options_init (&options);
  if (!lrb_cli_parse ("factors", "[KERNEL]",
                      "The rank-R separable factors: R vertical and R horizontal 1-D filters,\n"
                      "with √σ folded into both, so that K_R = Σ verticalᵢ ⊗ horizontalᵢ.",
                      entries, &options, &argv, &error))
    return lrb_cli_report_error ("factors", error);

  if (g_strv_length (argv) > 2)
    lrb_cli_set_usage_error (&error, "unexpected argument '%s'", argv[2]);
  else if (name && !is_identifier (name))
    lrb_cli_set_usage_error (&error, "--name '%s' is not a C identifier", name);
  else if (format)
    {
      gsize i;

      for (i = 0; i < G_N_ELEMENTS (format_names); i++)
        if (g_ascii_strcasecmp (format, format_names[i]) == 0)
          break;
      if (i == G_N_ELEMENTS (format_names))
        lrb_cli_set_usage_error (&error, "unknown format '%s' (text, json, c or glsl)", format);
      out.format = i;
    }
  if (error)
    return lrb_cli_report_error ("factors", error);
  if (name)
    out.name = name;

  /* Integers only make sense before normalization divides them. */
  if (!lrb_cli_load_kernel (&options, argv[1], !integer, &kernel, integer ? NULL : &analysis,
                            &description, &error))
    return lrb_cli_report_error ("factors", error);
  out.description = description;

  if (integer)
    return print_integer_factors (&out, kernel, &error) ? LRB_CLI_EXIT_OK
                                                        : lrb_cli_report_error ("factors", error);

  if (!lrb_cli_options_resolve_rank (&options, analysis, &rank, &error) ||
      !(factors = lrb_cli_options_factors (&options, kernel, analysis, rank, &error)))
    return lrb_cli_report_error ("factors", error);
  print_factors (&out, factors, analysis, kernel, options.factorization);
  return LRB_CLI_EXIT_OK;
}
