/* lowrank-bokeh — `lrbokeh plot`: singular values and the two cumulative
 * energies, the picture to choose a rank from.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-cli.h"

#include <math.h>

#define WIDTH      960
#define HEIGHT     600
#define PAD        12  /* between the frame and the data inside it */

typedef struct
{
  gdouble r, g, b;
} Colour;

static const Colour ink        = { 0.13, 0.13, 0.13 };
static const Colour muted      = { 0.40, 0.40, 0.40 };
static const Colour axis       = { 0.30, 0.30, 0.30 };
static const Colour grid       = { 0.91, 0.91, 0.91 };
static const Colour bar        = { 0.392, 0.541, 0.753 }; /* #4C72B0 at 85 % on white */
static const Colour noise_bar  = { 0.70, 0.72, 0.76 };
static const Colour frobenius  = { 0.867, 0.518, 0.322 }; /* #DD8452 */
static const Colour wronski    = { 0.333, 0.659, 0.408 }; /* #55A868 */
static const Colour marker     = { 0.769, 0.306, 0.322 }; /* #C44E52 */
static const Colour nonneg     = { 0.506, 0.447, 0.698 }; /* #8172B2 */

typedef struct
{
  const LrbAnalysis *a;
  const gchar       *description;
  gint               rank;          /* the marker, 0 for none */
  gdouble            energy_target; /* NAN for none */
  const gdouble     *nonneg_energy; /* 1 − error² of non-negative factors, or NULL */
  gint               nonneg_n;      /* … for ranks 1 … nonneg_n */

  gdouble left, right, top, bottom; /* the frame */
  gint    decade_lo, decade_hi;     /* the σ axis, in powers of ten */
} Plot;

static void
set_colour (cairo_t *cr, const Colour *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static gdouble
x_of_rank (const Plot *p, gdouble rank)
{
  return p->left + (rank - 0.5) * (p->right - p->left) / p->a->n_values;
}

/* Energies 0 … 1 and log σ share the inner height. */
static gdouble
y_of_fraction (const Plot *p, gdouble f)
{
  return p->bottom - f * (p->bottom - p->top - PAD);
}

static gdouble
y_of_sigma (const Plot *p, gdouble sigma)
{
  gdouble l = log10 (sigma);

  return y_of_fraction (p, (l - p->decade_lo) / (p->decade_hi - p->decade_lo));
}

/* "10⁻¹²" */
static gchar *
power_of_ten (gint exponent)
{
  static const gchar *const digits[] = { "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹" };
  g_autofree gchar         *plain = g_strdup_printf ("%d", exponent);
  GString                  *text = g_string_new ("10");

  for (const gchar *c = plain; *c; c++)
    g_string_append (text, *c == '-' ? "⁻" : digits[*c - '0']);
  return g_string_free (text, FALSE);
}

static void
plot_layout (Plot *p)
{
  const LrbAnalysis *a = p->a;
  gdouble            smallest = a->singular_values[MAX (a->numerical_rank, 1) - 1];

  p->left = 84;
  p->right = WIDTH - 84;
  p->top = 118;
  p->bottom = HEIGHT - 64;

  /* Down to the smallest σ that counts: rounding noise beyond the
   * numerical rank would squeeze the decay people look at into a corner. */
  p->decade_hi = (gint) ceil (log10 (a->singular_values[0]) - 1e-9);
  p->decade_lo = (gint) floor (log10 (smallest) + 1e-9) - 1;
  if (p->decade_hi - p->decade_lo < 2)
    p->decade_lo = p->decade_hi - 2;
}

static gint
nice_step (gdouble span, gint max_ticks)
{
  static const gint steps[] = { 1, 2, 5 };

  for (gint scale = 1;; scale *= 10)
    for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
      if (span / (steps[i] * scale) <= max_ticks)
        return steps[i] * scale;
}

/* Grid lines for the energy axis, the one people read values from. */
static void
draw_grid (cairo_t *cr, const Plot *p)
{
  cairo_set_line_width (cr, 1.0);
  set_colour (cr, &grid);
  for (gint i = 1; i <= 5; i++)
    {
      gdouble y = round (y_of_fraction (p, i / 5.0)) + 0.5;

      cairo_move_to (cr, p->left, y);
      cairo_line_to (cr, p->right, y);
    }
  cairo_stroke (cr);
}

static void
draw_axes (cairo_t *cr, const Plot *p)
{
  gint decades = p->decade_hi - p->decade_lo;
  gint label_every = (decades + 7) / 8;
  gint step = nice_step (p->a->n_values, 12);

  cairo_set_line_width (cr, 1.0);
  lrb_cli_font (cr, 12, FALSE);
  set_colour (cr, &axis);
  for (gint d = p->decade_lo; d <= p->decade_hi; d++)
    {
      gdouble y = round (y_of_sigma (p, pow (10, d))) + 0.5;
      gboolean labelled = (p->decade_hi - d) % label_every == 0;

      cairo_move_to (cr, p->left - (labelled ? 6 : 3), y);
      cairo_line_to (cr, p->left, y);
      cairo_stroke (cr);
      if (labelled)
        {
          g_autofree gchar *label = power_of_ten (d);
          lrb_cli_text (cr, p->left - 9, y + 4, 1.0, label);
        }
      /* Minor ticks at 2…9 × 10^d while they stay apart. */
      if (d < p->decade_hi && decades <= 6)
        for (gint m = 2; m <= 9; m++)
          {
            gdouble ym = round (y_of_sigma (p, m * pow (10, d))) + 0.5;

            cairo_move_to (cr, p->left - 2, ym);
            cairo_line_to (cr, p->left, ym);
            cairo_stroke (cr);
          }
    }

  for (gint i = 0; i <= 5; i++)
    {
      gdouble y = round (y_of_fraction (p, i / 5.0)) + 0.5;
      gchar   label[8];

      g_snprintf (label, sizeof label, "%.1f", i / 5.0);
      cairo_move_to (cr, p->right, y);
      cairo_line_to (cr, p->right + 6, y);
      cairo_stroke (cr);
      lrb_cli_text (cr, p->right + 9, y + 4, 0.0, label);
    }

  for (gint r = step; r <= p->a->n_values + step - 1; r += step)
    {
      gint    tick = r > p->a->n_values ? p->a->n_values : r;
      gdouble x = round (x_of_rank (p, tick)) + 0.5;
      gchar   label[16];

      if (tick != r && tick - (r - step) < step / 2)
        break; /* the last rank would crowd the tick before it */
      g_snprintf (label, sizeof label, "%d", tick);
      cairo_move_to (cr, x, p->bottom);
      cairo_line_to (cr, x, p->bottom + 6);
      cairo_stroke (cr);
      lrb_cli_text (cr, x, p->bottom + 20, 0.5, label);
    }
  if (step > 1)
    {
      gdouble x = round (x_of_rank (p, 1)) + 0.5;

      cairo_move_to (cr, x, p->bottom);
      cairo_line_to (cr, x, p->bottom + 6);
      cairo_stroke (cr);
      lrb_cli_text (cr, x, p->bottom + 20, 0.5, "1");
    }

  /* The frame: the three axes in use darker than the top. */
  cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
  cairo_move_to (cr, p->left, p->top + 0.5);
  cairo_line_to (cr, p->right, p->top + 0.5);
  cairo_stroke (cr);
  set_colour (cr, &axis);
  cairo_move_to (cr, p->left + 0.5, p->top);
  cairo_line_to (cr, p->left + 0.5, p->bottom + 0.5);
  cairo_line_to (cr, p->right + 0.5, p->bottom + 0.5);
  cairo_line_to (cr, p->right + 0.5, p->top);
  cairo_stroke (cr);

  lrb_cli_font (cr, 13, FALSE);
  set_colour (cr, &ink);
  lrb_cli_text (cr, (p->left + p->right) / 2, HEIGHT - 18, 0.5,
                "rank r (number of separable vertical + horizontal pass pairs)");
  cairo_save (cr);
  cairo_translate (cr, 24, (p->top + p->bottom) / 2);
  cairo_rotate (cr, -G_PI / 2);
  lrb_cli_text (cr, 0, 0, 0.5, "singular value σᵣ (log scale)");
  cairo_restore (cr);
  cairo_save (cr);
  cairo_translate (cr, WIDTH - 24, (p->top + p->bottom) / 2);
  cairo_rotate (cr, G_PI / 2);
  lrb_cli_text (cr, 0, 0, 0.5, "cumulative energy up to rank r");
  cairo_restore (cr);
}

static void
draw_bars (cairo_t *cr, const Plot *p)
{
  const LrbAnalysis *a = p->a;
  gdouble            slot = (p->right - p->left) / a->n_values;
  gdouble            width = MAX (1.0, 0.72 * slot);
  gdouble            floor_y = p->bottom;

  for (gint i = 0; i < a->n_values; i++)
    {
      gdouble sigma = a->singular_values[i];
      gdouble x = x_of_rank (p, i + 1) - width / 2;
      /* σ below the axis (or exactly 0) still gets a stub: the rank exists. */
      gdouble y = sigma > 0 ? MIN (y_of_sigma (p, sigma), floor_y - 4) : floor_y - 4;

      set_colour (cr, i < a->numerical_rank ? &bar : &noise_bar);
      cairo_rectangle (cr, x, y, width, floor_y - y);
      cairo_fill (cr);
    }
}

/* values[0 … n − 1] at ranks 1 … n. */
static void
draw_curve (cairo_t *cr, const Plot *p, const gdouble *values, gint n, const Colour *colour)
{
  set_colour (cr, colour);
  cairo_set_line_width (cr, 2.2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_new_path (cr); /* text leaves a current point behind */
  for (gint i = 0; i < n; i++)
    cairo_line_to (cr, x_of_rank (p, i + 1), y_of_fraction (p, values[i]));
  cairo_stroke (cr);

  /* Dots while each rank is still told apart from its neighbours. */
  if ((p->right - p->left) / p->a->n_values >= 10)
    for (gint i = 0; i < n; i++)
      {
        cairo_arc (cr, x_of_rank (p, i + 1), y_of_fraction (p, values[i]), 3.2, 0, 2 * G_PI);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_fill_preserve (cr);
        set_colour (cr, colour);
        cairo_set_line_width (cr, 1.6);
        cairo_stroke (cr);
      }
}

static void
draw_marker (cairo_t *cr, const Plot *p)
{
  const LrbAnalysis   *a = p->a;
  static const gdouble dash[] = { 6, 4 };
  gdouble              x = round (x_of_rank (p, p->rank)) + 0.5;
  g_autofree gchar    *label = NULL;
  cairo_text_extents_t extents;
  gdouble              box_x;

  if (!isnan (p->energy_target))
    {
      gdouble y = round (y_of_fraction (p, p->energy_target)) + 0.5;
      g_autofree gchar *target = g_strdup_printf ("target %.4g", p->energy_target);

      set_colour (cr, &frobenius);
      cairo_set_line_width (cr, 1.2);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, p->left, y);
      cairo_line_to (cr, p->right, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      lrb_cli_font (cr, 11, FALSE);
      lrb_cli_text (cr, p->right - 8, y + 14, 1.0, target);
    }

  set_colour (cr, &marker);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, x, p->top);
  cairo_line_to (cr, x, p->bottom);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Above the frame, where it hides no data. */
  label = g_strdup_printf ("r = %d:  energy %.4f · Σσ/Σσ %.4f · error %.3g %% · %.3g× fewer taps",
                           p->rank, a->energy_sq[p->rank - 1], a->energy_abs[p->rank - 1],
                           100 * a->relative_error[p->rank - 1],
                           (gdouble) a->rows * a->cols / (p->rank * (a->rows + a->cols)));
  lrb_cli_font (cr, 12, TRUE);
  cairo_text_extents (cr, label, &extents);
  box_x = x + 4 + extents.x_advance <= p->right ? x + 4 : MAX (p->left, x - 4 - extents.x_advance);
  set_colour (cr, &marker);
  lrb_cli_text (cr, box_x, p->top - 7, 0.0, label);
}

static void
draw_legend (cairo_t *cr, const Plot *p)
{
  const gchar  *labels[] = { "singular value σᵣ", "σᵣ ≈ 0 (rounding noise)",
                             "energy (Σσ², Frobenius)",
                             "Σσ / Σσ (Wronski's 'approximation percentage')",
                             "non-negative: 1 − error²" };
  const Colour *colours[] = { &bar, &noise_bar, &frobenius, &wronski, &nonneg };
  gboolean      noise = p->a->numerical_rank < p->a->n_values;
  gboolean      nn = p->nonneg_energy != NULL;
  g_autofree gchar *all = g_strjoin ("", labels[0], noise ? labels[1] : "", labels[2],
                                     labels[3], nn ? labels[4] : "", NULL);
  gint          shown = 3 + noise + nn;
  gdouble       gaps = shown * 22 + (shown - 1) * 26;
  gdouble       x = p->left, y = 84;

  /* One row, shrunk if the labels do not fit above the frame. */
  lrb_cli_fit_font (cr, all, WIDTH - 24 - p->left - gaps, 12.5, FALSE);
  for (gint i = 0; i < 5; i++)
    {
      cairo_text_extents_t extents;

      if ((i == 1 && !noise) || (i == 4 && !nn))
        continue;
      set_colour (cr, colours[i]);
      if (i < 2)
        {
          cairo_rectangle (cr, x, y - 9, 10, 12);
          cairo_fill (cr);
        }
      else
        {
          cairo_set_line_width (cr, 2.2);
          cairo_move_to (cr, x - 4, y - 3);
          cairo_line_to (cr, x + 14, y - 3);
          cairo_stroke (cr);
          cairo_arc (cr, x + 5, y - 3, 3.2, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          set_colour (cr, colours[i]);
          cairo_set_line_width (cr, 1.6);
          cairo_stroke (cr);
        }
      set_colour (cr, &ink);
      lrb_cli_text (cr, x + 22, y, 0.0, labels[i]);
      cairo_text_extents (cr, labels[i], &extents);
      x += 22 + extents.x_advance + 26;
    }
}

static void
draw_plot (cairo_t *cr, gpointer user_data)
{
  const Plot        *p = user_data;
  const LrbAnalysis *a = p->a;
  g_autofree gchar  *title = NULL;
  g_autofree gchar  *subtitle = NULL;
  const gdouble      targets[] = { 0.9, 0.99, 0.999 };
  GString           *reach = g_string_new (NULL);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  title = g_strdup_printf ("%s: %d × %d kernel, numerical rank %d", p->description, a->rows,
                           a->cols, a->numerical_rank);
  set_colour (cr, &ink);
  lrb_cli_fit_font (cr, title, WIDTH - 24 - p->left, 19, TRUE);
  lrb_cli_text (cr, p->left, 36, 0.0, title);

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    g_string_append_printf (reach, "%s%g at rank %d", i ? ", " : "", targets[i],
                            lrb_analysis_rank_for_energy (a, targets[i]));
  subtitle = g_strdup_printf ("σ₁ = %.4g · energy (Σσ²) reaches %s · full 2-D: %d taps per pixel",
                              a->singular_values[0], reach->str, a->rows * a->cols);
  g_string_free (reach, TRUE);
  set_colour (cr, &muted);
  lrb_cli_fit_font (cr, subtitle, WIDTH - 24 - p->left, 12.5, FALSE);
  lrb_cli_text (cr, p->left, 58, 0.0, subtitle);

  draw_legend (cr, p);

  cairo_save (cr);
  cairo_rectangle (cr, p->left, p->top, p->right - p->left, p->bottom - p->top);
  cairo_clip (cr);
  draw_grid (cr, p);
  draw_bars (cr, p);
  draw_curve (cr, p, a->energy_abs, a->n_values, &wronski);
  draw_curve (cr, p, a->energy_sq, a->n_values, &frobenius);
  if (p->nonneg_energy)
    draw_curve (cr, p, p->nonneg_energy, p->nonneg_n, &nonneg);
  cairo_restore (cr);
  if (p->rank > 0)
    draw_marker (cr, p);
  /* Unclipped: ticks and labels lie outside the frame. */
  draw_axes (cr, p);
}

gint
lrb_cli_plot (gchar **argv)
{
  g_auto (LrbCliOptions)  options = { 0 };
  g_autoptr (GError)      error = NULL;
  g_autoptr (LrbKernel)   kernel = NULL;
  g_autoptr (LrbAnalysis) analysis = NULL;
  g_autofree gchar       *description = NULL;
  g_autofree gchar       *output = NULL;
  g_autofree gdouble     *nonneg_energy = NULL;
  Plot                    plot = { 0 };
  const GOptionEntry      entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "The PNG or SVG to write (required)", "FILE" },
    { NULL }
  };

  lrb_cli_options_init (&options);
  if (!lrb_cli_parse ("plot", "[KERNEL] -o FILE.png|FILE.svg",
                      "Plots the singular values (bars, log scale) and both cumulative energies.\n"
                      "--rank or --energy adds a marker at that rank; --factorization\n"
                      "nonnegative adds the non-negative factors' 1 − error² per rank.",
                      entries, &options, &argv, &error))
    return lrb_cli_report_error ("plot", error);
  if (g_strv_length (argv) > 2)
    lrb_cli_set_usage_error (&error, "unexpected argument '%s'", argv[2]);
  else if (!output)
    lrb_cli_set_usage_error (&error, "missing -o FILE.png or -o FILE.svg");
  if (error)
    return lrb_cli_report_error ("plot", error);

  if (!lrb_cli_render_check_path (output, TRUE, &error) ||
      !lrb_cli_load_kernel (&options, argv[1], TRUE, &kernel, &analysis, &description, &error))
    return lrb_cli_report_error ("plot", error);
  if (options.factorization == LRB_FACTORIZATION_NONNEGATIVE)
    {
      /* As analyze: one factorization per rank, up to 32 or the numerical rank. */
      plot.nonneg_n = MIN (MAX (1, analysis->numerical_rank), 32);
      plot.nonneg_energy = nonneg_energy = g_new (gdouble, plot.nonneg_n);
      if (!lrb_nonnegative_errors (kernel, analysis, plot.nonneg_n, nonneg_energy, NULL, &error))
        return lrb_cli_report_error ("plot", error);
      for (gint i = 0; i < plot.nonneg_n; i++)
        nonneg_energy[i] = 1.0 - nonneg_energy[i] * nonneg_energy[i];
    }
  if ((options.rank_text || options.energy_given) &&
      !lrb_cli_options_resolve_rank (&options, analysis, &plot.rank, &error))
    return lrb_cli_report_error ("plot", error);

  plot.a = analysis;
  plot.description = description;
  plot.energy_target = options.energy_given ? options.energy : NAN;
  plot_layout (&plot);
  if (!lrb_cli_render_to_file (output, WIDTH, HEIGHT, TRUE, draw_plot, &plot, &error))
    return lrb_cli_report_error ("plot", error);
  return LRB_CLI_EXIT_OK;
}
