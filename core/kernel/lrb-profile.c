/* lowrank-bokeh — the aperture's brightness profile.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-profile.h"

#include <math.h>

static const gchar *const profile_nicks[LRB_N_PROFILES] = {
  "flat", "soap-bubble", "smooth", "onion-rings",
};

/* Taps below this share of the largest are outside the shape: a
 * Gaussian's far tail, a measured kernel's left-over noise or an 8-bit
 * image kernel's JPEG ripple (a step or two of 255) does not push the
 * edge out to the frame. */
#define SUPPORT_THRESHOLD 1e-2
/* Inside, before the transform: farther than any kernel is wide. */
#define FAR 1e20

const gchar *
lrb_profile_to_nick (LrbProfile profile)
{
  g_return_val_if_fail (profile >= 0 && profile < LRB_N_PROFILES, NULL);
  return profile_nicks[profile];
}

gboolean
lrb_profile_from_nick (const gchar *nick, LrbProfile *profile)
{
  for (gint i = 0; i < LRB_N_PROFILES; i++)
    if (g_strcmp0 (nick, profile_nicks[i]) == 0)
      {
        *profile = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
lrb_profile_active (LrbProfile profile, gdouble strength)
{
  return profile != LRB_PROFILE_FLAT && strength != 0.0;
}

gdouble
lrb_profile_weight (LrbProfile profile, gdouble strength, gdouble place, gdouble depth)
{
  gdouble rings;

  switch (profile)
    {
    case LRB_PROFILE_SOAP_BUBBLE:
      /* Most of the rise in the outer fifth: a thin bright rim, up to 5×
       * the middle. */
      return 1.0 + 4.0 * strength * pow (place, 4.0);
    case LRB_PROFILE_SMOOTH:
      /* A Gaussian fall, the edge at e⁻³ of the middle at full strength. */
      return exp (-3.0 * strength * place * place);
    case LRB_PROFILE_ONION_RINGS:
      /* Bright at the middle and at the rim, dips between. */
      rings = CLAMP (floor (depth / 3.0), 1.0, 6.0);
      return 1.0 + 0.5 * strength * cos (2.0 * G_PI * rings * place);
    default:
      return 1.0;
    }
}

/* One line of the squared distance transform: d[q] = min_p (q − p)² +
 * f[p], by the lower envelope of the parabolas rooted at each p.  f[0]
 * is 0 (the frame), so every envelope starts finite. */
static void
distance_1d (const gdouble *f, gdouble *d, gint n, gint *v, gdouble *z)
{
  gint k = 0;

  v[0] = 0;
  z[0] = -G_MAXDOUBLE;
  z[1] = G_MAXDOUBLE;
  for (gint q = 1; q < n; q++)
    {
      gdouble s;

      for (;;)
        {
          s = ((f[q] + (gdouble) q * q) - (f[v[k]] + (gdouble) v[k] * v[k])) /
              (2.0 * q - 2.0 * v[k]);
          if (s > z[k])
            break;
          k--;
        }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = G_MAXDOUBLE;
    }
  k = 0;
  for (gint q = 0; q < n; q++)
    {
      while (z[k + 1] < q)
        k++;
      d[q] = (gdouble) (q - v[k]) * (q - v[k]) + f[v[k]];
    }
}

/* The distance of each tap to the nearest one outside the support, on a
 * grid one tap larger all round so the frame counts as outside. */
static gdouble *
distance_to_edge (const LrbKernel *kernel)
{
  gint     rows = kernel->rows + 2, cols = kernel->cols + 2, n = MAX (rows, cols);
  gdouble  tiny = SUPPORT_THRESHOLD * lrb_kernel_max_abs (kernel);
  gdouble *grid = g_new (gdouble, (gsize) rows * cols);
  gdouble *f = g_new (gdouble, n), *d = g_new (gdouble, n), *z = g_new (gdouble, n + 1);
  gint    *v = g_new (gint, n);

  for (gint i = 0; i < rows; i++)
    for (gint j = 0; j < cols; j++)
      {
        gboolean inside = i > 0 && j > 0 && i <= kernel->rows && j <= kernel->cols &&
                          fabs (lrb_kernel_get (kernel, i - 1, j - 1)) > tiny;

        grid[(gsize) i * cols + j] = inside ? FAR : 0.0;
      }
  for (gint j = 0; j < cols; j++)
    {
      for (gint i = 0; i < rows; i++)
        f[i] = grid[(gsize) i * cols + j];
      distance_1d (f, d, rows, v, z);
      for (gint i = 0; i < rows; i++)
        grid[(gsize) i * cols + j] = d[i];
    }
  for (gint i = 0; i < rows; i++)
    {
      distance_1d (grid + (gsize) i * cols, d, cols, v, z);
      for (gint j = 0; j < cols; j++)
        grid[(gsize) i * cols + j] = sqrt (d[j]);
    }
  g_free (f);
  g_free (d);
  g_free (z);
  g_free (v);
  return grid;
}

LrbKernel *
lrb_kernel_new_profiled (const LrbKernel *kernel, LrbProfile profile, gdouble strength)
{
  LrbKernel *out = lrb_kernel_copy (kernel);
  gint       cols = kernel->cols + 2;
  gdouble   *distance;
  gdouble    depth = 0.0, sum = lrb_kernel_sum (kernel), new_sum;

  if (!lrb_profile_active (profile, strength))
    return out;
  distance = distance_to_edge (kernel);
  for (gint i = 0; i < kernel->rows; i++)
    for (gint j = 0; j < kernel->cols; j++)
      depth = MAX (depth, distance[(gsize) (i + 1) * cols + j + 1]);
  /* Every tap on the edge (a kernel two taps wide): no middle to differ
   * from, and a 1 × 1 identity stays exactly 1. */
  if (depth <= 1.0)
    {
      g_free (distance);
      return out;
    }
  for (gint i = 0; i < kernel->rows; i++)
    for (gint j = 0; j < kernel->cols; j++)
      {
        gdouble d = distance[(gsize) (i + 1) * cols + j + 1];
        /* The edge taps lie 1 from the outside ones, the middle's `depth`. */
        gdouble place = CLAMP ((depth - d) / (depth - 1.0), 0.0, 1.0);

        if (d > 0.0)
          out->data[(gsize) i * kernel->cols + j] *=
            lrb_profile_weight (profile, strength, place, depth);
      }
  g_free (distance);
  new_sum = lrb_kernel_sum (out);
  if (fabs (sum) > 1e-12 && fabs (new_sum) > 1e-12)
    for (gsize t = 0; t < (gsize) out->rows * out->cols; t++)
      out->data[t] *= sum / new_sum;
  return out;
}
