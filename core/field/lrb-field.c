/* lowrank-bokeh — a field of kernels: the aperture as it changes over the
 * frame.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-field.h"

#include <math.h>

#include "lrb-error.h"

void
lrb_field_init (LrbField *field)
{
  field->cats_eye = 0.0;
  field->swirl = 0.0;
  field->aspect = 1.0;
  field->aspect_rotation = 0.0;
  field->zone_size = 0;
  field->blend = 0.0;
  field->axial_color = 0.0;
  field->profile = LRB_PROFILE_FLAT;
  field->profile_strength = LRB_PROFILE_DEFAULT_STRENGTH;
}

gboolean
lrb_field_validate (const LrbField *field, GError **error)
{
  if (!(field->cats_eye >= 0.0 && field->cats_eye <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "cat's eye strength %g is out of range (0 to 1)", field->cats_eye);
      return FALSE;
    }
  if (!(field->swirl >= 0.0 && field->swirl <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "swirl strength %g is out of range (0 to 1)", field->swirl);
      return FALSE;
    }
  if (!(field->aspect == 0.0 ||
        (field->aspect >= 1.0 && field->aspect <= LRB_FIELD_MAX_ASPECT)))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "aspect %g is out of range (1 to %g, or 0 for round)", field->aspect,
                   LRB_FIELD_MAX_ASPECT);
      return FALSE;
    }
  if (!isfinite (field->aspect_rotation))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "aspect rotation %g is not a number of degrees", field->aspect_rotation);
      return FALSE;
    }
  if (!(field->profile >= 0 && field->profile < LRB_N_PROFILES))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "brightness profile %d is unknown (0 to %d)", field->profile,
                   LRB_N_PROFILES - 1);
      return FALSE;
    }
  if (!(field->profile_strength >= 0.0 && field->profile_strength <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "profile strength %g is out of range (0 to 1)", field->profile_strength);
      return FALSE;
    }
  if (field->zone_size != 0 &&
      !(field->zone_size >= LRB_FIELD_MIN_ZONE && field->zone_size <= LRB_FIELD_MAX_ZONE))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "field zone size %d is out of range (%d to %d pixels, 0 for automatic)",
                   field->zone_size, LRB_FIELD_MIN_ZONE, LRB_FIELD_MAX_ZONE);
      return FALSE;
    }
  if (!(field->blend >= 0.0 && field->blend <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "field blend %g is out of range (above 0 to 1, 0 for the default)",
                   field->blend);
      return FALSE;
    }
  if (!(field->axial_color >= 0.0 && field->axial_color <= 1.0))
    {
      g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                   "axial colour strength %g is out of range (0 to 1)", field->axial_color);
      return FALSE;
    }
  /* Each zone would need a kernel per channel group: not yet. */
  if (field->axial_color > 0.0 && (field->cats_eye > 0.0 || field->swirl > 0.0))
    {
      g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                           "axial colour does not yet work with cat's eye or swirl");
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_aspect (const LrbField *field)
{
  return field->aspect > 1.0;
}

gboolean
lrb_field_varies (const LrbField *field)
{
  return field->cats_eye != 0.0 || field->swirl != 0.0;
}

gboolean
lrb_field_equal (const LrbField *a, const LrbField *b)
{
  return a->cats_eye == b->cats_eye && a->zone_size == b->zone_size && a->blend == b->blend &&
         a->swirl == b->swirl && a->aspect == b->aspect &&
         a->aspect_rotation == b->aspect_rotation && a->axial_color == b->axial_color &&
         a->profile == b->profile && a->profile_strength == b->profile_strength;
}

gboolean
lrb_field_is_uniform (const LrbField *field)
{
  return !lrb_field_shapes_aperture (field) && field->axial_color == 0.0;
}

gboolean
lrb_field_shapes_aperture (const LrbField *field)
{
  return lrb_field_varies (field) || has_aspect (field);
}

gdouble
lrb_field_axial_scale (const LrbField *field)
{
  return 1.0 - LRB_FIELD_AXIAL_COLOR_SPREAD * field->axial_color;
}

gboolean
lrb_field_axial_keeps (gint channel, gboolean behind)
{
  return (channel == 1) == behind;
}

gdouble
lrb_field_blend (const LrbField *field)
{
  return field->blend > 0.0 ? field->blend : LRB_FIELD_DEFAULT_BLEND;
}

gdouble
lrb_field_aperture_radius (const LrbKernel *base)
{
  gint    ai = lrb_kernel_anchor_row (base), aj = lrb_kernel_anchor_col (base);
  gdouble tiny = 1e-12 * lrb_kernel_max_abs (base);
  gdouble radius = 0.0;

  for (gint i = 0; i < base->rows; i++)
    for (gint j = 0; j < base->cols; j++)
      if (fabs (lrb_kernel_get (base, i, j)) > tiny)
        radius = MAX (radius, hypot (i - ai, j - aj));
  return radius;
}

gint
lrb_field_zone_size (const LrbField *field, const LrbKernel *base, gint width, gint height)
{
  gdouble zone;

  if (field->zone_size > 0)
    return field->zone_size;
  zone = MAX (LRB_FIELD_ZONE_PER_RADIUS * lrb_field_aperture_radius (base),
              LRB_FIELD_ZONE_PER_HALF_DIAGONAL * 0.5 * hypot (width, height));
  return MAX (LRB_FIELD_MIN_ZONE, (gint) lround (zone));
}

/* base · the disc shifted by shift · (ux, uy), into `kernel` (base's copy),
 * kept at base's sum. */
static void
clip (LrbKernel *kernel, const LrbKernel *base, gdouble radius, gdouble shift, gdouble ux,
      gdouble uy)
{
  gint    ai = lrb_kernel_anchor_row (base), aj = lrb_kernel_anchor_col (base);
  gdouble sum;

  for (gint i = 0; i < kernel->rows; i++)
    for (gint j = 0; j < kernel->cols; j++)
      {
        /* A tap's offset is where its light lands from the source pixel. */
        gdouble d = hypot (j - aj - shift * ux, i - ai - shift * uy);

        kernel->data[(gsize) i * kernel->cols + j] *= CLAMP (radius + 0.5 - d, 0.0, 1.0);
      }
  /* The light that reaches the sensor is less; the user asked for the
   * shape, not the vignetting, so the brightness stays the base's. */
  sum = lrb_kernel_sum (kernel);
  if (fabs (sum) > 1e-12 && fabs (lrb_kernel_sum (base)) > 1e-12)
    {
      gdouble scale = lrb_kernel_sum (base) / sum;

      for (gsize t = 0; t < (gsize) kernel->rows * kernel->cols; t++)
        kernel->data[t] *= scale;
    }
}

/* Bilinear, zero outside. */
static gdouble
sample (const LrbKernel *k, gdouble i, gdouble j)
{
  gint    i0 = (gint) floor (i), j0 = (gint) floor (j);
  gdouble fi = i - i0, fj = j - j0, v = 0.0;

  for (gint di = 0; di <= 1; di++)
    for (gint dj = 0; dj <= 1; dj++)
      {
        gint r = i0 + di, c = j0 + dj;

        if (r >= 0 && r < k->rows && c >= 0 && c < k->cols)
          v += (di ? fi : 1.0 - fi) * (dj ? fj : 1.0 - fj) * lrb_kernel_get (k, r, c);
      }
  return v;
}

LrbKernel *
lrb_field_stretch (const LrbKernel *kernel, gdouble factor, gdouble angle, gint rows, gint cols)
{
  /* 4 × 4 samples per tap: a shape squeezed by 1/2 still averages its
   * edge instead of stepping it. */
  const gint n = 4;
  LrbKernel *out = lrb_kernel_new (rows, cols, NULL);
  gint       ai = lrb_kernel_anchor_row (kernel), aj = lrb_kernel_anchor_col (kernel);
  gint       oi = lrb_kernel_anchor_row (out), oj = lrb_kernel_anchor_col (out);
  /* Screen axes: x right, y up = −row. */
  gdouble    c = cos (angle), s = sin (angle);
  gdouble    sum, base_sum = lrb_kernel_sum (kernel);

  for (gint i = 0; i < rows; i++)
    for (gint j = 0; j < cols; j++)
      {
        gdouble v = 0.0;

        for (gint a = 0; a < n; a++)
          for (gint b = 0; b < n; b++)
            {
              gdouble x = j - oj + (b + 0.5) / n - 0.5, y = -(i - oi + (a + 0.5) / n - 0.5);
              /* The inverse map: along the direction ÷ factor, across × factor. */
              gdouble along = (x * c + y * s) / factor, across = (-x * s + y * c) * factor;
              gdouble bx = along * c - across * s, by = along * s + across * c;

              v += sample (kernel, ai - by, aj + bx);
            }
        out->data[(gsize) i * cols + j] = v / (n * n);
      }
  sum = lrb_kernel_sum (out);
  if (fabs (sum) > 1e-12 && fabs (base_sum) > 1e-12)
    for (gsize t = 0; t < (gsize) rows * cols; t++)
      out->data[t] *= base_sum / sum;
  return out;
}

LrbKernel *
lrb_field_base (const LrbField *field, const LrbKernel *kernel)
{
  gint    half = MAX (kernel->rows, kernel->cols) / 2;
  gdouble grow = (has_aspect (field) ? sqrt (field->aspect) : 1.0) * (1.0 + field->swirl);
  gint    side;

  if (!has_aspect (field) && field->swirl == 0.0)
    return lrb_kernel_copy (kernel);
  side = 2 * (gint) ceil (half * grow + 1.0) + 1;
  if (!has_aspect (field))
    {
      /* The swirl's room only: the kernel itself in the middle. */
      LrbKernel *padded = lrb_kernel_new (side, side, NULL);
      gint       di = lrb_kernel_anchor_row (padded) - lrb_kernel_anchor_row (kernel);
      gint       dj = lrb_kernel_anchor_col (padded) - lrb_kernel_anchor_col (kernel);

      for (gint i = 0; i < kernel->rows; i++)
        for (gint j = 0; j < kernel->cols; j++)
          padded->data[(gsize) (i + di) * side + j + dj] = lrb_kernel_get (kernel, i, j);
      return padded;
    }
  return lrb_field_stretch (kernel, sqrt (field->aspect), field->aspect_rotation * G_PI / 180.0,
                            side, side);
}

LrbKernel *
lrb_field_kernel_at (const LrbField *field, const LrbKernel *base, gdouble radius,
                     gint width, gint height, gdouble x, gdouble y)
{
  LrbKernel *kernel = lrb_kernel_copy (base);
  gdouble    cx = 0.5 * (width - 1), cy = 0.5 * (height - 1);
  gdouble    half_diagonal = 0.5 * hypot (width, height);
  gdouble    distance = hypot (cx - x, cy - y);
  gdouble    shift, ux, uy;

  /* In the vignetted lens the exit pupil is cut by the barrel's rim, a
   * circle that slides across the aperture as the field angle grows:
   * linear in the distance from the centre, one radius at the corners. */
  shift = field->cats_eye * MIN (distance / half_diagonal, 1.0) * radius;
  if (distance <= 0.0)
    return kernel;
  ux = (cx - x) / distance;
  uy = (cy - y) / distance;
  if (shift > 0.0)
    clip (kernel, base, radius, shift, ux, uy);
  if (field->swirl > 0.0)
    {
      /* Along the circle round the centre: across the line to it, whose
       * direction on screen (y up) is (ux, −uy), so the circle's is
       * (uy, ux). */
      LrbKernel *swirled = lrb_field_stretch (kernel,
                                              1.0 + field->swirl *
                                              MIN (distance / half_diagonal, 1.0),
                                              atan2 (ux, uy), kernel->rows, kernel->cols);

      lrb_kernel_free (kernel);
      kernel = swirled;
    }
  return kernel;
}

gint
lrb_field_zone_count (gint length, gint zone)
{
  if (length <= 1)
    return 1;
  return MAX (2, (gint) ceil ((gdouble) (length - 1) / MAX (zone, 1)) + 1);
}

gdouble
lrb_field_zone_node (gint length, gint n, gint k)
{
  return n <= 1 ? 0.0 : (gdouble) k * (length - 1) / (n - 1);
}

/* In units of 1/(n − 1) pixel, so nodes and spacing are whole numbers and
 * a window is exactly 0 where its support says. */
gdouble
lrb_field_zone_weight (gint length, gint n, gdouble blend, gint k, gint x)
{
  gdouble spacing = length - 1;
  gdouble offset = fabs ((gdouble) x * (n - 1) - (gdouble) k * (length - 1));
  gdouble ramp = blend * spacing;

  if (n <= 1)
    return 1.0;
  /* Neighbours' ramps mirror each other about the midpoint: they add to 1. */
  return CLAMP ((0.5 * (spacing + ramp) - offset) / ramp, 0.0, 1.0);
}

void
lrb_field_zone_support (gint length, gint n, gdouble blend, gint k, gint *first, gint *last)
{
  gdouble reach = 0.5 * (1.0 + blend) * (length - 1) / MAX (n - 1, 1);
  gdouble node = lrb_field_zone_node (length, n, k);

  if (n <= 1)
    {
      *first = 0;
      *last = length - 1;
      return;
    }
  /* A first guess, then agree with the weight to the last pixel. */
  *first = CLAMP ((gint) ceil (node - reach), 0, length - 1);
  *last = CLAMP ((gint) floor (node + reach), 0, length - 1);
  while (*first > 0 && lrb_field_zone_weight (length, n, blend, k, *first - 1) > 0.0)
    (*first)--;
  while (*first < *last && lrb_field_zone_weight (length, n, blend, k, *first) == 0.0)
    (*first)++;
  while (*last < length - 1 && lrb_field_zone_weight (length, n, blend, k, *last + 1) > 0.0)
    (*last)++;
  while (*last > *first && lrb_field_zone_weight (length, n, blend, k, *last) == 0.0)
    (*last)--;
}
