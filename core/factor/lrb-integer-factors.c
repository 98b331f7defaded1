/* lowrank-bokeh — exact integer factorization of integer rank-1 kernels
 * (Sobel, binomial…) by GCDs of a row and a column.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-analysis.h"

#include <math.h>

#define MAX_EXACT 9007199254740992.0 /* 2^53: every integer below is a double */

static gint64
gcd64 (gint64 a, gint64 b)
{
  a = ABS (a);
  b = ABS (b);
  while (b)
    {
      gint64 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

/* Divides a line of the kernel by its gcd and makes its first non-zero
 * entry positive: the primitive integer vector along it. */
static void
primitive_vector (const gint64 *values, gint n, gint stride, gint64 *out)
{
  gint64 g = 0, sign = 0;

  for (gint i = 0; i < n; i++)
    {
      g = gcd64 (g, values[(gsize) i * stride]);
      if (!sign && values[(gsize) i * stride])
        sign = values[(gsize) i * stride] > 0 ? 1 : -1;
    }
  for (gint i = 0; i < n; i++)
    out[i] = sign * values[(gsize) i * stride] / g;
}

static gboolean
not_integer_rank1 (GError **error, const gchar *why)
{
  g_set_error (error, LRB_ERROR, LRB_ERROR_NOT_INTEGER_RANK1,
               "not an integer rank-1 kernel: %s", why);
  return FALSE;
}

LrbIntegerFactors *
lrb_integer_factors_new (const LrbKernel *kernel, GError **error)
{
  gint                m = kernel->rows, n = kernel->cols;
  gsize               count = (gsize) m * n;
  g_autofree gint64  *k = g_new (gint64, count);
  g_autoptr (LrbIntegerFactors) f = NULL;
  gint                i0 = -1, j0 = -1;

  for (gsize i = 0; i < count; i++)
    {
      gdouble v = kernel->data[i];

      if (!isfinite (v) || fabs (v) >= MAX_EXACT || v != round (v))
        {
          not_integer_rank1 (error, "it has entries that are not integers");
          return NULL;
        }
      k[i] = (gint64) v;
      if (k[i] && i0 < 0)
        {
          i0 = i / n;
          j0 = i % n;
        }
    }
  if (i0 < 0)
    {
      not_integer_rank1 (error, "it is all zeros");
      return NULL;
    }

  f = g_new0 (LrbIntegerFactors, 1);
  f->rows = m;
  f->cols = n;
  f->column = g_new (gint64, m);
  f->row = g_new (gint64, n);
  primitive_vector (k + (gsize) i0 * n, n, 1, f->row);
  primitive_vector (k + j0, m, n, f->column);

  /* gcd(a ⊗ b) = gcd(a)·gcd(b) = 1 for primitive a and b, so what is left
   * over is one integer: the scale. */
  f->scale = k[(gsize) i0 * n + j0] / (f->column[i0] * f->row[j0]);

  for (gint r = 0; r < m; r++)
    for (gint c = 0; c < n; c++)
      {
        gdouble product = (gdouble) f->scale * f->column[r] * f->row[c];

        if (fabs (product) >= MAX_EXACT || f->scale * f->column[r] * f->row[c] != k[(gsize) r * n + c])
          {
            not_integer_rank1 (error, "its rows are not all multiples of one integer vector");
            return NULL;
          }
      }
  return g_steal_pointer (&f);
}

void
lrb_integer_factors_free (LrbIntegerFactors *factors)
{
  if (!factors)
    return;
  g_free (factors->column);
  g_free (factors->row);
  g_free (factors);
}
