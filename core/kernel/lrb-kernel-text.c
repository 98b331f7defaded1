/* lowrank-bokeh — the kernel text format.  Kept free of GEGL so the fuzzer
 * links it alone.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-io.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

static void G_GNUC_PRINTF (4, 5)
set_parse_error (GError **error, const gchar *source_name, gint line, const gchar *format, ...)
{
  va_list args;
  gchar  *detail;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, LRB_ERROR, LRB_ERROR_PARSE, "%s:%d: %s", source_name, line, detail);
  g_free (detail);
}

static gboolean
is_separator (gchar c)
{
  return c == ',' || g_ascii_isspace (c);
}

/* Parses one line's numbers into `values`; FALSE with a message on error. */
static gboolean
parse_row (const gchar *line, const gchar *end, GArray *values, gchar **message)
{
  const gchar *p = line;
  gboolean     after_comma = FALSE;
  guint        start = values->len;

  while (p < end)
    {
      const gchar *token;
      gchar       *token_copy, *token_end;
      gdouble      value;

      if (*p == ',')
        {
          if (after_comma || values->len == start)
            {
              *message = g_strdup ("empty value between commas");
              return FALSE;
            }
          after_comma = TRUE;
          p++;
          continue;
        }
      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }

      token = p;
      while (p < end && !is_separator (*p))
        p++;
      token_copy = g_strndup (token, p - token);
      value = g_ascii_strtod (token_copy, &token_end);
      if (*token_end != '\0' || token_end == token_copy)
        {
          *message = g_strdup_printf ("'%s' is not a number", token_copy);
          g_free (token_copy);
          return FALSE;
        }
      if (!isfinite (value))
        {
          *message = g_strdup_printf ("'%s' is not a finite number (NaN and Inf are refused)",
                                      token_copy);
          g_free (token_copy);
          return FALSE;
        }
      g_free (token_copy);
      g_array_append_val (values, value);
      after_comma = FALSE;
    }
  if (after_comma)
    {
      *message = g_strdup ("trailing comma");
      return FALSE;
    }
  return TRUE;
}

LrbKernel *
lrb_kernel_parse_text (const gchar *text, gsize length, const gchar *source_name,
                       GError **error)
{
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (gdouble));
  const gchar *p = text, *end = text + length;
  gint         line_number = 0, rows = 0, cols = 0, first_row_line = 0;
  gchar       *msg = NULL;

  if (!source_name)
    source_name = "kernel";
  /* A UTF-8 byte order mark, as Windows editors write, is no content. */
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  if (memchr (text, '\0', length))
    {
      const gchar *nul = memchr (text, '\0', length);
      gint         line = 1;

      for (const gchar *q = text; q < nul; q++)
        line += *q == '\n';
      set_parse_error (error, source_name, line, "binary data (a NUL byte) in a text kernel");
      return NULL;
    }

  while (p < end)
    {
      const gchar *line = p, *line_end = memchr (p, '\n', end - p);
      const gchar *first;
      guint        before = values->len;

      if (!line_end)
        line_end = end;
      p = line_end + 1;
      line_number++;

      for (first = line; first < line_end && g_ascii_isspace (*first); first++)
        ;
      if (first == line_end || *first == '#')
        continue;
      if (!parse_row (first, line_end, values, &msg))
        {
          set_parse_error (error, source_name, line_number, "%s", msg);
          g_free (msg);
          return NULL;
        }

      if (rows == 0)
        {
          cols = values->len - before;
          first_row_line = line_number;
        }
      else if ((gint) (values->len - before) != cols)
        {
          set_parse_error (error, source_name, line_number,
                           "row has %u values but the first row (line %d) has %d",
                           values->len - before, first_row_line, cols);
          return NULL;
        }
      if (++rows > LRB_KERNEL_MAX_SIDE || cols > LRB_KERNEL_MAX_SIDE)
        {
          set_parse_error (error, source_name, line_number, "kernel is larger than %d×%d",
                           LRB_KERNEL_MAX_SIDE, LRB_KERNEL_MAX_SIDE);
          return NULL;
        }
    }

  if (rows == 0)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_PARSE, "%s: no numbers found (empty kernel)",
                   source_name);
      return NULL;
    }

  return lrb_kernel_new_from_data (rows, cols, (const gdouble *) values->data, error);
}

gchar *
lrb_kernel_to_text (const LrbKernel *kernel)
{
  GString *text = g_string_new (NULL);
  gchar    buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (text, "# lowrank-bokeh kernel, %d rows × %d columns\n",
                          kernel->rows, kernel->cols);
  for (gint row = 0; row < kernel->rows; row++)
    {
      for (gint col = 0; col < kernel->cols; col++)
        {
          if (col)
            g_string_append_c (text, ' ');
          g_string_append (text, g_ascii_dtostr (buf, sizeof buf, lrb_kernel_get (kernel, row, col)));
        }
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}
