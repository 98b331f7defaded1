/* lowrank-bokeh — `lrbokeh apply` on real files: a point of light becomes
 * the kernel, precision is kept, and a failed run leaves OUT alone.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-test-util.h"

#include <gegl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define SIZE 64
#define DOT  32

/* An asymmetric kernel, so that a flipped (correlated) result shows:
 * anchor (1, 2), sum 25. */
static const gchar   kernel_text[] = "1 2 3 4 5\n0 1 0 2 0\n0 0 6 0 1\n";
static const gdouble kernel_values[3][5] = {
  { 1, 2, 3, 4, 5 }, { 0, 1, 0, 2, 0 }, { 0, 0, 6, 0, 1 },
};
#define KERNEL_SUM 25.0

/* Saves `pixels` (linear "RGB float", or "RGBA float" when the format has
 * alpha; SIZE × SIZE) through `format`. */
static void
save_image (const gchar *path, const gfloat *pixels, const gchar *format, const gchar *saver,
            gint bitdepth)
{
  GeglRectangle        extent = { 0, 0, SIZE, SIZE };
  const Babl          *babl = babl_format (format);
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&extent, babl);
  g_autoptr (GeglNode)   graph = gegl_node_new ();
  GeglNode              *source, *save;

  gegl_buffer_set (buffer, &extent, 0,
                   babl_format (babl_format_has_alpha (babl) ? "RGBA float" : "RGB float"),
                   pixels, GEGL_AUTO_ROWSTRIDE);
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", saver, "path", path, NULL);
  if (bitdepth)
    gegl_node_set (save, "bitdepth", bitdepth, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static gchar *
make_dot (const gchar *dir, const gchar *name, const gchar *format, const gchar *saver,
          gint bitdepth)
{
  gchar              *path = g_build_filename (dir, name, NULL);
  g_autofree gfloat  *pixels = g_new0 (gfloat, SIZE * SIZE * 3);

  for (gint c = 0; c < 3; c++)
    pixels[(DOT * SIZE + DOT) * 3 + c] = 1.0f;
  save_image (path, pixels, format, saver, bitdepth);
  return path;
}

/* Linear straight RGBA floats of an image file; *format gets its format. */
static gfloat *
load_image (const gchar *path, const Babl **format)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglBuffer          *buffer = NULL;
  GeglNode            *load, *sink;
  gfloat              *pixels;

  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_assert_nonnull (buffer);
  g_assert_cmpint (gegl_buffer_get_width (buffer), ==, SIZE);
  g_assert_cmpint (gegl_buffer_get_height (buffer), ==, SIZE);
  if (format)
    *format = gegl_buffer_get_format (buffer);
  pixels = g_new (gfloat, SIZE * SIZE * 4);
  gegl_buffer_get (buffer, NULL, 1.0, babl_format ("RGBA float"), pixels, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return pixels;
}

/* What a point of light at (DOT, DOT) becomes: the kernel, as drawn, with
 * its anchor on the point (convolution, not correlation). */
static gdouble
expected_at (const gdouble *kernel, gint rows, gint cols, gint x, gint y)
{
  gint i = y - DOT + rows / 2, j = x - DOT + cols / 2;

  return i >= 0 && i < rows && j >= 0 && j < cols ? kernel[i * cols + j] : 0.0;
}

static void
test_point_becomes_kernel (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar     *kernel = cli_write_file (dir, "kernel.txt", kernel_text);
  g_autofree gchar     *out = g_build_filename (dir, "out.png", NULL);
  g_autoptr (CliResult) result = cli_run ("apply", in, out, kernel, "--rank", "full", NULL);
  g_autofree gfloat    *pixels = NULL;
  g_autofree gchar     *listing = NULL;
  const Babl           *format;
  gdouble               normalized[15];

  cli_assert_exit (result, 0);
  /* Not a terminal: no progress bar, nothing at all on stderr. */
  g_assert_cmpstr (result->err, ==, "");
  g_assert_cmpstr (result->out, ==, "");
  listing = cli_list_dir (dir);
  g_assert_cmpstr (listing, ==, "in.png kernel.txt out.png");

  for (gint i = 0; i < 15; i++)
    normalized[i] = kernel_values[i / 5][i % 5] / KERNEL_SUM;
  pixels = load_image (out, &format);
  /* 16 bits in, 16 bits out. */
  g_assert_true (babl_format_get_type (format, 0) == babl_type ("u16"));
  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      {
        gdouble expected = expected_at (normalized, 3, 5, x, y);
        const gfloat *p = pixels + (y * SIZE + x) * 4;

        for (gint c = 0; c < 3; c++)
          if (fabs (p[c] - expected) > 1e-4)
            g_error ("pixel (%d, %d) channel %d is %g, the kernel says %g", x, y, c, p[c],
                     expected);
        g_assert_cmpfloat_with_epsilon (p[3], 1.0, 1e-6);
      }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* K_r as `lrbokeh factors` reports it for the 3 × 5 kernel file. */
static void
rank_kernel (const gchar *kernel, const gchar *rank, const gchar *factorization,
             gdouble k_r[15])
{
  g_autoptr (CliResult)  factors = cli_run ("factors", kernel, "--rank", rank, "--format", "json",
                                            "--factorization", factorization, NULL);
  g_autoptr (JsonObject) f = NULL;
  JsonArray             *vertical, *horizontal;

  cli_assert_exit (factors, 0);
  f = cli_parse_object (factors);
  g_assert_cmpstr (json_object_get_string_member (f, "factorization"), ==, factorization);
  vertical = json_object_get_array_member (f, "vertical");
  horizontal = json_object_get_array_member (f, "horizontal");
  memset (k_r, 0, sizeof (gdouble) * 15);
  for (guint t = 0; t < json_array_get_length (vertical); t++)
    for (gint i = 0; i < 3; i++)
      for (gint j = 0; j < 5; j++)
        k_r[i * 5 + j] +=
          json_array_get_double_element (json_array_get_array_element (vertical, t), i) *
          json_array_get_double_element (json_array_get_array_element (horizontal, t), j);
}

/* In float (OpenEXR), a low rank keeps its negative lobes: the output has
 * the shape of the rank-2 kernel that `factors` reports (rank 1 of a
 * non-negative kernel is non-negative).
 * Its scale is exactly K_r (DESIGN §3), although ΣK_r ≠ 1: the opaque
 * image stays opaque and its colour is not divided by ΣK_r. */
static void
test_low_rank_float (void)
{
  g_autofree gchar      *dir = NULL, *in = NULL, *kernel = NULL, *out = NULL;
  g_autoptr (CliResult)  result = NULL;
  g_autofree gfloat     *pixels = NULL;
  gdouble                k_r[15] = { 0 };
  gdouble                most_negative = 0, sum = 0, dot = 0, norm = 0, scale;

  if (!gegl_has_operation ("gegl:exr-save") || !gegl_has_operation ("gegl:exr-load"))
    {
      g_test_skip ("GEGL has no OpenEXR support");
      return;
    }
  dir = cli_tmpdir_new ();
  in = make_dot (dir, "in.exr", "RGB float", "gegl:exr-save", 0);
  kernel = cli_write_file (dir, "kernel.txt", kernel_text);
  out = g_build_filename (dir, "out.exr", NULL);
  result = cli_run ("apply", in, out, kernel, "--rank", "2", "--edge", "zero", NULL);
  cli_assert_exit (result, 0);
  rank_kernel (kernel, "2", "svd", k_r);
  for (gint i = 0; i < 15; i++)
    {
      most_negative = MIN (most_negative, k_r[i]);
      sum += k_r[i];
    }
  /* The test only means something if rank 2 really has a negative lobe. */
  g_assert_cmpfloat (most_negative, <, -1e-3);

  pixels = load_image (out, NULL);
  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      {
        gdouble e = expected_at (k_r, 3, 5, x, y);

        dot += pixels[(y * SIZE + x) * 4] * e;
        norm += e * e;
      }
  scale = dot / norm;
  g_test_message ("output = %.6f × K_r; ΣK_r = %.6f", scale, sum);
  g_assert_cmpfloat (fabs (scale - 1.0), <, 1e-5);
  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      for (gint c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (pixels[(y * SIZE + x) * 4 + c],
                                        expected_at (k_r, 3, 5, x, y), 1e-5);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* An 8-bit grey PNG comes back as an 8-bit grey PNG, blurred by the default
 * kernel (a hexagon of radius 12: 25 × 25 around the point). */
static void
test_grey_default_kernel (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *in = make_dot (dir, "in.png", "Y' u8", "gegl:png-save", 8);
  g_autofree gchar     *out = g_build_filename (dir, "out.png", NULL);
  g_autoptr (CliResult) result = cli_run ("apply", in, out, "--verbose", NULL);
  g_autofree gfloat    *pixels = NULL;
  const Babl           *format;
  gdouble               total = 0;

  cli_assert_exit (result, 0);
  /* --verbose names the kernel, the rank, the plan and the SIMD path. */
  g_assert_nonnull (strstr (result->err, "hexagon, radius 12, 25 × 25"));
  g_assert_nonnull (strstr (result->err, "tiles:"));
  g_assert_nonnull (strstr (result->err, "SIMD path:"));
  g_assert_nonnull (strstr (result->err, "time:"));

  pixels = load_image (out, &format);
  g_assert_true (babl_format_get_type (format, 0) == babl_type ("u8"));
  g_assert_cmpint (babl_format_get_n_components (format), <=, 2);
  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      {
        gfloat v = pixels[(y * SIZE + x) * 4];

        if (ABS (x - DOT) > 12 || ABS (y - DOT) > 12)
          g_assert_cmpfloat (v, ==, 0.0f);
        total += v;
      }
  /* The kernel sums to 1; 8 bits and clipped ringing allow some slack. */
  g_assert_cmpfloat_with_epsilon (total, 1.0, 0.15);
  g_assert_cmpfloat (pixels[(DOT * SIZE + DOT) * 4], >, 0.0f);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --edge reaches the engine: outside the image, zero is transparent, so the
 * corner of an opaque flat image loses alpha (3 × 3 of a 5 × 5 box lies
 * inside) but keeps its colour; clamp keeps both. */
static void
test_edge_modes (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = g_build_filename (dir, "flat.png", NULL);
  g_autofree gfloat *flat = g_new (gfloat, SIZE * SIZE * 4);
  const gchar       *modes[] = { "clamp", "mirror", "zero" };
  const gdouble      corner_alpha[] = { 1.0, 1.0, 9.0 / 25 };

  for (gint i = 0; i < SIZE * SIZE * 4; i++)
    flat[i] = i % 4 == 3 ? 1.0f : 0.5f;
  save_image (in, flat, "R'G'B'A u16", "gegl:png-save", 16);
  for (gint m = 0; m < 3; m++)
    {
      g_autofree gchar     *out = g_strdup_printf ("%s/%s.png", dir, modes[m]);
      g_autoptr (CliResult) result = cli_run ("apply", in, out, "--shape", "box", "--width", "5",
                                              "--rank", "1", "--edge", modes[m], NULL);
      g_autofree gfloat    *pixels = NULL;

      cli_assert_exit (result, 0);
      pixels = load_image (out, NULL);
      g_assert_cmpfloat_with_epsilon (pixels[(DOT * SIZE + DOT) * 4], 0.5, 1e-4);
      g_assert_cmpfloat_with_epsilon (pixels[(DOT * SIZE + DOT) * 4 + 3], 1.0, 1e-4);
      g_assert_cmpfloat_with_epsilon (pixels[0], 0.5, 1e-4);
      g_assert_cmpfloat_with_epsilon (pixels[3], corner_alpha[m], 1e-4);
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The first half of `path`'s bytes, as dir/name. */
static gchar *
cut_file (const gchar *dir, const gchar *path, const gchar *name)
{
  g_autofree gchar *contents = NULL;
  gchar            *cut = g_build_filename (dir, name, NULL);
  gsize             length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));
  return cut;
}

/* Each failure exits 1, names the problem, and leaves OUT as it was (or
 * absent), with no temporary file left behind. */
static void
test_failures_leave_out_alone (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar  *good = cli_write_file (dir, "good.txt", kernel_text);
  g_autofree gchar  *ragged = cli_write_file (dir, "ragged.txt", "1 2 3\n\n4 5 6\n7 8\n");
  g_autofree gchar  *nan = cli_write_file (dir, "nan.txt", "1 1\n1 NaN\n");
  g_autofree gchar  *text = cli_write_file (dir, "text.png", "this is not a png\n");
  g_autofree gchar  *missing = g_build_filename (dir, "missing.png", NULL);
  g_autofree gchar  *existing = cli_write_file (dir, "existing.png", "precious bytes");
  g_autofree gchar  *fresh = g_build_filename (dir, "fresh.png", NULL);
  g_autofree gchar  *unknown = g_build_filename (dir, "out.xyz", NULL);
  g_autoptr (GBytes) before = cli_read_bytes (existing);
  g_autofree gchar  *jpeg = make_dot (dir, "in.jpg", "R'G'B' u8", "gegl:jpg-save", 0);
  g_autofree gchar  *pnm = make_dot (dir, "in.ppm", "R'G'B' u8", "gegl:ppm-save", 0);
  g_autofree gchar  *cut_png = cut_file (dir, in, "cut.png");
  g_autofree gchar  *cut_jpeg = cut_file (dir, jpeg, "cut.jpg");
  g_autofree gchar  *cut_pnm = cut_file (dir, pnm, "cut.ppm");
  struct
  {
    const gchar *in, *kernel, *rank, *message;
  } cases[] = {
    /* GEGL would load these with a warning and blank rows. */
    { cut_png, good, "1", "cut.png: corrupt or truncated PNG image: the file ends" },
    { cut_jpeg, good, "1", "cut.jpg: corrupt or truncated JPEG image: Premature end" },
    { cut_pnm, good, "1", "cut.ppm: corrupt or truncated PNM image: " },
    { in, cut_png, "1", "cut.png: corrupt or truncated PNG image" },
    { missing, good, "1", "missing.png" },
    { text, good, "1", "text.png: not a PNG image" },
    { in, ragged, "1", "ragged.txt:4:" },
    { in, nan, "1", "nan.txt:2:" },
    { in, good, "-2", "rank -2 is out of range: a kernel has ranks 1 to its smaller side, at "
                      "most 2049 (0 chooses the rank by energy, -1 is the exact kernel)" },
    { in, good, "4", "rank 4 is out of range: a 3×5 kernel has ranks 1 to 3 (0 chooses the "
                     "rank by energy, -1 is the exact kernel)" },
    { in, missing, "1", "missing.png" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gint target = 0; target < 2; target++)
      {
        const gchar          *out = target ? existing : fresh;
        g_autoptr (CliResult) result = cli_run ("apply", cases[i].in, out, cases[i].kernel,
                                                "--rank", cases[i].rank, NULL);
        g_autoptr (GBytes)    after = NULL;

        g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, result->err);
        cli_assert_exit (result, 1);
        g_assert_nonnull (strstr (result->err, cases[i].message));
        /* One line: no decoder's own messages around it. */
        g_assert_true (g_str_has_prefix (result->err, "lrbokeh apply: "));
        g_assert_cmpint (strchr (result->err, '\n') - result->err, ==, strlen (result->err) - 1);
        g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
        after = cli_read_bytes (existing);
        g_assert_true (g_bytes_equal (before, after));
      }

  {
    g_autoptr (CliResult) result = cli_run ("apply", in, unknown, good, NULL);

    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "out.xyz"));
    g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));
  }
  {
    /* The same run with a good kernel does replace it. */
    g_autoptr (CliResult) result = cli_run ("apply", in, existing, good, NULL);
    g_autoptr (GBytes)    after = NULL;

    cli_assert_exit (result, 0);
    after = cli_read_bytes (existing);
    g_assert_false (g_bytes_equal (before, after));
  }
  {
    g_autofree gchar *listing = cli_list_dir (dir);

    g_assert_cmpstr (listing, ==,
                     "cut.jpg cut.png cut.ppm existing.png good.txt in.jpg in.png in.ppm nan.txt "
                     "ragged.txt text.png");
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --exact: a point of light becomes the kernel itself, whatever the
 * method; a kernel that is not flat has no chord sums (bad input). */
/* --rank takes the PDB's and the operation's special ranks too: 0 is what
 * no --rank does (by energy), -1 is --exact; the files are the same bytes. */
static void
test_special_ranks (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  const gchar      *pairs[][2] = { { "--rank=0", "--energy=0.99" }, { "--rank=-1", "--exact" } };

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree gchar     *a = g_build_filename (dir, "a.png", NULL);
      g_autofree gchar     *b = g_build_filename (dir, "b.png", NULL);
      g_autoptr (CliResult) ra = cli_run ("apply", in, a, "--shape", "disc", "--radius", "4",
                                          pairs[i][0], "--verbose", NULL);
      g_autoptr (CliResult) rb = cli_run ("apply", in, b, "--shape", "disc", "--radius", "4",
                                          pairs[i][1], NULL);
      g_autoptr (GBytes)    ba = NULL, bb = NULL;

      cli_assert_exit (ra, 0);
      cli_assert_exit (rb, 0);
      if (i == 1)
        g_assert_nonnull (strstr (ra->err, "rank:      exact"));
      ba = cli_read_bytes (a);
      bb = cli_read_bytes (b);
      g_assert_true (g_bytes_equal (ba, bb));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_exact_point (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar *kernel = cli_write_file (dir, "kernel.txt", kernel_text);
  const gchar      *methods[] = { "auto", "separable", "fft" };
  gdouble           normalized[15];

  for (gint i = 0; i < 15; i++)
    normalized[i] = kernel_values[i / 5][i % 5] / KERNEL_SUM;
  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree gchar     *out = g_strdup_printf ("%s/%s.png", dir, methods[m]);
      g_autoptr (CliResult) result = cli_run ("apply", in, out, kernel, "--exact", "--method",
                                              methods[m], "--verbose", NULL);
      g_autofree gfloat    *pixels = NULL;

      cli_assert_exit (result, 0);
      g_assert_nonnull (strstr (result->err, "rank:      exact"));
      g_assert_nonnull (strstr (result->err, "method:"));
      pixels = load_image (out, NULL);
      for (gint y = 0; y < SIZE; y++)
        for (gint x = 0; x < SIZE; x++)
          for (gint c = 0; c < 3; c++)
            g_assert_cmpfloat_with_epsilon (pixels[(y * SIZE + x) * 4 + c],
                                            expected_at (normalized, 3, 5, x, y), 1e-4);
    }
  {
    g_autofree gchar     *out = g_build_filename (dir, "chord.png", NULL);
    g_autoptr (CliResult) result = cli_run ("apply", in, out, kernel, "--exact", "--method",
                                            "chord", NULL);

    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "piecewise constant"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The highlight boost: the point, at full boost, becomes the kernel twice
 * as bright (+1 stop), all of it below the threshold, so nothing is undone;
 * settings out of range are refused, OUT not written. */
static void
test_highlights (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar     *kernel = cli_write_file (dir, "kernel.txt", kernel_text);
  g_autofree gchar     *out = g_build_filename (dir, "out.png", NULL);
  g_autoptr (CliResult) result = cli_run ("apply", in, out, kernel, "--exact",
                                          "--highlight-stops", "1", "--verbose", NULL);
  const gchar          *bad[][2] = {
    { "--highlight-stops", "17" }, { "--highlight-stops", "-1" },
    { "--highlight-threshold-low", "1.5" }, { "--highlight-threshold-high", "nan" },
  };
  g_autofree gfloat    *pixels = NULL;
  gdouble               normalized[15];

  cli_assert_exit (result, 0);
  g_assert_nonnull (strstr (result->err, "highlights +1 stops from 0.7 to 1"));
  for (gint i = 0; i < 15; i++)
    normalized[i] = kernel_values[i / 5][i % 5] / KERNEL_SUM;
  pixels = load_image (out, NULL);
  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      for (gint c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (pixels[(y * SIZE + x) * 4 + c],
                                        2.0 * expected_at (normalized, 3, 5, x, y), 1e-4);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree gchar     *refused = g_build_filename (dir, "refused.png", NULL);
      g_autoptr (CliResult) r = cli_run ("apply", in, refused, "--highlight-stops", "2",
                                         bad[i][0], bad[i][1], NULL);

      cli_assert_exit (r, 1);
      g_assert_nonnull (strstr (r->err, "highlight"));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* A uniform grey of `value` (non-linear, as painted), SIZE × SIZE. */
static gchar *
make_grey (const gchar *dir, const gchar *name, gfloat value)
{
  gchar             *path = g_build_filename (dir, name, NULL);
  g_autofree gfloat *pixels = g_new (gfloat, SIZE * SIZE * 3);
  /* save_image takes linear values; the map is read as stored. */
  gfloat             linear = value <= 0.04045f ? value / 12.92f
                                                : powf ((value + 0.055f) / 1.055f, 2.4f);

  for (gint i = 0; i < SIZE * SIZE * 3; i++)
    pixels[i] = linear;
  save_image (path, pixels, "R'G'B' u16", "gegl:png-save", 16);
  return path;
}

/* --depth: a uniform map gives the uniform blur at that depth's radius
 * (white, focus 0.5: half of radius 8), the focused depth leaves the
 * image as it was; bad maps and focus values are refused, OUT not written. */
static void
test_depth (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar     *white = make_grey (dir, "white.png", 1.0f);
  g_autofree gchar     *black = make_grey (dir, "black.png", 0.0f);
  g_autofree gchar     *cut = cut_file (dir, white, "cut.png");
  g_autofree gchar     *tiny = cli_write_file (dir, "tiny.pgm", "P2\n2 2\n255\n0 0 0 0\n");
  g_autofree gchar     *out = g_build_filename (dir, "out.png", NULL);
  g_autofree gchar     *uniform = g_build_filename (dir, "uniform.png", NULL);
  g_autofree gchar     *sharp = g_build_filename (dir, "sharp.png", NULL);
  g_autofree gfloat    *a = NULL, *b = NULL, *c = NULL, *original = NULL;
  const gchar          *bad[][5] = {
    { "--depth", tiny, "", "", "tiny.pgm: the depth map is 2 × 2 pixels but the image is 64 × 64" },
    { "--depth", cut, "", "", "cut.png: corrupt or truncated PNG image" },
    { "--depth", white, "--focus", "2", "focus 2 is out of range (0 near to 1 far)" },
    { "--depth", white, "--focus", "far", "--focus takes a number, not 'far'" },
    { "--depth", white, "--focus-tolerance", "1", "focus tolerance 1 is out of range" },
    { "--focus", "0.3", "", "", "--focus, --focus-tolerance and --depth-invert need --depth" },
  };

  {
    g_autoptr (CliResult) r1 = cli_run ("apply", in, out, "--shape", "disc", "--radius", "8",
                                        "--exact", "--depth", white, "--verbose", NULL);
    g_autoptr (CliResult) r2 = cli_run ("apply", in, uniform, "--shape", "disc", "--radius", "4",
                                        "--exact", NULL);
    g_autoptr (CliResult) r3 = cli_run ("apply", in, sharp, "--shape", "disc", "--radius", "8",
                                        "--depth", black, "--focus", "0", NULL);

    cli_assert_exit (r1, 0);
    cli_assert_exit (r2, 0);
    cli_assert_exit (r3, 0);
    g_assert_nonnull (strstr (r1->err, "focus 0.5, tolerance 0; 8 levels each side"));
  }
  a = load_image (out, NULL);
  b = load_image (uniform, NULL);
  c = load_image (sharp, NULL);
  original = load_image (in, NULL);
  g_assert_cmpfloat (b[(DOT * SIZE + DOT + 3) * 4], >, 0.01f);  /* the disc reaches 3 px */
  for (gint i = 0; i < SIZE * SIZE * 4; i++)
    {
      g_assert_cmpfloat (fabsf (a[i] - b[i]), <=, 1e-4f);
      g_assert_cmpfloat (fabsf (c[i] - original[i]), <=, 1e-6f);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree gchar     *refused = g_build_filename (dir, "refused.png", NULL);
      const gchar          *argv[] = { "apply", in, refused, bad[i][0], bad[i][1],
                                       bad[i][2][0] ? bad[i][2] : NULL, bad[i][3], NULL };
      g_autoptr (CliResult) r = cli_run_argv (argv);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, r->err);
      g_assert_cmpint (r->status, !=, 0);
      g_assert_nonnull (strstr (r->err, bad[i][4]));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --focal-length: a point 4 m away through a 50 mm lens at f/2 focused at
 * 2 m becomes a disc as wide as the thin lens's circle of confusion,
 * c = f² / (N (S − f)) · |Z − S| / Z, computed here (on a 1.8 mm wide
 * sensor, so that 64 pixels show it); a camera without what it needs is
 * refused by name, OUT not written. */
static void
test_camera (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  /* White, the far end of a normalized map from 1 to 4 m. */
  g_autofree gchar *at_4m = make_grey (dir, "white.png", 1.0f);
  g_autofree gchar *out = g_build_filename (dir, "out.png", NULL);
  g_autofree gchar *disc = g_build_filename (dir, "disc.png", NULL);
  g_autofree gchar *radius = g_strdup_printf ("%.17g", 0.05 * 0.05 / (2.0 * 1.95) * 0.5 *
                                                       SIZE / 0.0018 / 2.0);
  g_autofree gfloat *a = NULL, *b = NULL;
  const gchar      *bad[][7] = {
    { "--focal-length", "50", "--f-number", "2", "--focus-distance", "2",
      "--focal-length needs --depth FILE" },
    { "--depth", at_4m, "--focal-length", "50", "--f-number", "2",
      "--focal-length needs --f-number and --focus-distance too" },
    { "--depth", at_4m, "--f-number", "2", "", "", "they need --focal-length" },
    { "--depth", at_4m, "--focal-length", "50", "--depth-units", "feet",
      "unknown depth units 'feet'" },
  };

  {
    g_autoptr (CliResult) r1 = cli_run ("apply", in, out, "--shape", "disc", "--exact",
                                        "--depth", at_4m, "--depth-near", "1",
                                        "--depth-far", "4", "--focal-length", "50",
                                        "--f-number", "2",
                                        "--focus-distance", "2", "--sensor-width", "1.8",
                                        "--verbose", NULL);
    g_autoptr (CliResult) r2 = cli_run ("apply", in, disc, "--shape", "disc", "--exact",
                                        "--radius", radius, NULL);

    cli_assert_exit (r1, 0);
    cli_assert_exit (r2, 0);
    g_test_message ("%s", r1->err);
    g_assert_nonnull (strstr (r1->err, "a 50 mm lens at f/2 focused at 2 m"));
  }
  a = load_image (out, NULL);
  b = load_image (disc, NULL);
  g_assert_cmpfloat (atof (radius), >, 5.0);
  g_assert_cmpfloat (b[(DOT * SIZE + DOT + 4) * 4], >, 0.001f);  /* the disc reaches 4 px */
  for (gint i = 0; i < SIZE * SIZE * 4; i++)
    g_assert_cmpfloat (fabsf (a[i] - b[i]), <=, 1e-4f);

  /* The optics set the kernel's size: a rank above it is every term. */
  {
    g_autofree gchar     *above = g_build_filename (dir, "above.png", NULL);
    g_autofree gchar     *full = g_build_filename (dir, "full.png", NULL);
    const gchar          *camera[] = { "--depth", at_4m, "--depth-near", "1", "--depth-far",
                                       "4", "--focal-length", "50", "--f-number", "2",
                                       "--focus-distance", "2", "--sensor-width", "1.8" };
    g_autoptr (CliResult) r3 = cli_run ("apply", in, above, "--shape", "disc", "--rank", "40",
                                        camera[0], camera[1], camera[2], camera[3], camera[4],
                                        camera[5], camera[6], camera[7], camera[8], camera[9],
                                        camera[10], camera[11], camera[12], camera[13], NULL);
    g_autoptr (CliResult) r4 = cli_run ("apply", in, full, "--shape", "disc", "--rank", "full",
                                        camera[0], camera[1], camera[2], camera[3], camera[4],
                                        camera[5], camera[6], camera[7], camera[8], camera[9],
                                        camera[10], camera[11], camera[12], camera[13], NULL);
    g_autofree gfloat    *c = NULL, *d = NULL;

    cli_assert_exit (r3, 0);
    cli_assert_exit (r4, 0);
    c = load_image (above, NULL);
    d = load_image (full, NULL);
    g_assert_cmpmem (c, SIZE * SIZE * 4 * sizeof (gfloat), d, SIZE * SIZE * 4 * sizeof (gfloat));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree gchar     *refused = g_build_filename (dir, "refused.png", NULL);
      const gchar          *argv[] = { "apply", in, refused, bad[i][0], bad[i][1], bad[i][2],
                                       bad[i][3], bad[i][4][0] ? bad[i][4] : NULL, bad[i][5],
                                       NULL };
      g_autoptr (CliResult) r = cli_run_argv (argv);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, r->err);
      g_assert_cmpint (r->status, !=, 0);
      g_assert_nonnull (strstr (r->err, bad[i][6]));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* Spread of the red channel (linear) inside the image, away from its edges. */
static gdouble
spread (const gfloat *pixels)
{
  gdouble sum = 0.0, squares = 0.0;
  gint    n = 0;

  for (gint y = 8; y < SIZE - 8; y++)
    for (gint x = 8; x < SIZE - 8; x++)
      {
        gdouble v = pixels[(y * SIZE + x) * 4];

        sum += v;
        squares += v * v;
        n++;
      }
  return sqrt (squares / n - (sum / n) * (sum / n));
}

/* --grain: a noisy grey photo blurred keeps its grain's spread (within
 * 15 %; without --grain it nearly vanishes); a photo wholly in focus comes
 * out bit for bit as it went in, grain or not; bad values are refused. */
static void
test_grain (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *dot = make_dot (dir, "dot.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar     *black = make_grey (dir, "black.png", 0.0f);
  g_autofree gchar     *noisy = g_build_filename (dir, "noisy.png", NULL);
  g_autofree gchar     *smooth = g_build_filename (dir, "smooth.png", NULL);
  g_autofree gchar     *grainy = g_build_filename (dir, "grainy.png", NULL);
  g_autofree gchar     *sharp = g_build_filename (dir, "sharp.png", NULL);
  g_autofree gfloat    *pixels = g_new (gfloat, SIZE * SIZE * 3);
  g_autofree gfloat    *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  g_autoptr (GRand)     rand = g_rand_new_with_seed (3);

  /* Grey 0.2 in linear light, noise of 0.01 around it. */
  for (gint i = 0; i < SIZE * SIZE; i++)
    {
      gdouble u1 = 1.0 - g_rand_double (rand), u2 = g_rand_double (rand);
      gfloat  v = 0.2 + 0.01 * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);

      pixels[i * 3] = pixels[i * 3 + 1] = pixels[i * 3 + 2] = v;
    }
  save_image (noisy, pixels, "R'G'B' u16", "gegl:png-save", 16);
  {
    g_autoptr (CliResult) r1 = cli_run ("apply", noisy, smooth, "--shape", "disc", "--radius",
                                        "6", NULL);
    g_autoptr (CliResult) r2 = cli_run ("apply", noisy, grainy, "--shape", "disc", "--radius",
                                        "6", "--grain", "--verbose", NULL);
    g_autoptr (CliResult) r3 = cli_run ("apply", dot, sharp, "--shape", "disc", "--radius",
                                        "6", "--depth", black, "--focus", "0", "--grain",
                                        "--grain-level", "0.05", NULL);

    cli_assert_exit (r1, 0);
    cli_assert_exit (r2, 0);
    cli_assert_exit (r3, 0);
    g_assert_nonnull (strstr (r2->err, "grain:     σ measured"));
  }
  a = load_image (noisy, NULL);
  b = load_image (smooth, NULL);
  c = load_image (grainy, NULL);
  g_test_message ("spread: photo %.5f, blurred %.5f, blurred with grain %.5f", spread (a),
                  spread (b), spread (c));
  g_assert_cmpfloat (spread (b), <, 0.3 * spread (a));
  g_assert_cmpfloat (fabs (spread (c) / spread (a) - 1.0), <, 0.15);
  d = load_image (dot, NULL);
  e = load_image (sharp, NULL);
  g_assert_cmpint (memcmp (d, e, SIZE * SIZE * 4 * sizeof *d), ==, 0);

  {
    g_autoptr (CliResult) r4 = cli_run ("apply", dot, sharp, "--grain-seed", "3", NULL);
    g_autoptr (CliResult) r5 = cli_run ("apply", dot, sharp, "--grain", "--grain-level", "2",
                                        NULL);

    g_assert_cmpint (r4->status, !=, 0);
    g_assert_nonnull (strstr (r4->err, "--grain-level and --grain-seed need --grain"));
    g_assert_cmpint (r5->status, !=, 0);
    g_assert_nonnull (strstr (r5->err, "grain level 2 is out of range (0 to 1)"));
  }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --focus-region: the dot at the circle's centre stays as it was; with the
 * circle moved to a corner the dot, far beyond its transition, is the
 * uniform blur's at the full radius; bad values are refused. */
static void
test_focus_region (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar     *sharp = g_build_filename (dir, "sharp.png", NULL);
  g_autofree gchar     *corner = g_build_filename (dir, "corner.png", NULL);
  g_autofree gchar     *uniform = g_build_filename (dir, "uniform.png", NULL);
  g_autofree gfloat    *a = NULL, *b = NULL, *c = NULL, *original = NULL;
  const gchar          *bad[][3] = {
    { "--focus-region", "oval", "unknown focus region 'oval'" },
    { "--focus-radius", "0.2", "need --focus-region ellipse or band" },
    { "--focus-aspect", "0", "focus region aspect 0 is out of range" },
    { "--focus-x", "left", "--focus-x takes a number, not 'left'" },
  };

  {
    g_autoptr (CliResult) r1 = cli_run ("apply", in, sharp, "--shape", "disc", "--radius", "6",
                                        "--exact", "--focus-region", "ellipse", "--verbose",
                                        NULL);
    g_autoptr (CliResult) r2 = cli_run ("apply", in, corner, "--shape", "disc", "--radius", "6",
                                        "--exact", "--focus-region", "ellipse", "--focus-x", "0",
                                        "--focus-y", "0", "--focus-radius", "0.1",
                                        "--focus-transition", "0.1", NULL);
    g_autoptr (CliResult) r3 = cli_run ("apply", in, uniform, "--shape", "disc", "--radius",
                                        "6", "--exact", NULL);

    cli_assert_exit (r1, 0);
    cli_assert_exit (r2, 0);
    cli_assert_exit (r3, 0);
    g_assert_nonnull (strstr (r1->err, "focus region ellipse at (0.5, 0.5), radius 0.5"));
  }
  a = load_image (sharp, NULL);
  b = load_image (corner, NULL);
  c = load_image (uniform, NULL);
  original = load_image (in, NULL);
  g_assert_cmpfloat (c[(DOT * SIZE + DOT + 5) * 4], >, 0.001f);
  for (gint i = 0; i < SIZE * SIZE * 4; i++)
    {
      g_assert_cmpfloat (fabsf (a[i] - original[i]), <=, 1e-6f);
      g_assert_cmpfloat (fabsf (b[i] - c[i]), <=, 1e-4f);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree gchar     *refused = g_build_filename (dir, "refused.png", NULL);
      const gchar          *extra = i == 2 ? "--focus-region" : NULL;
      g_autoptr (CliResult) r = cli_run ("apply", in, refused, bad[i][0], bad[i][1], extra,
                                         "ellipse", NULL);

      g_assert_cmpint (r->status, !=, 0);
      g_assert_nonnull (strstr (r->err, bad[i][2]));
      g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* Every method gives the same image for the same kernel, exact or not;
 * --verbose says which one ran and why. */
static void
test_methods_agree (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = g_build_filename (dir, "in.png", NULL);
  g_autofree gfloat *noise = g_new (gfloat, SIZE * SIZE * 4);
  g_autofree gfloat *first = NULL;
  const gchar       *methods[] = { "auto", "separable", "fft", "chord" };

  for (gint i = 0; i < SIZE * SIZE * 4; i++)
    noise[i] = i % 4 == 3 ? 1.0f : g_test_rand_double_range (0.0, 1.0);
  save_image (in, noise, "R'G'B'A u16", "gegl:png-save", 16);
  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autofree gchar     *out = g_strdup_printf ("%s/%s.png", dir, methods[m]);
      g_autoptr (CliResult) result = cli_run ("apply", in, out, "--shape", "disc", "--radius", "6",
                                              "--exact", "--method", methods[m], "--edge", "mirror",
                                              "--verbose", NULL);
      g_autofree gfloat    *pixels = NULL;

      cli_assert_exit (result, 0);
      g_test_message ("%s: %s", methods[m], result->err);
      if (m > 0)
        {
          g_autofree gchar *line = g_strdup_printf ("method:    %s", m == 1 ? "separable passes"
                                                                  : m == 2 ? "FFT" : "chord sums");

          g_assert_nonnull (strstr (result->err, line));
        }
      pixels = load_image (out, NULL);
      if (!first)
        first = g_steal_pointer (&pixels);
      else
        for (gint i = 0; i < SIZE * SIZE * 4; i++)
          g_assert_cmpfloat_with_epsilon (pixels[i], first[i], 2.0 / 65535);
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --cats-eye: a point near a corner becomes a clipped spot (less area
 * than the disc), the centre's point stays the disc; 0 is the plain run
 * byte for byte; bad values and --depth are refused by name. */
static void
spot_at (const gfloat *pixels, gint cx, gint cy, gint reach, gdouble *sum, gint *area)
{
  gdouble peak = 0.0;

  *sum = 0.0;
  *area = 0;
  for (gint pass = 0; pass < 2; pass++)
    for (gint y = MAX (0, cy - reach); y <= MIN (SIZE - 1, cy + reach); y++)
      for (gint x = MAX (0, cx - reach); x <= MIN (SIZE - 1, cx + reach); x++)
        {
          gdouble v = pixels[(y * SIZE + x) * 4];

          if (pass == 0)
            {
              peak = MAX (peak, v);
              *sum += v;
            }
          else
            *area += v > 0.1 * peak;
        }
}

static void
test_cats_eye (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = g_build_filename (dir, "in.tif", NULL);
  g_autofree gchar  *plain = g_build_filename (dir, "plain.tif", NULL);
  g_autofree gchar  *zero = g_build_filename (dir, "zero.tif", NULL);
  g_autofree gchar  *eye = g_build_filename (dir, "eye.tif", NULL);
  g_autofree gfloat *pixels = g_new0 (gfloat, SIZE * SIZE * 3);
  g_autofree gfloat *plain_pixels = NULL, *eye_pixels = NULL;
  g_autoptr (GBytes) plain_bytes = NULL, zero_bytes = NULL;
  gdouble            plain_sum, eye_sum;
  gint               plain_area, eye_area;
  const gchar *const common[] = { "--shape", "disc", "--radius", "6", "--exact", NULL };
  const gchar *const bad[][3] = {
    { "--cats-eye", "1.5", "--cats-eye 1.5 is out of range" },
    { "--cats-eye", "-0.1", "--cats-eye -0.1 is out of range" },
    { "--cats-eye", "much", "--cats-eye takes a number" },
    { "--field-zone", "20", "--field-zone needs --cats-eye" },
    { "--field-error", "0.05", "--field-error needs --cats-eye" },
  };

  /* A point near the top-left corner and one at the centre. */
  for (gint c = 0; c < 3; c++)
    {
      pixels[(8 * SIZE + 8) * 3 + c] = 1.0f;
      pixels[(DOT * SIZE + DOT) * 3 + c] = 1.0f;
    }
  save_image (in, pixels, "RGB float", "gegl:tiff-save", 0);
  {
    g_autoptr (CliResult) a = cli_run ("apply", in, plain, common[0], common[1], common[2],
                                       common[3], common[4], NULL);
    g_autoptr (CliResult) b = cli_run ("apply", in, zero, common[0], common[1], common[2],
                                       common[3], common[4], "--cats-eye", "0", NULL);
    g_autoptr (CliResult) e = cli_run ("apply", in, eye, common[0], common[1], common[2],
                                       common[3], common[4], "--cats-eye", "1",
                                       "--field-zone", "16", NULL);

    cli_assert_exit (a, 0);
    cli_assert_exit (b, 0);
    cli_assert_exit (e, 0);
  }
  plain_bytes = cli_read_bytes (plain);
  zero_bytes = cli_read_bytes (zero);
  g_assert_true (g_bytes_equal (plain_bytes, zero_bytes));

  plain_pixels = load_image (plain, NULL);
  eye_pixels = load_image (eye, NULL);
  spot_at (plain_pixels, 8, 8, 8, &plain_sum, &plain_area);
  spot_at (eye_pixels, 8, 8, 8, &eye_sum, &eye_area);
  g_test_message ("corner spot: area %d → %d, light %g → %g", plain_area, eye_area, plain_sum,
                  eye_sum);
  g_assert_cmpint (eye_area, <, plain_area * 3 / 4);
  spot_at (plain_pixels, DOT, DOT, 7, &plain_sum, &plain_area);
  spot_at (eye_pixels, DOT, DOT, 7, &eye_sum, &eye_area);
  g_assert_cmpint (ABS (eye_area - plain_area), <=, plain_area / 20);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CliResult) result = cli_run ("apply", in, eye, bad[i][0], bad[i][1], NULL);

      g_assert_cmpint (result->status, !=, 0);
      g_assert_nonnull (strstr (result->err, bad[i][2]));
    }
  /* The zones chosen by their error: closer than the default's, within
   * the error asked for (as --verbose reports both); refused with
   * --field-zone or out of range. */
  {
    g_autoptr (CliResult) d = cli_run ("apply", in, eye, common[0], common[1], common[2],
                                       common[3], common[4], "--cats-eye", "1", "-v", NULL);
    g_autoptr (CliResult) e = cli_run ("apply", in, eye, common[0], common[1], common[2],
                                       common[3], common[4], "--cats-eye", "1",
                                       "--field-error", "0.12", "-v", NULL);
    g_autoptr (CliResult) both = cli_run ("apply", in, eye, "--cats-eye", "1", "--field-error",
                                          "0.05", "--field-zone", "20", NULL);
    g_autoptr (CliResult) out_of_range = cli_run ("apply", in, eye, "--cats-eye", "1",
                                                  "--field-error", "1.5", NULL);
    const gchar *dz, *ez;
    gint         default_zone = 0, zone = 0;
    gdouble      error_pct = 100.0;

    cli_assert_exit (d, 0);
    cli_assert_exit (e, 0);
    dz = strstr (d->err, "zones of ");
    ez = strstr (e->err, "zones of ");
    g_assert_nonnull (dz);
    g_assert_nonnull (ez);
    g_assert_cmpint (sscanf (dz, "zones of %d", &default_zone), ==, 1);
    g_assert_cmpint (sscanf (strstr (ez, "error "), "error %lf", &error_pct), ==, 1);
    g_assert_cmpint (sscanf (ez, "zones of %d", &zone), ==, 1);
    g_test_message ("--field-error 0.12: zones of %d px (default %d), error %g %%", zone,
                    default_zone, error_pct);
    g_assert_cmpfloat (error_pct, <=, 12.0);
    g_assert_cmpint (zone, <, default_zone);
    cli_assert_exit (both, 2);
    g_assert_nonnull (strstr (both->err, "give one"));
    g_assert_cmpint (out_of_range->status, !=, 0);
    g_assert_nonnull (strstr (out_of_range->err, "--field-error 1.5 is out of range"));
  }

  /* With a focus region (a depth of field): the corner's blur is clipped
   * as well. */
  {
    g_autoptr (CliResult) a = cli_run ("apply", in, plain, common[0], common[1], common[2],
                                       common[3], common[4], "--focus-region", "ellipse",
                                       NULL);
    g_autoptr (CliResult) e = cli_run ("apply", in, eye, common[0], common[1], common[2],
                                       common[3], common[4], "--focus-region", "ellipse",
                                       "--cats-eye", "1", "--field-zone", "16", NULL);

    cli_assert_exit (a, 0);
    cli_assert_exit (e, 0);
  }
  g_free (plain_pixels);
  g_free (eye_pixels);
  plain_pixels = load_image (plain, NULL);
  eye_pixels = load_image (eye, NULL);
  spot_at (plain_pixels, 8, 8, 8, &plain_sum, &plain_area);
  spot_at (eye_pixels, 8, 8, 8, &eye_sum, &eye_area);
  g_test_message ("with a focus region, corner spot: area %d → %d", plain_area, eye_area);
  g_assert_cmpint (eye_area, <, plain_area * 3 / 4);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* --axial-color: a light's disc gets a green rim without a depth map
 * (all is behind the focus), a magenta one in front of the focus (a black
 * map focused at 1); 0 is the plain run byte for byte; bad values and
 * cat's eye with it are refused by name. */
static void
ring_sums (const gfloat *pixels, gdouble inner, gdouble outer, gdouble sums[3])
{
  sums[0] = sums[1] = sums[2] = 0.0;
  for (gint y = 0; y < SIZE; y++)
    for (gint x = 0; x < SIZE; x++)
      if (hypot (x - DOT, y - DOT) >= inner && hypot (x - DOT, y - DOT) <= outer)
        for (gint c = 0; c < 3; c++)
          sums[c] += pixels[(y * SIZE + x) * 4 + c];
}

static void
test_axial_color (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = make_dot (dir, "in.tif", "RGB float", "gegl:tiff-save", 0);
  g_autofree gchar  *near = make_grey (dir, "near.png", 0.0f);
  g_autofree gchar  *plain = g_build_filename (dir, "plain.tif", NULL);
  g_autofree gchar  *zero = g_build_filename (dir, "zero.tif", NULL);
  g_autofree gchar  *back = g_build_filename (dir, "back.tif", NULL);
  g_autofree gchar  *front = g_build_filename (dir, "front.tif", NULL);
  g_autofree gfloat *back_pixels = NULL, *front_pixels = NULL;
  g_autoptr (GBytes) plain_bytes = NULL, zero_bytes = NULL;
  gdouble            back_rim[3], front_rim[3];
  const gchar *const bad[][5] = {
    { "--axial-color", "2", "", "", "--axial-color 2 is out of range" },
    { "--axial-color", "some", "", "", "--axial-color takes a number" },
    { "--axial-color", "0.5", "--cats-eye", "0.5",
      "axial colour does not yet work with cat's eye or swirl" },
  };

  {
    g_autoptr (CliResult) a = cli_run ("apply", in, plain, "--shape", "disc", "--radius", "8",
                                       "--exact", NULL);
    g_autoptr (CliResult) b = cli_run ("apply", in, zero, "--shape", "disc", "--radius", "8",
                                       "--exact", "--axial-color", "0", NULL);
    g_autoptr (CliResult) c = cli_run ("apply", in, back, "--shape", "disc", "--radius", "8",
                                       "--exact", "--axial-color", "1", "--verbose", NULL);
    g_autoptr (CliResult) d = cli_run ("apply", in, front, "--shape", "disc", "--radius", "8",
                                       "--exact", "--axial-color", "1", "--depth", near,
                                       "--focus", "1", NULL);

    cli_assert_exit (a, 0);
    cli_assert_exit (b, 0);
    cli_assert_exit (c, 0);
    cli_assert_exit (d, 0);
    g_assert_nonnull (strstr (c->err, "axial:     colour 1"));
  }
  plain_bytes = cli_read_bytes (plain);
  zero_bytes = cli_read_bytes (zero);
  g_assert_true (g_bytes_equal (plain_bytes, zero_bytes));
  /* Radius 8, strength 1: the shrunk discs are 6 across. */
  back_pixels = load_image (back, NULL);
  front_pixels = load_image (front, NULL);
  ring_sums (back_pixels, 6.8, 7.4, back_rim);
  ring_sums (front_pixels, 6.8, 7.4, front_rim);
  g_test_message ("rim behind R G B %g %g %g, in front %g %g %g", back_rim[0], back_rim[1],
                  back_rim[2], front_rim[0], front_rim[1], front_rim[2]);
  g_assert_cmpfloat (back_rim[1], >, 10.0 * (back_rim[0] + back_rim[2]));
  g_assert_cmpfloat (front_rim[0], >, 10.0 * front_rim[1]);
  g_assert_cmpfloat (front_rim[2], >, 10.0 * front_rim[1]);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const gchar          *argv[] = { "apply", in, back, bad[i][0], bad[i][1],
                                       bad[i][2][0] ? bad[i][2] : NULL, bad[i][3], NULL };
      g_autoptr (CliResult) result = cli_run_argv (argv);

      g_assert_cmpint (result->status, !=, 0);
      g_assert_nonnull (strstr (result->err, bad[i][4]));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The spot's light variance along the unit (ux, uy) (rows down) and
 * across it, about its centroid, within `reach` of (cx, cy). */
static void
spot_spread (const gfloat *pixels, gint cx, gint cy, gint reach, gdouble ux, gdouble uy,
             gdouble *along, gdouble *across)
{
  gdouble sum = 0.0, mx = 0.0, my = 0.0;

  *along = *across = 0.0;
  for (gint pass = 0; pass < 2; pass++)
    for (gint y = MAX (0, cy - reach); y <= MIN (SIZE - 1, cy + reach); y++)
      for (gint x = MAX (0, cx - reach); x <= MIN (SIZE - 1, cx + reach); x++)
        {
          gdouble v = pixels[(y * SIZE + x) * 4];
          gdouble a = (x - mx) * ux + (y - my) * uy, b = -(x - mx) * uy + (y - my) * ux;

          if (pass == 0)
            {
              sum += v;
              mx += v * x;
              my += v * y;
              continue;
            }
          *along += v * a * a / sum;
          *across += v * b * b / sum;
        }
}

/* --swirl stretches a corner's spot along the circle round the centre,
 * --aspect every spot along its rotation; 0 and 1 are the plain run byte
 * for byte; bad values are refused by name. */
static void
test_swirl_and_aspect (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = g_build_filename (dir, "in.tif", NULL);
  g_autofree gchar  *plain = g_build_filename (dir, "plain.tif", NULL);
  g_autofree gchar  *off = g_build_filename (dir, "off.tif", NULL);
  g_autofree gchar  *swirl = g_build_filename (dir, "swirl.tif", NULL);
  g_autofree gchar  *oval = g_build_filename (dir, "oval.tif", NULL);
  g_autofree gfloat *pixels = g_new0 (gfloat, SIZE * SIZE * 3);
  g_autofree gfloat *swirl_pixels = NULL, *oval_pixels = NULL;
  g_autoptr (GBytes) plain_bytes = NULL, off_bytes = NULL;
  gdouble            along, across;
  const gchar *const bad[][3] = {
    { "--swirl", "1.5", "--swirl 1.5 is out of range" },
    { "--aspect", "0.5", "--aspect 0.5 is out of range" },
    { "--aspect", "9", "--aspect 9 is out of range" },
    { "--aspect-rotation", "30", "--aspect-rotation needs --aspect" },
  };

  for (gint c = 0; c < 3; c++)
    {
      pixels[(8 * SIZE + 8) * 3 + c] = 1.0f;
      pixels[(DOT * SIZE + DOT) * 3 + c] = 1.0f;
    }
  save_image (in, pixels, "RGB float", "gegl:tiff-save", 0);
  {
    g_autoptr (CliResult) a = cli_run ("apply", in, plain, "--shape", "disc", "--radius", "6",
                                       "--exact", NULL);
    g_autoptr (CliResult) b = cli_run ("apply", in, off, "--shape", "disc", "--radius", "6",
                                       "--exact", "--swirl", "0", "--aspect", "1", NULL);
    g_autoptr (CliResult) s = cli_run ("apply", in, swirl, "--shape", "disc", "--radius", "6",
                                       "--exact", "--swirl", "1", "--field-zone", "16", NULL);
    g_autoptr (CliResult) o = cli_run ("apply", in, oval, "--shape", "disc", "--radius", "6",
                                       "--exact", "--aspect", "2", "--aspect-rotation", "90",
                                       NULL);

    cli_assert_exit (a, 0);
    cli_assert_exit (b, 0);
    cli_assert_exit (s, 0);
    cli_assert_exit (o, 0);
  }
  plain_bytes = cli_read_bytes (plain);
  off_bytes = cli_read_bytes (off);
  g_assert_true (g_bytes_equal (plain_bytes, off_bytes));

  /* Near the top-left corner the line to the centre runs along (1, 1). */
  swirl_pixels = load_image (swirl, NULL);
  spot_spread (swirl_pixels, 8, 8, 8, G_SQRT2 / 2, G_SQRT2 / 2, &along, &across);
  g_test_message ("swirl, corner spot: radial σ² %g, tangential σ² %g", along, across);
  g_assert_cmpfloat (across, >, 1.5 * along);
  /* Upright oval: taller than wide, at the centre as in the corner. */
  oval_pixels = load_image (oval, NULL);
  spot_spread (oval_pixels, DOT, DOT, 12, 1.0, 0.0, &along, &across);
  g_test_message ("aspect 2 at 90°: across σ² %g, up σ² %g", along, across);
  g_assert_cmpfloat (across, >, 3.0 * along);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (CliResult) result = cli_run ("apply", in, swirl, bad[i][0], bad[i][1], NULL);

      g_assert_cmpint (result->status, !=, 0);
      g_assert_nonnull (strstr (result->err, bad[i][2]));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* The kernel `lrbokeh factors` reports at full rank for `args` (a
 * NULL-terminated list after "factors"): Σ vertical ⊗ horizontal, rows ×
 * cols in *rows, *cols. */
static gdouble *
factors_kernel (const gchar *const *args, gint *rows, gint *cols)
{
  g_autoptr (GPtrArray)  argv = g_ptr_array_new ();
  g_autoptr (CliResult)  result = NULL;
  g_autoptr (JsonObject) o = NULL;
  JsonArray             *vertical, *horizontal;
  gdouble               *kernel;

  g_ptr_array_add (argv, "factors");
  for (gint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, "--rank");
  g_ptr_array_add (argv, "full");
  g_ptr_array_add (argv, "--format");
  g_ptr_array_add (argv, "json");
  g_ptr_array_add (argv, NULL);
  result = cli_run_argv ((const gchar *const *) argv->pdata);
  cli_assert_exit (result, 0);
  o = cli_parse_object (result);
  *rows = json_object_get_int_member (o, "rows");
  *cols = json_object_get_int_member (o, "cols");
  vertical = json_object_get_array_member (o, "vertical");
  horizontal = json_object_get_array_member (o, "horizontal");
  kernel = g_new0 (gdouble, *rows * *cols);
  for (guint t = 0; t < json_array_get_length (vertical); t++)
    for (gint i = 0; i < *rows; i++)
      for (gint j = 0; j < *cols; j++)
        kernel[i * *cols + j] +=
          json_array_get_double_element (json_array_get_array_element (vertical, t), i) *
          json_array_get_double_element (json_array_get_array_element (horizontal, t), j);
  return kernel;
}

/* --profile: a point becomes the profiled kernel as `lrbokeh factors
 * --profile` spells it (the analysis path, not the run's), its rim
 * brighter than its middle (soap bubble) or the reverse (smooth); off is
 * the plain run byte for byte; bad values are refused by name. */
static void
test_profile (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = make_dot (dir, "in.tif", "RGB float", "gegl:tiff-save", 0);
  g_autofree gchar  *plain = g_build_filename (dir, "plain.tif", NULL);
  const gchar *const profiles[] = { "soap-bubble", "smooth", "onion-rings" };
  const gchar *const bad[][3] = {
    { "--profile", "bubbly", "unknown profile 'bubbly'" },
    { "--profile-strength", "0.5", "--profile-strength needs --profile" },
  };

  {
    g_autoptr (CliResult) a = cli_run ("apply", in, plain, "--shape", "disc", "--radius", "6",
                                       "--rank", "3", NULL);

    cli_assert_exit (a, 0);
  }
  for (gint off = 0; off < 2; off++)
    {
      g_autofree gchar     *out = g_build_filename (dir, "off.tif", NULL);
      g_autoptr (CliResult) b = cli_run ("apply", in, out, "--shape", "disc", "--radius", "6",
                                         "--rank", "3", "--profile",
                                         off ? "flat" : "soap-bubble", "--profile-strength",
                                         off ? "1" : "0", NULL);
      g_autoptr (GBytes)    plain_bytes = cli_read_bytes (plain);
      g_autoptr (GBytes)    off_bytes = NULL;

      cli_assert_exit (b, 0);
      off_bytes = cli_read_bytes (out);
      g_assert_true (g_bytes_equal (plain_bytes, off_bytes));
    }
  for (gsize p = 0; p < G_N_ELEMENTS (profiles); p++)
    {
      const gchar *const    args[] = { "--shape", "disc", "--radius", "6", "--profile",
                                       profiles[p], "--profile-strength", "0.8", NULL };
      g_autofree gchar     *out = g_strdup_printf ("%s/%s.tif", dir, profiles[p]);
      g_autoptr (CliResult) r = cli_run ("apply", in, out, "--exact", args[0], args[1], args[2],
                                         args[3], args[4], args[5], args[6], args[7], NULL);
      g_autofree gfloat    *pixels = NULL;
      g_autofree gdouble   *kernel = NULL;
      gint                  rows, cols;
      gdouble               middle, rim;

      cli_assert_exit (r, 0);
      kernel = factors_kernel (args, &rows, &cols);
      g_assert_cmpint (rows, ==, 13);
      pixels = load_image (out, NULL);
      for (gint y = 0; y < SIZE; y++)
        for (gint x = 0; x < SIZE; x++)
          g_assert_cmpfloat_with_epsilon (pixels[(y * SIZE + x) * 4],
                                          expected_at (kernel, rows, cols, x, y), 1e-5);
      middle = pixels[(DOT * SIZE + DOT) * 4];
      rim = pixels[(DOT * SIZE + DOT + 5) * 4];
      g_test_message ("%s: rim %g, middle %g", profiles[p], rim, middle);
      if (p == 0)
        g_assert_cmpfloat (rim, >, 2.0 * middle);
      else if (p == 1)
        g_assert_cmpfloat (middle, >, 2.0 * rim);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree gchar     *out = g_build_filename (dir, "bad.tif", NULL);
      g_autoptr (CliResult) result = cli_run ("apply", in, out, bad[i][0], bad[i][1], NULL);

      cli_assert_exit (result, 2);
      g_assert_nonnull (strstr (result->err, bad[i][2]));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_usage_errors (void)
{
  const gchar *const cases[][8] = {
    { "apply", "in.png", "out.png", "--bogus" },
    { "apply", "in.png" },
    { "apply", "in.png", "out.png", "k.txt", "more" },
    { "apply", "in.png", "out.png", "--edge", "wrap" },
    { "apply", "in.png", "out.png", "--rank", "2", "--energy", "0.9" },
    { "apply", "in.png", "out.png", "--threads", "many" },
    { "apply", "in.png", "out.png", "--exact", "--rank", "2" },
    { "apply", "in.png", "out.png", "--exact", "--energy", "0.9" },
    { "apply", "in.png", "out.png", "--method", "fastest" },
    { "frobnicate" },
    { "--bogus" },
    { NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CliResult) result = cli_run_argv (cases[i]);

      cli_assert_exit (result, 2);
      g_assert_cmpstr (result->err, !=, "");
      g_assert_false (g_file_test ("out.png", G_FILE_TEST_EXISTS));
    }
  /* A value that is not text: the message shows which one. */
  {
    const gchar *const not_text[] = { "apply", "in.png", "out.png", "--shape", "\377", NULL };
    g_autoptr (CliResult) result = cli_run_argv (not_text);

    cli_assert_exit (result, 2);
    g_assert_nonnull (strstr (result->err, "\"\\377\" is not text"));
  }
  {
    g_autoptr (CliResult) result = cli_run ("--help", NULL);

    cli_assert_exit (result, 0);
    g_assert_nonnull (strstr (result->out, "apply"));
  }
  {
    g_autoptr (CliResult) result = cli_run ("apply", "--help", NULL);

    cli_assert_exit (result, 0);
    g_assert_nonnull (strstr (result->out, "--memory-limit"));
    g_assert_nonnull (strstr (result->out, "--exact"));
    g_assert_nonnull (strstr (result->out, "--method"));
  }
}

/* --factorization nonnegative: the same point of light becomes the
 * non-negative rank-2 kernel that `factors` reports, and no pixel goes below
 * zero (the SVD's rank 2 of this kernel does, see test_low_rank_float). */
static void
test_nonnegative_point (void)
{
  g_autofree gchar     *dir = NULL, *in = NULL, *kernel = NULL, *out = NULL;
  g_autoptr (CliResult) result = NULL;
  g_autofree gfloat    *pixels = NULL;
  gdouble               k_r[15];
  gfloat                lowest = G_MAXFLOAT;

  if (!gegl_has_operation ("gegl:exr-save") || !gegl_has_operation ("gegl:exr-load"))
    {
      g_test_skip ("GEGL has no OpenEXR support");
      return;
    }
  dir = cli_tmpdir_new ();
  in = make_dot (dir, "in.exr", "RGB float", "gegl:exr-save", 0);
  kernel = cli_write_file (dir, "kernel.txt", kernel_text);
  out = g_build_filename (dir, "out.exr", NULL);
  for (gint method = 0; method < 2; method++)
    {
      result = cli_run ("apply", in, out, kernel, "--rank", "2", "--edge", "zero",
                        "--factorization", "nonnegative", "--method",
                        method ? "fft" : "separable", NULL);
      cli_assert_exit (result, 0);
      g_clear_pointer (&result, cli_result_free);
      rank_kernel (kernel, "2", "nonnegative", k_r);
      pixels = load_image (out, NULL);
      for (gint y = 0; y < SIZE; y++)
        for (gint x = 0; x < SIZE; x++)
          for (gint c = 0; c < 3; c++)
            {
              gfloat v = pixels[(y * SIZE + x) * 4 + c];

              lowest = MIN (lowest, v);
              g_assert_cmpfloat_with_epsilon (v, expected_at (k_r, 3, 5, x, y), 1e-5);
            }
      g_clear_pointer (&pixels, g_free);
    }
  /* Separable passes of non-negative filters give ≥ 0 exactly; the FFT's
   * float rounding may leave −1e-8, where the SVD's lobe is −1e-3. */
  g_assert_cmpfloat (lowest, >, -1e-6f);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* A kernel with negative entries cannot have non-negative factors: bad
 * input naming the entry, OUT untouched; --exact ignores the choice; an
 * unknown factorization is a usage error. */
static void
test_nonnegative_refused (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *in = make_dot (dir, "in.png", "R'G'B' u16", "gegl:png-save", 16);
  g_autofree gchar  *sharpen = cli_write_file (dir, "sharpen.txt", "0 -1 0\n-1 5 -1\n0 -1 0\n");
  g_autofree gchar  *out = g_build_filename (dir, "out.png", NULL);
  g_autoptr (CliResult) bad = cli_run ("apply", in, out, sharpen, "--rank", "1",
                                       "--factorization", "nonnegative", NULL);
  g_autoptr (CliResult) dog = cli_run ("apply", in, out, "--shape", "dog", "--rank", "2",
                                       "--factorization", "nonnegative", NULL);
  g_autoptr (CliResult) unknown = cli_run ("apply", in, out, sharpen, "--rank", "1",
                                           "--factorization", "nmf", NULL);
  g_autoptr (CliResult) exact = NULL;

  cli_assert_exit (bad, 1);
  g_assert_nonnull (strstr (bad->err, "negative entries"));
  g_assert_nonnull (strstr (bad->err, "row 1, column 2"));
  cli_assert_exit (dog, 1);
  g_assert_nonnull (strstr (dog->err, "negative entries"));
  cli_assert_exit (unknown, 2);
  g_assert_nonnull (strstr (unknown->err, "svd or nonnegative"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  exact = cli_run ("apply", in, out, sharpen, "--exact", "--factorization", "nonnegative", NULL);
  cli_assert_exit (exact, 0);
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* A picture larger than GEGL's cache spills tiles to swap; the tool must
 * still exit without a GEGL warning (cli_assert_exit fails on one), and
 * the result must be whole: a dot in the middle becomes the kernel. */
static void
test_swap_clean_exit (void)
{
  const gint            width = 1800, height = 1200;
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *in = g_build_filename (dir, "big.ppm", NULL);
  g_autofree gchar     *out = g_build_filename (dir, "out.ppm", NULL);
  g_autoptr (GString)   ppm = g_string_new (NULL);
  g_autoptr (GError)    error = NULL;
  g_autoptr (CliResult) result = NULL;
  g_autoptr (GBytes)    written = NULL;

  g_string_printf (ppm, "P6\n%d %d\n255\n", width, height);
  for (gint i = 0; i < width * height * 3; i++)
    g_string_append_c (ppm, (gchar) (((guint) i * 7919u) % 200u));
  g_assert_true (g_file_set_contents (in, ppm->str, ppm->len, &error));
  g_assert_no_error (error);

  /* In MiB: a few tiles, where the picture and its float copies take 100. */
  g_setenv ("GEGL_CACHE_SIZE", "2", TRUE);
  result = cli_run ("apply", in, out, "--shape", "hexagon", "--radius", "12", "--rank", "3",
                    NULL);
  g_unsetenv ("GEGL_CACHE_SIZE");
  cli_assert_exit (result, 0);
  written = cli_read_bytes (out);
  g_assert_cmpuint (g_bytes_get_size (written), >=, (gsize) width * height * 3);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  gegl_init (NULL, NULL);
  g_test_add_func ("/cli/apply/point-becomes-kernel", test_point_becomes_kernel);
  g_test_add_func ("/cli/apply/low-rank-float", test_low_rank_float);
  g_test_add_func ("/cli/apply/grey-default-kernel", test_grey_default_kernel);
  g_test_add_func ("/cli/apply/edge-modes", test_edge_modes);
  g_test_add_func ("/cli/apply/failures-leave-out-alone", test_failures_leave_out_alone);
  g_test_add_func ("/cli/apply/exact-point", test_exact_point);
  g_test_add_func ("/cli/apply/special-ranks", test_special_ranks);
  g_test_add_func ("/cli/apply/methods-agree", test_methods_agree);
  g_test_add_func ("/cli/apply/highlights", test_highlights);
  g_test_add_func ("/cli/apply/depth", test_depth);
  g_test_add_func ("/cli/apply/camera", test_camera);
  g_test_add_func ("/cli/apply/grain", test_grain);
  g_test_add_func ("/cli/apply/focus-region", test_focus_region);
  g_test_add_func ("/cli/apply/cats-eye", test_cats_eye);
  g_test_add_func ("/cli/apply/swirl-and-aspect", test_swirl_and_aspect);
  g_test_add_func ("/cli/apply/axial-color", test_axial_color);
  g_test_add_func ("/cli/apply/profile", test_profile);
  g_test_add_func ("/cli/apply/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/apply/nonnegative-point", test_nonnegative_point);
  g_test_add_func ("/cli/apply/nonnegative-refused", test_nonnegative_refused);
  g_test_add_func ("/cli/apply/swap-clean-exit", test_swap_clean_exit);
  status = g_test_run ();
  gegl_exit ();
  return status;
}
