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

/* The same colours as `lrbokeh plot` and `lrbokeh kernel`, so the dialog
 * and the command line tell one story. */
extern const LrbRgb lrb_ui_paper;     /* plot backgrounds */
extern const LrbRgb lrb_ui_ink;       /* titles, values */
extern const LrbRgb lrb_ui_muted;     /* captions, tick labels */
extern const LrbRgb lrb_ui_frame;     /* axes, thumbnail borders */
extern const LrbRgb lrb_ui_grid;
extern const LrbRgb lrb_ui_empty;     /* space a thumbnail does not fill */
extern const LrbRgb lrb_ui_bar;       /* singular values */
extern const LrbRgb lrb_ui_noise_bar; /* σ below the numerical rank's threshold */
extern const LrbRgb lrb_ui_squared;   /* Σσ² energy */
extern const LrbRgb lrb_ui_absolute;  /* Σσ energy */
extern const LrbRgb lrb_ui_marker;    /* the chosen rank */
extern const LrbRgb lrb_ui_nonnegative; /* non-negative factors' 1 − error² */

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
