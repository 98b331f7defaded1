/* lowrank-bokeh — the kernel view widget.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel-view.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lrb-ui-draw.h"

struct _LrbKernelView
{
  GtkDrawingArea   parent_instance;

  /* Pictures and numbers only: the widget keeps no kernel or analysis. */
  cairo_surface_t *panels[LRB_KERNEL_VIEW_N_PANELS];
  gint             rows, cols;
  gint             rank, n_values;
  gdouble          relative_error;
  gdouble          negative_lobe;
  gdouble          difference_peak; /* max |K_r − K| over max |K| */
  gboolean         nonnegative;     /* K_r from non-negative factors */
};

G_DEFINE_TYPE (LrbKernelView, lrb_kernel_view, GTK_TYPE_DRAWING_AREA)

typedef struct
{
  gdouble em;
  gdouble cell_width;
  gdouble image_top, image_height; /* the room for pictures */
  gdouble x[LRB_KERNEL_VIEW_N_PANELS];
  LrbUiPalette colours; /* the theme's, filled in for drawing */
} Layout;

static void
compute_layout (LrbKernelView *self, Layout *l)
{
  GtkWidget   *widget = GTK_WIDGET (self);
  gdouble      width = lrb_gtk_widget_get_width (widget);
  gdouble      height = lrb_gtk_widget_get_height (widget);
  PangoLayout *probe = gtk_widget_create_pango_layout (widget, "0");
  gint         line;
  gdouble      pad, gap;

  pango_layout_get_pixel_size (probe, NULL, &line);
  g_object_unref (probe);
  l->em = MAX (line, 8);
  pad = round (0.5 * l->em);
  gap = round (0.8 * l->em);
  l->cell_width = floor ((width - 2 * pad - 2 * gap) / 3);
  for (gint i = 0; i < LRB_KERNEL_VIEW_N_PANELS; i++)
    l->x[i] = pad + i * (l->cell_width + gap);
  l->image_top = round (pad + 1.5 * l->em);
  l->image_height = MAX (1, height - l->image_top - 1.5 * l->em - pad);
}

/* The kernel's picture inside a panel's cell: as large as fits, whole
 * screen pixels per kernel pixel when enlarging, centred. */
static void
image_rect (LrbKernelView *self, const Layout *l, gint panel, GdkRectangle *area)
{
  gdouble zoom = MIN (l->cell_width / self->cols, l->image_height / self->rows);

  if (zoom >= 1)
    zoom = floor (zoom);
  area->width = MAX (1, (gint) round (self->cols * zoom));
  area->height = MAX (1, (gint) round (self->rows * zoom));
  area->x = (gint) (l->x[panel] + floor ((l->cell_width - area->width) / 2));
  area->y = (gint) (l->image_top + floor ((l->image_height - area->height) / 2));
}

gboolean
lrb_kernel_view_get_panel_area (LrbKernelView *view, LrbKernelViewPanel panel,
                                GdkRectangle *area)
{
  Layout l;

  g_return_val_if_fail (LRB_IS_KERNEL_VIEW (view), FALSE);
  g_return_val_if_fail (panel < LRB_KERNEL_VIEW_N_PANELS, FALSE);
  g_return_val_if_fail (area != NULL, FALSE);
  if (!view->panels[0])
    return FALSE;
  compute_layout (view, &l);
  image_rect (view, &l, panel, area);
  return TRUE;
}

static void
draw_panel (LrbKernelView *self, cairo_t *cr, const Layout *l, gint panel,
            const gchar *title, const gchar *caption)
{
  GtkWidget   *widget = GTK_WIDGET (self);
  gdouble      centre = l->x[panel] + l->cell_width / 2;
  GdkRectangle area;

  /* Title and caption hug the picture, wherever its shape puts it. */
  image_rect (self, l, panel, &area);
  lrb_ui_set_colour (cr, &l->colours.ink);
  lrb_ui_text (cr, widget, centre, area.y - 0.9 * l->em, 0.5, 0.5, 0.95, TRUE, title);

  lrb_ui_paint_matrix (cr, self->panels[panel], area.x, area.y, area.width, area.height);
  lrb_ui_set_colour (cr, &l->colours.frame);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, area.x - 0.5, area.y - 0.5, area.width + 1, area.height + 1);
  cairo_stroke (cr);

  lrb_ui_set_colour (cr, &l->colours.muted);
  lrb_ui_text (cr, widget, centre, area.y + area.height + 0.9 * l->em, 0.5, 0.5, 0.85, FALSE,
               caption);
}

static void
lrb_kernel_view_draw (GtkWidget *widget, cairo_t *cr)
{
  LrbKernelView    *self = LRB_KERNEL_VIEW (widget);
  Layout            l;
  g_autofree gchar *size = NULL;
  g_autofree gchar *rank = NULL;
  g_autofree gchar *lobe = NULL;
  g_autofree gchar *error = NULL;

  lrb_ui_palette_for_widget (widget, &l.colours);
  lrb_ui_set_colour (cr, &l.colours.paper);
  cairo_paint (cr);
  if (!self->panels[0])
    {
      lrb_ui_set_colour (cr, &l.colours.muted);
      lrb_ui_text (cr, widget, lrb_gtk_widget_get_width (widget) / 2.0,
                   lrb_gtk_widget_get_height (widget) / 2.0, 0.5, 0.5, 1.0, FALSE,
                   _("No kernel"));
      return;
    }

  compute_layout (self, &l);
  size = g_strdup_printf (_("%d × %d pixels"), self->cols, self->rows);
  rank = g_strdup_printf (_("Rank %d of %d"), self->rank, self->n_values);
  /* Below a millionth both are rounding, not ringing or error.  The
   * title has no room for the factorization: the caption says it. */
  lobe = self->nonnegative && self->negative_lobe < 1e-6
         ? g_strdup (_("non-negative factors"))
         : self->negative_lobe < 1e-6
         ? g_strdup (_("no negative lobe"))
         : g_strdup_printf (_("negative lobe %.2g %%"), 100 * self->negative_lobe);
  error = self->relative_error < 1e-6
          ? g_strdup (_("exact up to rounding"))
          : g_strdup_printf (_("relative error %.3g %%"), 100 * self->relative_error);
  draw_panel (self, cr, &l, LRB_KERNEL_VIEW_KERNEL, _("Kernel"), size);
  draw_panel (self, cr, &l, LRB_KERNEL_VIEW_APPROXIMATION, rank, lobe);
  draw_panel (self, cr, &l, LRB_KERNEL_VIEW_DIFFERENCE, _("Difference"), error);
}

static void
clear_panels (LrbKernelView *self)
{
  for (gint i = 0; i < LRB_KERNEL_VIEW_N_PANELS; i++)
    g_clear_pointer (&self->panels[i], cairo_surface_destroy);
}

static void
lrb_kernel_view_finalize (GObject *object)
{
  clear_panels (LRB_KERNEL_VIEW (object));
  G_OBJECT_CLASS (lrb_kernel_view_parent_class)->finalize (object);
}

static void
lrb_kernel_view_class_init (LrbKernelViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lrb_kernel_view_finalize;
}

static void
lrb_kernel_view_init (LrbKernelView *self)
{
  gtk_widget_set_size_request (GTK_WIDGET (self), 420, 180);
  /* The colours need saying once; a legend on every panel would not fit. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Left: the kernel. Middle: its approximation by the first r "
                                 "separable terms, on the same scale; blue marks negative "
                                 "values, which show as dark rings. Right: approximation minus "
                                 "kernel, red where the approximation is too bright, blue where "
                                 "it is too dark."));
  lrb_gtk_connect_draw (GTK_WIDGET (self), lrb_kernel_view_draw);
}

GtkWidget *
lrb_kernel_view_new (void)
{
  return g_object_new (LRB_TYPE_KERNEL_VIEW, NULL);
}

/* ‖a − b‖_F / ‖b‖_F */
static gdouble
relative_difference (const LrbKernel *a, const LrbKernel *b)
{
  gdouble diff = 0, norm = 0;

  for (gsize i = 0; i < (gsize) a->rows * a->cols; i++)
    {
      diff += (a->data[i] - b->data[i]) * (a->data[i] - b->data[i]);
      norm += b->data[i] * b->data[i];
    }
  return norm > 0 ? sqrt (diff / norm) : 0.0;
}

void
lrb_kernel_view_set_approximation (LrbKernelView *view, const LrbKernel *kernel,
                                   const LrbKernel *approximation, gint rank, gint n_values,
                                   gboolean nonnegative)
{
  g_autoptr (LrbKernel) diff = NULL;
  gdouble               peak, diff_peak;

  g_return_if_fail (LRB_IS_KERNEL_VIEW (view));
  g_return_if_fail (!kernel || !approximation || (approximation->rows == kernel->rows &&
                                                  approximation->cols == kernel->cols));

  clear_panels (view);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  if (!kernel || !approximation)
    return;

  diff = lrb_kernel_copy (approximation);
  for (gsize i = 0; i < (gsize) diff->rows * diff->cols; i++)
    diff->data[i] -= kernel->data[i];

  /* Kernel and approximation on one scale, so ringing shows as it is; the
   * difference on its own, so its pattern shows at any rank.  Differences
   * at the level of rounding are drawn as none. */
  peak = MAX (lrb_kernel_max_abs (kernel), lrb_kernel_max_abs (approximation));
  diff_peak = lrb_kernel_max_abs (diff);
  view->panels[LRB_KERNEL_VIEW_KERNEL] =
    lrb_ui_matrix_surface (kernel->data, kernel->rows, kernel->cols, peak, lrb_ui_kernel_colour);
  view->panels[LRB_KERNEL_VIEW_APPROXIMATION] =
    lrb_ui_matrix_surface (approximation->data, approximation->rows, approximation->cols, peak,
                           lrb_ui_kernel_colour);
  view->panels[LRB_KERNEL_VIEW_DIFFERENCE] =
    lrb_ui_matrix_surface (diff->data, diff->rows, diff->cols, MAX (diff_peak, 1e-9 * peak),
                           lrb_ui_difference_colour);

  view->rows = kernel->rows;
  view->cols = kernel->cols;
  view->rank = rank;
  view->n_values = n_values;
  view->nonnegative = nonnegative;
  view->relative_error = relative_difference (approximation, kernel);
  view->negative_lobe = lrb_kernel_negative_lobe (approximation);
  view->difference_peak = peak > 0 ? diff_peak / peak : 0.0;
}

void
lrb_kernel_view_set (LrbKernelView *view, const LrbKernel *kernel,
                     const LrbAnalysis *analysis, gint rank)
{
  g_autoptr (LrbKernel) approx = NULL;

  g_return_if_fail (LRB_IS_KERNEL_VIEW (view));
  g_return_if_fail (!kernel || !analysis ||
                    (analysis->rows == kernel->rows && analysis->cols == kernel->cols));

  if (kernel && analysis && analysis->n_values >= 1)
    {
      rank = CLAMP (rank, 1, analysis->n_values);
      approx = lrb_analysis_reconstruct (analysis, rank);
    }
  lrb_kernel_view_set_approximation (view, kernel, approx, rank,
                                     analysis ? analysis->n_values : 0, FALSE);
}
