/* lowrank-bokeh — `lrbokeh kernel-from-photo`, `--rank auto-noise` and
 * analyze's noise report, against hexagons this file draws itself (not
 * core's shape code) and against a real photo with a light the project's
 * own blur spread into a hexagon.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-test-util.h"
#include <gegl.h>

#include <math.h>
#include <string.h>

/* A hexagon of circumradius R with two vertices on the horizontal axis,
 * anti-aliased by 8 × 8 samples per pixel: the coverage of pixel (x, y)
 * round the centre (cx, cy). */
static gdouble
hexagon_coverage (gdouble x, gdouble y, gdouble cx, gdouble cy, gdouble radius)
{
  gint inside = 0;

  for (gint i = 0; i < 8; i++)
    for (gint j = 0; j < 8; j++)
      {
        gdouble dx = fabs (x + (j + 0.5) / 8 - 0.5 - cx);
        gdouble dy = fabs (y + (i + 0.5) / 8 - 0.5 - cy);
        gdouble apothem = radius * sqrt (3.0) / 2;

        /* Inside the band |dy| ≤ apothem and the two slanted sides. */
        inside += dy <= apothem && sqrt (3.0) * dx + dy <= sqrt (3.0) * radius;
      }
  return inside / 64.0;
}

/* A standard normal deviate from a seeded generator (Box–Muller). */
static gdouble
gaussian (GRand *rand)
{
  gdouble u = g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2.0 * log (1.0 - u)) * cos (2.0 * G_PI * v);
}

/* Linear "Y float" pixels into a 32-bit float TIFF, so that nothing is
 * quantized or clipped on the way. */
static void
save_float_tiff (const gchar *path, const gfloat *pixels, gint width, gint height)
{
  GeglRectangle          extent = { 0, 0, width, height };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&extent, babl_format ("Y float"));
  g_autoptr (GeglNode)   graph = gegl_node_new ();
  GeglNode              *source, *save;

  gegl_buffer_set (buffer, &extent, 0, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE);
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", "gegl:tiff-save", "path", path, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* A kernel text file's numbers, row by row; *rows and *cols get its size. */
static gdouble *
read_kernel (const gchar *path, gint *rows, gint *cols)
{
  g_autofree gchar *text = NULL;
  g_auto (GStrv)    lines = NULL;
  GArray           *values = g_array_new (FALSE, FALSE, sizeof (gdouble));

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  *rows = *cols = 0;
  for (gchar **line = lines; *line; line++)
    {
      g_auto (GStrv) fields = NULL;
      gint           n = 0;

      if (**line == '#' || **line == '\0')
        continue;
      fields = g_strsplit_set (*line, " ,\t", -1);
      for (gchar **f = fields; *f; f++)
        if (**f)
          {
            gdouble v = g_ascii_strtod (*f, NULL);

            g_array_append_val (values, v);
            n++;
          }
      g_assert_true (*cols == 0 || *cols == n);
      *cols = n;
      (*rows)++;
    }
  return (gdouble *) g_array_free (values, FALSE);
}

/* ‖k − ref‖ / ‖ref‖ with both scaled to sum 1 and centred on each other. */
static gdouble
centred_error (const gdouble *k, gint rows, gint cols, const gdouble *ref, gint ref_rows,
               gint ref_cols)
{
  gint    half_r = MAX (rows, ref_rows) / 2 + 1, half_c = MAX (cols, ref_cols) / 2 + 1;
  gdouble sk = 0.0, sr = 0.0, diff = 0.0, norm = 0.0;

  for (gint i = 0; i < rows * cols; i++)
    sk += k[i];
  for (gint i = 0; i < ref_rows * ref_cols; i++)
    sr += ref[i];
  for (gint r = -half_r; r <= half_r; r++)
    for (gint c = -half_c; c <= half_c; c++)
      {
        gint    kr = r + rows / 2, kc = c + cols / 2, rr = r + ref_rows / 2, rc = c + ref_cols / 2;
        gdouble x = kr >= 0 && kc >= 0 && kr < rows && kc < cols ? k[kr * cols + kc] / sk : 0;
        gdouble y = rr >= 0 && rc >= 0 && rr < ref_rows && rc < ref_cols
                    ? ref[rr * ref_cols + rc] / sr : 0;

        diff += (x - y) * (x - y);
        norm += y * y;
      }
  return sqrt (diff / norm);
}

/* ---- A drawn hexagon in a synthetic photo ------------------------------- */

#define PHOTO_W 200
#define PHOTO_H 150
#define HEX_X   121
#define HEX_Y   64
#define HEX_R   14.0

/* Background 0.1, the hexagon 0.4 above it, noise σ. */
static gchar *
synthetic_photo (const gchar *dir, gdouble sigma)
{
  gchar              *path = g_build_filename (dir, "night.tif", NULL);
  g_autofree gfloat  *pixels = g_new (gfloat, PHOTO_W * PHOTO_H);
  g_autoptr (GRand)   rand = g_rand_new_with_seed (29);

  for (gint y = 0; y < PHOTO_H; y++)
    for (gint x = 0; x < PHOTO_W; x++)
      pixels[y * PHOTO_W + x] = 0.1 + 0.4 * hexagon_coverage (x, y, HEX_X, HEX_Y, HEX_R) +
                                sigma * gaussian (rand);
  save_float_tiff (path, pixels, PHOTO_W, PHOTO_H);
  return path;
}

static gdouble *
drawn_hexagon (gint side)
{
  gdouble *k = g_new (gdouble, side * side);

  for (gint y = 0; y < side; y++)
    for (gint x = 0; x < side; x++)
      k[y * side + x] = hexagon_coverage (x, y, side / 2, side / 2, HEX_R);
  return k;
}

/* The light off the rectangle's centre comes back centred on its pixel;
 * the noise read back within 15 %; the noise-aware kernel closer to the
 * drawn hexagon than every term and than rank 1. */
static void
test_synthetic (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gchar      *photo = synthetic_photo (dir, 0.04);
  g_autofree gchar      *out = g_build_filename (dir, "k.txt", NULL);
  g_autofree gchar      *raw = g_build_filename (dir, "raw.txt", NULL);
  g_autofree gchar      *one = g_build_filename (dir, "one.txt", NULL);
  g_autofree gdouble    *ref = drawn_hexagon (2 * (gint) HEX_R + 3);
  g_autofree gdouble    *k = NULL, *k_raw = NULL, *k_one = NULL;
  g_autoptr (JsonObject) o = NULL, o_raw = NULL, o_one = NULL;
  gint                   rows, cols, side = 2 * (gint) HEX_R + 3;
  gdouble                e, e_raw, e_one, sum = 0.0;

  /* 70 × 60 from (80, 40): the light at (41, 24) in it, off its centre. */
  o = cli_run_json ("kernel-from-photo", photo, "--rect", "80,40,70,60", "-o", out, "--json", NULL);
  o_raw = cli_run_json ("kernel-from-photo", photo, "--rect", "80,40,70,60", "-o", raw, "--json",
                    "--rank", "full", NULL);
  o_one = cli_run_json ("kernel-from-photo", photo, "--rect", "80,40,70,60", "-o", one, "--json",
                    "--rank", "1", NULL);
  g_assert_cmpint (json_object_get_int_member (o, "centre_x"), ==, HEX_X);
  g_assert_cmpint (json_object_get_int_member (o, "centre_y"), ==, HEX_Y);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "background") - 0.1), <, 0.01);
  g_assert_cmpfloat (fabs (json_object_get_double_member (o, "noise_sigma_image") / 0.04 - 1),
                     <, 0.15);
  g_assert_true (json_object_get_boolean_member (o, "noise_detected"));
  g_assert_cmpint (json_object_get_int_member (o, "rank"), ==,
                   json_object_get_int_member (o, "noise_rank"));
  g_assert_cmpint (json_object_get_int_member (o_raw, "rank"), ==,
                   json_object_get_int_member (o_raw, "n_values"));
  g_assert_nonnull (strstr (json_object_get_string_member (o, "noise_rank_reason"),
                            "Gavish–Donoho"));

  k = read_kernel (out, &rows, &cols);
  g_assert_cmpint (rows % 2, ==, 1);
  g_assert_cmpint (cols % 2, ==, 1);
  g_assert_cmpint (rows, ==, json_object_get_int_member (o, "rows"));
  for (gint i = 0; i < rows * cols; i++)
    {
      g_assert_cmpfloat (k[i], >=, 0.0);
      sum += k[i];
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-6);
  e = centred_error (k, rows, cols, ref, side, side);
  g_free (k_raw);
  k_raw = read_kernel (raw, &rows, &cols);
  e_raw = centred_error (k_raw, rows, cols, ref, side, side);
  k_one = read_kernel (one, &rows, &cols);
  e_one = centred_error (k_one, rows, cols, ref, side, side);
  g_test_message ("σ̂ %.4f (true 0.04), rank %d of %d; error against the drawn hexagon: "
                  "%.4f, every term %.4f, rank 1 %.4f",
                  json_object_get_double_member (o, "noise_sigma_image"),
                  (gint) json_object_get_int_member (o, "rank"),
                  (gint) json_object_get_int_member (o, "n_values"), e, e_raw, e_one);
  g_assert_cmpfloat (e, <, 0.8 * e_raw);
  g_assert_cmpfloat (e, <, e_one);
  g_assert_cmpfloat (e, <, 0.15);
  cli_tmpdir_free (g_steal_pointer (&dir));
}

/* analyze reports the noise of a noisy kernel file, and the rank apply
 * --rank auto-noise then takes is that one. */
static void
test_analyze_and_apply (void)
{
  g_autofree gchar      *dir = cli_tmpdir_new ();
  g_autofree gdouble    *ref = drawn_hexagon (41);
  g_autoptr (GRand)      rand = g_rand_new_with_seed (3);
  GString               *text = g_string_new ("# a drawn hexagon plus noise σ 0.05\n");
  g_autofree gchar      *path = NULL, *in = NULL, *out = NULL, *rank_line = NULL;
  g_autoptr (JsonObject) o = NULL;
  g_autoptr (CliResult)  result = NULL;
  g_autofree gfloat     *pixels = g_new0 (gfloat, 64 * 64);
  gdouble                sum = 0.0, sigma;

  for (gint i = 0; i < 41 * 41; i++)
    {
      g_string_append_printf (text, "%.9g%s", ref[i] + 0.05 * gaussian (rand),
                              i % 41 == 40 ? "\n" : " ");
      sum += ref[i];
    }
  path = cli_write_file (dir, "noisy.txt", text->str);
  g_string_free (text, TRUE);

  o = cli_run_json ("analyze", "--json", path, NULL);
  g_test_message ("noise_sigma %.4g, noise_rank %d: %s",
                  json_object_get_double_member (o, "noise_sigma"),
                  (gint) json_object_get_int_member (o, "noise_rank"),
                  json_object_get_string_member (o, "noise_rank_reason"));
  g_assert_true (json_object_get_boolean_member (o, "noise_detected"));
  /* In the file's units: noise_sigma is per entry of the kernel scaled to
   * sum 1, and the file sums to the hexagon's sum (give or take the noise's). */
  sigma = json_object_get_double_member (o, "noise_sigma") * sum;
  g_assert_cmpfloat (fabs (sigma / 0.05 - 1.0), <, 0.15);
  g_assert_cmpint (json_object_get_int_member (o, "noise_rank"), >=, 2);
  g_assert_cmpint (json_object_get_int_member (o, "noise_rank"), <, 12);
  g_assert_cmpfloat (json_object_get_double_member (o, "noise_threshold"), >, 0.0);
  /* The contract's members are all still there. */
  for (const gchar *const *m = (const gchar *const[]) { "rows", "cols", "singular_values",
                                                       "numerical_rank", "energy_sq",
                                                       "energy_abs", "relative_error", NULL };
       *m; m++)
    g_assert_true (json_object_has_member (o, *m));

  in = g_build_filename (dir, "in.tif", NULL);
  out = g_build_filename (dir, "out.tif", NULL);
  pixels[32 * 64 + 32] = 1.0f;
  save_float_tiff (in, pixels, 64, 64);
  result = cli_run ("apply", in, out, path, "--rank", "auto-noise", "--verbose", NULL);
  cli_assert_exit (result, 0);
  rank_line = g_strdup_printf ("rank:      %d of 41",
                               (gint) json_object_get_int_member (o, "noise_rank"));
  g_assert_nonnull (strstr (result->err, rank_line));
  cli_tmpdir_free (g_steal_pointer (&dir));
}

/* A clean computed shape has no noise: all of it is shape. */
static void
test_analyze_clean (void)
{
  g_autoptr (JsonObject) o = cli_run_json ("analyze", "--json", "--shape", "disc", "--radius", "9",
                                       NULL);

  g_assert_false (json_object_get_boolean_member (o, "noise_detected"));
  g_assert_cmpint (json_object_get_int_member (o, "noise_rank"), ==,
                   json_object_get_int_member (o, "numerical_rank"));
}

static void
assert_fails (gint status, const gchar *words, const gchar *first, ...) G_GNUC_NULL_TERMINATED;

static void
assert_fails (gint status, const gchar *words, const gchar *first, ...)
{
  g_autoptr (CliResult) result = NULL;
  va_list               ap;

  va_start (ap, first);
  result = cli_run_valist (first, ap);
  va_end (ap);
  g_test_message ("%s", result->err);
  cli_assert_exit (result, status);
  g_assert_nonnull (strstr (result->err, words));
  g_assert_cmpstr (result->out, ==, "");
}

static void
test_errors (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *photo = synthetic_photo (dir, 0.0);
  g_autofree gchar *out = g_build_filename (dir, "k.txt", NULL);
  g_autofree gchar *blurred = g_build_filename (dir, "blurred.png", NULL);
  g_autofree gchar *listing = NULL;

  assert_fails (2, "missing --rect", "kernel-from-photo", photo, "-o", out, NULL);
  assert_fails (2, "--rect takes X,Y,W,H", "kernel-from-photo", photo, "--rect", "1,2,3", "-o",
                out, NULL);
  assert_fails (2, "missing -o", "kernel-from-photo", photo, "--rect", "80,40,70,60", NULL);
  assert_fails (2, "--shape", "kernel-from-photo", photo, "--rect", "80,40,70,60", "-o", out,
                "--shape", "disc", NULL);
  assert_fails (2, "--energy", "kernel-from-photo", photo, "--rect", "80,40,70,60", "-o", out,
                "--energy", "0.9", NULL);
  assert_fails (1, "outside the 200×150 image", "kernel-from-photo", photo, "--rect",
                "180,40,70,60", "-o", out, NULL);
  assert_fails (1, "flat", "kernel-from-photo", photo, "--rect", "0,100,40,40", "-o", out, NULL);
  assert_fails (1, "reaches the rectangle's edge", "kernel-from-photo", photo, "--rect",
                "110,40,70,60", "-o", out, NULL);
  assert_fails (1, "out of range", "kernel-from-photo", photo, "--rect", "80,40,70,60", "-o",
                out, "--rank", "500", NULL);
  assert_fails (2, "'auto-noise'", "apply", photo, blurred, "--rank", "noise", NULL);
  /* Nothing was written by any of them. */
  listing = cli_list_dir (dir);
  g_assert_cmpstr (listing, ==, "night.tif");
  cli_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- A real photo ------------------------------------------------------- */

/* scikit-image's "camera" (Debian's python3-skimage ships it), as the
 * README's demo uses its Hubble field. */
#define REAL_PHOTO "/usr/lib/python3/dist-packages/skimage/data/camera.png"
#define LIGHT_X    380
#define LIGHT_Y    100

/* Linear "Y float" pixels of an image file; *width and *height get its size. */
static gfloat *
load_linear (const gchar *path, gint *width, gint *height)
{
  g_autoptr (GeglNode) graph = gegl_node_new ();
  GeglNode            *load = gegl_node_new_child (graph, "operation", "gegl:load",
                                                   "path", path, NULL);
  GeglRectangle        extent = gegl_node_get_bounding_box (load);
  gfloat              *pixels = g_new (gfloat, (gsize) extent.width * extent.height);

  g_assert_cmpint (extent.width, >, 0);
  gegl_node_blit (load, 1.0, &extent, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE,
                  GEGL_BLIT_DEFAULT);
  *width = extent.width;
  *height = extent.height;
  return pixels;
}

/* The rank-r kernel from `lrbokeh factors --format json`: Σ vᵢ ⊗ hᵢ. */
static gdouble *
kernel_from_factors (JsonObject *o, gint *rows, gint *cols)
{
  JsonArray *vertical = json_object_get_array_member (o, "vertical");
  JsonArray *horizontal = json_object_get_array_member (o, "horizontal");
  gdouble   *k;

  *rows = json_object_get_int_member (o, "rows");
  *cols = json_object_get_int_member (o, "cols");
  k = g_new0 (gdouble, *rows * *cols);
  for (guint t = 0; t < json_array_get_length (vertical); t++)
    {
      JsonArray *v = json_array_get_array_element (vertical, t);
      JsonArray *h = json_array_get_array_element (horizontal, t);

      for (gint r = 0; r < *rows; r++)
        for (gint c = 0; c < *cols; c++)
          k[r * *cols + c] += json_array_get_double_element (v, r) *
                              json_array_get_double_element (h, c);
    }
  return k;
}

/* A night version of a real photo (a quarter of its light) with one
 * point light of 374 (a radius-12 hexagon's area, so its bokeh is 1.0
 * bright) in the sky, blurred by `lrbokeh apply` with core's hexagon at
 * full rank, then seeded noise of σ 0.03 on top: the crop round the light
 * has a real, blurred, uneven background.  The kernel it gives must be
 * centred on the light and closer to the hexagon than the raw crop and
 * than rank 1. */
static void
test_real_photo (void)
{
  g_autofree gchar      *dir = NULL, *in = NULL, *blurred = NULL, *noisy = NULL, *out = NULL;
  g_autofree gchar      *raw = NULL;
  g_autofree gfloat     *pixels = NULL;
  g_autofree gdouble    *ref = NULL, *k = NULL, *k_raw = NULL;
  g_autoptr (GRand)      rand = g_rand_new_with_seed (2029);
  g_autoptr (CliResult)  result = NULL;
  g_autoptr (JsonObject) factors = NULL, o = NULL, o_raw = NULL;
  gint                   width, height, w2, h2, rows, cols, ref_rows, ref_cols;
  gdouble                e, e_raw;

  if (!g_file_test (REAL_PHOTO, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("no " REAL_PHOTO " (Debian's python3-skimage)");
      return;
    }
  dir = cli_tmpdir_new ();
  in = g_build_filename (dir, "night.tif", NULL);
  blurred = g_build_filename (dir, "blurred.tif", NULL);
  noisy = g_build_filename (dir, "noisy.tif", NULL);
  out = g_build_filename (dir, "k.txt", NULL);
  raw = g_build_filename (dir, "raw.txt", NULL);

  pixels = load_linear (REAL_PHOTO, &width, &height);
  for (gint i = 0; i < width * height; i++)
    pixels[i] *= 0.25f;
  pixels[LIGHT_Y * width + LIGHT_X] += 374.0f;
  save_float_tiff (in, pixels, width, height);
  result = cli_run ("apply", in, blurred, "--shape", "hexagon", "--radius", "12", "--rank",
                    "full", "--method", "separable", NULL);
  cli_assert_exit (result, 0);
  g_free (pixels);
  pixels = load_linear (blurred, &w2, &h2);
  g_assert_cmpint (w2, ==, width);
  for (gint i = 0; i < width * height; i++)
    pixels[i] += 0.03 * gaussian (rand);
  save_float_tiff (noisy, pixels, width, height);

  o = cli_run_json ("kernel-from-photo", noisy, "--rect", "342,64,84,76", "-o", out, "--json",
                    NULL);
  o_raw = cli_run_json ("kernel-from-photo", noisy, "--rect", "342,64,84,76", "-o", raw,
                        "--json", "--rank", "full", NULL);
  factors = cli_run_json ("factors", "--shape", "hexagon", "--radius", "12", "--rank", "full",
                          "--format", "json", NULL);
  ref = kernel_from_factors (factors, &ref_rows, &ref_cols);
  k = read_kernel (out, &rows, &cols);
  e = centred_error (k, rows, cols, ref, ref_rows, ref_cols);
  k_raw = read_kernel (raw, &rows, &cols);
  e_raw = centred_error (k_raw, rows, cols, ref, ref_rows, ref_cols);
  g_test_message ("real photo: background %.4f, border noise %.4f, σ̂ %.4f, rank %d; error "
                  "against the hexagon %.4f, raw crop %.4f",
                  json_object_get_double_member (o, "background"),
                  json_object_get_double_member (o, "border_noise"),
                  json_object_get_double_member (o, "noise_sigma_image"),
                  (gint) json_object_get_int_member (o, "rank"), e, e_raw);
  g_assert_cmpint (json_object_get_int_member (o, "centre_x"), ==, LIGHT_X);
  g_assert_cmpint (json_object_get_int_member (o, "centre_y"), ==, LIGHT_Y);
  g_assert_cmpfloat (e, <, 0.8 * e_raw);
  g_assert_cmpfloat (e, <, 0.15);
  cli_tmpdir_free (g_steal_pointer (&dir));
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  gegl_init (NULL, NULL);

  g_test_add_func ("/cli/kernel-from-photo/synthetic", test_synthetic);
  g_test_add_func ("/cli/kernel-from-photo/errors", test_errors);
  g_test_add_func ("/cli/kernel-from-photo/real-photo", test_real_photo);
  g_test_add_func ("/cli/analyze/noise", test_analyze_and_apply);
  g_test_add_func ("/cli/analyze/noise-clean", test_analyze_clean);

  status = g_test_run ();
  gegl_exit ();
  return status;
}
