/* lowrank-bokeh — drawing with cairo: files, text, and `lrbokeh kernel`
 * (the kernel, its rank-R approximation and their difference).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <cairo-svg.h>
#include <math.h>

#define MARGIN     24
#define HEADER     36  /* the title line */
#define LABELS     44  /* panel title and its numbers */
#define BAR_SPACE  46  /* colour bar and its labels under a panel */
#define MIN_PANEL  256 /* DESIGN: panels large enough to see single pixels */
#define MAX_PANEL  768 /* larger kernels are shown shrunk */

/* ---- Files and text ---------------------------------------------------- */

static gboolean
has_extension (const gchar *path, const gchar *extension)
{
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, extension);
}

gboolean
lrb_cli_render_check_path (const gchar *path, gboolean allow_svg, GError **error)
{
  if (has_extension (path, ".png") || (allow_svg && has_extension (path, ".svg")))
    return TRUE;
  g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
               "%s: unknown output format (the file name must end in .png%s)", path,
               allow_svg ? " or .svg" : "");
  return FALSE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
lrb_cli_render_to_file (const gchar *path, gint width, gint height, gboolean allow_svg,
                        LrbCliDrawFunc draw, gpointer user_data, GError **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  g_autoptr (GError)     local_error = NULL;
  gboolean               svg = has_extension (path, ".svg");
  cairo_surface_t       *surface;
  cairo_t               *cr;
  cairo_status_t         status;

  if (!lrb_cli_render_check_path (path, allow_svg, error))
    return FALSE;

  surface = svg ? cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height)
                : cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  draw (cr, user_data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && !svg)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "cannot draw %s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  /* g_file_set_contents writes a temporary file and renames it: a
   * half-written picture never replaces a good one. */
  if (!g_file_set_contents (path, (const gchar *) bytes->data, bytes->len, &local_error))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

void
lrb_cli_text (cairo_t *cr, gdouble x, gdouble y, gdouble align, const gchar *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x - align * extents.x_advance, y);
  cairo_show_text (cr, text);
}

void
lrb_cli_font (cairo_t *cr, gdouble size, gboolean bold)
{
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

void
lrb_cli_fit_font (cairo_t *cr, const gchar *text, gdouble width, gdouble size, gboolean bold)
{
  cairo_text_extents_t extents;

  lrb_cli_font (cr, size, bold);
  cairo_text_extents (cr, text, &extents);
  if (extents.x_advance > width)
    lrb_cli_font (cr, MAX (8.0, size * width / extents.x_advance), bold);
}

gchar *
lrb_cli_subscript (gint number)
{
  static const gchar *const digits[] = { "₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉" };
  g_autofree gchar         *plain = g_strdup_printf ("%d", number);
  GString                  *text = g_string_new (NULL);

  for (const gchar *p = plain; *p; p++)
    g_string_append (text, *p == '-' ? "₋" : digits[*p - '0']);
  return g_string_free (text, FALSE);
}

/* ---- Colour maps ------------------------------------------------------- */

typedef void (*ColourMap) (gdouble t, gdouble rgb[3]);

static gdouble
srgb_encode (gdouble v)
{
  v = CLAMP (v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow (v, 1.0 / 2.4) - 0.055;
}

/* Kernel values over the shared peak, −1 … 1: light as it would look
 * (sRGB-encoded grey), negative lobes in blue so ringing stands out. */
static void
kernel_colour (gdouble t, gdouble rgb[3])
{
  gdouble g = srgb_encode (fabs (t));

  if (t >= 0)
    rgb[0] = rgb[1] = rgb[2] = g;
  else
    {
      rgb[0] = 0.16 * g;
      rgb[1] = 0.50 * g;
      rgb[2] = g;
    }
}

/* Diverging, −1 … 1: blue, white at 0, red (ColorBrewer RdBu ends). */
static void
difference_colour (gdouble t, gdouble rgb[3])
{
  static const gdouble red[3] = { 0.698, 0.094, 0.169 };
  static const gdouble blue[3] = { 0.129, 0.400, 0.675 };
  const gdouble       *end = t >= 0 ? red : blue;
  gdouble              s = MIN (fabs (t), 1.0);

  for (gint c = 0; c < 3; c++)
    rgb[c] = 1.0 + s * (end[c] - 1.0);
}

static guint32
pack_rgb (const gdouble rgb[3])
{
  return 0xff000000u | (guint32) lround (rgb[0] * 255) << 16 |
         (guint32) lround (rgb[1] * 255) << 8 | (guint32) lround (rgb[2] * 255);
}

/* The matrix as a cairo image, each value over `scale` through `map`. */
static cairo_surface_t *
matrix_surface (const gdouble *values, gint rows, gint cols, gdouble scale, ColourMap map)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  guchar          *data = cairo_image_surface_get_data (surface);
  gint             stride = cairo_image_surface_get_stride (surface);

  for (gint r = 0; r < rows; r++)
    for (gint c = 0; c < cols; c++)
      {
        gdouble rgb[3];

        map (scale > 0 ? values[(gsize) r * cols + c] / scale : 0.0, rgb);
        ((guint32 *) (data + (gsize) r * stride))[c] = pack_rgb (rgb);
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* ---- lrbokeh kernel ------------------------------------------------------ */

typedef struct
{
  const LrbKernel   *kernel;
  const LrbAnalysis *analysis;
  LrbKernel         *approx;
  LrbKernel         *diff;
  const gchar       *description;
  gint               rank;
  gdouble            relative_error; /* of approx, by the factorization asked for */
  const gchar       *kind;           /* "non-negative · " or "" */
  gdouble            zoom;          /* screen pixels per kernel pixel */
  gint               cell_width, cell_height;
  gint               width, height;
} Panels;

static void
panels_layout (Panels *p)
{
  gint side = MAX (p->kernel->rows, p->kernel->cols);

  /* Whole screen pixels per kernel pixel when enlarging, so that nearest
   * neighbour shows every pixel the same size. */
  p->zoom = side <= MAX_PANEL ? ceil ((gdouble) MIN_PANEL / side) : (gdouble) MAX_PANEL / side;
  p->cell_width = MAX (MIN_PANEL, (gint) ceil (p->kernel->cols * p->zoom));
  p->cell_height = MAX (MIN_PANEL / 2, (gint) ceil (p->kernel->rows * p->zoom));
  p->width = 4 * MARGIN + 3 * p->cell_width;
  p->height = MARGIN + HEADER + LABELS + p->cell_height + BAR_SPACE + MARGIN / 2;
}

static void
draw_matrix (cairo_t *cr, const Panels *p, gdouble x, gdouble y, const LrbKernel *k,
             gdouble scale, ColourMap map)
{
  cairo_surface_t *image = matrix_surface (k->data, k->rows, k->cols, scale, map);
  gdouble          w = k->cols * p->zoom, h = k->rows * p->zoom;
  gdouble          ix = x + floor ((p->cell_width - w) / 2);
  gdouble          iy = y + floor ((p->cell_height - h) / 2);

  /* Grey where an elongated kernel leaves the cell empty. */
  cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
  cairo_rectangle (cr, x, y, p->cell_width, p->cell_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, ix, iy);
  cairo_scale (cr, p->zoom, p->zoom);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            p->zoom >= 1 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_rectangle (cr, 0, 0, k->cols, k->rows);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);

  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, ix - 0.5, iy - 0.5, w + 1, h + 1);
  cairo_stroke (cr);
}

/* A horizontal bar of `map` from −1 to 1 with the values it stands for. */
static void
draw_colour_bar (cairo_t *cr, gdouble x, gdouble y, gdouble width, ColourMap map,
                 gdouble scale, const gchar *note)
{
  gdouble          ramp[256];
  cairo_surface_t *image;
  gchar            label[64];

  for (gint i = 0; i < 256; i++)
    ramp[i] = (i / 255.0 * 2.0 - 1.0) * scale;
  image = matrix_surface (ramp, 1, 256, scale, map);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, width / 256.0, 10.0);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, 256, 1);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);

  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x - 0.5, y - 0.5, width + 1, 11);
  cairo_stroke (cr);

  cairo_set_source_rgb (cr, 0.27, 0.27, 0.27);
  lrb_cli_font (cr, 11, FALSE);
  g_snprintf (label, sizeof label, "−%.3g", scale);
  lrb_cli_text (cr, x, y + 24, 0.0, label);
  lrb_cli_text (cr, x + width / 2, y + 24, 0.5, "0");
  g_snprintf (label, sizeof label, "%.3g", scale);
  lrb_cli_text (cr, x + width, y + 24, 1.0, label);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
  lrb_cli_text (cr, x + width / 2, y + 38, 0.5, note);
}

static void
draw_panel_labels (cairo_t *cr, gdouble x, gdouble y, gdouble width, const gchar *title,
                   const gchar *numbers)
{
  cairo_set_source_rgb (cr, 0.13, 0.13, 0.13);
  lrb_cli_fit_font (cr, title, width, 14, TRUE);
  lrb_cli_text (cr, x + width / 2, y + 16, 0.5, title);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  lrb_cli_fit_font (cr, numbers, width, 12, FALSE);
  lrb_cli_text (cr, x + width / 2, y + 34, 0.5, numbers);
}

static void
draw_panels (cairo_t *cr, gpointer user_data)
{
  const Panels      *p = user_data;
  const LrbAnalysis *a = p->analysis;
  gdouble            peak = MAX (lrb_kernel_max_abs (p->kernel), lrb_kernel_max_abs (p->approx));
  gdouble            diff_peak = lrb_kernel_max_abs (p->diff);
  gdouble            top = MARGIN + HEADER, image_top = top + LABELS;
  gdouble            bar_top = image_top + p->cell_height + 10;
  gdouble            x[3];
  g_autofree gchar  *text = NULL;
  g_autofree gchar  *title = NULL;
  g_autofree gchar  *sub = lrb_cli_subscript (p->rank);

  for (gint i = 0; i < 3; i++)
    x[i] = MARGIN + i * (p->cell_width + MARGIN);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  title = g_strdup_printf ("%s — %d × %d kernel at rank %d of %d", p->description,
                           p->kernel->rows, p->kernel->cols, p->rank, a->n_values);
  lrb_cli_fit_font (cr, title, p->width - 2 * MARGIN, 17, TRUE);
  lrb_cli_text (cr, MARGIN, MARGIN + 14, 0.0, title);

  text = g_strdup_printf ("sum %.4g · peak %.3g", lrb_kernel_sum (p->kernel),
                          lrb_kernel_max_abs (p->kernel));
  draw_panel_labels (cr, x[0], top, p->cell_width, "kernel K", text);
  g_free (text);
  g_free (title);
  title = g_strdup_printf ("rank-%d approximation K%s", p->rank, sub);
  /* + 0.0 turns the −0 that lrb_kernel_negative_lobe can return into 0. */
  text = g_strdup_printf ("%srel. error %.3g %% · negative lobe %.3g %%", p->kind,
                          100 * p->relative_error, 100 * lrb_kernel_negative_lobe (p->approx) + 0.0);
  draw_panel_labels (cr, x[1], top, p->cell_width, title, text);
  g_free (text);
  g_free (title);
  title = g_strdup_printf ("difference K%s − K", sub);
  text = g_strdup_printf ("max |K%s − K| %.3g, %.3g %% of the peak", sub, diff_peak,
                          peak > 0 ? 100 * diff_peak / peak : 0.0);
  draw_panel_labels (cr, x[2], top, p->cell_width, title, text);

  draw_matrix (cr, p, x[0], image_top, p->kernel, peak, kernel_colour);
  draw_matrix (cr, p, x[1], image_top, p->approx, peak, kernel_colour);
  draw_matrix (cr, p, x[2], image_top, p->diff, diff_peak, difference_colour);

  draw_colour_bar (cr, x[0] + 16, bar_top, p->cell_width - 32, kernel_colour, peak,
                   "grey: light (sRGB), blue: negative");
  draw_colour_bar (cr, x[1] + 16, bar_top, p->cell_width - 32, kernel_colour, peak,
                   "the same scale as K");
  draw_colour_bar (cr, x[2] + 16, bar_top, p->cell_width - 32, difference_colour, diff_peak,
                   "blue: below K, red: above K");
}

gint
lrb_cli_kernel (gchar **argv)
{
  g_auto (LrbCliOptions)  options = { 0 };
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autoptr (LrbFactors)  factors = NULL;
  g_autoptr (LrbKernel)   approx = NULL;
  g_autoptr (LrbKernel)   diff = NULL;
  g_autofree gchar       *description = NULL;
  g_autofree gchar       *output = NULL;
  Panels                  panels = { 0 };
  const GOptionEntry      entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The PNG to write (required)", "FILE.png" },
    { NULL }
  };

  lrb_cli_options_init (&options);
  if (!lrb_cli_parse ("kernel", "[KERNEL] -o FILE.png",
                      "Draws the kernel, its rank-R approximation and their difference side\n"
                      "by side, enlarged so that every kernel pixel shows.",
                      entries, &options, &argv, &error))
    return lrb_cli_report_error ("kernel", error);
  if (g_strv_length (argv) > 2)
    lrb_cli_set_usage_error (&error, "unexpected argument '%s'", argv[2]);
  else if (!output)
    lrb_cli_set_usage_error (&error, "missing -o FILE.png");
  if (error)
    return lrb_cli_report_error ("kernel", error);

  if (!lrb_cli_render_check_path (output, FALSE, &error) ||
      !lrb_cli_load_kernel (&options, argv[1], TRUE, &kernel, &analysis, &description, &error) ||
      !lrb_cli_options_resolve_rank (&options, analysis, &panels.rank, &error))
    return lrb_cli_report_error ("kernel", error);

  if (!(factors = lrb_cli_options_factors (&options, kernel, analysis, panels.rank, &error)))
    return lrb_cli_report_error ("kernel", error);
  approx = lrb_factors_to_kernel (factors);
  panels.relative_error = lrb_factors_relative_error (factors, kernel);
  panels.kind = options.factorization == LRB_FACTORIZATION_NONNEGATIVE ? "non-negative · " : "";
  diff = lrb_kernel_copy (approx);
  for (gsize i = 0; i < (gsize) diff->rows * diff->cols; i++)
    diff->data[i] -= kernel->data[i];

  panels.kernel = kernel;
  panels.analysis = analysis;
  panels.approx = approx;
  panels.diff = diff;
  panels.description = description;
  panels_layout (&panels);
  if (!lrb_cli_render_to_file (output, panels.width, panels.height, FALSE, draw_panels,
                               &panels, &error))
    return lrb_cli_report_error ("kernel", error);
  return LRB_CLI_EXIT_OK;
}
