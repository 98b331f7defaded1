/* lowrank-bokeh — circles of confusion and the kernels of each level.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-focus.h"

#include <math.h>

void
lrb_focus_init (LrbFocus *focus)
{
  focus->focus = 0.5;
  focus->tolerance = 0.0;
  focus->invert = FALSE;
}

gboolean
lrb_focus_validate (const LrbFocus *focus, GError **error)
{
  if (!(focus->focus >= 0.0 && focus->focus <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "focus %g is out of range (0 near to 1 far)", focus->focus);
      return FALSE;
    }
  if (!(focus->tolerance >= 0.0 && focus->tolerance < 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "focus tolerance %g is out of range (0 to below 1)", focus->tolerance);
      return FALSE;
    }
  return TRUE;
}

void
lrb_focus_levels_init (LrbFocusLevels *levels, gdouble radius)
{
  levels->radius = CLAMP (radius, 0.5, LRB_MAX_RADIUS);
  if (levels->radius <= LRB_FOCUS_LINEAR_LEVELS)
    levels->n = (gint) ceil (levels->radius - 1e-9);
  else
    levels->n = LRB_FOCUS_LINEAR_LEVELS +
                (gint) ceil (log (levels->radius / LRB_FOCUS_LINEAR_LEVELS) /
                             log (LRB_FOCUS_LEVEL_RATIO) - 1e-9);
  levels->n = MIN (levels->n, LRB_FOCUS_MAX_LEVELS);
  for (gint k = 0; k < levels->n; k++)
    levels->radii[k] = k <= LRB_FOCUS_LINEAR_LEVELS
                       ? k
                       : LRB_FOCUS_LINEAR_LEVELS * pow (LRB_FOCUS_LEVEL_RATIO,
                                                        k - LRB_FOCUS_LINEAR_LEVELS);
  levels->radii[levels->n] = levels->radius;
}

gdouble
lrb_focus_level_radius (const LrbFocusLevels *levels, gint level)
{
  return levels->radii[MIN (ABS (level), levels->n)];
}

gdouble
lrb_focus_defocus (const LrbFocus *focus, gdouble depth)
{
  gdouble d = isnan (depth) ? focus->focus : CLAMP (depth, 0.0, 1.0);
  gdouble away;

  if (focus->invert)
    d = 1.0 - d;
  away = fabs (d - focus->focus) - focus->tolerance;
  return away > 0.0 ? MIN (away / (1.0 - focus->tolerance), 1.0) : 0.0;
}

gint
lrb_focus_level (const LrbFocus *focus, const LrbFocusLevels *levels, gdouble depth)
{
  gdouble d = isnan (depth) ? focus->focus : CLAMP (depth, 0.0, 1.0);
  gdouble radius = lrb_focus_defocus (focus, depth) * levels->radius;
  gint    lo = 0, hi = levels->n;

  if (focus->invert)
    d = 1.0 - d;
  /* The last level whose midpoint with the one below lies at or under the
   * radius: the nearest level. */
  while (lo < hi)
    {
      gint mid = (lo + hi + 1) / 2;

      if (radius >= 0.5 * (levels->radii[mid - 1] + levels->radii[mid]))
        lo = mid;
      else
        hi = mid - 1;
    }
  return d < focus->focus ? -lo : lo;
}

gdouble
lrb_focus_full_radius (const LrbKernelSpec *spec, const LrbKernel *full)
{
  gboolean sized_by_width = (spec->shape == LRB_SHAPE_BOX || spec->shape == LRB_SHAPE_SKEWED_BOX)
                            && spec->width > 0;

  if (spec->shape == LRB_SHAPE_FILE || sized_by_width || spec->radius <= 0)
    return MAX (0.5, (MAX (full->rows, full->cols) - 1) / 2.0);
  return spec->radius;
}

/* The output half-size and the area weights of one axis: weights[o][i] is
 * how much of output offset o (scaled back by 1/scale) input pixel i
 * covers.  Returns the half-size; the side is 2·half + 1. */
static gint
axis_weights (gint side, gdouble scale, gdouble **weights_out)
{
  gint     anchor = side / 2;
  gint     below = (gint) ceil ((anchor + 0.5) * scale - 0.5 - 1e-9);
  gint     above = (gint) ceil ((side - anchor - 0.5) * scale - 0.5 - 1e-9);
  gint     half = MAX (0, MAX (below, above));
  gint     out_side = 2 * half + 1;
  gdouble *w = g_new0 (gdouble, (gsize) out_side * side);

  for (gint o = 0; o < out_side; o++)
    {
      gdouble lo = (o - half - 0.5) / scale, hi = (o - half + 0.5) / scale;

      for (gint i = 0; i < side; i++)
        {
          gdouble a = MAX (lo, i - anchor - 0.5), b = MIN (hi, i - anchor + 0.5);

          w[(gsize) o * side + i] = b > a ? b - a : 0.0;
        }
    }
  *weights_out = w;
  return half;
}

LrbKernel *
lrb_kernel_new_scaled (const LrbKernel *kernel, gdouble scale, GError **error)
{
  g_autofree gdouble *wy = NULL, *wx = NULL, *rows_done = NULL;
  g_autoptr (LrbKernel) out = NULL;
  gint                  rows, cols;
  gdouble               sum_in, sum_out;

  if (!(scale > 0.0 && scale <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "kernel scale %g is out of range (above 0, at most 1)", scale);
      return NULL;
    }
  rows = 2 * axis_weights (kernel->rows, scale, &wy) + 1;
  cols = 2 * axis_weights (kernel->cols, scale, &wx) + 1;
  if (!(out = lrb_kernel_new (rows, cols, error)))
    return NULL;

  /* Separable area weights: the columns first, then the rows. */
  rows_done = g_new0 (gdouble, (gsize) kernel->rows * cols);
  for (gint i = 0; i < kernel->rows; i++)
    for (gint b = 0; b < cols; b++)
      {
        gdouble acc = 0.0;

        for (gint k = 0; k < kernel->cols; k++)
          acc += wx[(gsize) b * kernel->cols + k] * lrb_kernel_get (kernel, i, k);
        rows_done[(gsize) i * cols + b] = acc;
      }
  for (gint a = 0; a < rows; a++)
    for (gint b = 0; b < cols; b++)
      {
        gdouble acc = 0.0;

        for (gint i = 0; i < kernel->rows; i++)
          acc += wy[(gsize) a * kernel->rows + i] * rows_done[(gsize) i * cols + b];
        out->data[(gsize) a * cols + b] = acc;
      }

  sum_in = lrb_kernel_sum (kernel);
  sum_out = lrb_kernel_sum (out);
  if (fabs (sum_out) > 1e-300)
    for (gsize i = 0; i < (gsize) rows * cols; i++)
      out->data[i] *= sum_in / sum_out;
  return g_steal_pointer (&out);
}

static gdouble
scaled_length (gdouble length, gdouble scale, gdouble minimum)
{
  return length > 0 ? MAX (minimum, length * scale) : 0.0;
}

LrbKernel *
lrb_focus_level_kernel (const LrbKernelSpec *spec, const LrbKernel *full,
                        const LrbFocusLevels *levels, gint level, LrbProfile profile,
                        gdouble strength, GError **error)
{
  LrbKernel *kernel;

  if (level == 0)
    {
      kernel = lrb_kernel_new (1, 1, error);
      if (kernel)
        kernel->data[0] = 1.0;
      return kernel;
    }
  return lrb_focus_kernel_at_scale (spec, full, MIN (1.0, lrb_focus_level_radius (levels, level) /
                                                          levels->radius), profile, strength,
                                    error);
}

LrbKernel *
lrb_focus_kernel_at_scale (const LrbKernelSpec *spec, const LrbKernel *full, gdouble scale,
                           LrbProfile profile, gdouble strength, GError **error)
{
  LrbKernelSpec small;
  LrbKernel    *kernel;

  if (scale == 1.0)
    return lrb_kernel_copy (full);
  if (spec->shape == LRB_SHAPE_FILE)
    return lrb_kernel_new_scaled (full, scale, error);

  lrb_kernel_spec_copy (spec, &small);
  small.radius = MAX (0.5, spec->radius * scale);
  small.inner_radius = scaled_length (spec->inner_radius, scale, 0.0);
  small.width = scaled_length (spec->width, scale, 1.0);
  small.height = scaled_length (spec->height, scale, 1.0);
  small.sigma_x = scaled_length (spec->sigma_x, scale, 0.0);
  small.sigma_y = scaled_length (spec->sigma_y, scale, 0.0);
  kernel = lrb_kernel_new_from_spec (&small, error);
  lrb_kernel_spec_clear (&small);
  if (kernel && lrb_profile_active (profile, strength))
    {
      LrbKernel *profiled = lrb_kernel_new_profiled (kernel, profile, strength);

      lrb_kernel_free (kernel);
      kernel = profiled;
    }
  return kernel;
}
