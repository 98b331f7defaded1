/* lowrank-bokeh — the energy plot widget.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-energy-plot.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lrb-gtk-compat.h"
#include "lrb-ui-draw.h"

#define TICK 5.0 /* tick length, pixels */

struct _LrbEnergyPlot
{
  GtkDrawingArea parent_instance;

  /* A copy of what the plot shows, not the analysis: the caller may free
   * it right after handing it over. */
  gint           n_values;
  gint           numerical_rank;
  gdouble       *sigma;
  gdouble       *energy[2]; /* indexed by LrbEnergyKind */
  gdouble       *nonnegative; /* 1 − e² of non-negative factors, ranks 1 … n_nonnegative */
  gint           n_nonnegative;
  gdouble        noise_floor; /* τ in σ's units, 0 for none */

  gint           rank;
  LrbEnergyKind  kind;
  gint           hover;     /* rank under the pointer, 0 for none */
  gboolean       dragging;
};

enum
{
  PROP_0,
  PROP_RANK,
  PROP_ENERGY_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (LrbEnergyPlot, lrb_energy_plot, GTK_TYPE_DRAWING_AREA)

GType
lrb_energy_kind_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { LRB_ENERGY_SQUARED, "LRB_ENERGY_SQUARED", "squared" },
        { LRB_ENERGY_ABSOLUTE, "LRB_ENERGY_ABSOLUTE", "absolute" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type, g_enum_register_static ("LrbEnergyKind", values));
    }
  return type;
}

const gchar *
lrb_energy_kind_get_label (LrbEnergyKind kind)
{
  return kind == LRB_ENERGY_ABSOLUTE ? _("energy Σσᵢ/Σσ (approximation percentage)")
                                     : _("energy Σσᵢ²/Σσ² (Frobenius)");
}

/* The formula alone, for narrow plots. */
static const gchar *
energy_kind_short_label (LrbEnergyKind kind)
{
  return kind == LRB_ENERGY_ABSOLUTE ? _("energy Σσᵢ/Σσ") : _("energy Σσᵢ²/Σσ²");
}

/* ---- Layout ------------------------------------------------------------- */

/* Where things go at the current size.  Computed the same way for drawing
 * and for hit testing, so a click lands on the bar under it. */
typedef struct
{
  gdouble em;                       /* line height of the widget's font */
  gdouble left, right, top, bottom; /* the frame around the data */
  gint    decade_lo, decade_hi;     /* the σ axis, powers of ten */
  LrbUiPalette colours;             /* the theme's, filled in for drawing */
} Layout;

static gdouble
font_line_height (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, "0");
  gint         height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  g_object_unref (layout);
  return MAX (height, 8);
}

static void
compute_layout (LrbEnergyPlot *self, Layout *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gdouble    width = lrb_gtk_widget_get_width (widget);
  gdouble    height = lrb_gtk_widget_get_height (widget);
  gdouble    pad;

  l->em = font_line_height (widget);
  pad = round (0.6 * l->em);
  /* Room for "10⁻¹²" on the left, "100 %" on the right, the legend above,
   * rank numbers and the axis name below. */
  l->left = round (pad + 2.9 * l->em + TICK);
  l->right = round (width - pad - 2.9 * l->em - TICK);
  l->top = round (pad + 1.6 * l->em);
  l->bottom = round (height - pad - 2.0 * l->em - TICK);
  if (l->right < l->left + 1)
    l->right = l->left + 1;
  if (l->bottom < l->top + 1)
    l->bottom = l->top + 1;

  l->decade_lo = -1;
  l->decade_hi = 0;
  if (self->n_values > 0 && self->sigma[0] > 0)
    {
      /* Down to the smallest σ that counts: rounding noise beyond the
       * numerical rank would squeeze the decay into a corner. */
      gdouble smallest = self->sigma[MAX (self->numerical_rank, 1) - 1];

      l->decade_hi = (gint) ceil (log10 (self->sigma[0]) - 1e-9);
      l->decade_lo = (gint) floor (log10 (smallest) + 1e-9) - 1;
      /* The floor shows even below every term that counts. */
      if (self->noise_floor > 0)
        l->decade_lo = MIN (l->decade_lo, (gint) floor (log10 (self->noise_floor) + 1e-9));
      if (l->decade_hi - l->decade_lo < 2)
        l->decade_lo = l->decade_hi - 2;
    }
}

static gdouble
slot_width (const LrbEnergyPlot *self, const Layout *l)
{
  return (l->right - l->left) / MAX (self->n_values, 1);
}

static gdouble
x_of_rank (const LrbEnergyPlot *self, const Layout *l, gint rank)
{
  return l->left + (rank - 0.5) * slot_width (self, l);
}

/* The energy 0 … 1 and log σ share the height, less a little headroom so
 * that 100 % does not sit on the frame. */
static gdouble
y_of_fraction (const Layout *l, gdouble f)
{
  gdouble headroom = round (0.4 * l->em);

  return l->bottom - f * (l->bottom - l->top - headroom);
}

static gdouble
y_of_sigma (const Layout *l, gdouble sigma)
{
  return y_of_fraction (l, (log10 (sigma) - l->decade_lo) / (l->decade_hi - l->decade_lo));
}

gint
lrb_energy_plot_rank_at (LrbEnergyPlot *plot, gdouble x)
{
  Layout l;

  g_return_val_if_fail (LRB_IS_ENERGY_PLOT (plot), 0);
  if (plot->n_values == 0)
    return 0;
  compute_layout (plot, &l);
  return CLAMP ((gint) floor ((x - l.left) / slot_width (plot, &l)) + 1, 1, plot->n_values);
}

/* ---- Drawing ------------------------------------------------------------ */

static const LrbRgb *
curve_colour (const LrbEnergyPlot *self, const Layout *l)
{
  return self->kind == LRB_ENERGY_ABSOLUTE ? &l->colours.absolute : &l->colours.squared;
}

/* The smallest of 1, 2, 5, 10, 20, … that keeps at most max_ticks ticks. */
static gint
nice_step (gdouble span, gdouble max_ticks)
{
  static const gint steps[] = { 1, 2, 5 };

  max_ticks = MAX (max_ticks, 1);
  for (gint scale = 1;; scale *= 10)
    for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
      if (span / (steps[i] * scale) <= max_ticks)
        return steps[i] * scale;
}

static void
draw_grid_and_bars (LrbEnergyPlot *self, cairo_t *cr, const Layout *l)
{
  gdouble slot = slot_width (self, l);
  gdouble width = MAX (1.0, round (0.72 * slot));

  cairo_set_line_width (cr, 1.0);
  lrb_ui_set_colour (cr, &l->colours.grid);
  for (gint i = 1; i <= 4; i++)
    {
      gdouble y = round (y_of_fraction (l, i / 4.0)) + 0.5;

      cairo_move_to (cr, l->left, y);
      cairo_line_to (cr, l->right, y);
    }
  cairo_stroke (cr);

  if (self->hover > 0 && !self->dragging)
    {
      lrb_ui_set_colour_alpha (cr, &l->colours.accent, 0.15);
      cairo_rectangle (cr, l->left + (self->hover - 1) * slot, l->top, slot, l->bottom - l->top);
      cairo_fill (cr);
    }

  for (gint i = 0; i < self->n_values; i++)
    {
      gdouble sigma = self->sigma[i];
      gdouble x = round (x_of_rank (self, l, i + 1) - width / 2);
      /* σ below the axis (or exactly 0) still gets a stub: the term exists. */
      gdouble y = sigma > 0 ? MIN (round (y_of_sigma (l, sigma)), l->bottom - 3) : l->bottom - 3;
      /* Terms past the rank are the ones dropped: drawn faint. */
      gdouble alpha = i < self->rank ? 1.0 : 0.4;

      lrb_ui_set_colour_alpha (cr, i < self->numerical_rank ? &l->colours.bar
                                                            : &l->colours.noise_bar, alpha);
      cairo_rectangle (cr, x, y, width, l->bottom - y);
      cairo_fill (cr);
    }
}

/* A line through values[0 … n − 1] at ranks 1 … n. */
static void
draw_series (LrbEnergyPlot *self, cairo_t *cr, const Layout *l, const gdouble *values, gint n,
             const LrbRgb *colour)
{
  gdouble slot = slot_width (self, l);

  lrb_ui_set_colour (cr, colour);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (gint i = 0; i < n; i++)
    cairo_line_to (cr, x_of_rank (self, l, i + 1), y_of_fraction (l, values[i]));
  cairo_stroke (cr);

  /* Dots while each rank is still told apart from its neighbours. */
  if (slot >= 9)
    for (gint i = 0; i < n; i++)
      {
        cairo_arc (cr, x_of_rank (self, l, i + 1), y_of_fraction (l, values[i]), 2.6, 0,
                   2 * G_PI);
        lrb_ui_set_colour (cr, &l->colours.paper);
        cairo_fill_preserve (cr);
        lrb_ui_set_colour (cr, colour);
        cairo_set_line_width (cr, 1.5);
        cairo_stroke (cr);
      }
}

static void
draw_curves (LrbEnergyPlot *self, cairo_t *cr, const Layout *l)
{
  draw_series (self, cr, l, self->energy[self->kind], self->n_values, curve_colour (self, l));
  /* Over the SVD's curve: where they coincide, the cheaper promise shows. */
  if (self->nonnegative)
    draw_series (self, cr, l, self->nonnegative, self->n_nonnegative, &l->colours.nonnegative);
}

/* The noise floor: a line across the bars at τ and a faint band below it,
 * where the terms that carry more noise than shape stand. */
static void
draw_noise_floor (LrbEnergyPlot *self, cairo_t *cr, const Layout *l)
{
  GtkWidget   *widget = GTK_WIDGET (self);
  gdouble      y = round (y_of_sigma (l, self->noise_floor)) + 0.5;
  const gchar *label = _("noise floor");
  gdouble      text_w, text_h, box_x, box_y;

  if (y > l->bottom || y < l->top)
    return;
  lrb_ui_set_colour_alpha (cr, &l->colours.noise_floor, 0.14);
  cairo_rectangle (cr, l->left, y, l->right - l->left, l->bottom - y);
  cairo_fill (cr);
  lrb_ui_set_colour (cr, &l->colours.noise_floor);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, l->left, y);
  cairo_line_to (cr, l->right, y);
  cairo_stroke (cr);

  /* The label at the right end, in the band below the line (the energy
   * curve runs along the top), above it near the bottom; on a patch of
   * paper so that bars do not cross it. */
  lrb_ui_text_size (cr, widget, 0.85, FALSE, label, &text_w, &text_h);
  box_x = round (l->right - text_w - 0.6 * l->em);
  box_y = y + 3 + text_h <= l->bottom ? round (y + 3) : round (y - 2 - text_h);
  lrb_ui_set_colour_alpha (cr, &l->colours.paper, 0.85);
  cairo_rectangle (cr, box_x - 2, box_y, text_w + 4, text_h);
  cairo_fill (cr);
  lrb_ui_set_colour (cr, &l->colours.noise_floor);
  lrb_ui_text (cr, widget, box_x, box_y, 0.0, 0.0, 0.85, FALSE, label);
}

static void
draw_marker (LrbEnergyPlot *self, cairo_t *cr, const Layout *l)
{
  static const gdouble dash[] = { 4, 3 };
  GtkWidget           *widget = GTK_WIDGET (self);
  gdouble              value = self->energy[self->kind][self->rank - 1];
  gdouble              x = round (x_of_rank (self, l, self->rank)) + 0.5;
  gdouble              y = y_of_fraction (l, value);
  g_autofree gchar    *percent = lrb_ui_format_percent (value);
  g_autofree gchar    *label = g_strdup_printf (_("r = %d: %s"), self->rank, percent);
  gdouble              text_w, text_h, box_x, box_y, box_w, box_h;

  lrb_ui_set_colour (cr, &l->colours.marker);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, x, l->top);
  cairo_line_to (cr, x, l->bottom);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_arc (cr, x, y, 4.0, 0, 2 * G_PI);
  cairo_fill (cr);

  /* The value in a box beside the line, on whichever side has room, low
   * enough not to cover the curve where it flattens near 100 %. */
  lrb_ui_text_size (cr, widget, 0.9, TRUE, label, &text_w, &text_h);
  box_w = text_w + 0.8 * l->em;
  box_h = text_h + 0.3 * l->em;
  box_x = x + 6 + box_w <= l->right - 2 ? x + 6 : x - 6 - box_w;
  box_x = round (MAX (box_x, l->left + 2));
  box_y = round (y + 0.5 * l->em);
  if (box_y + box_h > l->bottom - 2)
    box_y = round (y - 0.5 * l->em - box_h);
  cairo_rectangle (cr, box_x, box_y, box_w, box_h);
  lrb_ui_set_colour_alpha (cr, &l->colours.paper, 0.92);
  cairo_fill_preserve (cr);
  lrb_ui_set_colour (cr, &l->colours.marker);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  lrb_ui_text (cr, widget, box_x + box_w / 2, box_y + box_h / 2, 0.5, 0.5, 0.9, TRUE, label);
}

static void
draw_axes (LrbEnergyPlot *self, cairo_t *cr, const Layout *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gint       decades = l->decade_hi - l->decade_lo;
  gdouble    decade_px = (y_of_fraction (l, 0) - y_of_fraction (l, 1)) / decades;
  gint       label_every = MAX (1, (gint) ceil (1.3 * l->em / MAX (decade_px, 1)));
  gint       step = nice_step (self->n_values, (l->right - l->left) / (2.5 * l->em));
  gint       energy_step = (l->bottom - l->top) / 5 >= 1.3 * l->em ? 20 : 50;

  cairo_set_line_width (cr, 1.0);
  lrb_ui_set_colour (cr, &l->colours.frame);
  cairo_rectangle (cr, l->left + 0.5, l->top + 0.5, l->right - l->left, l->bottom - l->top);
  cairo_stroke (cr);

  /* Left: σ, log scale. */
  for (gint d = l->decade_lo; d <= l->decade_hi; d++)
    {
      gdouble  y = round (y_of_sigma (l, pow (10, d))) + 0.5;
      gboolean labelled = (l->decade_hi - d) % label_every == 0;

      lrb_ui_set_colour (cr, &l->colours.frame);
      cairo_move_to (cr, l->left - (labelled ? TICK : TICK / 2), y);
      cairo_line_to (cr, l->left, y);
      cairo_stroke (cr);
      if (labelled)
        {
          g_autofree gchar *label = lrb_ui_power_of_ten (d);

          lrb_ui_set_colour (cr, &l->colours.muted);
          lrb_ui_text (cr, widget, l->left - TICK - 3, y, 1.0, 0.5, 0.85, FALSE, label);
        }
    }

  /* Right: the energy. */
  for (gint p = 0; p <= 100; p += energy_step)
    {
      gdouble           y = round (y_of_fraction (l, p / 100.0)) + 0.5;
      g_autofree gchar *label = g_strdup_printf ("%d %%", p);

      lrb_ui_set_colour (cr, &l->colours.frame);
      cairo_move_to (cr, l->right + 1, y);
      cairo_line_to (cr, l->right + 1 + TICK, y);
      cairo_stroke (cr);
      lrb_ui_set_colour (cr, &l->colours.muted);
      lrb_ui_text (cr, widget, l->right + TICK + 4, y, 0.0, 0.5, 0.85, FALSE, label);
    }

  /* Bottom: ranks 1, step, 2·step, … */
  for (gint r = 1; r <= self->n_values; r = (r == 1 && step > 1) ? step : r + step)
    {
      gdouble           x = round (x_of_rank (self, l, r)) + 0.5;
      g_autofree gchar *label = g_strdup_printf ("%d", r);

      /* 1 and the first multiple of a large step would overlap. */
      if (r != 1 && r <= step && x - x_of_rank (self, l, 1) < 2 * l->em)
        continue;
      lrb_ui_set_colour (cr, &l->colours.frame);
      cairo_move_to (cr, x, l->bottom + 1);
      cairo_line_to (cr, x, l->bottom + 1 + TICK);
      cairo_stroke (cr);
      lrb_ui_set_colour (cr, &l->colours.muted);
      lrb_ui_text (cr, widget, x, l->bottom + TICK + 2, 0.5, 0.0, 0.85, FALSE, label);
    }
  lrb_ui_set_colour (cr, &l->colours.ink);
  lrb_ui_text (cr, widget, (l->left + l->right) / 2, l->bottom + TICK + 2 + l->em, 0.5, 0.0,
               0.9, FALSE, _("rank r (separable terms)"));
}

/* A swatch and its name; returns the x after them. */
static gdouble
legend_entry (LrbEnergyPlot *self, cairo_t *cr, const Layout *l, gdouble x, gdouble y,
              const LrbRgb *colour, gboolean line, const gchar *text)
{
  gdouble swatch = round (0.7 * l->em);

  lrb_ui_set_colour (cr, colour);
  if (line)
    {
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 1.4 * swatch, y);
      cairo_stroke (cr);
      x += 1.4 * swatch;
    }
  else
    {
      cairo_rectangle (cr, x, round (y - swatch / 2), swatch, swatch);
      cairo_fill (cr);
      x += swatch;
    }
  x += 0.4 * l->em;
  lrb_ui_set_colour (cr, &l->colours.ink);
  return x + lrb_ui_text (cr, GTK_WIDGET (self), x, y, 0.0, 0.5, 0.9, FALSE, text) + 1.2 * l->em;
}

/* One row above the frame: a swatch and a name for each series.  When the
 * full names do not fit, the least needed goes first: the noise entry (the
 * grey stubs explain themselves), then the bars' long name (the left axis
 * says it), then the curve's explanation (the formula stays), then the
 * non-negative curve's formula. */
static void
draw_legend (LrbEnergyPlot *self, cairo_t *cr, const Layout *l)
{
  enum { BARS, NOISE, CURVE, NONNEGATIVE, N_ENTRIES };
  GtkWidget   *widget = GTK_WIDGET (self);
  const gchar *names[N_ENTRIES][2] = {
    [BARS] = { _("singular value σᵢ (log scale)"), _("σᵢ") },
    [NOISE] = { _("rounding noise"), NULL },
    [CURVE] = { lrb_energy_kind_get_label (self->kind), energy_kind_short_label (self->kind) },
    [NONNEGATIVE] = { _("non-negative: 1 − error²"), _("non-negative") },
  };
  const LrbRgb *colours[N_ENTRIES] = { &l->colours.bar, &l->colours.noise_bar,
                                       curve_colour (self, l), &l->colours.nonnegative };
  /* Which name each entry shows: 0 full, 1 short, 2 none. */
  gint         choice[N_ENTRIES] = { 0, self->numerical_rank < self->n_values ? 0 : 2, 0,
                                     self->nonnegative ? 0 : 2 };
  /* The order in which names shorten or go, as the comment above says. */
  static const gint drops[][2] = { { NOISE, 2 }, { BARS, 1 }, { CURVE, 1 },
                                   { NONNEGATIVE, 1 } };
  gdouble      room = lrb_gtk_widget_get_width (widget) - l->left - 0.6 * l->em;
  gdouble      x = l->left, y = l->top - 0.8 * l->em;

  for (gsize d = 0;; d++)
    {
      gdouble width = 0;
      gint    shown = 0;

      for (gint e = 0; e < N_ENTRIES; e++)
        if (choice[e] < 2)
          {
            gdouble text_w;

            lrb_ui_text_size (cr, widget, 0.9, FALSE, names[e][choice[e]], &text_w, NULL);
            /* The swatch and its gap, as legend_entry() spaces them. */
            width += text_w + (e == BARS || e == NOISE ? 1.1 : 1.38) * l->em;
            shown++;
          }
      width += (shown - 1) * 1.2 * l->em;
      if (width <= room || d == G_N_ELEMENTS (drops))
        break;
      if (choice[drops[d][0]] < drops[d][1])
        choice[drops[d][0]] = drops[d][1];
    }

  for (gint e = 0; e < N_ENTRIES; e++)
    if (choice[e] < 2)
      x = legend_entry (self, cr, l, x, y, colours[e], e == CURVE || e == NONNEGATIVE,
                        names[e][choice[e]]);
}

static void
lrb_energy_plot_draw (GtkWidget *widget, cairo_t *cr)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (widget);
  gdouble        width = lrb_gtk_widget_get_width (widget);
  gdouble        height = lrb_gtk_widget_get_height (widget);
  Layout         l;

  compute_layout (self, &l);
  lrb_ui_palette_for_widget (widget, &l.colours);
  lrb_ui_set_colour (cr, &l.colours.paper);
  cairo_paint (cr);

  if (self->n_values == 0)
    {
      lrb_ui_set_colour (cr, &l.colours.muted);
      lrb_ui_text (cr, widget, width / 2, height / 2, 0.5, 0.5, 1.0, FALSE,
                   _("No kernel to analyse"));
      return;
    }

  cairo_save (cr);
  cairo_rectangle (cr, l.left, l.top, l.right - l.left, l.bottom - l.top);
  cairo_clip (cr);
  draw_grid_and_bars (self, cr, &l);
  if (self->noise_floor > 0)
    draw_noise_floor (self, cr, &l);
  draw_curves (self, cr, &l);
  if (self->rank > 0)
    draw_marker (self, cr, &l);
  cairo_restore (cr);
  draw_axes (self, cr, &l);
  draw_legend (self, cr, &l);

  if (gtk_widget_has_focus (widget))
    {
      static const gdouble dots[] = { 1, 2 };

      lrb_ui_set_colour (cr, &l.colours.accent);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
      cairo_rectangle (cr, 1.5, 1.5, width - 3, height - 3);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

/* ---- Events ------------------------------------------------------------- */

static void
set_hover (LrbEnergyPlot *self, gint hover)
{
  if (self->hover != hover)
    {
      self->hover = hover;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
lrb_energy_plot_button_press (GtkWidget *widget, GdkEventButton *event)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (widget);

  if (event->type != GDK_BUTTON_PRESS || event->button != 1 || self->n_values == 0)
    return FALSE;
  gtk_widget_grab_focus (widget);
  self->dragging = TRUE;
  lrb_energy_plot_set_rank (self, lrb_energy_plot_rank_at (self, event->x));
  return TRUE;
}

static gboolean
lrb_energy_plot_button_release (GtkWidget *widget, GdkEventButton *event)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (widget);

  if (event->button != 1 || !self->dragging)
    return FALSE;
  self->dragging = FALSE;
  gtk_widget_queue_draw (widget);
  return TRUE;
}

static gboolean
lrb_energy_plot_motion_notify (GtkWidget *widget, GdkEventMotion *event)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (widget);
  gint           rank = lrb_energy_plot_rank_at (self, event->x);
  Layout         l;

  /* The release went elsewhere (a grab, a popup): the drag ended there. */
  if (self->dragging && !(event->state & GDK_BUTTON1_MASK))
    self->dragging = FALSE;
  if (self->dragging)
    lrb_energy_plot_set_rank (self, rank);
  /* Hover only over the bars themselves: a drag may clamp, a hint may not. */
  compute_layout (self, &l);
  set_hover (self, event->x >= l.left && event->x < l.right && event->y >= l.top &&
                   event->y < l.bottom ? rank : 0);
  return self->dragging;
}

static gboolean
lrb_energy_plot_grab_broken (GtkWidget *widget, GdkEventGrabBroken *event)
{
  LRB_ENERGY_PLOT (widget)->dragging = FALSE;
  return FALSE;
}

static gboolean
lrb_energy_plot_leave_notify (GtkWidget *widget, GdkEventCrossing *event)
{
  set_hover (LRB_ENERGY_PLOT (widget), 0);
  return FALSE;
}

static gboolean
lrb_energy_plot_key_press (GtkWidget *widget, GdkEventKey *event)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (widget);
  gint           page = MAX (1, self->n_values / 10);
  gint           rank = self->rank;

  if (self->n_values == 0)
    return FALSE;
  switch (event->keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: case GDK_KEY_Down: case GDK_KEY_KP_Down:
      rank--;
      break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: case GDK_KEY_Up: case GDK_KEY_KP_Up:
      rank++;
      break;
    case GDK_KEY_Page_Down:
      rank -= page;
      break;
    case GDK_KEY_Page_Up:
      rank += page;
      break;
    case GDK_KEY_Home:
      rank = 1;
      break;
    case GDK_KEY_End:
      rank = self->n_values;
      break;
    default:
      return FALSE;
    }
  lrb_energy_plot_set_rank (self, rank);
  return TRUE;
}

static gboolean
lrb_energy_plot_focus_change (GtkWidget *widget, GdkEventFocus *event)
{
  gtk_widget_queue_draw (widget);
  return FALSE;
}

/* ---- Object ------------------------------------------------------------- */

static void
lrb_energy_plot_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (object);

  switch (prop_id)
    {
    case PROP_RANK:
      lrb_energy_plot_set_rank (self, g_value_get_int (value));
      break;
    case PROP_ENERGY_KIND:
      lrb_energy_plot_set_energy_kind (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lrb_energy_plot_get_property (GObject *object, guint prop_id, GValue *value,
                              GParamSpec *pspec)
{
  LrbEnergyPlot *self = LRB_ENERGY_PLOT (object);

  switch (prop_id)
    {
    case PROP_RANK:
      g_value_set_int (value, self->rank);
      break;
    case PROP_ENERGY_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clear_values (LrbEnergyPlot *self)
{
  g_clear_pointer (&self->sigma, g_free);
  g_clear_pointer (&self->energy[0], g_free);
  g_clear_pointer (&self->energy[1], g_free);
  g_clear_pointer (&self->nonnegative, g_free);
  self->n_nonnegative = 0;
  self->noise_floor = 0;
  self->n_values = 0;
  self->numerical_rank = 0;
}

static void
lrb_energy_plot_finalize (GObject *object)
{
  clear_values (LRB_ENERGY_PLOT (object));
  G_OBJECT_CLASS (lrb_energy_plot_parent_class)->finalize (object);
}

static void
lrb_energy_plot_class_init (LrbEnergyPlotClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = lrb_energy_plot_set_property;
  object_class->get_property = lrb_energy_plot_get_property;
  object_class->finalize = lrb_energy_plot_finalize;

  widget_class->button_press_event = lrb_energy_plot_button_press;
  widget_class->button_release_event = lrb_energy_plot_button_release;
  widget_class->motion_notify_event = lrb_energy_plot_motion_notify;
  widget_class->leave_notify_event = lrb_energy_plot_leave_notify;
  widget_class->grab_broken_event = lrb_energy_plot_grab_broken;
  widget_class->key_press_event = lrb_energy_plot_key_press;
  widget_class->focus_in_event = lrb_energy_plot_focus_change;
  widget_class->focus_out_event = lrb_energy_plot_focus_change;

  properties[PROP_RANK] =
    g_param_spec_int ("rank", "Rank", "Number of separable terms kept (0 = none yet)",
                      0, LRB_KERNEL_MAX_SIDE, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENERGY_KIND] =
    g_param_spec_enum ("energy-kind", "Energy kind", "Which cumulative energy the curve shows",
                       LRB_TYPE_ENERGY_KIND, LRB_ENERGY_SQUARED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lrb_energy_plot_init (LrbEnergyPlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_add_events (widget, GDK_BUTTON_PRESS_MASK | GDK_BUTTON_RELEASE_MASK |
                                 GDK_POINTER_MOTION_MASK | GDK_LEAVE_NOTIFY_MASK |
                                 GDK_KEY_PRESS_MASK | GDK_FOCUS_CHANGE_MASK);
  gtk_widget_set_can_focus (widget, TRUE);
  gtk_widget_set_size_request (widget, 360, 220);
  lrb_gtk_connect_draw (widget, lrb_energy_plot_draw);
}

GtkWidget *
lrb_energy_plot_new (void)
{
  return g_object_new (LRB_TYPE_ENERGY_PLOT, NULL);
}

void
lrb_energy_plot_set_analysis (LrbEnergyPlot *plot, const LrbAnalysis *analysis)
{
  g_return_if_fail (LRB_IS_ENERGY_PLOT (plot));

  clear_values (plot);
  plot->hover = 0;
  if (analysis && analysis->n_values > 0)
    {
      gsize size = sizeof (gdouble) * analysis->n_values;

      plot->n_values = analysis->n_values;
      plot->numerical_rank = analysis->numerical_rank;
      plot->sigma = g_memdup2 (analysis->singular_values, size);
      plot->energy[LRB_ENERGY_SQUARED] = g_memdup2 (analysis->energy_sq, size);
      plot->energy[LRB_ENERGY_ABSOLUTE] = g_memdup2 (analysis->energy_abs, size);
      lrb_energy_plot_set_rank (plot, plot->rank);
    }
  gtk_widget_queue_draw (GTK_WIDGET (plot));
}

gint
lrb_energy_plot_get_n_values (LrbEnergyPlot *plot)
{
  g_return_val_if_fail (LRB_IS_ENERGY_PLOT (plot), 0);
  return plot->n_values;
}

void
lrb_energy_plot_set_rank (LrbEnergyPlot *plot, gint rank)
{
  g_return_if_fail (LRB_IS_ENERGY_PLOT (plot));

  rank = plot->n_values > 0 ? CLAMP (rank, 1, plot->n_values) : MAX (rank, 0);
  if (rank == plot->rank)
    return;
  plot->rank = rank;
  gtk_widget_queue_draw (GTK_WIDGET (plot));
  g_object_notify_by_pspec (G_OBJECT (plot), properties[PROP_RANK]);
}

gint
lrb_energy_plot_get_rank (LrbEnergyPlot *plot)
{
  g_return_val_if_fail (LRB_IS_ENERGY_PLOT (plot), 0);
  return plot->rank;
}

void
lrb_energy_plot_set_energy_kind (LrbEnergyPlot *plot, LrbEnergyKind kind)
{
  g_return_if_fail (LRB_IS_ENERGY_PLOT (plot));
  g_return_if_fail (kind == LRB_ENERGY_SQUARED || kind == LRB_ENERGY_ABSOLUTE);

  if (kind == plot->kind)
    return;
  plot->kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (plot));
  g_object_notify_by_pspec (G_OBJECT (plot), properties[PROP_ENERGY_KIND]);
}

LrbEnergyKind
lrb_energy_plot_get_energy_kind (LrbEnergyPlot *plot)
{
  g_return_val_if_fail (LRB_IS_ENERGY_PLOT (plot), LRB_ENERGY_SQUARED);
  return plot->kind;
}

void
lrb_energy_plot_set_nonnegative_errors (LrbEnergyPlot *plot, const gdouble *errors, gint n)
{
  g_return_if_fail (LRB_IS_ENERGY_PLOT (plot));
  g_return_if_fail (n >= 0 && (errors || n == 0));

  g_clear_pointer (&plot->nonnegative, g_free);
  /* Ranks past the analysis have no bar to stand over. */
  plot->n_nonnegative = MIN (n, plot->n_values);
  if (plot->n_nonnegative > 0)
    {
      plot->nonnegative = g_new (gdouble, plot->n_nonnegative);
      for (gint i = 0; i < plot->n_nonnegative; i++)
        plot->nonnegative[i] = 1.0 - errors[i] * errors[i];
    }
  gtk_widget_queue_draw (GTK_WIDGET (plot));
}

gint
lrb_energy_plot_get_nonnegative_n (LrbEnergyPlot *plot)
{
  g_return_val_if_fail (LRB_IS_ENERGY_PLOT (plot), 0);
  return plot->n_nonnegative;
}

void
lrb_energy_plot_set_noise_floor (LrbEnergyPlot *plot, gdouble threshold)
{
  g_return_if_fail (LRB_IS_ENERGY_PLOT (plot));

  /* Not a number or none: no line. */
  plot->noise_floor = threshold > 0 && isfinite (threshold) ? threshold : 0;
  gtk_widget_queue_draw (GTK_WIDGET (plot));
}

gdouble
lrb_energy_plot_get_noise_floor (LrbEnergyPlot *plot)
{
  g_return_val_if_fail (LRB_IS_ENERGY_PLOT (plot), 0);
  return plot->noise_floor;
}
