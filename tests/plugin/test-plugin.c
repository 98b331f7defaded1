/* lowrank-bokeh — the plug-in in real headless GIMP, 2.10 or 3: the same
 * cases for both, through the batch script's helpers for the PDB calls
 * that differ (lowrank-bokeh-api.scm in data/scripts/gimp-2.10 and gimp-3.0).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lrb-gimp-harness.h"
#include "lrb-kernel-io.h"
#include "lrb-shapes.h"

/* "(lowrank-bokeh--apply img d …)" arguments after image and drawable. */
typedef struct
{
  gint         shape;
  gdouble      radius;
  gint         blades;
  gdouble      rotation;
  gint         rank;
  gdouble      gamma;
  gint         edge;
  const gchar *kernel_file;
  const gchar *factorization; /* NULL: plug-in-lowrank-bokeh; else -bokeh2 with it */
} Args;

static gchar *
args_to_scheme (const Args *a)
{
  gchar r[G_ASCII_DTOSTR_BUF_SIZE], rot[G_ASCII_DTOSTR_BUF_SIZE], g[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (r, sizeof r, "%.4f", a->radius);
  g_ascii_formatd (rot, sizeof rot, "%.4f", a->rotation);
  g_ascii_formatd (g, sizeof g, "%.4f", a->gamma);
  return g_strdup_printf ("%d %s %d %s 0.0 %d 0.99 %s %d \"%s\"%s%s", a->shape, r, a->blades,
                          rot, a->rank, g, a->edge, a->kernel_file ? a->kernel_file : "",
                          a->factorization ? " " : "",
                          a->factorization ? a->factorization : "");
}

/* Load IN, optionally PREPARE the image, call the plug-in (caught when
 * `may_fail`), save OUT, delete the image. */
static gchar *
filter_command (const gchar *in, const gchar *out, const Args *args, const gchar *prepare,
                gboolean may_fail)
{
  g_autofree gchar *scheme_args = args_to_scheme (args);
  g_autofree gchar *call = g_strdup_printf ("(lowrank-bokeh--apply%s img d %s)",
                                            args->factorization ? "2" : "", scheme_args);
  g_autofree gchar *guarded = g_strdup_printf ("(lrb-test-try (lambda () %s))", call);

  return g_strdup_printf (
    "(let* ((img (lowrank-bokeh--load \"%s\"))"
    "       (d (lowrank-bokeh--drawable img)))"
    "  %s"
    "  %s"
    "  (lowrank-bokeh--save img d \"%s\")"
    "  (gimp-image-delete img))",
    in, prepare ? prepare : "", may_fail ? guarded : call, out);
}

static gdouble *
read_floats (GeglBuffer *buffer, const gchar *format)
{
  const GeglRectangle *r = gegl_buffer_get_extent (buffer);
  const Babl          *f = babl_format (format);
  gdouble             *values = g_new (gdouble, (gsize) r->width * r->height *
                                                babl_format_get_n_components (f));

  gegl_buffer_get (buffer, r, 1.0, f, values, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return values;
}

/* A real photo from Debian's python3-skimage, or a generated one. */
static gchar *
photo (const LrbGimp *gimp)
{
  static const gchar *candidate = "/usr/lib/python3/dist-packages/skimage/data/coffee.png";
  gchar *path = lrb_gimp_path (gimp, "photo.png");

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree gchar *contents = NULL;
      gsize             length;

      g_assert_true (g_file_get_contents (candidate, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (path, contents, length, NULL));
    }
  return path;
}

/* Load IN and save it to OUT unchanged: what an untouched image exports to
 * (pixels, not bytes, compare: GIMP stamps the export time into a PNG). */
static gchar *
untouched_command (const gchar *in, const gchar *out)
{
  return g_strdup_printf (
    "(let* ((img (lowrank-bokeh--load \"%s\")) (d (lowrank-bokeh--drawable img)))"
    "  (lowrank-bokeh--save img d \"%s\") (gimp-image-delete img))", in, out);
}

static gint
count_occurrences (const gchar *text, const gchar *needle)
{
  gint n = 0;

  for (const gchar *p = text; (p = strstr (p, needle)); p++)
    n++;
  return n;
}

/* Calling errors of the procedures whose names start with NAME, as GIMP
 * reports them: "Calling error for procedure 'NAME…" (2.10, 3.0; 3.2 says
 * "Calling error for 'NAME…" or nothing at all) or as the script hears
 * them, "Procedure execution of NAME… failed on invalid input arguments"
 * (Script-Fu 3.x).  GIMP 3.0 prints both for one call: the larger count.
 * With `exact`, only the procedure named NAME itself. */
static gint
count_calling_errors (const gchar *output, const gchar *name, gboolean exact)
{
  g_autofree gchar *core_old = g_strdup_printf ("Calling error for procedure '%s%s", name,
                                                exact ? "'" : "");
  g_autofree gchar *core_new = g_strdup_printf ("Calling error for '%s%s", name,
                                                exact ? "'" : "");
  g_autofree gchar *script = g_strdup_printf ("Procedure execution of %s%s", name,
                                              exact ? " " : "");
  g_auto (GStrv)    lines = g_strsplit (output, "\n", -1);
  gint              from_core, from_script = 0;

  from_core = count_occurrences (output, core_old) + count_occurrences (output, core_new);
  for (gint i = 0; lines[i]; i++)
    if (strstr (lines[i], script) && strstr (lines[i], "failed on invalid input arguments"))
      from_script++;
  return MAX (from_core, from_script);
}

/* ---- Cases ------------------------------------------------------------ */

/* A single white pixel on black 16-bit becomes the core's hexagon. */
static void
test_point_becomes_hexagon (gconstpointer data)
{
  const LrbGimp         *gimp = data;
  g_autofree gchar      *in = lrb_gimp_path (gimp, "dot.png");
  g_autofree gchar      *out = lrb_gimp_path (gimp, "dot-out.png");
  GeglRectangle          rect = { 0, 0, 41, 41 }, dot = { 20, 20, 1, 1 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autoptr (GeglBuffer) result = NULL;
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autofree gdouble    *y = NULL;
  const gfloat           white = 1.0f;
  Args                   args = { 1, 10.0, 6, 0.0, 21, 1.0, 2, NULL };
  LrbKernelSpec          spec;
  const gchar           *commands[2] = { NULL, NULL };
  g_autofree gchar      *command = NULL, *output = NULL;

  gegl_buffer_set (buffer, &dot, 0, babl_format ("Y float"), &white, GEGL_AUTO_ROWSTRIDE);
  lrb_test_save_png (buffer, in, 16);

  commands[0] = command = filter_command (in, out, &args, NULL, FALSE);
  output = lrb_gimp_run (gimp, commands);
  result = lrb_test_load (out);
  y = read_floats (result, "Y double");

  lrb_kernel_spec_init (&spec);
  spec.radius = 10.0;
  kernel = lrb_kernel_new_from_spec (&spec, NULL);
  g_assert_cmpint (kernel->rows, ==, 21);
  for (gint row = 0; row < 41; row++)
    for (gint col = 0; col < 41; col++)
      {
        gint    kr = row - 20 + 10, kc = col - 20 + 10;
        gdouble expected = kr >= 0 && kr < 21 && kc >= 0 && kc < 21
                           ? lrb_kernel_get (kernel, kr, kc) : 0.0;

        /* 16-bit sRGB steps are about 2e-6 in linear light near these values. */
        g_assert_cmpfloat (fabs (y[row * 41 + col] - expected), <=, 5e-6 + 2e-3 * expected);
      }
}

/* `lrbokeh apply IN OUT` with a hexagon, clamped edges, ARGS' radius,
 * rotation and gamma, and then EXTRA (the rank). */
static void
run_cli (const LrbGimp *gimp, const gchar *in, const gchar *out, const Args *args,
         const gchar *const *extra)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  gchar                 radius[32], rotation[32], gamma[32];
  gint                  status = -1;
  g_autoptr (GError)    error = NULL;

  g_ascii_dtostr (radius, sizeof radius, args->radius);
  g_ascii_dtostr (rotation, sizeof rotation, args->rotation);
  g_ascii_dtostr (gamma, sizeof gamma, args->gamma);
  for (const gchar *const *p = (const gchar *const[]) {
         gimp->lrbokeh, "apply", in, out, "--shape", "hexagon", "--radius", radius,
         "--rotation", rotation, "--gamma", gamma, "--edge", "clamp", NULL }; *p; p++)
    g_ptr_array_add (argv, (gpointer) *p);
  for (const gchar *const *p = extra; *p; p++)
    g_ptr_array_add (argv, (gpointer) *p);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The largest difference of two images' R'G'B' values (0 to 1). */
static gdouble
worst_difference (const gchar *path_a, const gchar *path_b)
{
  g_autoptr (GeglBuffer) a = lrb_test_load (path_a), b = lrb_test_load (path_b);
  const GeglRectangle   *r = gegl_buffer_get_extent (a);
  g_autofree gdouble    *pa = NULL, *pb = NULL;
  gdouble                worst = 0.0;

  g_assert_true (gegl_rectangle_equal (r, gegl_buffer_get_extent (b)));
  pa = read_floats (a, "R'G'B' double");
  pb = read_floats (b, "R'G'B' double");
  for (gsize i = 0; i < (gsize) r->width * r->height * 3; i++)
    worst = MAX (worst, fabs (pa[i] - pb[i]));
  return worst;
}

/* One 8-bit step, give or take the double conversion: GIMP and the CLI
 * each round the same float result to 8 bits. */
#define ONE_STEP (1.0 / 255 + 1e-6)

/* GIMP and `lrbokeh apply` give the same photo, to one 8-bit step. */
static void
check_matches_cli (const LrbGimp *gimp, const Args *args, const gchar *const *cli_rank,
                   const gchar *name)
{
  g_autofree gchar *in = photo (gimp);
  g_autofree gchar *gimp_name = g_strdup_printf ("%s-gimp.png", name);
  g_autofree gchar *cli_name = g_strdup_printf ("%s-cli.png", name);
  g_autofree gchar *out = lrb_gimp_path (gimp, gimp_name);
  g_autofree gchar *cli_out = lrb_gimp_path (gimp, cli_name);
  const gchar      *commands[2] = { NULL, NULL };
  g_autofree gchar *command = NULL, *output = NULL;

  commands[0] = command = filter_command (in, out, args, NULL, FALSE);
  output = lrb_gimp_run (gimp, commands);
  run_cli (gimp, in, cli_out, args, cli_rank);
  g_assert_cmpfloat (worst_difference (out, cli_out), <=, ONE_STEP);
}

static void
test_matches_cli (gconstpointer data)
{
  const Args   args = { 1, 9.0, 6, 15.0, 4, 2.0, 0, NULL };
  const gchar *rank[] = { "--rank", "4", NULL };

  check_matches_cli (data, &args, rank, "rank4");
}

/* Rank −1 is the exact kernel, as `lrbokeh apply --exact`. */
static void
test_exact_matches_cli (gconstpointer data)
{
  const Args   args = { 1, 14.0, 6, 15.0, -1, 1.0, 0, NULL };
  const gchar *exact[] = { "--exact", NULL };

  check_matches_cli (data, &args, exact, "exact");
}

/* plug-in-lowrank-bokeh2 with non-negative factors: as `lrbokeh apply
 * --factorization nonnegative` (gamma 2: separable passes on both sides). */
static void
test_nonnegative_matches_cli (gconstpointer data)
{
  const Args   args = { 1, 9.0, 6, 15.0, 4, 2.0, 0, NULL, "1" };
  const gchar *rank[] = { "--rank", "4", "--factorization", "nonnegative", NULL };

  check_matches_cli (data, &args, rank, "nonnegative4");
}

/* A depth map of the photo IN's size, saved as an 8-bit PNG at PATH: a
 * vertical gradient, white (far) at the top (GIMP turns the layer into
 * the photo's 8-bit RGB anyway). */
static void
save_depth_ramp (const gchar *in, const gchar *path)
{
  g_autoptr (GeglBuffer) image = lrb_test_load (in);
  const GeglRectangle   *extent = gegl_buffer_get_extent (image);
  g_autoptr (GeglBuffer) map = gegl_buffer_new (extent, babl_format ("Y' float"));
  g_autofree gfloat     *ramp = g_new (gfloat, (gsize) extent->width * extent->height);

  for (gint y = 0; y < extent->height; y++)
    for (gint x = 0; x < extent->width; x++)
      ramp[(gsize) y * extent->width + x] = 1.0f - (gfloat) y / (extent->height - 1);
  gegl_buffer_set (map, extent, 0, babl_format ("Y' float"), ramp, GEGL_AUTO_ROWSTRIDE);
  lrb_test_save_png (map, path, 8);
}

/* plug-in-lowrank-bokeh3 with a depth map layer (a vertical gradient of the
 * photo's size, focus 0.3) and a highlight boost: as `lrbokeh apply --depth
 * … --highlight-stops …` to one 8-bit step; without a depth map (-1) it is
 * the uniform blur; a depth map of another size is a calling error that
 * leaves the image as it was. */
static void
test_depth_matches_cli (gconstpointer data)
{
  const LrbGimp         *gimp = data;
  g_autofree gchar      *in = photo (gimp);
  g_autofree gchar      *depth = lrb_gimp_path (gimp, "depth.png");
  g_autofree gchar      *small = lrb_gimp_path (gimp, "depth-small.png");
  g_autofree gchar      *out = lrb_gimp_path (gimp, "depth-gimp.png");
  g_autofree gchar      *cli_out = lrb_gimp_path (gimp, "depth-cli.png");
  g_autofree gchar      *plain = lrb_gimp_path (gimp, "depth-none-gimp.png");
  g_autofree gchar      *plain_cli = lrb_gimp_path (gimp, "depth-none-cli.png");
  g_autofree gchar      *same = lrb_gimp_path (gimp, "depth-untouched.png");
  g_autofree gchar      *refused = lrb_gimp_path (gimp, "depth-refused.png");
  GeglRectangle          small_rect = { 0, 0, 16, 16 };
  g_autoptr (GeglBuffer) small_map = gegl_buffer_new (&small_rect, babl_format ("Y' float"));
  const Args             args = { 1, 12.0, 6, 0.0, 6, 1.0, 0, NULL, "0" };
  const gchar           *cli_depth[] = { "--rank", "6", "--depth", depth, "--focus", "0.3",
                                         "--highlight-stops", "3", NULL };
  const gchar           *cli_plain[] = { "--rank", "6", "--highlight-stops", "3", NULL };
  g_autofree gchar      *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL, *output = NULL;
  const gchar           *commands[5];
  const gchar           *call =
    "(let* ((img (lowrank-bokeh--load \"%s\")) (d (lowrank-bokeh--drawable img))"
    "       (depth %s))"
    "  %s(lowrank-bokeh--apply3 img d 1 12.0 6 0.0 0.0 6 0.99 1.0 0 \"\" 0 3.0 0.7 1.0"
    "                           depth 0.3 0.0 FALSE)%s"
    "  (lowrank-bokeh--save img d \"%s\") (gimp-image-delete img))";

  save_depth_ramp (in, depth);
  lrb_test_save_png (small_map, small, 16);

  {
    g_autofree gchar *layer = g_strdup_printf ("(lowrank-bokeh--load-layer img \"%s\")", depth);
    g_autofree gchar *small_layer = g_strdup_printf ("(lowrank-bokeh--load-layer img \"%s\")",
                                                     small);

    c1 = g_strdup_printf (call, in, layer, "", "", out);
    c2 = g_strdup_printf (call, in, "-1", "", "", plain);
    c3 = untouched_command (in, same);
    c4 = g_strdup_printf (call, in, small_layer, "(lrb-test-try (lambda () ", "))", refused);
  }
  commands[0] = c1, commands[1] = c2, commands[2] = c3, commands[3] = c4, commands[4] = NULL;
  output = lrb_gimp_run (gimp, commands);
  run_cli (gimp, in, cli_out, &args, cli_depth);
  run_cli (gimp, in, plain_cli, &args, cli_plain);

  g_assert_cmpfloat (worst_difference (out, cli_out), <=, ONE_STEP);
  g_assert_cmpfloat (worst_difference (plain, plain_cli), <=, ONE_STEP);
  g_assert_cmpfloat (worst_difference (out, plain), >, 10.0 / 255);
  g_assert_nonnull (strstr (output, "the depth map is 16 × 16 pixels"));
  g_assert_cmpfloat (worst_difference (same, refused), ==, 0.0);
}

/* plug-in-lowrank-bokeh4: a camera (50 mm f/1.4 focused at 2 m, a map of
 * 1 … 10 m), the photo's own grain (measured, seed 7) and a cat's eye,
 * each as `lrbokeh apply` with the same flags to one 8-bit step; the
 * camera without a depth map is a calling error that leaves the image
 * as it was. */
static void
test_apply4_matches_cli (gconstpointer data)
{
  const LrbGimp         *gimp = data;
  g_autofree gchar      *in = photo (gimp);
  g_autofree gchar      *depth = lrb_gimp_path (gimp, "camera-depth.png");
  g_autofree gchar      *camera = lrb_gimp_path (gimp, "camera-gimp.png");
  g_autofree gchar      *camera_cli = lrb_gimp_path (gimp, "camera-cli.png");
  g_autofree gchar      *grain = lrb_gimp_path (gimp, "grain-gimp.png");
  g_autofree gchar      *grain_cli = lrb_gimp_path (gimp, "grain-cli.png");
  g_autofree gchar      *plain_cli = lrb_gimp_path (gimp, "grain-none-cli.png");
  g_autofree gchar      *cats = lrb_gimp_path (gimp, "cats-eye-gimp.png");
  g_autofree gchar      *cats_cli = lrb_gimp_path (gimp, "cats-eye-cli.png");
  g_autofree gchar      *same = lrb_gimp_path (gimp, "apply4-untouched.png");
  g_autofree gchar      *refused = lrb_gimp_path (gimp, "apply4-refused.png");
  const Args             args = { 1, 12.0, 6, 0.0, 6, 1.0, 0, NULL, "0" };
  const gchar           *cli_camera[] = { "--rank", "6", "--depth", depth, "--focal-length",
                                          "50", "--f-number", "1.4", "--focus-distance", "2",
                                          "--depth-near", "1", "--depth-far", "10", NULL };
  const gchar           *cli_grain[] = { "--rank", "6", "--grain", "--grain-seed", "7", NULL };
  const gchar           *cli_plain[] = { "--rank", "6", NULL };
  const gchar           *cli_cats[] = { "--rank", "6", "--cats-eye", "0.8", NULL };
  g_autofree gchar      *c1 = NULL, *c2 = NULL, *c3 = NULL, *c4 = NULL, *c5 = NULL;
  g_autofree gchar      *layer = g_strdup_printf ("(lowrank-bokeh--load-layer img \"%s\")",
                                                  depth);
  g_autofree gchar      *output = NULL;
  const gchar           *commands[6];
  /* The arguments of plug-in-lowrank-bokeh3 and then grain, grain level,
   * seed, camera, its optics, units, near, far, scale and cat's eye. */
  const gchar           *call =
    "(let* ((img (lowrank-bokeh--load \"%s\")) (d (lowrank-bokeh--drawable img))"
    "       (depth %s))"
    "  %s(lowrank-bokeh--apply4 img d 1 12.0 6 0.0 0.0 6 0.99 1.0 0 \"\" 0 0.0 0.7 1.0"
    "                           depth 0.5 0.0 FALSE %s)%s"
    "  (lowrank-bokeh--save img d \"%s\") (gimp-image-delete img))";

  save_depth_ramp (in, depth);

  c1 = g_strdup_printf (call, in, layer, "",
                        "FALSE -1.0 0 TRUE 50.0 1.4 2.0 36.0 0 1.0 10.0 1.0 0.0", "", camera);
  c2 = g_strdup_printf (call, in, "-1", "",
                        "TRUE -1.0 7 FALSE 50.0 2.8 3.0 36.0 0 1.0 20.0 1.0 0.0", "", grain);
  c3 = g_strdup_printf (call, in, "-1", "",
                        "FALSE -1.0 0 FALSE 50.0 2.8 3.0 36.0 0 1.0 20.0 1.0 0.8", "", cats);
  c4 = untouched_command (in, same);
  c5 = g_strdup_printf (call, in, "-1", "(lrb-test-try (lambda () ",
                        "FALSE -1.0 0 TRUE 50.0 1.4 2.0 36.0 0 1.0 10.0 1.0 0.0", "))",
                        refused);
  commands[0] = c1, commands[1] = c2, commands[2] = c3, commands[3] = c4, commands[4] = c5;
  commands[5] = NULL;
  output = lrb_gimp_run (gimp, commands);
  run_cli (gimp, in, camera_cli, &args, cli_camera);
  run_cli (gimp, in, grain_cli, &args, cli_grain);
  run_cli (gimp, in, plain_cli, &args, cli_plain);
  run_cli (gimp, in, cats_cli, &args, cli_cats);

  g_assert_cmpfloat (worst_difference (camera, camera_cli), <=, ONE_STEP);
  g_assert_cmpfloat (worst_difference (grain, grain_cli), <=, ONE_STEP);
  /* The grain is there: far more than rounding from the plain blur. */
  g_assert_cmpfloat (worst_difference (grain, plain_cli), >, 4.0 / 255);
  g_assert_cmpfloat (worst_difference (cats, cats_cli), <=, ONE_STEP);
  g_assert_cmpfloat (worst_difference (cats, plain_cli), >, 4.0 / 255);
  g_assert_nonnull (strstr (output, "use-camera needs a depth-map"));
  g_assert_cmpfloat (worst_difference (same, refused), ==, 0.0);
}

/* A night scene: a dark gradient with one out-of-focus light (a disc of
 * radius 10 at 90, 55, antialiased) and seeded noise of σ 0.01. */
static void
save_light_photo (const gchar *path)
{
  GeglRectangle          rect = { 0, 0, 160, 120 };
  g_autoptr (GeglBuffer) photo = gegl_buffer_new (&rect, babl_format ("Y float"));
  g_autofree gfloat     *pixels = g_new (gfloat, 160 * 120);
  g_autoptr (GRand)      rand = g_rand_new_with_seed (41);

  for (gint y = 0; y < 120; y++)
    for (gint x = 0; x < 160; x++)
      {
        gint inside = 0;

        for (gint sy = 0; sy < 4; sy++)
          for (gint sx = 0; sx < 4; sx++)
            {
              gdouble dx = x + (sx + 0.5) / 4 - 90.5, dy = y + (sy + 0.5) / 4 - 55.5;

              inside += dx * dx + dy * dy <= 100.0;
            }
        pixels[y * 160 + x] = 0.05 + 0.02 * x / 160.0 + 0.5 * inside / 16.0 +
                              0.01 * (g_rand_double (rand) + g_rand_double (rand) +
                                      g_rand_double (rand) - 1.5) * 2.0;
      }
  gegl_buffer_set (photo, &rect, 0, babl_format ("Y float"), pixels, GEGL_AUTO_ROWSTRIDE);
  lrb_test_save_png (photo, path, 16);
}

static gdouble
kernel_difference (const gchar *a_path, const gchar *b_path)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (LrbKernel) a = lrb_kernel_load (a_path, &error), b = NULL;
  gdouble               worst = 0.0;

  g_assert_no_error (error);
  b = lrb_kernel_load (b_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->rows, ==, b->rows);
  g_assert_cmpint (a->cols, ==, b->cols);
  for (gint i = 0; i < a->rows * a->cols; i++)
    worst = MAX (worst, fabs (a->data[i] - b->data[i]));
  return worst;
}

/* plug-in-lowrank-bokeh-kernel-from-photo: the rectangle, and the same
 * rectangle selected, give `lrbokeh kernel-from-photo`'s kernel; with
 * nothing selected it is a calling error that names the problem and
 * writes nothing. */
static void
test_kernel_from_photo (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = lrb_gimp_path (gimp, "light.png");
  g_autofree gchar *by_rect = lrb_gimp_path (gimp, "light-rect.txt");
  g_autofree gchar *by_selection = lrb_gimp_path (gimp, "light-selection.txt");
  g_autofree gchar *by_cli = lrb_gimp_path (gimp, "light-cli.txt");
  g_autofree gchar *nothing = lrb_gimp_path (gimp, "light-nothing.txt");
  g_autofree gchar *c1 = NULL, *c2 = NULL, *c3 = NULL, *output = NULL;
  const gchar      *commands[4];
  const gchar      *call =
    "(let* ((img (lowrank-bokeh--load \"%s\")) (d (lowrank-bokeh--drawable img)))"
    "  %s"
    "  (let ((r (lowrank-bokeh--kernel-from-photo img d %s 0 \"%s\")))"
    "    (gimp-message (string-append \"lrb-measured rank \" (number->string (car r)))))"
    "  (gimp-image-delete img))";
  g_autoptr (GError) error = NULL;
  gint               status = -1;

  save_light_photo (in);
  c1 = g_strdup_printf (call, in, "", "60 25 60 60", by_rect);
  c2 = g_strdup_printf (call, in, "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 60 25 60 60)",
                        "0 0 0 0", by_selection);
  c3 = g_strdup_printf (
    "(let* ((img (lowrank-bokeh--load \"%s\")) (d (lowrank-bokeh--drawable img)))"
    "  (lrb-test-try (lambda () (lowrank-bokeh--kernel-from-photo img d 0 0 0 0 0 \"%s\")))"
    "  (gimp-image-delete img))", in, nothing);
  commands[0] = c1, commands[1] = c2, commands[2] = c3, commands[3] = NULL;
  output = lrb_gimp_run (gimp, commands);

  {
    const gchar *argv[] = { gimp->lrbokeh, "kernel-from-photo", in, "--rect", "60,25,60,60",
                            "-o", by_cli, NULL };

    g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_cmpfloat (kernel_difference (by_rect, by_cli), <, 1e-6);
  g_assert_cmpfloat (kernel_difference (by_selection, by_cli), <, 1e-6);
  g_assert_cmpint (count_occurrences (output, "lrb-measured rank "), ==, 2);
  g_assert_nonnull (strstr (output, "nothing is selected on the drawable"));
  g_assert_false (g_file_test (nothing, G_FILE_TEST_EXISTS));
}

/* …and differs from the SVD's rank 4 (the switch reaches the core), while
 * factorization 0 is exactly plug-in-lowrank-bokeh. */
static void
test_factorization_changes_result (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  const Args        svd = { 1, 9.0, 6, 15.0, 4, 3.0, 0, NULL, NULL };
  const Args        svd2 = { 1, 9.0, 6, 15.0, 4, 3.0, 0, NULL, "0" };
  const Args        nn = { 1, 9.0, 6, 15.0, 4, 3.0, 0, NULL, "1" };
  g_autofree gchar *out_svd = lrb_gimp_path (gimp, "f-svd.png");
  g_autofree gchar *out_svd2 = lrb_gimp_path (gimp, "f-svd2.png");
  g_autofree gchar *out_nn = lrb_gimp_path (gimp, "f-nn.png");
  g_autofree gchar *c1 = filter_command (in, out_svd, &svd, NULL, FALSE);
  g_autofree gchar *c2 = filter_command (in, out_svd2, &svd2, NULL, FALSE);
  g_autofree gchar *c3 = filter_command (in, out_nn, &nn, NULL, FALSE);
  const gchar      *commands[] = { c1, c2, c3, NULL };
  g_autofree gchar *output = lrb_gimp_run (gimp, commands);

  g_assert_cmpfloat (worst_difference (out_svd, out_svd2), ==, 0.0);
  g_assert_cmpfloat (worst_difference (out_svd, out_nn), >, 10.0 / 255);
}

/* Bad factorization arguments are calling errors that leave the image as
 * it was: an unknown one, and non-negative factors of a DoG. */
static void
test_factorization_invalid (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  const Args        unknown = { 1, 10.0, 6, 0.0, 4, 1.0, 0, NULL, "5" };
  const Args        dog = { 5, 10.0, 6, 0.0, 2, 1.0, 0, NULL, "1" };
  g_autofree gchar *same = lrb_gimp_path (gimp, "f-untouched.png");
  g_autofree gchar *out_unknown = lrb_gimp_path (gimp, "f-unknown.png");
  g_autofree gchar *out_dog = lrb_gimp_path (gimp, "f-dog.png");
  g_autofree gchar *save = untouched_command (in, same);
  g_autofree gchar *c1 = filter_command (in, out_unknown, &unknown, NULL, TRUE);
  g_autofree gchar *c2 = filter_command (in, out_dog, &dog, NULL, TRUE);
  const gchar      *commands[] = { save, c1, c2, NULL };
  g_autofree gchar *output = lrb_gimp_run (gimp, commands);

  /* GIMP 3 checks the declared range itself. */
  g_assert_nonnull (strstr (output, gimp->gimp3 ? "value 5 out of range: 0 to 1"
                                                : "factorization 5 is unknown"));
  g_assert_nonnull (strstr (output, "need a kernel without negative entries"));
  g_assert_cmpfloat (worst_difference (same, out_unknown), ==, 0.0);
  g_assert_cmpfloat (worst_difference (same, out_dog), ==, 0.0);
}

/* Outside the selection nothing changes; inside, pixels do. */
static void
test_selection (gconstpointer data)
{
  const LrbGimp         *gimp = data;
  g_autofree gchar      *in = photo (gimp);
  g_autofree gchar      *out = lrb_gimp_path (gimp, "photo-selection.png");
  Args                   args = { 0, 6.0, 6, 0.0, 3, 1.0, 0, NULL };
  const gchar           *commands[2] = { NULL, NULL };
  g_autofree gchar      *command = NULL, *output = NULL;
  g_autoptr (GeglBuffer) before = lrb_test_load (in), after = NULL;
  g_autofree gdouble    *pa = NULL, *pb = NULL;
  const GeglRectangle   *r = gegl_buffer_get_extent (before);
  gint                   changed = 0;

  commands[0] = command = filter_command (
    in, out, &args, "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 100 80 120 60)", FALSE);
  output = lrb_gimp_run (gimp, commands);
  after = lrb_test_load (out);
  pa = read_floats (before, "R'G'B' double");
  pb = read_floats (after, "R'G'B' double");

  for (gint y = 0; y < r->height; y++)
    for (gint x = 0; x < r->width; x++)
      {
        gboolean inside = x >= 100 && x < 220 && y >= 80 && y < 140;

        for (gint c = 0; c < 3; c++)
          {
            gsize i = ((gsize) y * r->width + x) * 3 + c;

            if (!inside)
              g_assert_cmpfloat (pa[i], ==, pb[i]);
            else
              changed += pa[i] != pb[i];
          }
      }
  g_assert_cmpint (changed, >, 120 * 60);
}

/* Precision, grey and alpha: the image keeps its precision, and the
 * plug-in reports it after running at each. */
static void
test_precisions_and_modes (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  static const struct { const gchar *prepare; gint precision; } cases[] = {
    { "", 150 }, /* the photo is 8-bit already */
    /* By number: GIMP 3 renamed the GAMMA precisions NON-LINEAR. */
    { "(gimp-image-convert-precision img 250)", 250 }, /* 16-bit, sRGB curve */
    { "(gimp-image-convert-precision img 600)", 600 }, /* float, linear */
    { "(gimp-image-convert-grayscale img)", 150 },
  };
  g_autoptr (GString) script = g_string_new (NULL);
  const gchar        *commands[G_N_ELEMENTS (cases) + 1] = { NULL };
  g_autofree gchar   *output = NULL;
  gchar              *texts[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      texts[i] = g_strdup_printf (
        "(let* ((img (lowrank-bokeh--load \"%s\"))"
        "       (d #f))"
        "  %s"
        "  (set! d (lowrank-bokeh--drawable img))"
        "  (lowrank-bokeh--apply img d 1 5.0 6 0.0 0.0 3 0.99 1.5 0 \"\")"
        "  (gimp-message (string-append \"precision-after \" (number->string"
        "                (car (gimp-image-get-precision img)))))"
        "  (gimp-image-delete img))",
        in, cases[i].prepare);
      commands[i] = texts[i];
    }
  output = lrb_gimp_run (gimp, commands);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *expected = g_strdup_printf ("precision-after %d", cases[i].precision);

      g_assert_nonnull (strstr (output, expected));
      g_free (texts[i]);
    }
  g_assert_null (strstr (output, "Error"));
}

/* Red next to transparent pixels stays red: no dark fringe. */
static void
test_alpha_no_fringe (gconstpointer data)
{
  const LrbGimp         *gimp = data;
  g_autofree gchar      *in = lrb_gimp_path (gimp, "alpha.png");
  g_autofree gchar      *out = lrb_gimp_path (gimp, "alpha-out.png");
  GeglRectangle          rect = { 0, 0, 40, 20 };
  g_autoptr (GeglBuffer) buffer = gegl_buffer_new (&rect, babl_format ("R'G'B'A u8"));
  g_autoptr (GeglBuffer) result = NULL;
  g_autofree guint8     *pixels = g_new0 (guint8, 40 * 20 * 4);
  g_autofree gdouble    *p = NULL;
  Args                   args = { 2, 3.0, 6, 0.0, 1, 1.0, 0, NULL };
  const gchar           *commands[2] = { NULL, NULL };
  g_autofree gchar      *command = NULL, *output = NULL;

  for (gint i = 0; i < 40 * 20; i++)
    if (i % 40 < 20)
      {
        pixels[4 * i] = 255;     /* opaque red on the left */
        pixels[4 * i + 3] = 255;
      }
  gegl_buffer_set (buffer, &rect, 0, babl_format ("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
  lrb_test_save_png (buffer, in, 8);

  commands[0] = command = filter_command (in, out, &args, NULL, FALSE);
  output = lrb_gimp_run (gimp, commands);
  result = lrb_test_load (out);
  p = read_floats (result, "R'G'B'A double");
  for (gint x = 17; x < 23; x++)
    {
      gdouble *px = p + (10 * 40 + x) * 4;

      g_assert_cmpfloat (px[3], >, 0.0);  /* the edge is blurred… */
      g_assert_cmpfloat (px[3], <, 1.0);
      g_assert_cmpfloat (px[0], >=, 254.0 / 255);  /* …and stays red */
      g_assert_cmpfloat (px[1], <=, 1.0 / 255);
    }
}

/* Each invalid argument is a calling error that names the problem and
 * leaves the image as it was. */
static void
test_invalid_arguments (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  g_autofree gchar *ragged = lrb_gimp_path (gimp, "ragged.txt");
  g_autofree gchar *missing = lrb_gimp_path (gimp, "no-such-kernel.txt");
  /* GIMP 3 checks the declared ranges itself, before the plug-in runs;
   * GIMP 2.10 leaves every check to the plug-in. */
  struct { Args args; const gchar *message; const gchar *message3; } cases[] = {
    { { 1, -1.0, 6, 0.0, 4, 1.0, 0, NULL }, "radius -1 is out of range",
      "value -1.000000 out of range: 0.500000 to 1000.000000" },
    { { 1, 10.0, 6, 0.0, 99, 1.0, 0, NULL }, "rank 99 is out of range: a 21×21 kernel has ranks 1 to 21 (0 chooses the rank "
      "by energy, -1 is the exact kernel)", NULL },
    { { 1, 10.0, 2, 0.0, 4, 1.0, 0, NULL }, "blades 2 is out of range",
      "value 2 out of range: 3 to 16" },
    { { 1, 10.0, 6, 0.0, 4, 0.5, 0, NULL }, "gamma 0.5 is out of range",
      "value 0.500000 out of range: 1.000000 to 10.000000" },
    { { 1, 10.0, 6, 0.0, 4, 1.0, 5, NULL }, "edge mode 5 is unknown",
      "value 5 out of range: 0 to 2" },
    { { 8, 10.0, 6, 0.0, 1, 1.0, 0, NULL }, "no kernel file was given", NULL },
    { { 8, 10.0, 6, 0.0, 1, 1.0, 0, missing }, "no-such-kernel.txt", NULL },
    { { 8, 10.0, 6, 0.0, 1, 1.0, 0, ragged }, "ragged.txt:3: row has 2 values", NULL },
  };
  gint              reached_plugin = 0;
  const gchar      *commands[G_N_ELEMENTS (cases) + 1] = { NULL };
  gchar            *texts[G_N_ELEMENTS (cases)];
  gchar            *outs[G_N_ELEMENTS (cases)];
  g_autofree gchar *output = NULL;
  g_autofree gdouble *original = NULL;
  gsize             n_values;

  g_assert_true (g_file_set_contents (ragged, "1 2 3\n# comment\n4 5\n", -1, NULL));
  {
    /* What an untouched image exports to, for the comparison. */
    g_autofree gchar *same = lrb_gimp_path (gimp, "untouched.png");
    g_autofree gchar *save = untouched_command (in, same);
    const gchar *one[] = { save, NULL };
    g_autofree gchar *o = lrb_gimp_run (gimp, one);
    g_autoptr (GeglBuffer) untouched = lrb_test_load (same);
    const GeglRectangle   *r = gegl_buffer_get_extent (untouched);

    n_values = (gsize) r->width * r->height * 3;
    original = read_floats (untouched, "R'G'B' double");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *name = g_strdup_printf ("invalid-%u.png", i);

      outs[i] = lrb_gimp_path (gimp, name);
      commands[i] = texts[i] = filter_command (in, outs[i], &cases[i].args, NULL, TRUE);
    }
  output = lrb_gimp_run (gimp, commands);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GeglBuffer) result = lrb_test_load (outs[i]);
      g_autofree gdouble    *pixels = read_floats (result, "R'G'B' double");
      const gchar           *message = gimp->gimp3 && cases[i].message3 ? cases[i].message3
                                                                         : cases[i].message;

      if (!strstr (output, message))
        g_printerr ("missing \"%s\" in:\n%s\n", message, output);
      g_assert_nonnull (strstr (output, message));
      reached_plugin += message == cases[i].message;
      g_assert_cmpmem (pixels, n_values * sizeof (gdouble), original, n_values * sizeof (gdouble));
      g_free (texts[i]);
      g_free (outs[i]);
    }
  /* Each was refused as the caller's mistake… */
  g_assert_cmpint (count_calling_errors (output, "plug-in-lowrank-bokeh", TRUE),
                   ==, reached_plugin);
  /* …and each reached the script as an error. */
  g_assert_cmpint (count_occurrences (output, "lrb-test-error: "), ==, G_N_ELEMENTS (cases));
}

/* A run mode GIMP 2.10 does not define is a calling error in every
 * procedure, not a run in some other mode; the image stays as it was. */
static void
test_unknown_run_mode (gconstpointer data)
{
  const LrbGimp     *gimp = data;
  g_autofree gchar  *in = NULL, *same = NULL, *out = NULL, *save = NULL, *command = NULL;
  g_autofree gchar  *output = NULL;
  static const gint  modes[] = { 3, -1, 7, 4, 5 };

  if (gimp->gimp3)
    {
      g_test_skip ("GIMP 3 declares run-mode a GimpRunMode enum and refuses any other value "
                   "before the plug-in runs");
      return;
    }
  in = photo (gimp);
  same = lrb_gimp_path (gimp, "run-mode-untouched.png");
  out = lrb_gimp_path (gimp, "run-mode-out.png");
  save = untouched_command (in, same);
  command = g_strdup_printf (
    "(let* ((img (lowrank-bokeh--load \"%s\")) (d (lowrank-bokeh--drawable img)))"
    "  (lrb-test-try (lambda () (plug-in-lowrank-bokeh %d img d 1 5.0 6 0.0 0.0 3 0.99 1.0 0"
    "                                                  \"\")))"
    "  (lrb-test-try (lambda () (plug-in-lowrank-bokeh %d img d 1 5.0 6 0.0 0.0 3 0.99 1.0 0"
    "                                                  \"\")))"
    "  (lrb-test-try (lambda () (plug-in-lowrank-bokeh2 %d img d 1 5.0 6 0.0 0.0 3 0.99 1.0 0"
    "                                                   \"\" 0)))"
    "  (lrb-test-try (lambda () (plug-in-lowrank-bokeh-analyze %d 1 5.0 6 0.0 0.0 0.99 \"\")))"
    "  (lrb-test-try (lambda () (plug-in-lowrank-bokeh-check-image %d \"%s\")))"
    "  (lowrank-bokeh--save img d \"%s\")"
    "  (gimp-image-delete img))",
    in, modes[0], modes[1], modes[2], modes[3], modes[4], in, out);
  output = lrb_gimp_run (gimp, (const gchar *const[]) { save, command, NULL });

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree gchar *message = g_strdup_printf ("run mode %d is unknown", modes[i]);

      g_assert_nonnull (strstr (output, message));
    }
  g_assert_cmpint (count_calling_errors (output, "plug-in-lowrank-bokeh", FALSE),
                   ==, G_N_ELEMENTS (modes));
  g_assert_cmpint (count_occurrences (output, "lrb-test-error: "), ==, G_N_ELEMENTS (modes));
  g_assert_cmpfloat (worst_difference (same, out), ==, 0.0);
}

/* GIMP 2.10 checks that the image and the drawable exist (and lets -1
 * through), not that one holds the other: a drawable of another image, or
 * none, is the caller's mistake, and neither image changes. */
static void
test_drawable_of_another_image (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = NULL, *same = NULL, *out_a = NULL, *out_b = NULL, *save = NULL;
  g_autofree gchar *command = NULL, *output = NULL, *message = NULL;
  const gchar      *ids;
  gint              image_a = -1, drawable_b = -1;

  if (gimp->gimp3)
    {
      g_test_skip ("the GIMP 3 plug-in does not check its drawables' image yet");
      return;
    }
  in = photo (gimp);
  same = lrb_gimp_path (gimp, "other-untouched.png");
  out_a = lrb_gimp_path (gimp, "other-a.png");
  out_b = lrb_gimp_path (gimp, "other-b.png");
  save = untouched_command (in, same);
  command = g_strdup_printf (
    "(let* ((a (lowrank-bokeh--load \"%s\")) (da (lowrank-bokeh--drawable a))"
    "       (b (lowrank-bokeh--load \"%s\")) (db (lowrank-bokeh--drawable b)))"
    "  (gimp-message (string-append \"lrb-ids \" (number->string a) \" \""
    "                               (number->string db)))"
    "  (lrb-test-try (lambda () (lowrank-bokeh--apply a db 1 5.0 6 0.0 0.0 3 0.99 1.0 0 \"\")))"
    "  (lrb-test-try (lambda () (lowrank-bokeh--apply2 b da 1 5.0 6 0.0 0.0 3 0.99 1.0 0 \"\""
    "                                                 0)))"
    "  (lrb-test-try (lambda () (lowrank-bokeh--apply -1 da 1 5.0 6 0.0 0.0 3 0.99 1.0 0 \"\")))"
    "  (lrb-test-try (lambda () (lowrank-bokeh--apply a -1 1 5.0 6 0.0 0.0 3 0.99 1.0 0 \"\")))"
    "  (lowrank-bokeh--save a da \"%s\")"
    "  (lowrank-bokeh--save b db \"%s\")"
    "  (gimp-image-delete a)"
    "  (gimp-image-delete b))",
    in, in, out_a, out_b);
  output = lrb_gimp_run (gimp, (const gchar *const[]) { save, command, NULL });

  ids = strstr (output, "lrb-ids ");
  g_assert_nonnull (ids);
  g_assert_cmpint (sscanf (ids, "lrb-ids %d %d", &image_a, &drawable_b), ==, 2);
  message = g_strdup_printf ("drawable %d does not belong to image %d", drawable_b, image_a);
  g_assert_nonnull (strstr (output, message));
  /* Three calls, each in GIMP's calling error and in the script's error. */
  g_assert_cmpint (count_occurrences (output, "does not belong to image"), ==, 2 * 3);
  g_assert_nonnull (strstr (output, "drawable -1 is not a layer or channel"));
  g_assert_cmpint (count_calling_errors (output, "plug-in-lowrank-bokeh", FALSE),
                   ==, 4);
  g_assert_cmpint (count_occurrences (output, "lrb-test-error: "), ==, 4);
  g_assert_cmpfloat (worst_difference (same, out_a), ==, 0.0);
  g_assert_cmpfloat (worst_difference (same, out_b), ==, 0.0);
}

/* The batch script blurs three files next to themselves and leaves the
 * originals byte for byte; a fourth, truncated, is skipped with its name
 * and the reason, and gets no "-bokeh" file (GIMP itself would open it with
 * the missing rows blank). */
static void
test_batch_script (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  g_autofree gchar *dir = lrb_gimp_path (gimp, "batch");
  g_autofree gchar *command = NULL, *output = NULL, *contents = NULL;
  g_autofree gchar *damaged = NULL, *damaged_sum = NULL, *damaged_out = NULL;
  g_autofree gchar *skipped = NULL;
  gchar            *sums[3];
  const gchar      *commands[2] = { NULL, NULL };
  gsize             length;

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (g_file_get_contents (in, &contents, &length, NULL));
  for (gint i = 0; i < 3; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("%s/shot%d.png", dir, i);

      g_assert_true (g_file_set_contents (name, contents, length, NULL));
      sums[i] = lrb_test_file_checksum (name);
    }
  damaged = g_strdup_printf ("%s/shot3.png", dir);
  damaged_out = g_strdup_printf ("%s/shot3-bokeh.png", dir);
  g_assert_true (g_file_set_contents (damaged, contents, length * 2 / 3, NULL));
  damaged_sum = lrb_test_file_checksum (damaged);

  commands[0] = command = g_strdup_printf ("(lowrank-bokeh-batch \"%s/*.png\" 1 6.0 6 0.0 4 2.0)",
                                           dir);
  output = lrb_gimp_run (gimp, commands);
  g_assert_nonnull (strstr (output, "3 file(s) processed, 1 damaged file(s) skipped"));
  skipped = g_strdup_printf ("lowrank-bokeh: skipped %s: corrupt or truncated PNG image",
                             damaged);
  g_assert_nonnull (strstr (output, skipped));
  g_assert_false (g_file_test (damaged_out, G_FILE_TEST_EXISTS));
  {
    g_autofree gchar *now = lrb_test_file_checksum (damaged);

    g_assert_cmpstr (now, ==, damaged_sum);
  }

  for (gint i = 0; i < 3; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("%s/shot%d.png", dir, i);
      g_autofree gchar *blurred = g_strdup_printf ("%s/shot%d-bokeh.png", dir, i);
      g_autofree gchar *now = lrb_test_file_checksum (name);
      g_autofree gchar *result = lrb_test_file_checksum (blurred);

      g_assert_cmpstr (now, ==, sums[i]);
      g_assert_cmpstr (result, !=, sums[i]);
      g_free (sums[i]);
    }
}

/* The check-image procedure, called as a script would: a whole file, a
 * truncated one, a PNG name on other bytes, a missing file, and an empty
 * name (a calling error). */
static void
test_check_image (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  g_autofree gchar *dir = lrb_gimp_path (gimp, "check-image");
  g_autofree gchar *contents = NULL, *cut = NULL, *fake = NULL, *missing = NULL;
  g_autofree gchar *script = NULL, *output = NULL, *expect = NULL;
  const gchar      *commands[2] = { NULL, NULL };
  gsize             length;

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (g_file_get_contents (in, &contents, &length, NULL));
  cut = g_strdup_printf ("%s/cut.png", dir);
  fake = g_strdup_printf ("%s/fake.png", dir);
  missing = g_strdup_printf ("%s/missing.png", dir);
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));
  g_assert_true (g_file_set_contents (fake, "1 2 1\n", -1, NULL));

  commands[0] = script = g_strdup_printf (
    "(for-each (lambda (f)"
    "  (let ((r (lowrank-bokeh--check-image f)))"
    "    (gimp-message (string-append \"check \" (number->string (car r)) \" [\" (cadr r) \"]\"))))"
    "  (list \"%s\" \"%s\" \"%s\" \"%s\"))"
    "(gimp-message (if (lrb-test-try (lambda () (lowrank-bokeh--check-image \"\")))"
    "                  \"empty accepted\" \"empty refused\"))",
    in, cut, fake, missing);
  output = lrb_gimp_run (gimp, commands);

  g_assert_nonnull (strstr (output, "check 1 []"));
  expect = g_strdup_printf ("check 0 [%s: corrupt or truncated PNG image: ", cut);
  g_assert_nonnull (strstr (output, expect));
  g_free (expect);
  expect = g_strdup_printf ("check 0 [%s: not a PNG image", fake);
  g_assert_nonnull (strstr (output, expect));
  g_free (expect);
  expect = g_strdup_printf ("check 0 [cannot open %s: ", missing);
  g_assert_nonnull (strstr (output, expect));
  g_assert_nonnull (strstr (output, "empty refused"));
}

/* The analyze procedure and `lrbokeh analyze --json` agree. */
static void
test_analyze_matches_cli (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  const gchar      *commands[] = {
    "(let* ((r (lowrank-bokeh--analyze 1 12.0 6 10.0 0.0 0.95 \"\"))"
    "       (sv (caddr r)))"
    "  (gimp-message (string-append \"numerical-rank \" (number->string (car r))"
    "                               \" energy-rank \" (number->string (cadddr r))))"
    "  (let loop ((i 0))"
    "    (if (< i (cadr r))"
    "        (begin (gimp-message (string-append \"sv \" (number->string (vector-ref sv i))))"
    "               (loop (+ i 1))))))",
    NULL,
  };
  g_autofree gchar *output = lrb_gimp_run (gimp, commands);
  const gchar      *argv[] = { gimp->lrbokeh, "analyze", "--shape", "hexagon", "--radius", "12",
                               "--rotation", "10", "--json", NULL };
  g_autofree gchar *json = NULL;
  gint              status = -1, n_gimp = 0;
  g_auto (GStrv)    lines = g_strsplit (output, "\n", -1);
  g_autoptr (GArray) gimp_values = g_array_new (FALSE, FALSE, sizeof (gdouble));
  const gchar      *p;

  g_assert_true (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &json,
                               NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  for (gint i = 0; lines[i]; i++)
    if ((p = strstr (lines[i], "sv ")))
      {
        gdouble v = g_ascii_strtod (p + 3, NULL);
        g_array_append_val (gimp_values, v);
        n_gimp++;
      }
  g_assert_cmpint (n_gimp, ==, 25);

  /* Walk the JSON's singular_values array in order. */
  p = strstr (json, "\"singular_values\"");
  g_assert_nonnull (p);
  p = strchr (p, '[') + 1;
  for (gint i = 0; i < n_gimp; i++)
    {
      gchar  *end;
      gdouble v = g_ascii_strtod (p, &end);

      /* Script-Fu prints about six significant digits. */
      g_assert_cmpfloat (fabs (v - g_array_index (gimp_values, gdouble, i)), <=, 1e-5 * fabs (v) + 1e-12);
      p = end;
      while (*p == ',' || g_ascii_isspace (*p))
        p++;
    }
  g_assert_nonnull (strstr (output, "numerical-rank "));
}

/* GIMP 3 filters every selected layer: two different layers, both
 * selected, each blurred as `lrbokeh apply` blurs it alone. */
static void
test_every_selected_drawable (gconstpointer data)
{
  const LrbGimp    *gimp = data;
  g_autofree gchar *in = photo (gimp);
  g_autofree gchar *top_in = lrb_gimp_path (gimp, "two-top-in.png");
  g_autofree gchar *top_out = lrb_gimp_path (gimp, "two-top-out.png");
  g_autofree gchar *base_out = lrb_gimp_path (gimp, "two-base-out.png");
  g_autofree gchar *top_cli = lrb_gimp_path (gimp, "two-top-cli.png");
  g_autofree gchar *base_cli = lrb_gimp_path (gimp, "two-base-cli.png");
  g_autofree gchar *command = NULL, *output = NULL;
  const gchar      *commands[2] = { NULL, NULL };
  const Args        args = { 1, 7.0, 6, 15.0, 4, 2.0, 0, NULL };
  const gchar      *rank[] = { "--rank", "4", NULL };

  if (!gimp->gimp3)
    {
      g_test_skip ("GIMP 2.10's procedures take one drawable");
      return;
    }
  /* The top layer is the photo inverted, so the two results differ. */
  commands[0] = command = g_strdup_printf (
    "(let* ((img (lowrank-bokeh--load \"%s\"))"
    "       (base (lowrank-bokeh--drawable img))"
    "       (top (car (gimp-layer-copy base))))"
    "  (gimp-image-insert-layer img top 0 -1)"
    "  (gimp-drawable-invert top FALSE)"
    "  (lowrank-bokeh--save img top \"%s\")"
    "  (gimp-image-set-selected-layers img (vector base top))"
    "  (plug-in-lowrank-bokeh #:run-mode RUN-NONINTERACTIVE #:image img"
    "                         #:drawables (car (gimp-image-get-selected-drawables img))"
    "                         #:shape 1 #:radius 7.0 #:rotation 15.0 #:rank 4 #:gamma 2.0)"
    "  (lowrank-bokeh--save img top \"%s\")"
    "  (gimp-item-set-visible top FALSE)"
    "  (lowrank-bokeh--save img base \"%s\")"
    "  (gimp-image-delete img))",
    in, top_in, top_out, base_out);
  output = lrb_gimp_run (gimp, commands);

  run_cli (gimp, in, base_cli, &args, rank);
  run_cli (gimp, top_in, top_cli, &args, rank);
  g_assert_cmpfloat (worst_difference (base_out, base_cli), <=, ONE_STEP);
  g_assert_cmpfloat (worst_difference (top_out, top_cli), <=, ONE_STEP);
  g_assert_cmpfloat (worst_difference (top_out, base_out), >, 0.1);
}

/* GIMP 3: lowrank-bokeh:blur as a non-destructive layer filter through
 * libgimp's drawable-filter API.  Script-Fu attaches it; the layer keeps
 * its own pixels and carries the filter; an export renders it as `lrbokeh
 * apply` does; it survives a trip through XCF and, re-edited there from
 * Python-Fu, renders the new radius. */
static void
test_gegl_filter_non_destructive (gconstpointer data)
{
  const LrbGimp         *gimp = data;
  g_autofree gchar      *in = NULL, *filtered = NULL, *hidden = NULL, *staged = NULL;
  g_autofree gchar      *xcf = NULL, *reopened = NULL, *edited = NULL;
  g_autofree gchar      *cli9 = NULL, *cli14 = NULL, *script = NULL, *python = NULL;
  g_autofree gchar      *output = NULL, *reedit_output = NULL;
  g_autoptr (GString)    points = g_string_new (NULL);
  g_autoptr (GeglBuffer) original = NULL;
  g_auto (GStrv)         lines = NULL;
  const GeglRectangle   *r;
  const Args             args9 = { 1, 9.0, 6, 15.0, 4, 2.0, 0, NULL };
  const Args             args14 = { 1, 14.0, 6, 15.0, 4, 2.0, 0, NULL };
  const gchar           *rank[] = { "--rank", "4", NULL };
  const gint             n_points = 4;
  gint                   n_seen = 0;

  if (!gimp->gimp3)
    {
      g_test_skip ("GIMP 2.10 has no drawable-filter API: a script cannot attach a GEGL "
                   "operation to a layer");
      return;
    }

  in = photo (gimp);
  filtered = lrb_gimp_path (gimp, "nd-filtered9.png");
  hidden = lrb_gimp_path (gimp, "nd-hidden.png");
  staged = lrb_gimp_path (gimp, "nd-staged14.png");
  xcf = lrb_gimp_path (gimp, "nd-bokeh.xcf");
  reopened = lrb_gimp_path (gimp, "nd-reopened9.png");
  edited = lrb_gimp_path (gimp, "nd-edited14.png");
  cli9 = lrb_gimp_path (gimp, "nd-cli9.png");
  cli14 = lrb_gimp_path (gimp, "nd-cli14.png");

  original = lrb_test_load (in);
  r = gegl_buffer_get_extent (original);
  for (gint i = 0; i < n_points; i++)
    g_string_append_printf (points, "(%d %d)", i * (r->width - 1) / 3, i * (r->height - 1) / 3);

  /* The enum properties take the nicks. */
  script = g_strdup_printf (
    "(let* ((img (lowrank-bokeh--load \"%s\"))"
    "       (d (lowrank-bokeh--drawable img))"
    "       (f (car (gimp-drawable-filter-new d \"lowrank-bokeh:blur\" \"\"))))"
    "  (gimp-drawable-filter-configure f LAYER-MODE-REPLACE 1.0"
    "    \"shape\" \"polygon\" \"radius\" 9.0 \"blades\" 6 \"rotation\" 15.0 \"rank\" 4"
    "    \"gamma\" 2.0 \"edge-mode\" \"clamp\")"
    "  (gimp-drawable-append-filter d f)"
    "  (lrb-test-report-filters d)"
    "  (lrb-test-report-pixels d '(%s))"
    "  (lowrank-bokeh--save img d \"%s\")"
    "  (gimp-drawable-filter-set-visible f FALSE)"
    "  (lowrank-bokeh--save img d \"%s\")"
    "  (gimp-drawable-filter-set-visible f TRUE)"
    "  (lowrank-bokeh--save img d \"%s\")"
    "  (gimp-drawable-filter-configure f LAYER-MODE-REPLACE 1.0 \"radius\" 14.0)"
    "  (lowrank-bokeh--save img d \"%s\")"
    "  (gimp-image-delete img))",
    in, points->str, filtered, hidden, xcf, staged);
  output = lrb_gimp_run_full (gimp, LRB_GIMP_SCRIPT_FU, (const gchar *const[]) { script, NULL });

  /* The layer carries the filter, named after the operation's title… */
  g_assert_nonnull (strstr (output, "lrb-filters 1\n"));
  g_assert_nonnull (strstr (output, "lrb-filter Low-Rank Bokeh|lowrank-bokeh:blur|visible\n"));
  /* …and keeps its own pixels, */
  lines = g_strsplit (output, "\n", -1);
  for (gint i = 0; lines[i]; i++)
    {
      const gchar *p = strstr (lines[i], "lrb-pixel ");
      GeglRectangle pixel = { 0, 0, 1, 1 };
      gint          rgb[3];
      guint8        expected[3];

      if (!p || sscanf (p, "lrb-pixel %d %d %d %d %d", &pixel.x, &pixel.y, &rgb[0], &rgb[1],
                        &rgb[2]) != 5)
        continue;
      gegl_buffer_get (original, &pixel, 1.0, babl_format ("R'G'B' u8"), expected,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      for (gint c = 0; c < 3; c++)
        g_assert_cmpint (rgb[c], ==, expected[c]);
      n_seen++;
    }
  g_assert_cmpint (n_seen, ==, n_points);
  /* …all of them, as hiding the filter shows. */
  g_assert_cmpfloat (worst_difference (hidden, in), ==, 0.0);
  /* The export renders the filter, as the CLI blurs. */
  run_cli (gimp, in, cli9, &args9, rank);
  g_assert_cmpfloat (worst_difference (filtered, in), >, 0.1);
  g_assert_cmpfloat (worst_difference (filtered, cli9), <=, ONE_STEP);
  /* Script-Fu's configure changes the script's copy of the settings; only
   * gimp-drawable-append-filter or -merge-filter send them to GIMP, and
   * Script-Fu 3.0.4 has no call that sends them for an appended filter
   * (libgimp's gimp_drawable_filter_update ()).  Should a later one render
   * the change, it has to be the CLI's. */
  if (worst_difference (staged, filtered) == 0.0)
    g_test_message ("Script-Fu: configuring an appended filter did not re-render it");
  else
    g_assert_cmpfloat (worst_difference (staged, cli14), <=, ONE_STEP);

  /* Re-edited after a trip through XCF, with libgimp's
   * gimp_drawable_filter_update () from Python-Fu. */
  python = g_strdup_printf (
    "from gi.repository import Gimp, Gio\n"
    "def lrb_save(img, path):\n"
    "    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, img, Gio.File.new_for_path(path), None)\n"
    "img = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path('%s'))\n"
    "layer = img.get_layers()[0]\n"
    "filters = layer.get_filters()\n"
    "Gimp.message('lrb-filters %%d' %% len(filters))\n"
    "f = filters[0]\n"
    "Gimp.message('lrb-filter %%s|%%s|%%s' %% (f.get_name(), f.get_operation_name(),\n"
    "             'visible' if f.get_visible() else 'hidden'))\n"
    "c = f.get_config()\n"
    "Gimp.message('lrb-config shape=%%s radius=%%g blades=%%d rotation=%%g rank=%%d gamma=%%g'\n"
    "             ' edge-mode=%%s' %% tuple(c.get_property(n) for n in\n"
    "             ('shape', 'radius', 'blades', 'rotation', 'rank', 'gamma', 'edge-mode')))\n"
    "Gimp.message('lrb-config-has-method %%d' %%\n"
    "             ('method' in [p.name for p in c.list_properties()]))\n"
    "lrb_save(img, '%s')\n"
    "c.set_property('radius', 14.0)\n"
    "f.update()\n"
    "Gimp.message('lrb-filters-after-edit %%d' %% len(layer.get_filters()))\n"
    "lrb_save(img, '%s')\n"
    "img.delete()\n",
    xcf, reopened, edited);
  reedit_output = lrb_gimp_run_full (gimp, LRB_GIMP_PYTHON_FU,
                                     (const gchar *const[]) { python, NULL });

  g_assert_nonnull (strstr (reedit_output, "lrb-filters 1\n"));
  g_assert_nonnull (strstr (reedit_output,
                            "lrb-filter Low-Rank Bokeh|lowrank-bokeh:blur|visible\n"));
  g_assert_nonnull (strstr (reedit_output, "lrb-config shape=polygon radius=9 blades=6 rotation=15 "
                                           "rank=4 gamma=2 edge-mode=clamp\n"));
  g_assert_nonnull (strstr (reedit_output, "lrb-filters-after-edit 1\n"));
  g_assert_cmpfloat (worst_difference (reopened, cli9), <=, ONE_STEP);
  run_cli (gimp, in, cli14, &args14, rank);
  g_assert_cmpfloat (worst_difference (edited, reopened), >, 0.1);
  g_assert_cmpfloat (worst_difference (edited, cli14), <=, ONE_STEP);
  g_test_message ("largest difference from lrbokeh apply, in 8-bit steps: radius 9 %.2f, "
                  "re-edited to 14 %.2f", 255 * worst_difference (filtered, cli9),
                  255 * worst_difference (edited, cli14));

  /* Scripts and plug-ins see every property (kernel-file is a plain
   * string for that reason). */
  g_assert_nonnull (strstr (reedit_output, "lrb-config-has-method 1\n"));
}

int
main (int argc, char **argv)
{
  LrbGimp *gimp;
  gint     result;

  g_test_init (&argc, &argv, NULL);
  gegl_init (&argc, &argv);
  gimp = lrb_gimp_new ();

  g_test_add_data_func ("/plugin/point-becomes-hexagon", gimp, test_point_becomes_hexagon);
  g_test_add_data_func ("/plugin/matches-cli", gimp, test_matches_cli);
  g_test_add_data_func ("/plugin/exact-matches-cli", gimp, test_exact_matches_cli);
  g_test_add_data_func ("/plugin/nonnegative-matches-cli", gimp, test_nonnegative_matches_cli);
  g_test_add_data_func ("/plugin/factorization-changes-result", gimp,
                        test_factorization_changes_result);
  g_test_add_data_func ("/plugin/factorization-invalid", gimp, test_factorization_invalid);
  g_test_add_data_func ("/plugin/depth-matches-cli", gimp, test_depth_matches_cli);
  g_test_add_data_func ("/plugin/apply4-matches-cli", gimp, test_apply4_matches_cli);
  g_test_add_data_func ("/plugin/kernel-from-photo", gimp, test_kernel_from_photo);
  g_test_add_data_func ("/plugin/selection", gimp, test_selection);
  g_test_add_data_func ("/plugin/precisions-and-modes", gimp, test_precisions_and_modes);
  g_test_add_data_func ("/plugin/alpha-no-fringe", gimp, test_alpha_no_fringe);
  g_test_add_data_func ("/plugin/invalid-arguments", gimp, test_invalid_arguments);
  g_test_add_data_func ("/plugin/unknown-run-mode", gimp, test_unknown_run_mode);
  g_test_add_data_func ("/plugin/drawable-of-another-image", gimp,
                        test_drawable_of_another_image);
  g_test_add_data_func ("/plugin/batch-script", gimp, test_batch_script);
  g_test_add_data_func ("/plugin/check-image", gimp, test_check_image);
  g_test_add_data_func ("/plugin/analyze-matches-cli", gimp, test_analyze_matches_cli);
  g_test_add_data_func ("/plugin/every-selected-drawable", gimp, test_every_selected_drawable);
  g_test_add_data_func ("/plugin/gegl-filter-non-destructive", gimp,
                        test_gegl_filter_non_destructive);
  result = g_test_run ();

  lrb_gimp_free (gimp);
  gegl_exit ();
  return result;
}
