/* lowrank-bokeh — drawing helpers shared by the custom widgets: one
 * palette, the kernel colour maps and text through Pango.  Private to ui/.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  gdouble r, g, b;
} LrbRgb;

/* The colours a custom widget draws with, taken from the GTK theme so the
 * cards read on dark themes (GIMP's default) as on light ones.  The data
 * series keep the hues of `lrbokeh plot`, so the dialog and the command line
 * tell one story. */
typedef struct
{
  LrbRgb paper;       /* plot and thumbnail backgrounds */
  LrbRgb ink;         /* titles, values: the theme's text */
  LrbRgb muted;       /* captions, tick labels */
  LrbRgb frame;       /* axes, thumbnail borders */
  LrbRgb grid;
  LrbRgb empty;       /* space a thumbnail does not fill */
  LrbRgb bar;         /* singular values */
  LrbRgb noise_bar;   /* σ below the numerical rank's threshold */
  LrbRgb squared;     /* Σσ² energy */
  LrbRgb absolute;    /* Σσ energy */
  LrbRgb marker;      /* the chosen rank */
  LrbRgb nonnegative; /* non-negative factors' 1 − error² */
  LrbRgb noise_floor; /* a measured kernel's noise floor */
  LrbRgb accent;      /* hover and focus: the theme's selection colour */
} LrbUiPalette;

/* The palette for a theme whose text is `text` on a window of `window`;
 * `accent` (the selection colour, or NULL) shows hover and focus when it
 * stands out from the paper. */
void     lrb_ui_palette_from_theme  (const LrbRgb *text, const LrbRgb *window,
                                     const LrbRgb *accent, LrbUiPalette *palette);
/* The palette for widget's current theme and state. */
void     lrb_ui_palette_for_widget  (GtkWidget *widget, LrbUiPalette *palette);

/* WCAG 2 contrast ratio of two colours, 1 … 21. */
gdouble  lrb_ui_contrast            (const LrbRgb *a, const LrbRgb *b);

void     lrb_ui_set_colour          (cairo_t *cr, const LrbRgb *colour);
void     lrb_ui_set_colour_alpha    (cairo_t *cr, const LrbRgb *colour, gdouble alpha);

/* Maps t ∈ [−1, 1] to a colour. */
typedef void (*LrbColourMap) (gdouble t, gdouble rgb[3]);

/* Light as it would look (sRGB-encoded grey), negative lobes in blue. */
void     lrb_ui_kernel_colour       (gdouble t, gdouble rgb[3]);
/* Diverging: blue below zero, white at zero, red above. */
void     lrb_ui_difference_colour   (gdouble t, gdouble rgb[3]);

/* map (t) as a cairo RGB24 pixel. */
guint32  lrb_ui_pack_colour         (LrbColourMap map, gdouble t);
/* A rows × cols RGB24 image of values / scale through map (scale ≤ 0
 * draws zeros). */
cairo_surface_t *lrb_ui_matrix_surface (const gdouble *values, gint rows, gint cols,
                                        gdouble scale, LrbColourMap map);
/* Paints surface (one pixel per matrix entry) into the rectangle, with
 * nearest-neighbour sampling when enlarging so every entry stays a square. */
void     lrb_ui_paint_matrix        (cairo_t *cr, cairo_surface_t *surface, gdouble x,
                                     gdouble y, gdouble width, gdouble height);

/* Text in the widget's font scaled by `scale`; (x, y) is the point that
 * xalign/yalign (0 left/top … 1 right/bottom) of the text's box lands on.
 * Returns the text's width in pixels. */
gdouble  lrb_ui_text                (cairo_t *cr, GtkWidget *widget, gdouble x, gdouble y,
                                     gdouble xalign, gdouble yalign, gdouble scale,
                                     gboolean bold, const gchar *text);
void     lrb_ui_text_size           (cairo_t *cr, GtkWidget *widget, gdouble scale,
                                     gboolean bold, const gchar *text, gdouble *width,
                                     gdouble *height);

/* "10⁻³" */
gchar   *lrb_ui_power_of_ten        (gint exponent);
/* A fraction as a percentage with the digits that matter near 1:
 * "87.3 %", "99.87 %", "99.9991 %". */
gchar   *lrb_ui_format_percent      (gdouble fraction);

G_END_DECLS
