/* lowrank-bokeh — the dialog: the live preview on the left, growing with
 * the window; on the right one column of pages (Kernel, Rank with the
 * energy plot and the kernel thumbnails, Depth of field, Look) and under
 * them the rank's summary in one line.  The column has a fixed width, so
 * the dialog fits a 1280 × 720 screen and a new group of controls is a
 * new page, not a wider window.
 *
 * Widgets write into one LrbSettings; every change rebuilds what depends
 * on it (kernel → analysis → rank → preview) in that order.  The dialog
 * never computes pixels: the preview runs the final run's job.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-dialog.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lrb-dialog-look.h"
#include "lrb-dialog-photo.h"
#include "lrb-dialog-preview.h"
#include "lrb-dialog-shapes.h"
#include "lrb-dialog-window.h"
#include "lrb-gimpui-compat.h"
#include "lrb-gtk-compat.h"
#include "lrb-energy-plot.h"
#include "lrb-kernel-io.h"
#include "lrb-kernel-painter.h"
#include "lrb-kernel-view.h"
#include "lrb-nonnegative-worker.h"
#include "lrb-noise-rank.h"
#include "lrb-plugin-measure.h"
#include "lrb-scale-entry.h"

#define PREVIEW_DELAY_MS 80
#define RESPONSE_RESET   1   /* GIMP 2.10's plug-ins define their own */
/* The non-negative curve's last rank.  One factorization per rank, each
 * costlier than the last (≈20–50 ms at rank 16 for a 101 × 101 kernel):
 * ranks 1 … 16 take well under a second in the background, and the low
 * ranks, where rings show, arrive first.  Past 16 the SVD's own rings
 * have mostly faded, so the curve has little left to tell. */
#define NONNEGATIVE_CURVE_RANKS 16

enum
{
  P_RADIUS, P_BLADES, P_ROTATION, P_CURVATURE, P_INNER_RADIUS, P_WIDTH, P_HEIGHT, P_SKEW,
  P_SIGMA, P_SIGMA_Y, P_SIGMA_RATIO, P_DOG_WEIGHT,
  N_NUMERIC_PARAMS
};

typedef struct
{
  LrbDrawable    drawable;
  LrbDrawable    depth;        /* the map to load: at the start, none on Reset */
  LrbSettings   *settings;
  LrbDialogPhoto *photo;       /* highlights and depth of field */
  LrbDialogLook *look;         /* the lens's character and grain */
  LrbUiShape     ui_shape;
  gchar         *custom_path;  /* the painted or layer kernel, as a file */
  gint32         layer_id;
  LrbKernel     *kernel;
  LrbAnalysis   *analysis;
  gchar         *chosen_file;  /* a file the dialog chose (a measured kernel), as the
                                * chooser may show it only later */
  gchar         *note_path;    /* the kernel file whose measurement `note` holds */
  LrbMeasured    note;         /* rank 0: that file holds none */
  LrbAnalysis   *applied;      /* the kernel the camera's radius makes, or NULL */
  gdouble        applied_radius;
  gboolean       loading;      /* widgets being set from the settings */
  guint          preview_timeout;
  gdouble        preview_ms;
  gchar         *method;       /* what the last preview ran, and why */

  /* Non-negative factors, computed in the background for this kernel. */
  LrbNonnegativeWorker *nonnegative;
  GError        *negative;     /* why this kernel has none, or NULL */
  gboolean       nn_curve_requested;
  gint           nn_curve_n;   /* ranks of nn_errors received so far */
  gdouble        nn_errors[NONNEGATIVE_CURVE_RANKS];
  gint           nn_requested; /* the rank asked of the worker for the view */
  LrbKernel     *nn_approx;    /* the rank-nn_rank kernel, or NULL */
  gint           nn_rank;
  gdouble        nn_error, nn_lobe;

  LrbDialogResult *result;    /* NULL: pixels only (GIMP 2.10) */
  GtkWidget     *filter_toggle;
  GtkWidget     *filter_note;

  GtkWidget     *dialog;
  GtkWidget     *notebook;
  GtkWidget     *preview_widget;
  LrbPreview    *preview;
  GtkWidget     *shape_combo;
  GtkWidget     *param_table;
  LrbScaleEntry  param[N_NUMERIC_PARAMS]; /* by LrbUiParams bit index */
  GtkWidget     *file_button;
  GtkWidget     *layer_combo;
  GtkWidget     *layer_label;
  GtkWidget     *painter_box;
  GtkWidget     *painter;
  GtkWidget     *touch_up;
  GtkWidget     *measure_note; /* what the measurement found, or why there is none */
  GtkWidget     *auto_toggle;
  GtkWidget     *exact_toggle;
  GtkWidget     *nonnegative_toggle;
  LrbScaleEntry  energy;
  LrbScaleEntry  rank;
  GtkWidget     *plot;
  GtkWidget     *kind_combo;
  GtkWidget     *summary;      /* one line; the details in its tooltip */
  GtkWidget     *view;
  LrbScaleEntry  gamma;
  GtkWidget     *edge_combo;
} Dialog;

static void kernel_changed (Dialog *d);
static void rank_changed   (Dialog *d);
static void show_params    (Dialog *d);
static void update_rank_sensitivity (Dialog *d);

/* ---- Reading the widgets ------------------------------------------------ */

static gdouble
param_value (Dialog *d, gint param)
{
  return lrb_scale_entry_get_value (&d->param[param]);
}

static void
spec_from_widgets (Dialog *d)
{
  LrbKernelSpec *spec = &d->settings->kernel;

  spec->radius = param_value (d, P_RADIUS);
  spec->blades = (gint) param_value (d, P_BLADES);
  spec->rotation = param_value (d, P_ROTATION);
  spec->curvature = param_value (d, P_CURVATURE);
  spec->inner_radius = param_value (d, P_INNER_RADIUS);
  spec->width = param_value (d, P_WIDTH);
  spec->height = param_value (d, P_HEIGHT);
  spec->skew = param_value (d, P_SKEW);
  spec->sigma_x = param_value (d, P_SIGMA);
  spec->sigma_y = param_value (d, P_SIGMA_Y);
  spec->sigma_ratio = param_value (d, P_SIGMA_RATIO);
  spec->dog_weight = param_value (d, P_DOG_WEIGHT);
  lrb_ui_shape_apply (d->ui_shape, spec);

  if (d->ui_shape == LRB_UI_PAINTED || d->ui_shape == LRB_UI_LAYER)
    {
      g_free (spec->file);
      spec->file = g_strdup (d->custom_path);
    }
  else if (d->ui_shape == LRB_UI_FILE)
    {
      g_free (spec->file);
      spec->file = d->chosen_file ? g_strdup (d->chosen_file)
                                  : gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (d->file_button));
    }
}

/* ---- Custom kernels: painted or from a layer, kept as a text file ------- */

static gboolean
save_custom (Dialog *d, const LrbKernel *kernel, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (d->custom_path);

  g_mkdir_with_parents (dir, 0700);
  return lrb_kernel_save_text (kernel, d->custom_path, error);
}

static gboolean
layer_to_custom (Dialog *d, GError **error)
{
  g_autoptr (GeglBuffer) buffer = NULL;
  g_autoptr (LrbKernel)  kernel = NULL;
  g_autofree gfloat     *pixels = NULL;
  const GeglRectangle   *extent;
  LrbDrawable            layer = lrb_drawable_from_id (d->layer_id);

  if (!layer)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           _("Choose a layer or channel to use as the kernel"));
      return FALSE;
    }
  buffer = gimp_drawable_get_buffer (layer);
  extent = gegl_buffer_get_extent (buffer);
  kernel = lrb_kernel_new (extent->height, extent->width, error);
  if (!kernel)
    return FALSE;
  /* Linear luminance times alpha, as for kernel image files. */
  pixels = g_new (gfloat, (gsize) extent->width * extent->height * 2);
  gegl_buffer_get (buffer, extent, 1.0, babl_format ("YaA float"), pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gsize i = 0; i < (gsize) extent->width * extent->height; i++)
    kernel->data[i] = pixels[2 * i];
  return save_custom (d, kernel, error);
}

/* ---- Showing what depends on the kernel and the rank -------------------- */

/* The rank the settings choose for the kernel `a` analyses. */
static gint
rank_of (Dialog *d, const LrbAnalysis *a)
{
  if (!a)
    return 0;
  if (d->settings->rank == LRB_RANK_EXACT)
    return a->numerical_rank;
  if (d->settings->rank > 0)
    return MIN (d->settings->rank, a->n_values);
  return lrb_analysis_rank_for_energy (a, d->settings->energy_target);
}

static gint
current_rank (Dialog *d)
{
  return rank_of (d, d->analysis);
}

/* Whether the thumbnails, the numbers and the plot show non-negative
 * factors: asked for, a rank that uses them, and a kernel that has them. */
static gboolean
nonnegative_shown (Dialog *d)
{
  return d->settings->factorization == LRB_FACTORIZATION_NONNEGATIVE &&
         d->settings->rank != LRB_RANK_EXACT && d->analysis && !d->negative;
}

/* Asked for, but the kernel has negative values: the run would fail, so
 * the dialog says why instead of falling back to the SVD. */
static gboolean
nonnegative_refused (Dialog *d)
{
  return d->settings->factorization == LRB_FACTORIZATION_NONNEGATIVE &&
         d->settings->rank != LRB_RANK_EXACT && d->negative;
}

/* Whether the worker's non-negative factors are those of rank r of `a`:
 * it factors the dialog's kernel, not the one a camera resizes. */
static gboolean
nonnegative_known (Dialog *d, const LrbAnalysis *a, gint r)
{
  return d->nn_approx && d->nn_rank == r && a == d->analysis;
}

static gchar *
nonnegative_stats (Dialog *d, const LrbAnalysis *a, gint r, const gchar *method,
                   const gchar *timing)
{
  gint               taps = r * (a->rows + a->cols), direct = a->rows * a->cols;
  gboolean           known = nonnegative_known (d, a, r);
  g_autofree gchar  *error = known ? g_strdup_printf (_("%.2f %%"), 100 * d->nn_error)
                                   : g_strdup ("…");
  g_autofree gchar  *lobe = !known ? g_strdup ("…")
                            : d->nn_lobe < 1e-6 ? g_strdup (_("none, no dark rings"))
                            : g_strdup_printf (_("%.1f %% of the peak"), 100 * d->nn_lobe);

  return g_strdup_printf (
    _("<b>Rank %d</b> of %d (numerical rank %d), non-negative factors\n"
      "Relative error: %s (SVD: %.2f %%)\n"
      "Most negative lobe: %s\n"
      "Cost: %d taps per pixel instead of %d (%.1f× fewer)\n"
      "Method: %s\n"
      "Preview: %s"),
    r, a->n_values, a->numerical_rank, error, 100 * a->relative_error[r - 1], lobe, taps,
    direct, (gdouble) direct / taps, method, timing);
}

/* The one line under the pages: what the rank keeps and costs. */
static gchar *
summary_line (Dialog *d, const LrbAnalysis *a, gint r, const gchar *timing)
{
  gint               taps = r * (a->rows + a->cols), direct = a->rows * a->cols;

  if (d->settings->rank == LRB_RANK_EXACT)
    return g_strdup_printf (_("<b>Exact</b>: the %d × %d kernel itself · preview %s"), a->rows,
                            a->cols, timing);
  if (nonnegative_shown (d))
    {
      gboolean          known = nonnegative_known (d, a, r);
      g_autofree gchar *error = known ? g_strdup_printf (_("%.2f %%"), 100 * d->nn_error)
                                      : g_strdup ("…");

      return g_strdup_printf (_("<b>Rank %d</b> of %d, non-negative · error %s · "
                                "%.1f× fewer taps · preview %s"),
                              r, a->n_values, error, (gdouble) direct / taps, timing);
    }
  return g_strdup_printf (_("<b>Rank %d</b> of %d · %.1f %% energy · %.1f× fewer taps · "
                            "preview %s"),
                          r, a->n_values, 100 * a->energy_sq[r - 1], (gdouble) direct / taps,
                          timing);
}

static void
show_stats (Dialog *d, const GError *error)
{
  g_autoptr (GError) refused = NULL;
  g_autofree gchar *text = NULL, *details = NULL;
  g_autofree gchar *timing = d->preview_ms > 0 ? g_strdup_printf (_("%.0f ms"), d->preview_ms)
                                               : g_strdup ("…");
  /* What the run applies: with a camera, the kernel at its radius. */
  const LrbAnalysis *a = d->applied ? d->applied : d->analysis;
  gint               r = rank_of (d, a);

  if (!error && nonnegative_refused (d))
    error = refused = g_error_new (LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                                   _("No dark rings needs a kernel without negative values: "
                                     "%s. Turn it off to use the SVD's factors."),
                                   d->negative->message);
  if (error || !d->analysis)
    {
      g_autofree gchar *escaped = g_markup_escape_text (error ? error->message : "", -1);

      text = g_strdup_printf ("<span foreground='#b00020'>%s</span>", escaped);
    }
  else
    {
      gint              taps = r * (a->rows + a->cols), direct = a->rows * a->cols;
      g_autofree gchar *method = g_markup_escape_text (d->method ? d->method : "…", -1);

      text = summary_line (d, a, r, timing);
      /* Everything else the rank means, for whoever hovers. */
      if (nonnegative_shown (d))
        details = nonnegative_stats (d, a, r, method, timing);
      else if (d->settings->rank == LRB_RANK_EXACT)
        details = g_strdup_printf (
          _("<b>Exact</b>: the %d × %d kernel itself (numerical rank %d)\n"
            "Method: %s\n"
            "Preview: %s"),
          a->rows, a->cols, a->numerical_rank, method, timing);
      else
        details = g_strdup_printf (
          _("<b>Rank %d</b> of %d (numerical rank %d)\n"
            "Energy kept: %.2f %% of Σσ², %.2f %% of Σσ\n"
            "Relative error: %.2f %%\n"
            "Most negative lobe: %.1f %% of the peak\n"
            "Cost: %d taps per pixel instead of %d (%.1f× fewer)\n"
            "Method: %s\n"
            "Preview: %s"),
          r, a->n_values, a->numerical_rank, 100 * a->energy_sq[r - 1],
          100 * a->energy_abs[r - 1], 100 * a->relative_error[r - 1],
          100 * lrb_analysis_negative_lobe (a, r), taps, direct, (gdouble) direct / taps,
          method, timing);
    }
  /* For the tests (LRB_DIALOG_LOG), as lrb_window_log_layout: each new line. */
  if (g_getenv ("LRB_DIALOG_LOG") &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (d->summary)), text) != 0)
    g_printerr ("lrb-dialog: summary %s\n", text);
  gtk_label_set_markup (GTK_LABEL (d->summary), text);
  gtk_widget_set_tooltip_markup (d->summary, details);
  gtk_dialog_set_response_sensitive (GTK_DIALOG (d->dialog), GTK_RESPONSE_OK,
                                     error == NULL && d->analysis != NULL);
}

/* The summary describes the kernel the run applies: with a camera, the
 * radius the preview's job took from the camera, not the dialog's slider
 * (a kernel file has no radius to change). */
static void
update_applied (Dialog *d, gdouble radius)
{
  LrbKernelSpec         spec = d->settings->kernel; /* a shallow copy, only read */
  g_autoptr (LrbKernel) kernel = NULL;

  if (radius <= 0 || spec.shape == LRB_SHAPE_FILE || fabs (radius - spec.radius) < 1e-9)
    {
      g_clear_pointer (&d->applied, lrb_analysis_free);
      return;
    }
  if (d->applied && d->applied_radius == radius)
    return;
  g_clear_pointer (&d->applied, lrb_analysis_free);
  spec.radius = radius;
  d->applied_radius = radius;
  if ((kernel = lrb_kernel_new_from_spec (&spec, NULL)))
    d->applied = lrb_analysis_new (kernel, NULL);
}

static gboolean
preview_now (gpointer data)
{
  Dialog *d = data;

  d->preview_timeout = 0;
  if (d->analysis)
    {
      gdouble  radius = -1;
      LrbGrain grain;

      lrb_preview_update (d->preview, d->settings, lrb_dialog_photo_get_depth (d->photo));
      /* What the update measured while it prepared the job. */
      if (!lrb_dialog_photo_uses_camera (d->photo) ||
          !lrb_preview_camera_radius (d->preview, d->settings, &radius))
        radius = -1;
      lrb_dialog_photo_show_camera_radius (d->photo, radius);
      update_applied (d, radius);
      if (lrb_preview_measured_grain (d->preview, &grain))
        lrb_dialog_look_show_measured (d->look, &grain);
    }
  return G_SOURCE_REMOVE;
}

/* Sliders move in small steps: wait until they rest a moment. */
static void
schedule_preview (Dialog *d)
{
  if (d->preview_timeout)
    g_source_remove (d->preview_timeout);
  d->preview_timeout = g_timeout_add (PREVIEW_DELAY_MS, preview_now, d);
}

static void
preview_done (gdouble milliseconds, const gchar *method, const GError *error, gpointer data)
{
  Dialog *d = data;

  d->preview_ms = milliseconds;
  if (method)
    {
      g_free (d->method);
      d->method = g_strdup (method);
    }
  show_stats (d, error);
}

/* The thumbnails at rank r: the SVD's at once, non-negative factors when
 * the worker has them (until then the last picture stays). */
static void
show_view (Dialog *d, gint r)
{
  if (!nonnegative_shown (d))
    lrb_kernel_view_set (LRB_KERNEL_VIEW (d->view), d->kernel, d->analysis, r);
  else if (d->nn_approx && d->nn_rank == r)
    lrb_kernel_view_set_approximation (LRB_KERNEL_VIEW (d->view), d->kernel, d->nn_approx, r,
                                       d->analysis->n_values, TRUE);
  else if (d->nn_requested != r)
    {
      d->nn_requested = r;
      lrb_nonnegative_worker_request (d->nonnegative, LRB_NONNEGATIVE_APPROXIMATION, d->kernel,
                                      r);
    }
}

static void
stop_nonnegative (Dialog *d)
{
  lrb_nonnegative_worker_cancel (d->nonnegative);
  d->nn_curve_requested = FALSE;
  d->nn_curve_n = 0;
  d->nn_requested = 0;
}

/* The switch, the plot's second curve and the worker follow the
 * factorization asked for, the rank mode and the kernel. */
static void
factorization_changed (Dialog *d)
{
  gboolean shown = nonnegative_shown (d);

  gtk_widget_set_sensitive (d->nonnegative_toggle,
                            d->settings->rank != LRB_RANK_EXACT &&
                            (!d->negative || d->settings->factorization ==
                                             LRB_FACTORIZATION_NONNEGATIVE));
  if (d->negative)
    {
      g_autofree gchar *why = g_strdup_printf (_("Not for this kernel: %s"),
                                               d->negative->message);

      gimp_help_set_help_data (d->nonnegative_toggle, why, NULL);
    }
  else
    gimp_help_set_help_data (d->nonnegative_toggle,
                             _("Separable terms that are never negative: a little more error "
                               "than the SVD's at the same rank, but no dark rings around "
                               "highlights. The plot shows what it costs."), NULL);

  if (shown && !d->nn_curve_requested)
    {
      d->nn_curve_requested = TRUE;
      d->nn_curve_n = 0;
      lrb_nonnegative_worker_request (d->nonnegative, LRB_NONNEGATIVE_CURVE, d->kernel,
                                      MIN (NONNEGATIVE_CURVE_RANKS,
                                           MIN (MAX (d->analysis->numerical_rank, 1),
                                                d->analysis->n_values)));
    }
  else if (!shown)
    /* Nothing to compute for what is not shown; the worker starts over
     * when it is again. */
    stop_nonnegative (d);
  if (d->analysis)
    lrb_energy_plot_set_nonnegative_errors (LRB_ENERGY_PLOT (d->plot), d->nn_errors,
                                            shown ? d->nn_curve_n : 0);
}

static void
nonnegative_result (LrbNonnegativeKind kind, gint rank, gdouble relative_error,
                    const LrbKernel *approximation, const GError *error, gpointer data)
{
  Dialog *d = data;

  if (error)
    {
      show_stats (d, error);
      return;
    }
  if (kind == LRB_NONNEGATIVE_CURVE)
    {
      d->nn_errors[rank - 1] = relative_error;
      d->nn_curve_n = rank;
      lrb_energy_plot_set_nonnegative_errors (LRB_ENERGY_PLOT (d->plot), d->nn_errors,
                                              d->nn_curve_n);
      return;
    }
  lrb_kernel_free (d->nn_approx);
  d->nn_approx = lrb_kernel_copy (approximation);
  d->nn_rank = rank;
  d->nn_error = relative_error;
  d->nn_lobe = lrb_kernel_negative_lobe (approximation);
  if (rank == current_rank (d))
    {
      show_view (d, rank);
      show_stats (d, NULL);
    }
}

static void
rank_changed (Dialog *d)
{
  gint r = current_rank (d);

  if (!d->analysis)
    return;
  d->loading = TRUE;
  lrb_scale_entry_set_value (&d->rank, r);
  lrb_energy_plot_set_rank (LRB_ENERGY_PLOT (d->plot), r);
  d->loading = FALSE;
  show_view (d, r);
  show_stats (d, NULL);
  schedule_preview (d);
}

/* ---- A kernel measured from a light in the photo ------------------------ */

/* The measurement kept in the kernel file in use (lrb_measured_save), read
 * once per file. */
static const LrbMeasured *
file_note (Dialog *d)
{
  const gchar *file = d->settings->kernel.file;

  if (d->settings->kernel.shape != LRB_SHAPE_FILE || d->ui_shape != LRB_UI_FILE || !file)
    return NULL;
  if (g_strcmp0 (file, d->note_path) != 0)
    {
      lrb_measured_clear (&d->note);
      g_free (d->note_path);
      d->note_path = g_strdup (file);
      lrb_measured_load (file, &d->note);
    }
  return d->note.rank > 0 ? &d->note : NULL;
}

/* Where noise ends on the plot: a measured kernel's floor as it was
 * measured (the denoised kernel has lost the noise it would be estimated
 * from); for another kernel from a file or a layer, which may be a crop
 * of a photo, the estimate `lrbokeh analyze` prints; a computed or painted
 * kernel has no noise. */
static gdouble
noise_floor (Dialog *d)
{
  const LrbMeasured *note = file_note (d);
  LrbNoiseRank       choice;

  if (note)
    return note->noisy ? note->threshold : 0.0;
  if (d->ui_shape != LRB_UI_FILE && d->ui_shape != LRB_UI_LAYER)
    return 0.0;
  lrb_noise_rank_choose (d->analysis, d->kernel, 0.0, &choice);
  return choice.noisy ? choice.threshold : 0.0;
}

/* Under the button: what the measurement in use found, in a sentence, or
 * nothing. */
static void
show_note (Dialog *d)
{
  const LrbMeasured *note = file_note (d);
  g_autofree gchar  *text = NULL, *markup = NULL;

  if (!note)
    {
      gtk_widget_hide (d->measure_note);
      return;
    }
  if (note->noisy)
    text = g_strdup_printf (_("The light at %d, %d: its noise is %.1f %% of its peak, so rank "
                              "%d of %d. The terms past it lie below the noise floor: they "
                              "carry more noise than shape."),
                            note->centre_x, note->centre_y,
                            100 * note->noise / MAX (note->peak, 1e-12), note->rank,
                            note->n_values);
  else
    text = g_strdup_printf (_("The light at %d, %d: no noise stands out of the rounding, so "
                              "rank %d of %d keeps every term."),
                            note->centre_x, note->centre_y, note->rank, note->n_values);
  /* A selection made for the measurement would also confine the blur. */
  if (!lrb_drawable_selection_is_empty (d->drawable))
    {
      gchar *more = g_strconcat (text, " ",
                                 _("OK blurs the selection only, as every filter: choose "
                                   "Select ▸ None in the image first to blur it all."), NULL);

      g_free (text);
      text = more;
    }
  markup = g_markup_printf_escaped ("<i>%s</i>", text);
  gtk_label_set_markup (GTK_LABEL (d->measure_note), markup);
  gtk_widget_set_tooltip_text (d->measure_note, note->report);
  gtk_widget_show (d->measure_note);
}

static void
show_measure_error (Dialog *d, const gchar *message)
{
  gtk_label_set_text (GTK_LABEL (d->measure_note), message);
  gtk_widget_set_tooltip_text (d->measure_note, NULL);
  gtk_widget_show (d->measure_note);
}

/* The selection's light becomes the kernel: measured as the PDB procedure
 * measures it, kept as a file in the profile (what OK, last values and a
 * repeated run name), at its noise-aware rank.  Nothing changes when
 * there is no light to take. */
static void
measure_clicked (GtkWidget *button, Dialog *d)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (LrbKernel) kernel = NULL;
  g_autofree gchar     *path = NULL;
  LrbMeasured           measured = { 0 };
  const GeglRectangle   selection = { 0, 0, 0, 0 };
  gint                  rank;

  if (lrb_drawable_selection_is_empty (d->drawable))
    {
      show_measure_error (d, _("Nothing is selected. Select a rectangle round one "
                               "out-of-focus light, with some dark background round it, "
                               "and press again."));
      return;
    }
  kernel = lrb_plugin_measure (d->drawable, &selection, 0, &measured, &error);
  if (kernel)
    path = lrb_measured_save (kernel, &measured, &error);
  rank = measured.rank;
  lrb_measured_clear (&measured);
  if (!path)
    {
      g_autofree gchar *message = g_strdup_printf (_("No light taken from the selection: %s"),
                                                   error->message);

      show_measure_error (d, message);
      return;
    }
  g_free (d->chosen_file);
  d->chosen_file = g_steal_pointer (&path);
  gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (d->file_button), d->chosen_file);
  d->loading = TRUE;
  d->ui_shape = LRB_UI_FILE;
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (d->shape_combo), LRB_UI_FILE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->exact_toggle), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->auto_toggle), FALSE);
  d->loading = FALSE;
  d->settings->rank = rank;
  update_rank_sensitivity (d);
  show_params (d);
  kernel_changed (d);
}

static void
kernel_changed (Dialog *d)
{
  g_autoptr (GError) error = NULL;
  gboolean           ok = TRUE;

  spec_from_widgets (d);
  g_clear_pointer (&d->kernel, lrb_kernel_free);
  g_clear_pointer (&d->analysis, lrb_analysis_free);
  g_clear_pointer (&d->applied, lrb_analysis_free);
  g_clear_pointer (&d->nn_approx, lrb_kernel_free);
  g_clear_error (&d->negative);
  stop_nonnegative (d);
  d->nn_rank = 0;

  if (d->ui_shape == LRB_UI_LAYER)
    ok = layer_to_custom (d, &error);
  if (ok)
    {
      d->kernel = lrb_kernel_new_from_spec (&d->settings->kernel, &error);
      if (d->kernel)
        d->analysis = lrb_analysis_new (d->kernel, &error);
    }
  if (!d->analysis)
    {
      d->loading = TRUE;
      lrb_energy_plot_set_analysis (LRB_ENERGY_PLOT (d->plot), NULL);
      d->loading = FALSE;
      factorization_changed (d);
      show_note (d);
      show_stats (d, error);
      return;
    }
  lrb_kernel_check_non_negative (d->kernel, &d->negative);

  /* The plot clamps its rank to the new kernel: not the user's choice. */
  d->loading = TRUE;
  gtk_adjustment_set_upper (d->rank.adjustment, d->analysis->n_values);
  lrb_energy_plot_set_analysis (LRB_ENERGY_PLOT (d->plot), d->analysis);
  lrb_energy_plot_set_noise_floor (LRB_ENERGY_PLOT (d->plot), noise_floor (d));
  d->loading = FALSE;
  show_note (d);
  if (d->ui_shape != LRB_UI_PAINTED)
    lrb_kernel_painter_set_kernel (LRB_KERNEL_PAINTER (d->painter), d->kernel);
  factorization_changed (d);
  rank_changed (d);
}

/* ---- Callbacks ---------------------------------------------------------- */

static void
show_params (Dialog *d)
{
  LrbUiParams params = lrb_ui_shape_params (d->ui_shape);

  for (gint i = 0; i < N_NUMERIC_PARAMS; i++)
    {
      lrb_scale_entry_set_visible (&d->param[i], (params & (1 << i)) != 0);
    }
  gtk_widget_set_visible (d->file_button, (params & LRB_PARAM_FILE) != 0);
  gtk_widget_set_visible (d->layer_combo, (params & LRB_PARAM_LAYER) != 0);
  gtk_widget_set_visible (d->layer_label, (params & LRB_PARAM_LAYER) != 0);
  gtk_widget_set_visible (d->touch_up, (params & LRB_PARAM_PAINTER) == 0);
  gtk_widget_set_visible (d->painter_box, (params & LRB_PARAM_PAINTER) != 0);
}

static void
shape_selected (GtkWidget *combo, Dialog *d)
{
  gint value;

  if (d->loading || !gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &value))
    return;
  d->ui_shape = value;
  if (d->ui_shape == LRB_UI_PAINTED && d->kernel)
    save_custom (d, lrb_kernel_painter_get_kernel (LRB_KERNEL_PAINTER (d->painter)), NULL);
  show_params (d);
  kernel_changed (d);
}

static void
param_changed (GtkAdjustment *adj, Dialog *d)
{
  if (!d->loading)
    kernel_changed (d);
}

/* "Touch up": the current shape goes into the painter. */
static void
touch_up_clicked (GtkWidget *button, Dialog *d)
{
  if (!d->kernel)
    return;
  lrb_kernel_painter_set_kernel (LRB_KERNEL_PAINTER (d->painter), d->kernel);
  save_custom (d, lrb_kernel_painter_get_kernel (LRB_KERNEL_PAINTER (d->painter)), NULL);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (d->shape_combo), LRB_UI_PAINTED);
}

static void
painter_changed (GtkWidget *painter, Dialog *d)
{
  g_autoptr (GError) error = NULL;

  if (!save_custom (d, lrb_kernel_painter_get_kernel (LRB_KERNEL_PAINTER (painter)), &error))
    {
      show_stats (d, error);
      return;
    }
  kernel_changed (d);
}

/* Rank and energy only mean something when neither automatic nor exact
 * takes over. */
static void
update_rank_sensitivity (Dialog *d)
{
  gboolean exact = d->settings->rank == LRB_RANK_EXACT;
  gboolean automatic = d->settings->rank == 0;

  gtk_widget_set_sensitive (d->auto_toggle, !exact);
  lrb_scale_entry_set_sensitive (&d->energy, automatic);
  lrb_scale_entry_set_sensitive (&d->rank, !exact);
}

static void
rank_adj_changed (GtkAdjustment *adj, Dialog *d)
{
  if (d->loading || d->settings->rank <= 0)
    return;
  d->settings->rank = (gint) gtk_adjustment_get_value (adj);
  rank_changed (d);
}

static void
plot_rank_changed (GObject *plot, GParamSpec *pspec, Dialog *d)
{
  if (d->loading)
    return;
  /* Choosing a rank on the plot is choosing it by hand. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->exact_toggle), FALSE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->auto_toggle), FALSE);
  d->settings->rank = lrb_energy_plot_get_rank (LRB_ENERGY_PLOT (plot));
  rank_changed (d);
}

static void
auto_toggled (GtkToggleButton *toggle, Dialog *d)
{
  if (d->loading || d->settings->rank == LRB_RANK_EXACT)
    return;
  d->settings->rank = gtk_toggle_button_get_active (toggle) ? 0 : current_rank (d);
  update_rank_sensitivity (d);
  rank_changed (d);
}

static void
exact_toggled (GtkToggleButton *toggle, Dialog *d)
{
  if (d->loading)
    return;
  if (gtk_toggle_button_get_active (toggle))
    d->settings->rank = LRB_RANK_EXACT;
  else
    d->settings->rank = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->auto_toggle))
                        ? 0 : current_rank (d);
  update_rank_sensitivity (d);
  factorization_changed (d);
  rank_changed (d);
}

static void
nonnegative_toggled (GtkToggleButton *toggle, Dialog *d)
{
  if (d->loading)
    return;
  d->settings->factorization = gtk_toggle_button_get_active (toggle)
                               ? LRB_FACTORIZATION_NONNEGATIVE : LRB_FACTORIZATION_SVD;
  factorization_changed (d);
  rank_changed (d);
}

static void
energy_changed (GtkAdjustment *adj, Dialog *d)
{
  d->settings->energy_target = gtk_adjustment_get_value (adj) / 100.0;
  if (!d->loading)
    rank_changed (d);
}

static void
kind_selected (GtkWidget *combo, Dialog *d)
{
  gint value;

  if (gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &value))
    lrb_energy_plot_set_energy_kind (LRB_ENERGY_PLOT (d->plot), value);
}

static void
look_changed (GtkWidget *widget, Dialog *d)
{
  gint edge;

  d->settings->gamma = lrb_scale_entry_get_value (&d->gamma);
  if (gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (d->edge_combo), &edge))
    d->settings->edge = edge;
  if (!d->loading)
    schedule_preview (d);
}

static void
file_chosen (GtkFileChooserButton *button, Dialog *d)
{
  /* The user's choice: the chooser says which file from now on. */
  g_clear_pointer (&d->chosen_file, g_free);
  if (!d->loading)
    kernel_changed (d);
}

static void
layer_chosen (GtkWidget *combo, Dialog *d)
{
  gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &d->layer_id);
  if (!d->loading)
    kernel_changed (d);
}

static void
painter_action (GtkWidget *button, Dialog *d)
{
  const gchar *action = g_object_get_data (G_OBJECT (button), "action");

  if (g_strcmp0 (action, "clear") == 0)
    lrb_kernel_painter_clear (LRB_KERNEL_PAINTER (d->painter));
  else
    lrb_kernel_painter_invert (LRB_KERNEL_PAINTER (d->painter));
}

static void
painter_save (GtkWidget *button, Dialog *d)
{
  GtkWidget *chooser = gtk_file_chooser_dialog_new (_("Save Kernel"), GTK_WINDOW (d->dialog),
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL,
                                                    GTK_STOCK_SAVE, GTK_RESPONSE_ACCEPT, NULL);

  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "kernel.txt");
  if (gtk_dialog_run (GTK_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    {
      g_autofree gchar  *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
      const LrbKernel   *kernel = lrb_kernel_painter_get_kernel (LRB_KERNEL_PAINTER (d->painter));
      g_autoptr (GError) error = NULL;
      gboolean           ok = g_str_has_suffix (path, ".png")
                              ? lrb_kernel_save_png (kernel, path, &error)
                              : lrb_kernel_save_text (kernel, path, &error);

      if (!ok)
        g_message (_("Could not save the kernel: %s"), error->message);
    }
  gtk_widget_destroy (chooser);
}

static void
painter_toggle (GtkToggleButton *toggle, Dialog *d)
{
  const gchar *property = g_object_get_data (G_OBJECT (toggle), "property");
  gboolean     active = gtk_toggle_button_get_active (toggle);

  if (g_strcmp0 (property, "hardness") == 0)
    g_object_set (d->painter, "hardness", active ? 0.3 : 1.0, NULL);  /* "soft brush" */
  else
    g_object_set (d->painter, property, active, NULL);
}

static void
brush_size_changed (GtkSpinButton *spin, Dialog *d)
{
  g_object_set (d->painter, "brush-radius", gtk_spin_button_get_value (spin), NULL);
}

/* ---- Building the dialog -------------------------------------------------- */

static void
add_param (Dialog *d, gint row, const gchar *label, gdouble lower, gdouble upper,
           gdouble step, gint digits, const gchar *tooltip)
{
  LrbScaleEntry *entry = &d->param[row];

  lrb_scale_entry_init (entry, GTK_TABLE (d->param_table), row, label, lower, lower, upper,
                        step, digits, tooltip);
  g_signal_connect (entry->adjustment, "value-changed", G_CALLBACK (param_changed), d);
}

static GtkWidget *
kernel_panel (Dialog *d)
{
  GtkWidget *vbox = gtk_vbox_new (FALSE, 6);
  GtkWidget *hbox = gtk_hbox_new (FALSE, 6);
  GtkWidget *painter_tools, *button, *spin, *label;
  GtkListStore *store = g_object_new (GIMP_TYPE_INT_STORE, NULL);

  for (gint i = 0; i < LRB_UI_N_SHAPES; i++)
    gtk_list_store_insert_with_values (store, NULL, -1, GIMP_INT_STORE_VALUE, i,
                                       GIMP_INT_STORE_LABEL, lrb_ui_shape_label (i), -1);
  d->shape_combo = g_object_new (GIMP_TYPE_INT_COMBO_BOX, "model", store, NULL);
  g_object_unref (store);
  g_signal_connect (d->shape_combo, "changed", G_CALLBACK (shape_selected), d);
  label = gtk_label_new_with_mnemonic (_("_Shape:"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), d->shape_combo);
  gtk_box_pack_start (GTK_BOX (hbox), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), d->shape_combo, TRUE, TRUE, 0);
  d->touch_up = gtk_button_new_with_mnemonic (_("_Touch up…"));
  gimp_help_set_help_data (d->touch_up, _("Paint over the current shape"), NULL);
  g_signal_connect (d->touch_up, "clicked", G_CALLBACK (touch_up_clicked), d);
  gtk_box_pack_start (GTK_BOX (hbox), d->touch_up, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), hbox, FALSE, FALSE, 0);

  d->param_table = gtk_table_new (N_NUMERIC_PARAMS, 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (d->param_table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (d->param_table), 2);
  add_param (d, P_RADIUS, _("Ra_dius:"), 0.5, 300, 1, 1,
             _("Distance from the centre to the corners, in pixels"));
  add_param (d, P_BLADES, _("_Blades:"), 3, 16, 1, 0,
             _("Number of aperture blades: corners of the polygon"));
  add_param (d, P_ROTATION, _("Rotatio_n:"), -180, 180, 1, 1,
             _("Degrees, counter-clockwise"));
  add_param (d, P_CURVATURE, _("C_urvature:"), 0, 1, 0.05, 2,
             _("0 straight blades, 1 a circle through the corners"));
  add_param (d, P_INNER_RADIUS, _("Inner radius:"), 0, 299, 1, 1,
             _("Hole of the ring (0: 0.6 × the radius)"));
  add_param (d, P_WIDTH, _("_Width:"), 1, 601, 1, 0, NULL);
  add_param (d, P_HEIGHT, _("Height:"), 1, 601, 1, 0, NULL);
  add_param (d, P_SKEW, _("Skew:"), 1, 179, 1, 0,
             _("Angle between the edges, degrees"));
  add_param (d, P_SIGMA, _("Sigma:"), 0, 300, 0.5, 1,
             _("Standard deviation or scale, pixels (0: from the radius)"));
  add_param (d, P_SIGMA_Y, _("Sigma Y:"), 0, 300, 0.5, 1,
             _("Second standard deviation (0: same as sigma)"));
  add_param (d, P_SIGMA_RATIO, _("Sigma ratio:"), 1.1, 10, 0.1, 2,
             _("Outer σ divided by inner σ"));
  add_param (d, P_DOG_WEIGHT, _("Outer weight:"), 0, 1, 0.05, 2,
             _("1 makes a band-pass kernel, which cannot be normalized"));
  gtk_box_pack_start (GTK_BOX (vbox), d->param_table, FALSE, FALSE, 0);

  d->file_button = gtk_file_chooser_button_new (_("Kernel File"), GTK_FILE_CHOOSER_ACTION_OPEN);
  g_signal_connect (d->file_button, "file-set", G_CALLBACK (file_chosen), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->file_button, FALSE, FALSE, 0);

  hbox = gtk_hbox_new (FALSE, 6);
  d->layer_label = gtk_label_new (_("Layer or channel:"));
  gtk_box_pack_start (GTK_BOX (hbox), d->layer_label, FALSE, FALSE, 0);
  d->layer_combo = lrb_drawable_combo_box_new ();
  lrb_int_combo_box_connect (d->layer_combo, lrb_drawable_get_id (d->drawable),
                             G_CALLBACK (layer_chosen), d);
  gtk_box_pack_start (GTK_BOX (hbox), d->layer_combo, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), hbox, FALSE, FALSE, 0);

  d->painter_box = gtk_hbox_new (FALSE, 6);
  d->painter = lrb_kernel_painter_new ();
  gtk_widget_set_size_request (d->painter, 220, 220);
  g_signal_connect (d->painter, "changed", G_CALLBACK (painter_changed), d);
  gtk_box_pack_start (GTK_BOX (d->painter_box), d->painter, TRUE, TRUE, 0);
  painter_tools = gtk_vbox_new (FALSE, 4);
  label = gtk_label_new (_("Brush size:"));
  gtk_misc_set_alignment (GTK_MISC (label), 0, 0.5);
  gtk_box_pack_start (GTK_BOX (painter_tools), label, FALSE, FALSE, 0);
  spin = gtk_spin_button_new_with_range (0, 50, 0.5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  g_signal_connect (spin, "value-changed", G_CALLBACK (brush_size_changed), d);
  gtk_box_pack_start (GTK_BOX (painter_tools), spin, FALSE, FALSE, 0);
  {
    static const struct { const gchar *label; const gchar *property; } toggles[] = {
      { N_("Soft brush"), "hardness" },
      { N_("Erase"), "erase" },
      { N_("Mirror left–right"), "mirror-x" },
      { N_("Mirror top–bottom"), "mirror-y" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
      {
        button = gtk_check_button_new_with_label (_(toggles[i].label));
        g_object_set_data (G_OBJECT (button), "property", (gpointer) toggles[i].property);
        g_signal_connect (button, "toggled", G_CALLBACK (painter_toggle), d);
        gtk_box_pack_start (GTK_BOX (painter_tools), button, FALSE, FALSE, 0);
      }
  }
  button = gtk_button_new_with_label (_("Clear"));
  g_object_set_data (G_OBJECT (button), "action", "clear");
  g_signal_connect (button, "clicked", G_CALLBACK (painter_action), d);
  gtk_box_pack_start (GTK_BOX (painter_tools), button, FALSE, FALSE, 0);
  button = gtk_button_new_with_label (_("Invert"));
  g_object_set_data (G_OBJECT (button), "action", "invert");
  g_signal_connect (button, "clicked", G_CALLBACK (painter_action), d);
  gtk_box_pack_start (GTK_BOX (painter_tools), button, FALSE, FALSE, 0);
  button = gtk_button_new_with_mnemonic (_("Sa_ve…"));
  g_signal_connect (button, "clicked", G_CALLBACK (painter_save), d);
  gtk_box_pack_start (GTK_BOX (painter_tools), button, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (d->painter_box), painter_tools, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), d->painter_box, FALSE, FALSE, 0);

  /* A lens's own kernel, from a light the user selected in the photo. */
  hbox = gtk_hbox_new (FALSE, 6);
  /* No access key: every letter of it is taken (Tab reaches it). */
  button = gtk_button_new_with_label (_("From a light in the selection"));
  gimp_help_set_help_data (button,
                           _("Select a rectangle round one out-of-focus light in the photo, "
                             "with some background round it, then press: the light becomes "
                             "the kernel (your lens's own bokeh), at the rank that leaves its "
                             "noise out"), NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (measure_clicked), d);
  gtk_box_pack_start (GTK_BOX (hbox), button, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), hbox, FALSE, FALSE, 6);
  d->measure_note = gtk_label_new (NULL);
  gtk_misc_set_alignment (GTK_MISC (d->measure_note), 0, 0);
  lrb_gtk_label_wrap (d->measure_note, 320);
  /* Shown only with something to say. */
  gtk_widget_set_no_show_all (d->measure_note, TRUE);
  gtk_box_pack_start (GTK_BOX (vbox), d->measure_note, FALSE, FALSE, 0);
  return vbox;
}

static GtkWidget *
rank_panel (Dialog *d)
{
  GtkWidget *vbox = gtk_vbox_new (FALSE, 6);
  GtkWidget *table = gtk_table_new (2, 3, FALSE);
  GtkWidget *hbox;

  d->exact_toggle = gtk_check_button_new_with_mnemonic (_("E_xact: the kernel itself, no approximation"));
  gimp_help_set_help_data (d->exact_toggle,
                           _("Convolves with the whole kernel by FFT, chord sums or all its "
                             "separable terms, whichever is fastest"), NULL);
  g_signal_connect (d->exact_toggle, "toggled", G_CALLBACK (exact_toggled), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->exact_toggle, FALSE, FALSE, 0);
  d->auto_toggle = gtk_check_button_new_with_mnemonic (_("_Automatic rank: keep this much energy"));
  g_signal_connect (d->auto_toggle, "toggled", G_CALLBACK (auto_toggled), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->auto_toggle, FALSE, FALSE, 0);

  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  lrb_scale_entry_init (&d->energy, GTK_TABLE (table), 0, _("_Energy (%):"), 99, 50, 100, 0.1,
                        2, _("Share of Σσ² the automatic rank keeps"));
  g_signal_connect (d->energy.adjustment, "value-changed", G_CALLBACK (energy_changed), d);
  lrb_scale_entry_init (&d->rank, GTK_TABLE (table), 1, _("Ran_k:"), 8, 1, 64, 1, 0,
                        _("Separable terms: one vertical and one horizontal pass each"));
  g_signal_connect (d->rank.adjustment, "value-changed", G_CALLBACK (rank_adj_changed), d);
  gtk_box_pack_start (GTK_BOX (vbox), table, FALSE, FALSE, 0);
  d->nonnegative_toggle =
    gtk_check_button_new_with_mnemonic (_("No dark rings (non-negative _factors)"));
  g_signal_connect (d->nonnegative_toggle, "toggled", G_CALLBACK (nonnegative_toggled), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->nonnegative_toggle, FALSE, FALSE, 0);

  /* The plot and the thumbnails share what height the window has. */
  d->plot = lrb_energy_plot_new ();
  gtk_widget_set_size_request (d->plot, 360, 150);
  g_signal_connect (d->plot, "notify::rank", G_CALLBACK (plot_rank_changed), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->plot, TRUE, TRUE, 0);

  hbox = gtk_hbox_new (FALSE, 6);
  gtk_box_pack_start (GTK_BOX (hbox), gtk_label_new (_("Energy shown as:")), FALSE, FALSE, 0);
  d->kind_combo = gimp_int_combo_box_new (lrb_energy_kind_get_label (LRB_ENERGY_SQUARED),
                                          LRB_ENERGY_SQUARED,
                                          lrb_energy_kind_get_label (LRB_ENERGY_ABSOLUTE),
                                          LRB_ENERGY_ABSOLUTE, NULL);
  lrb_int_combo_box_connect (d->kind_combo, LRB_ENERGY_SQUARED, G_CALLBACK (kind_selected), d);
  gtk_box_pack_start (GTK_BOX (hbox), d->kind_combo, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), hbox, FALSE, FALSE, 0);

  d->view = lrb_kernel_view_new ();
  gtk_widget_set_size_request (d->view, 360, 130);
  gtk_box_pack_start (GTK_BOX (vbox), d->view, TRUE, TRUE, 0);
  return vbox;
}

static GtkWidget *
look_panel (Dialog *d)
{
  GtkWidget *table = gtk_table_new (2, 3, FALSE);
  GtkWidget *label;

  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  lrb_scale_entry_init (&d->gamma, GTK_TABLE (table), 0, _("Ga_mma (fake HDR):"), 1, 1, 10, 0.1,
                        2, _("Above 1, highlights bloom into the kernel's shape"));
  g_signal_connect (d->gamma.adjustment, "value-changed", G_CALLBACK (look_changed), d);
  d->edge_combo = gimp_int_combo_box_new (_("Clamp"), LRB_EDGE_CLAMP, _("Mirror"), LRB_EDGE_MIRROR,
                                          _("Zero"), LRB_EDGE_ZERO, NULL);
  g_signal_connect (d->edge_combo, "changed", G_CALLBACK (look_changed), d);
  label = gtk_label_new_with_mnemonic (_("Ed_ges:"));
  gtk_misc_set_alignment (GTK_MISC (label), 0, 0.5);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), d->edge_combo);
  gtk_table_attach (GTK_TABLE (table), label, 0, 1, 1, 2, GTK_FILL, 0, 0, 0);
  gtk_table_attach (GTK_TABLE (table), d->edge_combo, 1, 3, 1, 2, GTK_FILL, 0, 0, 0);
  lrb_dialog_photo_attach_highlights (d->photo, GTK_TABLE (table), 2);
  lrb_dialog_look_attach (d->look, GTK_TABLE (table), 5);
  return table;
}

/* A notebook page with a border; `child` takes the page's height when it
 * can use it (`grow`), else it stays at the top. */
static void
add_page (Dialog *d, const gchar *title, GtkWidget *child, gboolean grow)
{
  GtkWidget *page = gtk_vbox_new (FALSE, 0);

  gtk_container_set_border_width (GTK_CONTAINER (page), 8);
  gtk_box_pack_start (GTK_BOX (page), child, grow, grow, 0);
  gtk_notebook_append_page (GTK_NOTEBOOK (d->notebook), page, gtk_label_new (title));
}

static GtkWidget *
summary_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_misc_set_alignment (GTK_MISC (label), 0, 0);
  /* An error or a long translation wraps: the column does not widen. */
  lrb_gtk_label_wrap (label, 360);
  return label;
}

/* A camera sets the kernel's size. */
static void
update_depth_sensitivity (Dialog *d)
{
  lrb_scale_entry_set_sensitive (&d->param[P_RADIUS], !lrb_dialog_photo_uses_camera (d->photo));
}

/* Puts the settings into the widgets (at start and on Reset). */
static void
load_settings (Dialog *d)
{
  const LrbKernelSpec *spec = &d->settings->kernel;
  const gdouble        values[N_NUMERIC_PARAMS] = {
    [P_RADIUS] = spec->radius, [P_BLADES] = spec->blades, [P_ROTATION] = spec->rotation,
    [P_CURVATURE] = spec->curvature, [P_INNER_RADIUS] = spec->inner_radius,
    [P_WIDTH] = spec->width > 0 ? spec->width : 2 * spec->radius + 1,
    [P_HEIGHT] = spec->height > 0 ? spec->height : 2 * spec->radius + 1,
    [P_SKEW] = spec->skew > 0 ? spec->skew : 60, [P_SIGMA] = spec->sigma_x,
    [P_SIGMA_Y] = spec->sigma_y, [P_SIGMA_RATIO] = spec->sigma_ratio > 0 ? spec->sigma_ratio : 2,
    [P_DOG_WEIGHT] = spec->dog_weight > 0 ? spec->dog_weight : 0.5,
  };

  d->loading = TRUE;
  d->ui_shape = lrb_ui_shape_from_spec (spec, d->custom_path);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (d->shape_combo), d->ui_shape);
  for (gint i = 0; i < N_NUMERIC_PARAMS; i++)
    lrb_scale_entry_set_value (&d->param[i], values[i]);
  /* The file at once: the chooser may show it only after a main loop turn. */
  g_clear_pointer (&d->chosen_file, g_free);
  if (spec->shape == LRB_SHAPE_FILE && spec->file && d->ui_shape == LRB_UI_FILE)
    {
      d->chosen_file = g_strdup (spec->file);
      gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (d->file_button), spec->file);
    }
  if (d->ui_shape == LRB_UI_PAINTED)
    {
      g_autoptr (LrbKernel) painted = lrb_kernel_load (d->custom_path, NULL);

      if (painted)
        lrb_kernel_painter_set_kernel (LRB_KERNEL_PAINTER (d->painter), painted);
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->exact_toggle),
                                d->settings->rank == LRB_RANK_EXACT);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->auto_toggle), d->settings->rank == 0);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->nonnegative_toggle),
                                d->settings->factorization == LRB_FACTORIZATION_NONNEGATIVE);
  update_rank_sensitivity (d);
  lrb_scale_entry_set_value (&d->energy, 100 * d->settings->energy_target);
  lrb_scale_entry_set_value (&d->gamma, d->settings->gamma);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (d->edge_combo), d->settings->edge);
  lrb_dialog_photo_load (d->photo, d->depth);
  lrb_dialog_look_load (d->look);
  update_depth_sensitivity (d);
  d->loading = FALSE;
  show_params (d);
  kernel_changed (d);
}

static void
preview_invalidated (GimpPreview *preview, Dialog *d)
{
  schedule_preview (d);
}

/* Whether OK will leave an editable filter: possible only without a
 * depth map (and with the operation installed), so the note follows the
 * depth panel. */
static void
update_filter_row (Dialog *d)
{
  const gchar *why;

  if (!d->result || !d->filter_toggle)
    return;
  why = d->result->unavailable (d->settings, lrb_dialog_photo_get_depth (d->photo));
  gtk_widget_set_sensitive (d->filter_toggle, why == NULL);
  if (why)
    gtk_label_set_text (GTK_LABEL (d->filter_note), why);
  else if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->filter_toggle)))
    gtk_label_set_text (GTK_LABEL (d->filter_note),
                        _("OK adds the blur to the layer's filters: double-click it in the "
                          "Layers dialog to change it, or merge it later."));
  else
    gtk_label_set_text (GTK_LABEL (d->filter_note),
                        _("OK writes the blur into the layer's pixels."));
}

static void
filter_toggled (GtkToggleButton *toggle, Dialog *d)
{
  update_filter_row (d);
}

static GtkWidget *
filter_row (Dialog *d)
{
  GtkWidget *row = gtk_vbox_new (FALSE, 6);

  d->filter_toggle = gtk_check_button_new_with_label (_("Keep as an editable filter"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->filter_toggle), d->result->as_filter);
  g_signal_connect (d->filter_toggle, "toggled", G_CALLBACK (filter_toggled), d);
  gtk_box_pack_start (GTK_BOX (row), d->filter_toggle, FALSE, FALSE, 0);
  d->filter_note = gtk_label_new (NULL);
  gtk_label_set_line_wrap (GTK_LABEL (d->filter_note), TRUE);
  /* Wrapped text asks for no width of its own: keep the column's. */
  gtk_widget_set_size_request (d->filter_note, 300, -1);
  gtk_misc_set_alignment (GTK_MISC (d->filter_note), 0.0, 0.5);
  gimp_label_set_attributes (GTK_LABEL (d->filter_note), PANGO_ATTR_STYLE,
                             PANGO_STYLE_ITALIC, -1);
  gtk_box_pack_start (GTK_BOX (row), d->filter_note, TRUE, TRUE, 0);
  gtk_widget_show_all (row);
  return row;
}

/* The Look page; in GIMP 3 also what OK makes of the result (a filter or
 * pixels), which concerns the whole image's look, not one panel. */
static GtkWidget *
look_page (Dialog *d)
{
  GtkWidget *page = gtk_vbox_new (FALSE, 12);

  gtk_box_pack_start (GTK_BOX (page), look_panel (d), FALSE, FALSE, 0);
  if (d->result)
    gtk_box_pack_start (GTK_BOX (page), filter_row (d), FALSE, FALSE, 0);
  return page;
}

static void
photo_changed (gpointer data)
{
  Dialog *d = data;

  update_depth_sensitivity (d);
  update_filter_row (d);
  schedule_preview (d);
}

/* The size and page the user left the dialog at, kept apart from the
 * filter's settings: they are no argument of the procedure, and GIMP 3's
 * last values are its arguments. */
static gchar *
state_path (void)
{
  return g_build_filename (gimp_directory (), "lowrank-bokeh", "dialog.ini", NULL);
}

static void
restore_window (Dialog *d, gint *width, gint *height)
{
  g_autofree gchar *path = state_path ();
  GdkScreen        *screen = gtk_widget_get_screen (d->dialog);
  GdkRectangle      monitor;
  gint              saved_width, saved_height, page;

  lrb_window_load_state (path, &saved_width, &saved_height, &page);
  gdk_screen_get_monitor_geometry (screen, gdk_screen_get_primary_monitor (screen), &monitor);
  lrb_window_default_size (monitor.width, monitor.height, saved_width, saved_height, width,
                           height);
  gtk_window_set_default_size (GTK_WINDOW (d->dialog), *width, *height);
  gtk_notebook_set_current_page (GTK_NOTEBOOK (d->notebook), page);
  /* What to write back when the user leaves the size alone. */
  *width = saved_width;
  *height = saved_height;
}

/* Remembers the page, and the size when the user changed it: a size
 * never chosen follows the screen. */
static void
save_window (Dialog *d, gint opened_width, gint opened_height, gint saved_width,
             gint saved_height)
{
  g_autofree gchar  *path = state_path ();
  g_autoptr (GError) error = NULL;
  gint               width, height;

  gtk_window_get_size (GTK_WINDOW (d->dialog), &width, &height);
  if (width == opened_width && height == opened_height)
    {
      width = saved_width;
      height = saved_height;
    }
  if (!lrb_window_save_state (path, width, height,
                              gtk_notebook_get_current_page (GTK_NOTEBOOK (d->notebook)),
                              &error))
    g_printerr ("lowrank-bokeh: %s\n", error->message);
}

gboolean
lrb_dialog_run (LrbDrawable drawable, LrbDrawable *depth, LrbSettings *settings)
{
  return lrb_dialog_run_full (drawable, depth, settings, NULL);
}

gboolean
lrb_dialog_run_full (LrbDrawable drawable, LrbDrawable *depth, LrbSettings *settings,
                     LrbDialogResult *result)
{
  Dialog     d = { 0 };
  GtkWidget *main_box, *right;
  gboolean   ok = FALSE;
  gint       response, saved_width, saved_height, opened_width, opened_height;

  lrb_ui_init ("lowrank-bokeh");
  d.drawable = drawable;
  d.depth = *depth;
  d.settings = settings;
  d.layer_id = lrb_drawable_get_id (drawable);
  d.result = result;
  d.custom_path = g_build_filename (gimp_directory (), "lowrank-bokeh", "custom-kernel.txt", NULL);

  d.dialog = gimp_dialog_new (_("Low-Rank Bokeh"), "lowrank-bokeh", NULL, 0,
                              gimp_standard_help_func, LRB_HELP_ID,
                              LRB_LABEL_RESET, RESPONSE_RESET,
                              LRB_LABEL_CANCEL, GTK_RESPONSE_CANCEL,
                              LRB_LABEL_OK, GTK_RESPONSE_OK, NULL);
  gtk_dialog_set_alternative_button_order (GTK_DIALOG (d.dialog), RESPONSE_RESET,
                                           GTK_RESPONSE_OK, GTK_RESPONSE_CANCEL, -1);
  gtk_window_set_resizable (GTK_WINDOW (d.dialog), TRUE);
  gimp_window_set_transient (GTK_WINDOW (d.dialog));

  main_box = gtk_hbox_new (FALSE, 12);
  gtk_container_set_border_width (GTK_CONTAINER (main_box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (d.dialog))),
                      main_box, TRUE, TRUE, 0);

  /* The preview takes whatever room the window has beyond the column. */
  d.preview_widget = lrb_drawable_preview_new (drawable);
  gtk_widget_set_size_request (d.preview_widget, 360, 300);
  g_signal_connect (d.preview_widget, "invalidated", G_CALLBACK (preview_invalidated), &d);
  gtk_box_pack_start (GTK_BOX (main_box), d.preview_widget, TRUE, TRUE, 0);
  d.photo = lrb_dialog_photo_new (drawable, settings, *depth, GIMP_PREVIEW (d.preview_widget),
                                  photo_changed, &d);
  d.look = lrb_dialog_look_new (settings, photo_changed, &d);

  right = gtk_vbox_new (FALSE, 6);
  d.notebook = gtk_notebook_new ();
  add_page (&d, _("Kernel"), kernel_panel (&d), FALSE);
  add_page (&d, _("Rank"), rank_panel (&d), TRUE);
  add_page (&d, _("Depth of field"), lrb_dialog_photo_depth_panel (d.photo), FALSE);
  add_page (&d, _("Look"), look_page (&d), FALSE);
  gtk_box_pack_start (GTK_BOX (right), d.notebook, TRUE, TRUE, 0);
  d.summary = summary_new ();
  gtk_box_pack_start (GTK_BOX (right), d.summary, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (main_box), right, FALSE, FALSE, 0);
  lrb_notebook_follow_mnemonics (GTK_WINDOW (d.dialog), GTK_NOTEBOOK (d.notebook));

  d.preview = lrb_preview_new (drawable, GIMP_PREVIEW (d.preview_widget), preview_done, &d);
  d.nonnegative = lrb_nonnegative_worker_new (nonnegative_result, &d);
  /* Hide the other shapes' rows before the window takes its size. */
  gtk_widget_show_all (main_box);
  load_settings (&d);
  update_filter_row (&d);
  restore_window (&d, &saved_width, &saved_height);
  lrb_window_log_layout (GTK_WINDOW (d.dialog), GTK_NOTEBOOK (d.notebook),
                         gimp_preview_get_area (GIMP_PREVIEW (d.preview_widget)));
  gtk_widget_show (d.dialog);
  gtk_window_get_size (GTK_WINDOW (d.dialog), &opened_width, &opened_height);

  while ((response = gimp_dialog_run (GIMP_DIALOG (d.dialog))) == RESPONSE_RESET)
    {
      lrb_settings_clear (settings);
      lrb_settings_init (settings);
      d.depth = LRB_NO_DRAWABLE;
      load_settings (&d);
    }
  ok = response == GTK_RESPONSE_OK;
  if (ok)
    {
      spec_from_widgets (&d);
      *depth = lrb_dialog_photo_get_depth (d.photo);
      /* The camera reads a depth map: without one, scripts and Repeat
       * would be refused a camera that did nothing here. */
      if (*depth == LRB_NO_DRAWABLE)
        settings->use_camera = FALSE;
      if (result)
        result->as_filter =
          gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d.filter_toggle)) &&
          gtk_widget_is_sensitive (d.filter_toggle);
    }
  save_window (&d, opened_width, opened_height, saved_width, saved_height);

  if (d.preview_timeout)
    g_source_remove (d.preview_timeout);
  lrb_preview_free (d.preview);
  lrb_nonnegative_worker_free (d.nonnegative);
  gtk_widget_destroy (d.dialog);
  lrb_dialog_photo_free (d.photo);
  lrb_dialog_look_free (d.look);
  lrb_kernel_free (d.kernel);
  lrb_analysis_free (d.analysis);
  lrb_analysis_free (d.applied);
  lrb_kernel_free (d.nn_approx);
  lrb_measured_clear (&d.note);
  g_free (d.note_path);
  g_free (d.chosen_file);
  g_clear_error (&d.negative);
  g_free (d.custom_path);
  g_free (d.method);
  return ok;
}
