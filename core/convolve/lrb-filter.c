/* lowrank-bokeh — filters, the planner, and running a filter.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-filter.h"
#include "lrb-method.h"

#include <string.h>

/* Above this side the planner does not make its own SVD to learn an exact
 * kernel's rank (it would take longer than any convolution): it assumes
 * full rank, which only makes separable passes look dearer. */
#define PLANNER_MAX_SVD_SIDE 512

struct _LrbFilter
{
  LrbMethod   method;
  gint        rank;     /* LRB_RANK_EXACT or the factors' rank */
  gint        rows, cols;
  gdouble     kernel_sum;
  LrbFactors *factors;  /* separable: the terms it runs */
  LrbKernel  *kernel;   /* FFT and chord: what they convolve with */
  LrbFft     *fft;
  LrbChord   *chord;
};

static const gchar *const method_nicks[LRB_N_METHODS] = { "auto", "separable", "fft", "chord" };
static const gchar *const method_names[LRB_N_METHODS] = {
  "automatic", "separable passes", "FFT", "chord sums"
};

const gchar *
lrb_method_to_nick (LrbMethod method)
{
  g_return_val_if_fail (method >= 0 && method < LRB_N_METHODS, NULL);
  return method_nicks[method];
}

const gchar *
lrb_method_to_name (LrbMethod method)
{
  g_return_val_if_fail (method >= 0 && method < LRB_N_METHODS, NULL);
  return method_names[method];
}

gboolean
lrb_method_from_nick (const gchar *nick, LrbMethod *method)
{
  for (gint i = 0; i < LRB_N_METHODS; i++)
    if (g_strcmp0 (nick, method_nicks[i]) == 0)
      {
        *method = i;
        return TRUE;
      }
  return FALSE;
}

static LrbFactors *
factors_copy (const LrbFactors *f)
{
  LrbFactors *copy = g_new0 (LrbFactors, 1);

  *copy = *f;
  copy->vertical = g_new (gdouble, (gsize) f->rank * f->rows);
  copy->horizontal = g_new (gdouble, (gsize) f->rank * f->cols);
  memcpy (copy->vertical, f->vertical, sizeof (gdouble) * f->rank * f->rows);
  memcpy (copy->horizontal, f->horizontal, sizeof (gdouble) * f->rank * f->cols);
  return copy;
}

static gdouble
factors_sum (const LrbFactors *f)
{
  gdouble sum = 0.0;

  for (gint i = 0; i < f->rank; i++)
    {
      gdouble column = 0.0, row = 0.0;

      for (gint r = 0; r < f->rows; r++)
        column += f->vertical[(gsize) i * f->rows + r];
      for (gint k = 0; k < f->cols; k++)
        row += f->horizontal[(gsize) i * f->cols + k];
      sum += column * row;
    }
  return sum;
}

/* The terms that reproduce the kernel to rounding: its numerical rank. */
static LrbFactors *
exact_factors (const LrbKernel *kernel, GError **error)
{
  g_autoptr (LrbAnalysis) analysis = lrb_analysis_new (kernel, error);

  if (!analysis)
    return NULL;
  return lrb_factors_new (analysis, MAX (1, analysis->numerical_rank), error);
}

LrbFilter *
lrb_filter_new (const LrbKernel *kernel, const LrbFactors *factors, LrbMethod method,
                GError **error)
{
  g_autoptr (LrbFilter) filter = NULL;

  g_return_val_if_fail (kernel || factors, NULL);
  if (method <= LRB_METHOD_AUTO || method >= LRB_N_METHODS)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "method %d is not one a filter can run (separable, fft or chord; "
                   "lrb_planner_choose picks one)", method);
      return NULL;
    }
  if (factors && (factors->rank < 1 ||
                  (kernel && (kernel->rows != factors->rows || kernel->cols != factors->cols))))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "the factors do not match the kernel");
      return NULL;
    }

  filter = g_new0 (LrbFilter, 1);
  filter->method = method;
  filter->rank = factors ? factors->rank : LRB_RANK_EXACT;
  filter->rows = factors ? factors->rows : kernel->rows;
  filter->cols = factors ? factors->cols : kernel->cols;

  if (method == LRB_METHOD_SEPARABLE)
    {
      filter->factors = factors ? factors_copy (factors) : exact_factors (kernel, error);
      if (!filter->factors)
        return NULL;
      filter->kernel_sum = factors ? factors_sum (factors) : lrb_kernel_sum (kernel);
      return g_steal_pointer (&filter);
    }

  filter->kernel = factors ? lrb_factors_to_kernel (factors) : lrb_kernel_copy (kernel);
  filter->kernel_sum = lrb_kernel_sum (filter->kernel);
  if (method == LRB_METHOD_FFT)
    filter->fft = lrb_fft_new (filter->kernel);
  else if (!(filter->chord = lrb_chord_new (filter->kernel, error)))
    return NULL;
  return g_steal_pointer (&filter);
}

void
lrb_filter_free (LrbFilter *filter)
{
  if (!filter)
    return;
  lrb_fft_free (filter->fft);
  lrb_chord_free (filter->chord);
  g_clear_pointer (&filter->factors, lrb_factors_free);
  g_clear_pointer (&filter->kernel, lrb_kernel_free);
  g_free (filter);
}

void
lrb_filter_mark_exact (LrbFilter *filter)
{
  filter->rank = LRB_RANK_EXACT;
}

LrbMethod lrb_filter_get_method (const LrbFilter *filter) { return filter->method; }
gint      lrb_filter_get_rank   (const LrbFilter *filter) { return filter->rank; }
gint      lrb_filter_get_rows   (const LrbFilter *filter) { return filter->rows; }
gint      lrb_filter_get_cols   (const LrbFilter *filter) { return filter->cols; }
gdouble   lrb_filter_kernel_sum (const LrbFilter *filter) { return filter->kernel_sum; }

LrbKernel *
lrb_filter_to_kernel (const LrbFilter *filter)
{
  return filter->kernel ? lrb_kernel_copy (filter->kernel)
                        : lrb_factors_to_kernel (filter->factors);
}

static void
filter_method (const LrbFilter *filter, LrbTileMethod *method)
{
  switch (filter->method)
    {
    case LRB_METHOD_FFT:
      lrb_fft_method (filter->fft, method);
      break;
    case LRB_METHOD_CHORD:
      lrb_chord_method (filter->chord, method);
      break;
    default:
      lrb_separable_method (filter->factors, method);
      break;
    }
}

gboolean
lrb_filter_plan_tiles (const LrbFilter *filter, gint n_channels, const LrbRect *output,
                       const LrbEngineConfig *config, LrbTilePlan *plan, GError **error)
{
  LrbTileMethod method;

  filter_method (filter, &method);
  return method.plan (method.data, n_channels, output, config, plan, error);
}

gboolean
lrb_engine_run_filter (const LrbFilter *filter, LrbEdgeMode edge, const LrbEngineIO *io,
                       const LrbEngineConfig *config, LrbProgressFunc progress,
                       gpointer progress_data, GCancellable *cancellable,
                       LrbTilePlan *plan_out, GError **error)
{
  LrbTileMethod method;

  filter_method (filter, &method);
  return lrb_engine_run_method (&method, edge, io, config, progress, progress_data, cancellable,
                                plan_out, error);
}

gboolean
lrb_engine_run_filter_rects (const LrbFilter *filter, LrbEdgeMode edge, const LrbEngineIO *io,
                             const LrbRect *outputs, gint n_outputs,
                             const LrbEngineConfig *config, LrbProgressFunc progress,
                             gpointer progress_data, GCancellable *cancellable, GError **error)
{
  LrbTileMethod method;

  filter_method (filter, &method);
  return lrb_engine_run_method_rects (&method, edge, io, outputs, n_outputs, config, progress,
                                      progress_data, cancellable, NULL, error);
}

/* ---- The planner --------------------------------------------------------- */

typedef struct
{
  gint    rows, cols;
  gint    separable_rank;
  gint    chord_terms; /* −1: chord sums refuse the kernel */
  gdouble seconds[LRB_N_METHODS];
} Estimates;

static void
estimate_all (const LrbKernel *kernel, const LrbFactors *factors, const LrbAnalysis *analysis,
              gint c, const LrbRect *output, const LrbEngineConfig *config, Estimates *e)
{
  g_autoptr (LrbKernel) reconstructed = NULL;
  g_autoptr (LrbChord)  chord = NULL;
  const LrbKernel      *convolved = kernel;

  e->rows = factors ? factors->rows : kernel->rows;
  e->cols = factors ? factors->cols : kernel->cols;
  if (factors)
    e->separable_rank = factors->rank;
  else if (analysis)
    e->separable_rank = MAX (1, analysis->numerical_rank);
  else if (MIN (e->rows, e->cols) <= PLANNER_MAX_SVD_SIDE)
    {
      g_autoptr (LrbAnalysis) own = lrb_analysis_new (kernel, NULL);

      e->separable_rank = own ? MAX (1, own->numerical_rank) : MIN (e->rows, e->cols);
    }
  else
    e->separable_rank = MIN (e->rows, e->cols);

  if (factors)
    convolved = reconstructed = lrb_factors_to_kernel (factors);
  chord = lrb_chord_new (convolved, NULL);
  e->chord_terms = chord ? lrb_chord_n_terms (chord) : -1;

  e->seconds[LRB_METHOD_AUTO] = -1.0;
  e->seconds[LRB_METHOD_SEPARABLE] =
    lrb_separable_estimate (e->rows, e->cols, e->separable_rank, c, output, config);
  e->seconds[LRB_METHOD_FFT] = lrb_fft_estimate (e->rows, e->cols, c, output, config);
  e->seconds[LRB_METHOD_CHORD] =
    lrb_chord_estimate (e->rows, e->cols, e->chord_terms, c, output, config);
}

static gchar *
format_seconds (gdouble seconds)
{
  return seconds < 0.1 ? g_strdup_printf ("%.0f ms", seconds * 1e3)
                       : g_strdup_printf ("%.2f s", seconds);
}

static gchar *
explain (const Estimates *e, LrbMethod chosen)
{
  GString          *text = g_string_new (lrb_method_to_name (chosen));
  g_autofree gchar *time = format_seconds (e->seconds[chosen]);
  gboolean          first = TRUE;

  switch (chosen)
    {
    case LRB_METHOD_SEPARABLE:
      g_string_append_printf (text, ": %d term%s of %d + %d taps each is the least work",
                              e->separable_rank, e->separable_rank == 1 ? "" : "s",
                              e->rows, e->cols);
      break;
    case LRB_METHOD_FFT:
      g_string_append_printf (text, ": its cost hardly depends on the kernel, and %d separable "
                              "term%s of %d + %d taps would cost more", e->separable_rank,
                              e->separable_rank == 1 ? "" : "s", e->rows, e->cols);
      break;
    default:
      g_string_append_printf (text, ": the kernel is piecewise constant, %d run ends per "
                              "pixel instead of %d taps", e->chord_terms, e->rows * e->cols);
      break;
    }
  g_string_append_printf (text, "; estimated %s", time);
  for (gint m = LRB_METHOD_SEPARABLE; m < LRB_N_METHODS; m++)
    {
      g_autofree gchar *other = NULL;

      if (m == (gint) chosen)
        continue;
      g_string_append (text, first ? ", against " : ", ");
      first = FALSE;
      if (e->seconds[m] >= 0)
        {
          other = format_seconds (e->seconds[m]);
          g_string_append_printf (text, "%s by %s", other, lrb_method_to_name (m));
        }
      else if (m == LRB_METHOD_CHORD && e->chord_terms < 0)
        g_string_append (text, "no chord sums (the kernel is not piecewise constant)");
      else
        g_string_append_printf (text, "no %s (above the memory limit)", lrb_method_to_name (m));
    }
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

LrbMethod
lrb_planner_choose (const LrbKernel *kernel, const LrbFactors *factors,
                    const LrbAnalysis *analysis, gint n_channels, const LrbRect *output,
                    const LrbEngineConfig *config, gchar **why)
{
  Estimates e;
  LrbMethod best = LRB_METHOD_SEPARABLE;

  g_return_val_if_fail (kernel || factors, LRB_METHOD_SEPARABLE);
  estimate_all (kernel, factors, analysis, n_channels, output, config, &e);
  for (gint m = LRB_METHOD_SEPARABLE; m < LRB_N_METHODS; m++)
    if (e.seconds[m] >= 0 && (e.seconds[best] < 0 || e.seconds[m] < e.seconds[best]))
      best = m;
  if (why)
    *why = explain (&e, best);
  return best;
}

gdouble
lrb_planner_estimate (LrbMethod method, const LrbKernel *kernel, const LrbFactors *factors,
                      const LrbAnalysis *analysis, gint n_channels, const LrbRect *output,
                      const LrbEngineConfig *config)
{
  Estimates e;

  g_return_val_if_fail (method > LRB_METHOD_AUTO && method < LRB_N_METHODS, -1.0);
  g_return_val_if_fail (kernel || factors, -1.0);
  estimate_all (kernel, factors, analysis, n_channels, output, config, &e);
  return e.seconds[method];
}
