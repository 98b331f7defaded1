/* lowrank-bokeh — `lrbokeh kernel` and `lrbokeh plot`: the pictures exist,
 * read back, and show what they should.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "cli-test-util.h"

#include <cairo.h>
#include <string.h>

typedef struct
{
  cairo_surface_t *surface;
  gint             width, height, stride;
  const guchar    *data;
} Picture;

static Picture
read_png (const gchar *path)
{
  Picture p;

  p.surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (p.surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (p.surface);
  p.width = cairo_image_surface_get_width (p.surface);
  p.height = cairo_image_surface_get_height (p.surface);
  p.stride = cairo_image_surface_get_stride (p.surface);
  p.data = cairo_image_surface_get_data (p.surface);
  return p;
}

static void
pixel (const Picture *p, gint x, gint y, gint rgb[3])
{
  guint32 v = ((const guint32 *) (p->data + (gsize) y * p->stride))[x];

  rgb[0] = (v >> 16) & 0xff;
  rgb[1] = (v >> 8) & 0xff;
  rgb[2] = v & 0xff;
}

static gboolean
close_to (const gint rgb[3], gint r, gint g, gint b, gint tolerance)
{
  return ABS (rgb[0] - r) <= tolerance && ABS (rgb[1] - g) <= tolerance &&
         ABS (rgb[2] - b) <= tolerance;
}

/* Longest vertical run of pixels within `tolerance` of a grey level. */
static gint
longest_grey_run (const Picture *p, gint x, gint level, gint tolerance)
{
  gint best = 0, run = 0;

  for (gint y = 0; y < p->height; y++)
    {
      gint rgb[3];

      pixel (p, x, y, rgb);
      run = close_to (rgb, level, level, level, tolerance) ? run + 1 : 0;
      best = MAX (best, run);
    }
  return best;
}

static gint
count_colour (const Picture *p, gint x0, gint x1, gint r, gint g, gint b, gint tolerance)
{
  gint count = 0;

  for (gint y = 0; y < p->height; y++)
    for (gint x = x0; x < x1; x++)
      {
        gint rgb[3];

        pixel (p, x, y, rgb);
        count += close_to (rgb, r, g, b, tolerance);
      }
  return count;
}

static void
test_kernel_panels (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *path = g_build_filename (dir, "panels.png", NULL);
  g_autoptr (CliResult) result = cli_run ("kernel", "--shape", "disc", "--radius", "10",
                                          "--rank", "2", "-o", path, NULL);
  Picture               p;
  gint                  coloured_left = 0, coloured_right = 0;
  gboolean              disc_seen = FALSE;

  cli_assert_exit (result, 0);
  g_assert_cmpstr (result->out, ==, "");
  p = read_png (path);
  /* Three panels of at least 256 pixels each, side by side. */
  g_assert_cmpint (p.width, >=, 3 * 256);
  g_assert_cmpint (p.width, <, 3 * 256 + 400);
  g_assert_cmpint (p.height, >=, 256);
  g_assert_cmpint (p.height, <, p.width);

  /* Somewhere down the kernel panel: the black outside of the disc and its
   * white inside, each far taller than any text. */
  for (gint x = 0; x < p.width / 3 && !disc_seen; x++)
    disc_seen = longest_grey_run (&p, x, 0, 8) >= 30 && longest_grey_run (&p, x, 255, 30) >= 100;
  g_assert_true (disc_seen);

  /* Along the middle row: the kernel panel is grey only, the difference
   * panel (blue to white to red) is coloured somewhere. */
  for (gint x = 0; x < p.width; x++)
    {
      gint rgb[3];

      pixel (&p, x, p.height / 2, rgb);
      if (ABS (rgb[0] - rgb[2]) > 40)
        {
          if (x < p.width / 3)
            coloured_left++;
          else if (x > 2 * p.width / 3)
            coloured_right++;
        }
    }
  g_assert_cmpint (coloured_left, ==, 0);
  g_assert_cmpint (coloured_right, >, 0);
  cairo_surface_destroy (p.surface);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_kernel_errors (void)
{
  g_autofree gchar *dir = cli_tmpdir_new ();
  g_autofree gchar *jpg = g_build_filename (dir, "panels.jpg", NULL);
  g_autofree gchar *png = g_build_filename (dir, "panels.png", NULL);
  g_autofree gchar *listing = NULL;

  {
    g_autoptr (CliResult) result = cli_run ("kernel", "--shape", "disc", "-o", jpg, NULL);
    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "panels.jpg"));
  }
  {
    g_autoptr (CliResult) result = cli_run ("kernel", "--shape", "disc", "--radius", "3",
                                            "--rank", "8", "-o", png, NULL);
    cli_assert_exit (result, 1);
    g_assert_nonnull (strstr (result->err, "rank 8"));
  }
  {
    g_autoptr (CliResult) result = cli_run ("kernel", "--shape", "disc", NULL);
    cli_assert_exit (result, 2);
  }
  listing = cli_list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_plot_png (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *path = g_build_filename (dir, "plot.png", NULL);
  g_autoptr (CliResult) result = cli_run ("plot", "--shape", "hexagon", "--radius", "10",
                                          "--rank", "3", "-o", path, NULL);
  Picture               p;
  gint                  white;

  cli_assert_exit (result, 0);
  p = read_png (path);
  g_assert_cmpint (p.width, ==, 960);
  g_assert_cmpint (p.height, ==, 600);
  /* Mostly white paper, but far from blank: the bars, the Frobenius curve
   * (#DD8452), the Wronski curve (#55A868) and the rank marker (#C44E52). */
  white = count_colour (&p, 0, p.width, 255, 255, 255, 0);
  g_assert_cmpint (white, >, p.width * p.height / 2);
  g_assert_cmpint (white, <, p.width * p.height - 20000);
  g_assert_cmpint (count_colour (&p, 0, p.width, 100, 138, 192, 12), >, 2000);
  g_assert_cmpint (count_colour (&p, 0, p.width, 0xdd, 0x84, 0x52, 12), >, 200);
  g_assert_cmpint (count_colour (&p, 0, p.width, 0x55, 0xa8, 0x68, 12), >, 200);
  g_assert_cmpint (count_colour (&p, 0, p.width, 0xc4, 0x4e, 0x52, 12), >, 100);
  cairo_surface_destroy (p.surface);
  g_clear_pointer (&dir, cli_tmpdir_free);
}

static void
test_plot_svg (void)
{
  g_autofree gchar     *dir = cli_tmpdir_new ();
  g_autofree gchar     *path = g_build_filename (dir, "plot.svg", NULL);
  g_autoptr (CliResult) result = cli_run ("plot", "--shape", "disc", "--radius", "6",
                                          "--energy", "0.99", "-o", path, NULL);
  g_autoptr (GBytes)    bytes = NULL;
  const gchar          *text;

  cli_assert_exit (result, 0);
  bytes = cli_read_bytes (path);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (g_strrstr (text, "</svg>"));
  g_clear_pointer (&dir, cli_tmpdir_free);
}

/* A failed plot leaves an existing file alone. */
static void
test_plot_errors (void)
{
  g_autofree gchar  *dir = cli_tmpdir_new ();
  g_autofree gchar  *path = cli_write_file (dir, "plot.png", "not really a png");
  g_autofree gchar  *gif = g_build_filename (dir, "plot.gif", NULL);
  g_autoptr (GBytes) before = cli_read_bytes (path);
  g_autoptr (GBytes) after = NULL;
  g_autofree gchar  *listing = NULL;

  {
    g_autoptr (CliResult) result = cli_run ("plot", "--shape", "disc", "--radius", "0.1",
                                            "-o", path, NULL);
    cli_assert_exit (result, 1);
  }
  {
    g_autoptr (CliResult) result = cli_run ("plot", "--shape", "disc", "-o", gif, NULL);
    cli_assert_exit (result, 1);
  }
  {
    g_autoptr (CliResult) result = cli_run ("plot", "--shape", "disc", NULL);
    cli_assert_exit (result, 2);
  }
  after = cli_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  listing = cli_list_dir (dir);
  g_assert_cmpstr (listing, ==, "plot.png");
  g_clear_pointer (&dir, cli_tmpdir_free);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/kernel/panels", test_kernel_panels);
  g_test_add_func ("/cli/kernel/errors", test_kernel_errors);
  g_test_add_func ("/cli/plot/png", test_plot_png);
  g_test_add_func ("/cli/plot/svg", test_plot_svg);
  g_test_add_func ("/cli/plot/errors", test_plot_errors);
  return g_test_run ();
}
