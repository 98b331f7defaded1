/* lowrank-bokeh — tests for core/kernel/lrb-kernel-text.c (the DESIGN.md §4 text
 * format) and the file side of core/kernel/lrb-kernel-io.c (load, save_text,
 * save_png).  PNGs for loading are written with cairo, not by the code
 * under test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-io.h"

#include <cairo.h>
#include <float.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static gchar *tmp_dir;

static gchar *
tmp_path (const gchar *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static LrbKernel *
parse (const gchar *text, GError **error)
{
  return lrb_kernel_parse_text (text, strlen (text), "src.txt", error);
}

/* Parses `text`, expecting success and exactly rows × cols `expected`. */
static void
assert_parses_to (const gchar *text, gint rows, gint cols, const gdouble *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (!k)
    return;
  g_assert_cmpint (k->rows, ==, rows);
  g_assert_cmpint (k->cols, ==, cols);
  if (k->rows == rows && k->cols == cols)
    g_assert_cmpmem (k->data, sizeof (gdouble) * rows * cols, expected,
                     sizeof (gdouble) * rows * cols);
}

static void
assert_kernels_identical (const LrbKernel *a, const LrbKernel *b)
{
  g_assert_cmpint (a->rows, ==, b->rows);
  g_assert_cmpint (a->cols, ==, b->cols);
  /* Bitwise: −0 stays −0 and no last-digit rounding is forgiven. */
  if (a->rows == b->rows && a->cols == b->cols)
    g_assert_cmpmem (a->data, sizeof (gdouble) * a->rows * a->cols,
                     b->data, sizeof (gdouble) * b->rows * b->cols);
}

static LrbKernel *
random_kernel (gint rows, gint cols)
{
  LrbKernel *k = lrb_kernel_new (rows, cols, NULL);

  for (gsize i = 0; i < (gsize) rows * cols; i++)
    k->data[i] = g_test_rand_double_range (-1, 1) * pow (10.0, g_test_rand_int_range (-300, 300));
  return k;
}

/* ---- Parsing --------------------------------------------------------------- */

static void
test_round_trip (void)
{
  const gdouble special[] = {
    -0.0, 0.0, 0.1, 1.0 / 3.0, -2.5e-308, DBL_MIN / 4 /* subnormal */, DBL_MAX,
    -DBL_MAX, DBL_EPSILON, 1e22, 123456789012345678.0, -7,
  };

  for (gint t = 0; t < 20; t++)
    {
      g_autoptr (LrbKernel) k = random_kernel (g_test_rand_int_range (1, 12),
                                               g_test_rand_int_range (1, 12));
      g_autofree gchar *text = NULL;
      g_autoptr (LrbKernel) back = NULL;
      g_autoptr (GError) error = NULL;

      if (t == 0)
        {
          lrb_kernel_free (k);
          k = lrb_kernel_new_from_data (3, 4, special, NULL);
        }
      text = lrb_kernel_to_text (k);
      back = lrb_kernel_parse_text (text, strlen (text), "round-trip", &error);
      g_assert_no_error (error);
      g_assert_nonnull (back);
      if (back)
        assert_kernels_identical (k, back);
    }
}

static void
test_separators (void)
{
  const gdouble expected[] = { 1, 2, 3, 4.5, -5, 6e-3 };

  assert_parses_to ("1 2 3\n4.5 -5 6e-3\n", 2, 3, expected);
  assert_parses_to ("1,2,3\n4.5,-5,6e-3\n", 2, 3, expected);
  assert_parses_to ("1, 2 ,3\n4.5\t-5 ,\t6e-3\n", 2, 3, expected);
  assert_parses_to ("   1  2\t\t3   \n\t4.5 , -5 , 6E-03", 2, 3, expected);
  assert_parses_to ("+1 2 3\n4.5 -5 0.006\n", 2, 3, expected);
}

static void
test_comments_and_blank_lines (void)
{
  const gdouble expected[] = { 1, 2, 3, 4 };

  assert_parses_to ("# a header\n\n  # an indented comment\n1 2\n\n\t\n3 4\n# trailer\n",
                    2, 2, expected);
  assert_parses_to ("#1 2 3\n1 2\n#,,,,\n3 4", 2, 2, expected);
}

/* Files written on Windows end their lines with \r\n. */
static void
test_crlf (void)
{
  const gdouble expected[] = { 1, 2, 3, 4 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) ragged = NULL;

  assert_parses_to ("1 2\r\n3 4\r\n", 2, 2, expected);
  assert_parses_to ("# comment\r\n\r\n1,2\r\n3,4\r\n\r\n", 2, 2, expected);
  assert_parses_to ("1, 2\r\n3, 4", 2, 2, expected);

  /* Line numbers still count CRLF lines. */
  ragged = parse ("# c\r\n1 2\r\n3\r\n", &error);
  g_assert_null (ragged);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
  if (error)
    g_assert_nonnull (strstr (error->message, "src.txt:3:"));
}

static void
test_shapes_of_input (void)
{
  const gdouble one[] = { 5 };
  const gdouble column[] = { 1, 2, 3 };
  const gdouble expected[] = { 1, 2, 3, 4 };

  assert_parses_to ("5", 1, 1, one);
  assert_parses_to ("1\n2\n3\n", 3, 1, column);
  /* No final newline, extra blank lines at the end. */
  assert_parses_to ("1 2\n3 4", 2, 2, expected);
  assert_parses_to ("1 2\n3 4\n\n\n\n", 2, 2, expected);
}

/* The parser must honour `length`, not look for a terminating NUL. */
static void
test_length_is_honoured (void)
{
  const gchar text[] = "1 2\n3 4\n5 6 7\n";
  const gdouble expected[] = { 1, 2, 3, 4 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = NULL;
  /* An exact-size heap copy without a NUL: reading past it is a bug that
   * the sanitizers would see. */
  g_autofree gchar *exact = g_memdup2 (text, 7);

  /* The third, ragged row lies beyond `length`. */
  k = lrb_kernel_parse_text (text, 8, "src.txt", &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (k)
    {
      g_assert_cmpint (k->rows, ==, 2);
      g_assert_cmpint (k->cols, ==, 2);
      g_assert_cmpmem (k->data, sizeof expected, expected, sizeof expected);
    }
  g_clear_pointer (&k, lrb_kernel_free);

  k = lrb_kernel_parse_text (exact, 7, "src.txt", &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (k)
    {
      g_assert_cmpint (k->rows, ==, 2);
      g_assert_cmpmem (k->data, sizeof expected, expected, sizeof expected);
    }
}

typedef struct
{
  const gchar *text;
  gsize        length; /* 0: strlen */
  gint         line;   /* 0: no line to name */
  const gchar *detail; /* NULL, or a word the message must contain */
} BadText;

static void
check_bad_texts (const BadText *cases, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LrbKernel) k = NULL;
      gsize length = cases[i].length ? cases[i].length : strlen (cases[i].text);
      g_autofree gchar *where = cases[i].line ? g_strdup_printf ("src.txt:%d:", cases[i].line)
                                              : g_strdup ("src.txt");
      g_autofree gchar *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("input \"%s\"", shown);
      k = lrb_kernel_parse_text (cases[i].text, length, "src.txt", &error);
      g_assert_null (k);
      g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
      if (!error)
        continue;
      g_test_message ("  -> %s", error->message);
      if (!strstr (error->message, where))
        {
          g_test_message ("message '%s' does not name '%s'", error->message, where);
          g_test_fail ();
        }
      if (cases[i].detail && !strstr (error->message, cases[i].detail))
        {
          g_test_message ("message '%s' does not mention '%s'", error->message, cases[i].detail);
          g_test_fail ();
        }
    }
}

static void
test_errors (void)
{
  static const BadText cases[] = {
    { "1 2\n3\n", 0, 2, "first row" },
    { "1 2\n# c\n\n3 4 5\n", 0, 4, NULL },
    { "1 nan\n", 0, 1, "nan" },
    { "1 2\nNaN 3\n", 0, 2, NULL },
    { "inf 1\n", 0, 1, "inf" },
    { "1\n-inf\n", 0, 2, NULL },
    { "1 infinity\n", 0, 1, NULL },
    { "1 1e999\n", 0, 1, "1e999" },
    { "1 2\n3 abc\n", 0, 2, "abc" },
    { "1 2x\n", 0, 1, "2x" },
    { "1,,2\n", 0, 1, NULL },
    { "1 , , 2\n", 0, 1, NULL },
    { "1,2,\n", 0, 1, "comma" },
    { "1 2\n3 4,\n", 0, 2, "comma" },
    { ",1,2\n", 0, 1, NULL },
    { "", 0, 0, NULL },
    { "# only\n# comments\n\n", 0, 0, NULL },
    { "  \n\t\n\r\n", 0, 0, NULL },
    { "1 2\n3\0 4\n", 9, 2, "NUL" },
    { "\0", 1, 1, "NUL" },
  };

  check_bad_texts (cases, G_N_ELEMENTS (cases));
}

/* A leading comma is refused on the first row (",1,2") but the check looks
 * at the values of the whole file so far, not of the row: on a later row
 * it is silently skipped. */
static void
test_leading_comma_on_later_row (void)
{
  static const BadText cases[] = {
    { "1,2\n,3,4\n", 0, 2, NULL },
    { "1 2\n3 4\n  , 5 6\n", 0, 3, NULL },
  };

  check_bad_texts (cases, G_N_ELEMENTS (cases));
}

static void
test_default_source_name (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = lrb_kernel_parse_text ("1 x", 3, NULL, &error);

  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
  if (error)
    g_assert_true (g_str_has_prefix (error->message, "kernel:1:"));
}

static void
test_size_limit (void)
{
  GString *wide = g_string_new (NULL);
  GString *tall = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = NULL;

  for (gint i = 0; i < LRB_KERNEL_MAX_SIDE; i++)
    g_string_append (wide, "1 ");
  for (gint i = 0; i < LRB_KERNEL_MAX_SIDE; i++)
    g_string_append (tall, "1\n");

  /* The largest side is allowed … */
  k = lrb_kernel_parse_text (wide->str, wide->len, "wide", &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (k)
    g_assert_cmpint (k->cols, ==, LRB_KERNEL_MAX_SIDE);
  g_clear_pointer (&k, lrb_kernel_free);
  k = lrb_kernel_parse_text (tall->str, tall->len, "tall", &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (k)
    g_assert_cmpint (k->rows, ==, LRB_KERNEL_MAX_SIDE);
  g_clear_pointer (&k, lrb_kernel_free);

  /* … one more is not, and the error says where. */
  g_string_append (wide, "1\n");
  g_string_append (tall, "1\n");
  k = lrb_kernel_parse_text (wide->str, wide->len, "wide", &error);
  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
  if (error)
    g_assert_true (g_str_has_prefix (error->message, "wide:1:"));
  g_clear_error (&error);
  k = lrb_kernel_parse_text (tall->str, tall->len, "tall", &error);
  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
  if (error)
    g_assert_true (g_str_has_prefix (error->message, "tall:2050:"));

  g_string_free (wide, TRUE);
  g_string_free (tall, TRUE);
}

static void
test_to_text_is_readable (void)
{
  const gdouble data[] = { 0.5, -2, 0.25, 1e-20, 3, 4 };
  g_autoptr (LrbKernel) k = lrb_kernel_new_from_data (2, 3, data, NULL);
  g_autofree gchar *text = lrb_kernel_to_text (k);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gint rows = 0;

  /* One line per row, parsed here with the C library alone. */
  for (gint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) fields = NULL;

      if (!lines[i][0] || lines[i][0] == '#')
        continue;
      fields = g_strsplit_set (lines[i], " \t,", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      for (gint c = 0; c < 3 && fields[c]; c++)
        g_assert_cmpfloat (g_ascii_strtod (fields[c], NULL), ==, data[rows * 3 + c]);
      rows++;
    }
  g_assert_cmpint (rows, ==, 2);
}

/* ---- Files ----------------------------------------------------------------- */

static void
test_load_text_file (void)
{
  g_autofree gchar *path = tmp_path ("load.txt");
  g_autofree gchar *bad = tmp_path ("ragged.txt");
  const gdouble expected[] = { 1, 0, -1, 2, 0, -2 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = NULL;

  g_assert_true (g_file_set_contents (path, "# sobel half\r\n1, 0, -1\r\n2, 0, -2\r\n", -1, NULL));
  k = lrb_kernel_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (k)
    {
      g_assert_cmpint (k->rows, ==, 2);
      g_assert_cmpint (k->cols, ==, 3);
      g_assert_cmpmem (k->data, sizeof expected, expected, sizeof expected);
    }

  /* Errors name the file and the line. */
  g_assert_true (g_file_set_contents (bad, "1 2\n\n3\n", -1, NULL));
  g_clear_pointer (&k, lrb_kernel_free);
  k = lrb_kernel_load (bad, &error);
  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
  if (error)
    {
      g_autofree gchar *where = g_strdup_printf ("%s:3:", bad);

      g_assert_nonnull (strstr (error->message, where));
    }
  g_unlink (path);
  g_unlink (bad);
}

/* Windows editors (Notepad before 2019, Excel's "CSV UTF-8") start a text
 * file with the UTF-8 byte order mark EF BB BF.  It is an encoding mark,
 * not content: such a file must load like the same file without it. */
static void
test_load_utf8_bom (void)
{
  g_autofree gchar *path = tmp_path ("bom.csv");
  const gdouble expected[] = { 1, 2, 3, 4 };
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = NULL;

  g_assert_true (g_file_set_contents (path, "\xef\xbb\xbf" "1,2\r\n3,4\r\n", -1, NULL));
  k = lrb_kernel_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (k)
    {
      g_assert_cmpint (k->rows, ==, 2);
      g_assert_cmpint (k->cols, ==, 2);
      g_assert_cmpmem (k->data, sizeof expected, expected, sizeof expected);
    }
  g_unlink (path);
}

static void
test_load_missing_file (void)
{
  g_autofree gchar *path = tmp_path ("does-not-exist.txt");
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = lrb_kernel_load (path, &error);

  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
  if (error)
    g_assert_nonnull (strstr (error->message, "does-not-exist.txt"));
}

static void
test_load_binary_garbage (void)
{
  /* Named .png, but with no image signature: refused by core itself,
   * before any GEGL loader sees it (warnings stay fatal here). */
  g_autofree gchar *path = tmp_path ("garbage.png");
  const gchar garbage[] = "\0\1\2\3 not an image at all \xff\xfe";
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = NULL;

  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));
  k = lrb_kernel_load (path, &error);
  g_assert_null (k);
  g_assert_error (error, LRB_ERROR, LRB_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "garbage.png"));
  g_assert_nonnull (strstr (error->message, "neither a text kernel nor an image"));
  g_unlink (path);
}

static gdouble
srgb_to_linear (gdouble v)
{
  return v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

/* An 8-bit PNG from cairo: grey levels (so luminance is the decoded level,
 * whatever the RGB weights), one transparent and one half-transparent
 * pixel.  Kernel row 0 must be the image's top row. */
static void
test_load_png_luminance (void)
{
  enum { W = 5, H = 3 };
  /* Grey levels; -1 transparent; -2 half-transparent white. */
  static const gint levels[H][W] = {
    { 255,   0,  0,  0, 64 },
    {  10,  -1, 128, 0,  0 },
    {   0, 200,   0, -2, 30 },
  };
  g_autofree gchar *path = tmp_path ("kernel.png");
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  guchar *data;
  gint stride;
  g_autoptr (GError) error = NULL;
  g_autoptr (LrbKernel) k = NULL;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++)
      {
        guint32 *p = (guint32 *) (data + y * stride) + x;
        gint     v = levels[y][x];

        /* Cairo stores premultiplied ARGB in native-endian words. */
        if (v == -1)
          *p = 0;
        else if (v == -2)
          *p = (128u << 24) | (128u << 16) | (128u << 8) | 128u;
        else
          *p = (255u << 24) | ((guint32) v << 16) | ((guint32) v << 8) | (guint32) v;
      }
  cairo_surface_mark_dirty (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  k = lrb_kernel_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (k);
  if (!k)
    return;
  g_assert_cmpint (k->rows, ==, H);
  g_assert_cmpint (k->cols, ==, W);
  if (k->rows != H || k->cols != W)
    return;
  for (gint y = 0; y < H; y++)
    for (gint x = 0; x < W; x++)
      {
        gint    v = levels[y][x];
        /* Premultiplied linear luminance: white at alpha 128/255. */
        gdouble expected = v == -1 ? 0.0 : v == -2 ? 128.0 / 255.0 : srgb_to_linear (v / 255.0);

        g_assert_cmpfloat_with_epsilon (lrb_kernel_get (k, y, x), expected, 2e-4);
      }
  g_unlink (path);
}

static void
test_save_text_round_trip (void)
{
  g_autofree gchar *path = tmp_path ("saved.txt");
  g_autoptr (LrbKernel) k = random_kernel (7, 4);
  g_autoptr (LrbKernel) back = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (lrb_kernel_save_text (k, path, &error));
  g_assert_no_error (error);
  back = lrb_kernel_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  if (back)
    assert_kernels_identical (k, back);
  g_unlink (path);
}

static void
test_save_into_missing_directory (void)
{
  g_autofree gchar *txt = tmp_path ("no-such-dir/k.txt");
  g_autofree gchar *png = tmp_path ("no-such-dir/k.png");
  g_autoptr (LrbKernel) k = random_kernel (3, 3);
  g_autoptr (GError) error = NULL;

  g_assert_false (lrb_kernel_save_text (k, txt, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (lrb_kernel_save_png (k, png, &error));
  g_assert_error (error, LRB_ERROR, LRB_ERROR_IO);
  if (error)
    g_assert_nonnull (strstr (error->message, "k.png"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_save_png_round_trip (void)
{
  enum { R = 9, C = 13 };
  g_autofree gchar *path = tmp_path ("saved.png");
  g_autoptr (LrbKernel) k = lrb_kernel_new (R, C, NULL);
  g_autoptr (LrbKernel) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  gdouble peak = 0.0;

  /* An asymmetric bump with a negative lobe at the top left. */
  for (gint r = 0; r < R; r++)
    for (gint c = 0; c < C; c++)
      k->data[r * C + c] = exp (-0.1 * ((r - 5) * (r - 5) + 0.5 * (c - 8) * (c - 8)))
                           - (r < 2 && c < 3 ? 0.4 : 0.0);
  for (gint i = 0; i < R * C; i++)
    peak = MAX (peak, k->data[i]);

  g_assert_true (lrb_kernel_save_png (k, path, &error));
  g_assert_no_error (error);
  back = lrb_kernel_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  if (!back)
    return;
  g_assert_cmpint (back->rows, ==, R);
  g_assert_cmpint (back->cols, ==, C);
  if (back->rows != R || back->cols != C)
    return;
  /* The shape scaled to a peak of 1, negatives clipped, within 16-bit
   * quantization (of the sRGB-encoded level: 1/65535 times a slope ≤ 2.4). */
  for (gint i = 0; i < R * C; i++)
    g_assert_cmpfloat_with_epsilon (back->data[i], MAX (k->data[i], 0.0) / peak, 5e-5);

  /* The temporary file it renames from is gone. */
  dir = g_dir_open (tmp_dir, 0, NULL);
  for (const gchar *name; (name = g_dir_read_name (dir));)
    g_assert_null (strstr (name, ".tmp-"));
  g_unlink (path);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  gint status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  gegl_init (NULL, NULL);
  tmp_dir = g_dir_make_tmp ("lrb-test-kernel-text-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/kernel-text/round-trip", test_round_trip);
  g_test_add_func ("/kernel-text/separators", test_separators);
  g_test_add_func ("/kernel-text/comments-and-blank-lines", test_comments_and_blank_lines);
  g_test_add_func ("/kernel-text/crlf", test_crlf);
  g_test_add_func ("/kernel-text/shapes-of-input", test_shapes_of_input);
  g_test_add_func ("/kernel-text/length-is-honoured", test_length_is_honoured);
  g_test_add_func ("/kernel-text/errors-name-source-and-line", test_errors);
  g_test_add_func ("/kernel-text/BUG-leading-comma-on-later-row", test_leading_comma_on_later_row);
  g_test_add_func ("/kernel-text/default-source-name", test_default_source_name);
  g_test_add_func ("/kernel-text/size-limit", test_size_limit);
  g_test_add_func ("/kernel-text/to-text-is-readable", test_to_text_is_readable);
  g_test_add_func ("/kernel-io/load-text-file", test_load_text_file);
  g_test_add_func ("/kernel-io/BUG-utf8-bom-from-windows-editors", test_load_utf8_bom);
  g_test_add_func ("/kernel-io/load-missing-file", test_load_missing_file);
  g_test_add_func ("/kernel-io/load-binary-garbage", test_load_binary_garbage);
  g_test_add_func ("/kernel-io/load-png-luminance", test_load_png_luminance);
  g_test_add_func ("/kernel-io/save-text-round-trip", test_save_text_round_trip);
  g_test_add_func ("/kernel-io/save-into-missing-directory", test_save_into_missing_directory);
  g_test_add_func ("/kernel-io/save-png-round-trip", test_save_png_round_trip);

  status = g_test_run ();

  /* Whatever a failed test left behind. */
  {
    g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);

    for (const gchar *name; dir && (name = g_dir_read_name (dir));)
      {
        g_autofree gchar *path = tmp_path (name);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  gegl_exit ();
  return status;
}
