/* lowrank-bokeh benchmark — time against radius, one line per rank and per
 * peer, drawn with cairo from results.tsv (log–log axes).
 *
 *   lrb-bench-plot results.tsv benchmarks.png
 *   lrb-bench-plot --methods results-methods.tsv benchmarks-methods.png
 *
 * The second form draws one panel per shape (disc, hexagon): each method's
 * time against the radius, separable passes per rank, FFT and chord sums
 * with the exact kernel, and the planner's pick for the exact kernel.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH  760
#define HEIGHT 480
#define LEFT   70
#define RIGHT  200
#define TOP    40
#define BOTTOM 50
#define MAX_POINTS 16

typedef struct
{
  gchar   *label;
  gdouble  r, g, b;
  gboolean dashed;
  gint     n;
  gdouble  radius[MAX_POINTS];
  gdouble  ms[MAX_POINTS];
} Series;

typedef struct
{
  gint group, impl, op, radius, rank, threads, median;
} Columns;

static gint
column_index (gchar **header, const gchar *name)
{
  for (gint i = 0; header[i]; i++)
    if (g_str_equal (g_strstrip (header[i]), name))
      return i;
  return -1;
}

static void
series_add (Series *s, gdouble radius, gdouble ms)
{
  if (s->n < MAX_POINTS && radius > 0 && ms > 0)
    {
      s->radius[s->n] = radius;
      s->ms[s->n] = ms;
      s->n++;
    }
}

/* Series are found by label; a new label makes a new series. */
static Series *
series_get (GPtrArray *all, const gchar *label, gdouble r, gdouble g, gdouble b, gboolean dashed)
{
  Series *s;

  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((Series *) g_ptr_array_index (all, i))->label, label))
      return g_ptr_array_index (all, i);
  s = g_new0 (Series, 1);
  s->label = g_strdup (label);
  s->r = r;
  s->g = g;
  s->b = b;
  s->dashed = dashed;
  g_ptr_array_add (all, s);
  return s;
}

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->label);
  g_free (s);
}

static gboolean
load (const gchar *path, GPtrArray *all, GError **error)
{
  static const gdouble rank_colours[][3] = {
    { 0.12, 0.47, 0.71 }, { 0.17, 0.63, 0.17 }, { 1.00, 0.50, 0.05 }, { 0.84, 0.15, 0.16 },
    { 0.58, 0.40, 0.74 }, { 0.55, 0.34, 0.29 },
  };
  g_autofree gchar *text = NULL;
  g_auto (GStrv)    lines = NULL;
  g_auto (GStrv)    header = NULL;
  Columns           c;
  gint              max_threads = 0, n_ranks = 0;
  gint              ranks[8];

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  if (!lines[0])
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s is empty", path);
      return FALSE;
    }
  header = g_strsplit (lines[0], "\t", -1);
  c.group = column_index (header, "group");
  c.impl = column_index (header, "impl");
  c.op = column_index (header, "op");
  c.radius = column_index (header, "radius");
  c.rank = column_index (header, "rank");
  c.threads = column_index (header, "threads");
  c.median = column_index (header, "median_ms");
  if (c.group < 0 || c.op < 0 || c.radius < 0 || c.rank < 0 || c.threads < 0 || c.median < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: unexpected header", path);
      return FALSE;
    }

  /* Two passes: the engine's thread count (all cores) first. */
  for (gint pass = 0; pass < 2; pass++)
    for (gint i = 1; lines[i]; i++)
      {
        g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
        gint           threads;
        gdouble        radius, ms;

        if (g_strv_length (f) <= (guint) c.median)
          continue;
        threads = atoi (f[c.threads]);
        radius = g_ascii_strtod (f[c.radius], NULL);
        ms = g_ascii_strtod (f[c.median], NULL);
        if (pass == 0)
          {
            if (g_str_equal (f[c.group], "engine"))
              max_threads = MAX (max_threads, threads);
            continue;
          }

        if (g_str_equal (f[c.group], "engine") && threads == max_threads)
          {
            gint              rank = atoi (f[c.rank]), k;
            g_autofree gchar *label = g_strdup_printf ("engine, rank %d", rank);

            for (k = 0; k < n_ranks && ranks[k] != rank; k++)
              ;
            if (k == n_ranks && n_ranks < (gint) G_N_ELEMENTS (ranks))
              ranks[n_ranks++] = rank;
            k = MIN (k, (gint) G_N_ELEMENTS (rank_colours) - 1);
            series_add (series_get (all, label, rank_colours[k][0], rank_colours[k][1],
                                    rank_colours[k][2], FALSE), radius, ms);
          }
        else if (g_str_equal (f[c.group], "peer"))
          {
            const gchar *op = f[c.op];

            if (g_str_equal (op, "filter2D"))
              series_add (series_get (all, "OpenCV filter2D", 0, 0, 0, TRUE), radius, ms);
            else if (g_str_equal (op, "sepFilter2D"))
              series_add (series_get (all, "OpenCV sepFilter2D (r1)", 0.45, 0.45, 0.45, TRUE),
                          radius, ms);
            else if (g_str_equal (op, "lens-blur"))
              series_add (series_get (all, "gegl:lens-blur", 0.58, 0.40, 0.74, TRUE), radius, ms);
            else if (g_str_equal (op, "gaussian-blur"))
              series_add (series_get (all, "gegl:gaussian-blur", 0.09, 0.75, 0.81, TRUE),
                          radius, ms);
          }
      }
  return TRUE;
}

static void
draw (cairo_t *cr, GPtrArray *all)
{
  gdouble rmin = G_MAXDOUBLE, rmax = 0, tmin = G_MAXDOUBLE, tmax = 0;
  gdouble plot_w = WIDTH - LEFT - RIGHT, plot_h = HEIGHT - TOP - BOTTOM;

  for (guint i = 0; i < all->len; i++)
    {
      Series *s = g_ptr_array_index (all, i);

      for (gint j = 0; j < s->n; j++)
        {
          rmin = MIN (rmin, s->radius[j]);
          rmax = MAX (rmax, s->radius[j]);
          tmin = MIN (tmin, s->ms[j]);
          tmax = MAX (tmax, s->ms[j]);
        }
    }
  if (rmax <= 0)
    return;
  rmin /= 1.15;
  rmax *= 1.15;
  tmin = pow (10, floor (log10 (tmin)));
  tmax = pow (10, ceil (log10 (tmax)));

#define X(r) (LEFT + plot_w * log (r / rmin) / log (rmax / rmin))
#define Y(t) (TOP + plot_h * (1.0 - log (t / tmin) / log (tmax / tmin)))

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);

  /* Grid: decades and their 2 and 5, and the measured radii. */
  cairo_set_line_width (cr, 1);
  for (gdouble decade = tmin; decade < tmax * 1.01; decade *= 10)
    for (gint m = 1; m <= 5; m += m == 1 ? 1 : 3)
      {
        gdouble t = decade * m;
        gchar   label[32];

        if (t > tmax * 1.01)
          break;
        cairo_set_source_rgb (cr, m == 1 ? 0.8 : 0.92, m == 1 ? 0.8 : 0.92, m == 1 ? 0.8 : 0.92);
        cairo_move_to (cr, LEFT, Y (t));
        cairo_line_to (cr, LEFT + plot_w, Y (t));
        cairo_stroke (cr);
        g_snprintf (label, sizeof label, "%g", t);
        cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
        cairo_move_to (cr, 8, Y (t) + 4);
        cairo_show_text (cr, label);
      }
  for (guint i = 0; i < all->len; i++)
    {
      Series *s = g_ptr_array_index (all, i);

      for (gint j = 0; j < s->n && i == 0; j++)
        {
          gchar label[32];

          cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
          cairo_move_to (cr, X (s->radius[j]), TOP);
          cairo_line_to (cr, X (s->radius[j]), TOP + plot_h);
          cairo_stroke (cr);
          g_snprintf (label, sizeof label, "%g", s->radius[j]);
          cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
          cairo_move_to (cr, X (s->radius[j]) - 8, TOP + plot_h + 18);
          cairo_show_text (cr, label);
        }
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, LEFT + plot_w / 2 - 90, HEIGHT - 10);
  cairo_show_text (cr, "hexagon radius R (kernel 2R+1)");
  cairo_move_to (cr, LEFT, TOP - 14);
  cairo_show_text (cr, "median ms, 2560×1600 RGBA float, all cores (log–log)");

  for (guint i = 0; i < all->len; i++)
    {
      Series        *s = g_ptr_array_index (all, i);
      const gdouble  dash[] = { 6, 4 };
      gdouble        ly = TOP + 10 + 20 * i;

      cairo_set_source_rgb (cr, s->r, s->g, s->b);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
      for (gint j = 0; j < s->n; j++)
        if (j == 0)
          cairo_move_to (cr, X (s->radius[j]), Y (s->ms[j]));
        else
          cairo_line_to (cr, X (s->radius[j]), Y (s->ms[j]));
      cairo_stroke (cr);
      for (gint j = 0; j < s->n; j++)
        {
          cairo_arc (cr, X (s->radius[j]), Y (s->ms[j]), 3, 0, 2 * G_PI);
          cairo_fill (cr);
        }

      /* Legend on the right. */
      cairo_move_to (cr, WIDTH - RIGHT + 15, ly);
      cairo_line_to (cr, WIDTH - RIGHT + 40, ly);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, WIDTH - RIGHT + 46, ly + 4);
      cairo_show_text (cr, s->label);
    }
#undef X
#undef Y
}

/* ---- --methods ------------------------------------------------------------ */

#define M_WIDTH   1000
#define M_HEIGHT  500
#define M_LEFT    64
#define M_GAP     36
#define M_RIGHT   250
#define M_TOP     56
#define M_BOTTOM  50

static const gchar *const panel_shapes[] = { "disc", "hexagon" };

typedef struct
{
  GPtrArray *series;                /* Series */
  gdouble    pick_radius[MAX_POINTS];
  gdouble    pick_ms[MAX_POINTS];
  gint       n_picks;
} Panel;

static gboolean
load_methods (const gchar *path, Panel *panels, GError **error)
{
  /* One colour per series, the same in both panels. */
  static const struct { const gchar *label; gdouble r, g, b; gboolean dashed; } styles[] = {
    { "separable, rank 1", 0.12, 0.47, 0.71, FALSE },
    { "separable, rank 4", 0.17, 0.63, 0.17, FALSE },
    { "separable, rank 8", 1.00, 0.50, 0.05, FALSE },
    { "separable, rank 16", 0.84, 0.15, 0.16, FALSE },
    { "separable, exact", 0.55, 0.34, 0.29, TRUE },
    { "FFT, exact", 0.00, 0.00, 0.00, FALSE },
    { "chord sums, exact", 0.58, 0.40, 0.74, FALSE },
  };
  g_autofree gchar *text = NULL;
  g_auto (GStrv)    lines = NULL;
  g_auto (GStrv)    header = NULL;
  gint              c_group, c_impl, c_op, c_radius, c_rank, c_median, c_note;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  header = g_strsplit (lines[0] ? lines[0] : "", "\t", -1);
  c_group = column_index (header, "group");
  c_impl = column_index (header, "impl");
  c_op = column_index (header, "op");
  c_radius = column_index (header, "radius");
  c_rank = column_index (header, "rank");
  c_median = column_index (header, "median_ms");
  c_note = column_index (header, "note");
  if (c_group < 0 || c_impl < 0 || c_op < 0 || c_radius < 0 || c_rank < 0 || c_median < 0 ||
      c_note < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: unexpected header", path);
      return FALSE;
    }
  for (gint p = 0; p < (gint) G_N_ELEMENTS (panel_shapes); p++)
    for (guint k = 0; k < G_N_ELEMENTS (styles); k++)
      series_get (panels[p].series, styles[k].label, styles[k].r, styles[k].g, styles[k].b,
                  styles[k].dashed);

  for (gint i = 1; lines[i]; i++)
    {
      g_auto (GStrv)    f = g_strsplit (lines[i], "\t", -1);
      g_autofree gchar *label = NULL;
      gboolean          exact;
      gdouble           radius, ms;
      gint              p;

      if (g_strv_length (f) <= (guint) c_note || !g_str_equal (f[c_group], "methods"))
        continue;
      for (p = 0; p < (gint) G_N_ELEMENTS (panel_shapes); p++)
        if (g_str_equal (f[c_op], panel_shapes[p]))
          break;
      if (p == G_N_ELEMENTS (panel_shapes))
        continue;
      exact = g_str_equal (f[c_rank], "-");
      radius = g_ascii_strtod (f[c_radius], NULL);
      ms = g_ascii_strtod (f[c_median], NULL);
      if (g_str_equal (f[c_impl], "separable"))
        label = exact ? g_strdup ("separable, exact")
                      : g_strdup_printf ("separable, rank %s", f[c_rank]);
      else if (exact && g_str_equal (f[c_impl], "fft"))
        label = g_strdup ("FFT, exact");
      else if (exact && g_str_equal (f[c_impl], "chord"))
        label = g_strdup ("chord sums, exact");
      else
        continue;
      for (guint k = 0; k < panels[p].series->len; k++)
        {
          Series *s = g_ptr_array_index (panels[p].series, k);

          if (g_str_equal (s->label, label))
            series_add (s, radius, ms);
        }
      if (exact && strstr (f[c_note], "the planner's pick") && panels[p].n_picks < MAX_POINTS)
        {
          panels[p].pick_radius[panels[p].n_picks] = radius;
          panels[p].pick_ms[panels[p].n_picks] = ms;
          panels[p].n_picks++;
        }
    }
  return TRUE;
}

static void
draw_methods (cairo_t *cr, Panel *panels)
{
  gint    n_panels = G_N_ELEMENTS (panel_shapes);
  gdouble rmin = G_MAXDOUBLE, rmax = 0, tmin = G_MAXDOUBLE, tmax = 0;
  gdouble plot_w = (M_WIDTH - M_LEFT - M_RIGHT - (n_panels - 1) * M_GAP) / (gdouble) n_panels;
  gdouble plot_h = M_HEIGHT - M_TOP - M_BOTTOM;
  gdouble radii[MAX_POINTS];
  gint    n_radii = 0;

  for (gint p = 0; p < n_panels; p++)
    for (guint i = 0; i < panels[p].series->len; i++)
      {
        Series *s = g_ptr_array_index (panels[p].series, i);

        for (gint j = 0; j < s->n; j++)
          {
            gint k;

            rmin = MIN (rmin, s->radius[j]);
            rmax = MAX (rmax, s->radius[j]);
            tmin = MIN (tmin, s->ms[j]);
            tmax = MAX (tmax, s->ms[j]);
            for (k = 0; k < n_radii && radii[k] != s->radius[j]; k++)
              ;
            if (k == n_radii && n_radii < MAX_POINTS)
              radii[n_radii++] = s->radius[j];
          }
      }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (rmax <= 0)
    return;
  rmin /= 1.15;
  rmax *= 1.15;
  /* The nearest 1, 2 or 5 × 10ⁿ outside the data: no empty decades. */
  {
    gdouble lo = pow (10, floor (log10 (tmin))), hi = pow (10, floor (log10 (tmax)));

    tmin = tmin >= 5 * lo ? 5 * lo : tmin >= 2 * lo ? 2 * lo : lo;
    tmax = tmax <= hi ? hi : tmax <= 2 * hi ? 2 * hi : tmax <= 5 * hi ? 5 * hi : 10 * hi;
  }

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 14);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, M_LEFT, 22);
  cairo_show_text (cr, "Each method's time against the kernel's radius "
                       "(2560×1600 RGBA float, all cores, log–log)");
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);

  for (gint p = 0; p < n_panels; p++)
    {
      gdouble left = M_LEFT + p * (plot_w + M_GAP);

#define PX(r) (left + plot_w * log ((r) / rmin) / log (rmax / rmin))
#define PY(t) (M_TOP + plot_h * (1.0 - log ((t) / tmin) / log (tmax / tmin)))

      /* Grid: decades and their 2 and 5; the measured radii. */
      cairo_set_line_width (cr, 1);
      for (gdouble decade = pow (10, floor (log10 (tmin) + 1e-9)); decade < tmax * 1.01;
           decade *= 10)
        for (gint m = 1; m <= 5; m += m == 1 ? 1 : 3)
          {
            gdouble t = decade * m;
            gchar   label[32];

            if (t > tmax * 1.01)
              break;
            if (t < tmin * 0.99)
              continue;
            cairo_set_source_rgb (cr, m == 1 ? 0.75 : 0.9, m == 1 ? 0.75 : 0.9, m == 1 ? 0.75 : 0.9);
            cairo_move_to (cr, left, PY (t));
            cairo_line_to (cr, left + plot_w, PY (t));
            cairo_stroke (cr);
            if (p == 0)
              {
                cairo_text_extents_t e;

                g_snprintf (label, sizeof label, "%g", t);
                cairo_text_extents (cr, label, &e);
                cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
                cairo_move_to (cr, left - 6 - e.x_advance, PY (t) + 4);
                cairo_show_text (cr, label);
              }
          }
      for (gint k = 0; k < n_radii; k++)
        {
          gchar                label[32];
          cairo_text_extents_t e;

          cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
          cairo_move_to (cr, PX (radii[k]), M_TOP);
          cairo_line_to (cr, PX (radii[k]), M_TOP + plot_h);
          cairo_stroke (cr);
          g_snprintf (label, sizeof label, "%g", radii[k]);
          cairo_text_extents (cr, label, &e);
          cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
          cairo_move_to (cr, PX (radii[k]) - e.x_advance / 2, M_TOP + plot_h + 16);
          cairo_show_text (cr, label);
        }
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_rectangle (cr, left, M_TOP, plot_w, plot_h);
      cairo_stroke (cr);
      {
        g_autofree gchar    *title = g_strdup_printf ("%s (kernel 2R+1 square)", panel_shapes[p]);
        cairo_text_extents_t e;

        cairo_set_source_rgb (cr, 0, 0, 0);
        cairo_text_extents (cr, title, &e);
        cairo_move_to (cr, left + plot_w / 2 - e.x_advance / 2, M_TOP - 8);
        cairo_show_text (cr, title);
        cairo_text_extents (cr, "radius R (px)", &e);
        cairo_move_to (cr, left + plot_w / 2 - e.x_advance / 2, M_HEIGHT - 12);
        cairo_show_text (cr, "radius R (px)");
      }

      for (guint i = 0; i < panels[p].series->len; i++)
        {
          Series       *s = g_ptr_array_index (panels[p].series, i);
          const gdouble dash[] = { 6, 4 };

          cairo_set_source_rgb (cr, s->r, s->g, s->b);
          cairo_set_line_width (cr, 2);
          cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
          for (gint j = 0; j < s->n; j++)
            if (j == 0)
              cairo_move_to (cr, PX (s->radius[j]), PY (s->ms[j]));
            else
              cairo_line_to (cr, PX (s->radius[j]), PY (s->ms[j]));
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          for (gint j = 0; j < s->n; j++)
            {
              cairo_arc (cr, PX (s->radius[j]), PY (s->ms[j]), 3, 0, 2 * G_PI);
              cairo_fill (cr);
            }
        }
      /* The planner's pick for the exact kernel: a ring around its point. */
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 1.5);
      for (gint j = 0; j < panels[p].n_picks; j++)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, PX (panels[p].pick_radius[j]), PY (panels[p].pick_ms[j]), 7, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
#undef PX
#undef PY
    }

  /* The y axis label, turned. */
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 16, M_TOP + plot_h / 2 + 40);
  cairo_rotate (cr, -G_PI / 2);
  cairo_show_text (cr, "median ms");
  cairo_restore (cr);

  /* One legend for both panels. */
  for (guint i = 0; i < panels[0].series->len; i++)
    {
      Series       *s = g_ptr_array_index (panels[0].series, i);
      const gdouble dash[] = { 6, 4 };
      gdouble       lx = M_WIDTH - M_RIGHT + 24, ly = M_TOP + 12 + 22 * i;

      cairo_set_source_rgb (cr, s->r, s->g, s->b);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, s->dashed ? 2 : 0, 0);
      cairo_move_to (cr, lx, ly);
      cairo_line_to (cr, lx + 28, ly);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_arc (cr, lx + 14, ly, 3, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_move_to (cr, lx + 36, ly + 4);
      cairo_show_text (cr, s->label);
    }
  {
    gdouble lx = M_WIDTH - M_RIGHT + 24, ly = M_TOP + 12 + 22 * panels[0].series->len + 8;

    cairo_set_source_rgb (cr, 0, 0, 0);
    cairo_set_line_width (cr, 1.5);
    cairo_new_sub_path (cr);
    cairo_arc (cr, lx + 14, ly, 7, 0, 2 * G_PI);
    cairo_stroke (cr);
    cairo_move_to (cr, lx + 36, ly + 4);
    cairo_show_text (cr, "planner's pick (exact)");
    cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
    cairo_move_to (cr, lx, ly + 34);
    cairo_show_text (cr, "separable, exact: as many terms");
    cairo_move_to (cr, lx, ly + 50);
    cairo_show_text (cr, "as the numerical rank; left out");
    cairo_move_to (cr, lx, ly + 66);
    cairo_show_text (cr, "where estimated > 8× the best.");
    cairo_move_to (cr, lx, ly + 90);
    cairo_show_text (cr, "Ranks above a kernel's numerical");
    cairo_move_to (cr, lx, ly + 106);
    cairo_show_text (cr, "rank are not drawn (= exact).");
  }
}

static int
plot_methods (const gchar *in, const gchar *out)
{
  Panel            panels[G_N_ELEMENTS (panel_shapes)] = { { 0 } };
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t         *cr;
  cairo_status_t   status;
  int              code = 0;

  for (guint p = 0; p < G_N_ELEMENTS (panel_shapes); p++)
    panels[p].series = g_ptr_array_new_with_free_func (series_free);
  if (!load_methods (in, panels, &error))
    {
      g_printerr ("lrb-bench-plot: %s\n", error->message);
      code = 1;
    }
  else
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, M_WIDTH, M_HEIGHT);
      cr = cairo_create (surface);
      draw_methods (cr, panels);
      cairo_destroy (cr);
      status = cairo_surface_write_to_png (surface, out);
      cairo_surface_destroy (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_printerr ("lrb-bench-plot: %s: %s\n", out, cairo_status_to_string (status));
          code = 1;
        }
    }
  for (guint p = 0; p < G_N_ELEMENTS (panel_shapes); p++)
    g_ptr_array_unref (panels[p].series);
  return code;
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func (series_free);
  g_autoptr (GError)    error = NULL;
  cairo_surface_t      *surface;
  cairo_t              *cr;
  cairo_status_t        status;

  if (argc == 4 && g_str_equal (argv[1], "--methods"))
    return plot_methods (argv[2], argv[3]);
  if (argc != 3)
    {
      g_printerr ("usage: %s RESULTS.tsv OUTPUT.png\n"
                  "       %s --methods RESULTS-METHODS.tsv OUTPUT.png\n", argv[0], argv[0]);
      return 2;
    }
  if (!load (argv[1], all, &error))
    {
      g_printerr ("lrb-bench-plot: %s\n", error->message);
      return 1;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  draw (cr, all);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, argv[2]);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("lrb-bench-plot: %s: %s\n", argv[2], cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
