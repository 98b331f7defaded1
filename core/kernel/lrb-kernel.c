/* lowrank-bokeh — the kernel matrix.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-kernel.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK (lrb-error-quark, lrb_error)

static gboolean
check_size (gint rows, gint cols, GError **error)
{
  if (rows < 1 || cols < 1 || rows > LRB_KERNEL_MAX_SIDE || cols > LRB_KERNEL_MAX_SIDE)
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "kernel size %d×%d is out of range (1 to %d on each side)",
                   rows, cols, LRB_KERNEL_MAX_SIDE);
      return FALSE;
    }
  return TRUE;
}

LrbKernel *
lrb_kernel_new (gint rows, gint cols, GError **error)
{
  LrbKernel *kernel;

  if (!check_size (rows, cols, error))
    return NULL;

  kernel = g_new0 (LrbKernel, 1);
  kernel->rows = rows;
  kernel->cols = cols;
  kernel->data = g_new0 (gdouble, (gsize) rows * cols);
  return kernel;
}

LrbKernel *
lrb_kernel_new_from_data (gint rows, gint cols, const gdouble *data, GError **error)
{
  LrbKernel *kernel = lrb_kernel_new (rows, cols, error);

  if (kernel)
    memcpy (kernel->data, data, sizeof (gdouble) * rows * cols);
  return kernel;
}

LrbKernel *
lrb_kernel_copy (const LrbKernel *kernel)
{
  return lrb_kernel_new_from_data (kernel->rows, kernel->cols, kernel->data, NULL);
}

void
lrb_kernel_free (LrbKernel *kernel)
{
  if (!kernel)
    return;
  g_free (kernel->data);
  g_free (kernel);
}

gdouble
lrb_kernel_sum (const LrbKernel *kernel)
{
  gsize   n = (gsize) kernel->rows * kernel->cols;
  gdouble sum = 0.0;

  for (gsize i = 0; i < n; i++)
    sum += kernel->data[i];
  return sum;
}

gdouble
lrb_kernel_max_abs (const LrbKernel *kernel)
{
  gsize   n = (gsize) kernel->rows * kernel->cols;
  gdouble max = 0.0;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, fabs (kernel->data[i]));
  return max;
}

/* Every kernel that leaves a generator or a loader passes through here. */
gboolean
lrb_kernel_validate (const LrbKernel *kernel, GError **error)
{
  gsize n = (gsize) kernel->rows * kernel->cols;

  if (!check_size (kernel->rows, kernel->cols, error))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    if (!isfinite (kernel->data[i]))
      {
        g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                     "kernel entry at row %d, column %d is not a finite number",
                     (gint) (i / kernel->cols) + 1, (gint) (i % kernel->cols) + 1);
        return FALSE;
      }

  if (lrb_kernel_max_abs (kernel) == 0.0)
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                           "kernel is all zeros");
      return FALSE;
    }
  return TRUE;
}

/* A band-pass kernel (sum ≈ 0) or one with negative sum cannot be scaled to
 * sum 1 without flipping or exploding the image: refuse it by name. */
gboolean
lrb_kernel_normalize (LrbKernel *kernel, GError **error)
{
  gsize   n = (gsize) kernel->rows * kernel->cols;
  gdouble sum = lrb_kernel_sum (kernel);
  gdouble scale = lrb_kernel_max_abs (kernel) * sqrt ((gdouble) n);

  if (!(sum > 1e-9 * scale))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_KERNEL,
                   "kernel sum is %s (%g): it cannot be normalized to 1; "
                   "turn normalization off for band-pass kernels",
                   sum <= -1e-9 * scale ? "negative" : "zero", sum);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    kernel->data[i] /= sum;
  return TRUE;
}
