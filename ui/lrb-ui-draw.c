/* lowrank-bokeh — drawing helpers shared by the custom widgets.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-ui-draw.h"

#include <math.h>

#include "lrb-gtk-compat.h"

/* The series colours of `lrbokeh plot` (seaborn's "deep" palette). */
static const LrbRgb series_blue   = { 0.298, 0.447, 0.690 }; /* #4C72B0 */
static const LrbRgb series_orange = { 0.867, 0.518, 0.322 }; /* #DD8452 */
static const LrbRgb series_green  = { 0.333, 0.659, 0.408 }; /* #55A868 */
static const LrbRgb series_red    = { 0.769, 0.306, 0.322 }; /* #C44E52 */
static const LrbRgb series_purple = { 0.506, 0.447, 0.698 }; /* #8172B2 */
static const LrbRgb series_cyan   = { 0.392, 0.710, 0.804 }; /* #64B5CD */

/* a + t (b − a) */
static LrbRgb
mix (const LrbRgb *a, const LrbRgb *b, gdouble t)
{
  LrbRgb m = { a->r + t * (b->r - a->r), a->g + t * (b->g - a->g), a->b + t * (b->b - a->b) };

  return m;
}

static gdouble
linear_channel (gdouble v)
{
  v = CLAMP (v, 0.0, 1.0);
  return v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
}

static gdouble
relative_luminance (const LrbRgb *c)
{
  return 0.2126 * linear_channel (c->r) + 0.7152 * linear_channel (c->g) +
         0.0722 * linear_channel (c->b);
}

gdouble
lrb_ui_contrast (const LrbRgb *a, const LrbRgb *b)
{
  gdouble la = relative_luminance (a), lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* A series colour made to stand out from the paper by at least `ratio`,
 * lightened on dark paper and darkened on light. */
static LrbRgb
readable (const LrbRgb *colour, const LrbRgb *paper, gboolean dark, gdouble ratio)
{
  static const LrbRgb white = { 1, 1, 1 }, black = { 0, 0, 0 };
  LrbRgb              c = *colour;

  for (gint step = 1; step <= 10 && lrb_ui_contrast (&c, paper) < ratio; step++)
    c = mix (colour, dark ? &white : &black, 0.08 * step);
  return c;
}

void
lrb_ui_palette_from_theme (const LrbRgb *text, const LrbRgb *window, const LrbRgb *accent,
                           LrbUiPalette *p)
{
  static const LrbRgb white = { 1, 1, 1 }, black = { 0, 0, 0 };
  /* Light text means a dark theme, whatever the window claims (some themes
   * leave the window's background unset). */
  gboolean            dark = relative_luminance (text) > relative_luminance (window)
                             || relative_luminance (text) > 0.5;

  static const LrbRgb dark_window = { 0.24, 0.24, 0.24 }, light_window = { 0.93, 0.93, 0.93 };

  /* A window the text would not show on is not what the theme paints. */
  if (lrb_ui_contrast (text, window) < 3.0)
    window = dark ? &dark_window : &light_window;
  /* A card a step further from the text than the window: white-ish on light
   * themes, a well darker than the window on dark ones. */
  p->paper = mix (window, dark ? &black : &white, dark ? 0.35 : 0.75);
  p->ink = *text;
  if (lrb_ui_contrast (&p->ink, &p->paper) < 4.5)
    p->ink = dark ? white : black;
  p->muted = mix (&p->ink, &p->paper, 0.30);
  p->frame = mix (&p->ink, &p->paper, 0.45);
  p->grid = mix (&p->ink, &p->paper, 0.85);
  p->empty = mix (&p->ink, &p->paper, 0.92);

  p->bar = readable (&series_blue, &p->paper, dark, 3.0);
  p->noise_bar = mix (&p->bar, &p->paper, 0.55);
  p->squared = readable (&series_orange, &p->paper, dark, 3.0);
  p->absolute = readable (&series_green, &p->paper, dark, 3.0);
  p->nonnegative = readable (&series_purple, &p->paper, dark, 3.0);
  p->marker = readable (&series_red, &p->paper, dark, 3.0);
  p->noise_floor = readable (&series_cyan, &p->paper, dark, 3.0);
  p->accent = accent && lrb_ui_contrast (accent, &p->paper) >= 3.0 ? *accent : p->bar;
}

void
lrb_ui_palette_for_widget (GtkWidget *widget, LrbUiPalette *palette)
{
  gdouble  text[3], window[3], accent[3] = { 0, 0, 0 };
  gboolean have_accent = lrb_gtk_theme_colours (widget, text, window, accent);
  LrbRgb   t = { text[0], text[1], text[2] }, w = { window[0], window[1], window[2] };
  LrbRgb   a = { accent[0], accent[1], accent[2] };

  lrb_ui_palette_from_theme (&t, &w, have_accent ? &a : NULL, palette);
}

void
lrb_ui_set_colour (cairo_t *cr, const LrbRgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

void
lrb_ui_set_colour_alpha (cairo_t *cr, const LrbRgb *colour, gdouble alpha)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, alpha);
}

static gdouble
srgb_encode (gdouble v)
{
  v = CLAMP (v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow (v, 1.0 / 2.4) - 0.055;
}

void
lrb_ui_kernel_colour (gdouble t, gdouble rgb[3])
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

/* ColorBrewer RdBu's ends, blended linearly from white. */
void
lrb_ui_difference_colour (gdouble t, gdouble rgb[3])
{
  static const gdouble red[3] = { 0.698, 0.094, 0.169 };
  static const gdouble blue[3] = { 0.129, 0.400, 0.675 };
  const gdouble       *end = t >= 0 ? red : blue;
  gdouble              s = MIN (fabs (t), 1.0);

  for (gint c = 0; c < 3; c++)
    rgb[c] = 1.0 + s * (end[c] - 1.0);
}

guint32
lrb_ui_pack_colour (LrbColourMap map, gdouble t)
{
  gdouble rgb[3];

  map (t, rgb);
  return 0xff000000u | (guint32) lround (rgb[0] * 255) << 16 |
         (guint32) lround (rgb[1] * 255) << 8 | (guint32) lround (rgb[2] * 255);
}

cairo_surface_t *
lrb_ui_matrix_surface (const gdouble *values, gint rows, gint cols, gdouble scale,
                       LrbColourMap map)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cols, rows);
  guchar          *data;
  gint             stride;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (gint r = 0; r < rows; r++)
    {
      guint32 *line = (guint32 *) (data + (gsize) r * stride);

      for (gint c = 0; c < cols; c++)
        line[c] = lrb_ui_pack_colour (map, scale > 0 ? values[(gsize) r * cols + c] / scale
                                                     : 0.0);
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

void
lrb_ui_paint_matrix (cairo_t *cr, cairo_surface_t *surface, gdouble x, gdouble y,
                     gdouble width, gdouble height)
{
  gint cols = cairo_image_surface_get_width (surface);
  gint rows = cairo_image_surface_get_height (surface);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, width / cols, height / rows);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            width >= cols ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  /* PAD, or the edge pixels fade into transparency when filtered. */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* A layout for cr in the widget's font: created from cr rather than the
 * widget so that drawing into an image surface measures like the screen. */
static PangoLayout *
create_layout (cairo_t *cr, GtkWidget *widget, gdouble scale, gboolean bold,
               const gchar *text)
{
  PangoContext         *widget_context = gtk_widget_get_pango_context (widget);
  PangoLayout          *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font;
  gdouble               resolution;

  font = pango_font_description_copy (pango_context_get_font_description (widget_context));
  resolution = pango_cairo_context_get_resolution (widget_context);
  if (resolution > 0)
    pango_cairo_context_set_resolution (pango_layout_get_context (layout), resolution);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout),
                                        pango_cairo_context_get_font_options (widget_context));
  pango_layout_context_changed (layout);
  if (pango_font_description_get_size (font) <= 0)
    pango_font_description_set_size (font, 10 * PANGO_SCALE);
  pango_font_description_set_size (font,
                                   (gint) lround (pango_font_description_get_size (font) * scale));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
lrb_ui_text_size (cairo_t *cr, GtkWidget *widget, gdouble scale, gboolean bold,
                  const gchar *text, gdouble *width, gdouble *height)
{
  PangoLayout   *layout = create_layout (cr, widget, scale, bold, text);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (width)
    *width = logical.width;
  if (height)
    *height = logical.height;
  g_object_unref (layout);
}

gdouble
lrb_ui_text (cairo_t *cr, GtkWidget *widget, gdouble x, gdouble y, gdouble xalign,
             gdouble yalign, gdouble scale, gboolean bold, const gchar *text)
{
  PangoLayout   *layout = create_layout (cr, widget, scale, bold, text);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  /* Whole pixels keep hinted glyphs crisp. */
  cairo_move_to (cr, round (x - xalign * logical.width - logical.x),
                 round (y - yalign * logical.height - logical.y));
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
  g_object_unref (layout);
  return logical.width;
}

gchar *
lrb_ui_power_of_ten (gint exponent)
{
  static const gchar *const digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autofree gchar         *plain = g_strdup_printf ("%d", exponent);
  GString                  *text = g_string_new ("10");

  for (const gchar *c = plain; *c; c++)
    g_string_append (text, *c == '-' ? "⁻" : digits[*c - '0']);
  return g_string_free (text, FALSE);
}

gchar *
lrb_ui_format_percent (gdouble fraction)
{
  gdouble missing = 1.0 - fraction;
  gint    decimals = 1;
  gdouble unit;

  /* Close to 100 % the interesting part is how much is missing: keep two
   * of its significant digits. */
  if (missing > 0 && missing < 0.01)
    decimals = CLAMP ((gint) ceil (-log10 (missing)) - 1, 1, 6);
  /* Truncated, not rounded: 99.99999 % must not read as 100 %. */
  unit = pow (10, decimals);
  return g_strdup_printf ("%.*f %%", decimals, floor (100 * fraction * unit + 1e-9) / unit);
}
