/* lowrank-bokeh — kernel shapes, anti-aliased by supersampling.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "lrb-shapes.h"
#include "lrb-kernel-io.h"

#include <math.h>
#include <string.h>

static const gchar *const shape_nicks[LRB_N_SHAPES] = {
  "disc", "polygon", "box", "gaussian", "exponential", "dog", "ring",
  "skewed-box", "file",
};

const gchar *
lrb_shape_to_nick (LrbShape shape)
{
  g_return_val_if_fail (shape >= 0 && shape < LRB_N_SHAPES, NULL);
  return shape_nicks[shape];
}

gboolean
lrb_shape_from_nick (const gchar *nick, LrbShape *shape)
{
  for (gint i = 0; i < LRB_N_SHAPES; i++)
    if (g_strcmp0 (nick, shape_nicks[i]) == 0)
      {
        *shape = i;
        return TRUE;
      }
  return FALSE;
}

void
lrb_kernel_spec_init (LrbKernelSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->shape     = LRB_SHAPE_POLYGON;
  spec->radius    = 20.0;
  spec->blades    = 6;
  spec->normalize = TRUE;
}

void
lrb_kernel_spec_clear (LrbKernelSpec *spec)
{
  g_clear_pointer (&spec->file, g_free);
}

void
lrb_kernel_spec_copy (const LrbKernelSpec *src, LrbKernelSpec *dest)
{
  *dest = *src;
  dest->file = g_strdup (src->file);
}

/* The shape with its derived defaults filled in, in kernel coordinates:
 * x to the right, y up, origin at the anchor pixel's centre. */
typedef struct
{
  const LrbKernelSpec *spec;
  gdouble cos_rot, sin_rot;
  gdouble inner_radius;
  gdouble apothem, sector;        /* polygon */
  gdouble e1x, e1y, e2x, e2y;     /* skewed box edges */
  gdouble det;
  gdouble sx, sy, sigma2;         /* smooth shapes */
  gdouble dog_weight;             /* DoG, default applied */
} Shape;

static gdouble
polygon_radius_at (const Shape *s, gdouble phi)
{
  const LrbKernelSpec *spec = s->spec;
  /* Vertex 0 points up (90°) before rotation. */
  gdouble vertex0 = G_PI / 2.0 + spec->rotation * G_PI / 180.0;
  gdouble delta = fmod (phi - vertex0, s->sector);

  if (delta < 0)
    delta += s->sector;
  delta -= s->sector / 2.0;
  /* Blending the straight edge towards the circumcircle keeps the vertices
   * fixed: curvature 1 is the disc through them. */
  return (1.0 - spec->curvature) * s->apothem / cos (delta) + spec->curvature * spec->radius;
}

static gdouble
shape_value (const Shape *s, gdouble x, gdouble y)
{
  const LrbKernelSpec *spec = s->spec;
  gdouble rho = hypot (x, y);

  switch (spec->shape)
    {
    case LRB_SHAPE_DISC:
      return rho <= spec->radius ? 1.0 : 0.0;

    case LRB_SHAPE_RING:
      return rho <= spec->radius && rho >= s->inner_radius ? 1.0 : 0.0;

    case LRB_SHAPE_POLYGON:
      if (rho > spec->radius)
        return 0.0;
      return rho <= polygon_radius_at (s, atan2 (y, x)) ? 1.0 : 0.0;

    case LRB_SHAPE_SKEWED_BOX:
      {
        /* Solve p = a·e1 + b·e2 and test |a|, |b| ≤ ½. */
        gdouble a = (x * s->e2y - y * s->e2x) / s->det;
        gdouble b = (s->e1x * y - s->e1y * x) / s->det;
        return fabs (a) <= 0.5 && fabs (b) <= 0.5 ? 1.0 : 0.0;
      }

    case LRB_SHAPE_GAUSSIAN:
      {
        gdouble u =  x * s->cos_rot + y * s->sin_rot;
        gdouble v = -x * s->sin_rot + y * s->cos_rot;
        return exp (-0.5 * (u * u / (s->sx * s->sx) + v * v / (s->sy * s->sy)));
      }

    case LRB_SHAPE_EXPONENTIAL:
      return exp (-rho / s->sx);

    default:
      g_return_val_if_reached (0.0);
    }
}

gboolean
lrb_kernel_spec_check (const LrbKernelSpec *spec, GError **error)
{
#define FAIL(...) G_STMT_START { \
    g_set_error (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (spec->shape < 0 || spec->shape >= LRB_N_SHAPES)
    FAIL ("shape %d is unknown (0 to %d)", spec->shape, LRB_N_SHAPES - 1);
  if (spec->shape == LRB_SHAPE_FILE)
    return TRUE;
  if (!(spec->radius >= 0.5 && spec->radius <= LRB_MAX_RADIUS) &&
      !(spec->shape == LRB_SHAPE_BOX && spec->width >= 1.0) &&
      !(spec->shape == LRB_SHAPE_SKEWED_BOX && spec->width >= 1.0))
    FAIL ("radius %g is out of range (0.5 to %g pixels)", spec->radius, LRB_MAX_RADIUS);
  if (spec->shape == LRB_SHAPE_POLYGON &&
      (spec->blades < LRB_MIN_BLADES || spec->blades > LRB_MAX_BLADES))
    FAIL ("blades %d is out of range (%d to %d)", spec->blades, LRB_MIN_BLADES, LRB_MAX_BLADES);
  if (!(spec->curvature >= 0.0 && spec->curvature <= 1.0))
    FAIL ("curvature %g is out of range (0 to 1)", spec->curvature);
  if (!isfinite (spec->rotation))
    FAIL ("rotation is not a finite number");
  if (spec->supersample < 0 || spec->supersample > 16)
    FAIL ("supersample %d is out of range (1 to 16, 0 for the default)", spec->supersample);
  if (!(spec->inner_radius >= 0) ||
      (spec->shape == LRB_SHAPE_RING && spec->inner_radius >= spec->radius))
    FAIL ("inner radius %g must lie between 0 and the radius %g", spec->inner_radius, spec->radius);
  if (!(spec->width >= 0 && spec->width <= 2 * LRB_MAX_RADIUS + 1) ||
      !(spec->height >= 0 && spec->height <= 2 * LRB_MAX_RADIUS + 1))
    FAIL ("width and height must lie between 1 and %g pixels", 2 * LRB_MAX_RADIUS + 1);
  if (!(spec->skew >= 0 && spec->skew < 180))
    FAIL ("skew %g is out of range (0 to 180 degrees, 0 for 60)", spec->skew);
  if (!(spec->sigma_x >= 0 && spec->sigma_x <= LRB_MAX_RADIUS) ||
      !(spec->sigma_y >= 0 && spec->sigma_y <= LRB_MAX_RADIUS))
    FAIL ("sigma must lie between 0 and %g pixels", LRB_MAX_RADIUS);
  if (!(spec->sigma_ratio == 0 || (spec->sigma_ratio > 1.0 && spec->sigma_ratio <= 10.0)))
    FAIL ("sigma ratio %g is out of range (above 1, at most 10)", spec->sigma_ratio);
  if (!(spec->dog_weight >= 0 && spec->dog_weight <= 1.0))
    FAIL ("DoG weight %g is out of range (0 to 1)", spec->dog_weight);
  return TRUE;
#undef FAIL
}

static gint
odd_side (gdouble half_extent)
{
  return 2 * (gint) ceil (half_extent - 1e-9) + 1;
}

/* Fills in the derived values and returns the kernel's size. */
static void
shape_prepare (Shape *s, const LrbKernelSpec *spec, gint *rows, gint *cols)
{
  gdouble rot = spec->rotation * G_PI / 180.0;
  gdouble r = spec->radius;

  memset (s, 0, sizeof *s);
  s->spec = spec;
  s->cos_rot = cos (rot);
  s->sin_rot = sin (rot);
  *rows = *cols = odd_side (r);

  switch (spec->shape)
    {
    case LRB_SHAPE_RING:
      s->inner_radius = spec->inner_radius > 0 ? spec->inner_radius : 0.6 * r;
      break;

    case LRB_SHAPE_POLYGON:
      s->sector = 2.0 * G_PI / spec->blades;
      s->apothem = r * cos (G_PI / spec->blades);
      break;

    case LRB_SHAPE_SKEWED_BOX:
      {
        gdouble w = spec->width > 0 ? spec->width : 2 * r + 1;
        gdouble h = spec->height > 0 ? spec->height : w;
        gdouble angle2 = rot + (spec->skew > 0 ? spec->skew : 60.0) * G_PI / 180.0;

        s->e1x = w * cos (rot);
        s->e1y = w * sin (rot);
        s->e2x = h * cos (angle2);
        s->e2y = h * sin (angle2);
        s->det = s->e1x * s->e2y - s->e1y * s->e2x;
        *cols = odd_side (0.5 * (fabs (s->e1x) + fabs (s->e2x)));
        *rows = odd_side (0.5 * (fabs (s->e1y) + fabs (s->e2y)));
      }
      break;

    case LRB_SHAPE_GAUSSIAN:
      s->sx = spec->sigma_x > 0 ? spec->sigma_x : r / 3.0;
      s->sy = spec->sigma_y > 0 ? spec->sigma_y : s->sx;
      break;

    case LRB_SHAPE_EXPONENTIAL:
      s->sx = spec->sigma_x > 0 ? spec->sigma_x : r / 4.0;
      break;

    case LRB_SHAPE_DOG:
      s->sigma2 = spec->sigma_x > 0 ? spec->sigma_x : r / 6.0;
      s->sx = s->sigma2;
      s->sigma2 *= spec->sigma_ratio > 0 ? spec->sigma_ratio : 2.0;
      s->dog_weight = spec->dog_weight > 0 ? spec->dog_weight : 0.5;
      break;

    default:
      break;
    }
}

static LrbKernel *
new_box (const LrbKernelSpec *spec, GError **error)
{
  gdouble    w = spec->width > 0 ? spec->width : 2 * round (spec->radius) + 1;
  gdouble    h = spec->height > 0 ? spec->height : w;
  LrbKernel *kernel = lrb_kernel_new (MAX (1, (gint) round (h)), MAX (1, (gint) round (w)), error);

  if (kernel)
    for (gsize i = 0; i < (gsize) kernel->rows * kernel->cols; i++)
      kernel->data[i] = 1.0;
  return kernel;
}

/* One Gaussian averaged over the pixel's ss × ss sub-samples (unscaled). */
static gdouble
gauss_pixel (gdouble x0, gdouble y0, gdouble sigma, gint ss)
{
  gdouble acc = 0.0;

  for (gint i = 0; i < ss; i++)
    for (gint j = 0; j < ss; j++)
      {
        gdouble x = x0 + (j + 0.5) / ss - 0.5, y = y0 - (i + 0.5) / ss + 0.5;

        acc += exp (-0.5 * (x * x + y * y) / (sigma * sigma));
      }
  return acc;
}

/* Each Gaussian scaled to sum 1 on the grid, so the DoG's sum is exactly
 * 1 − weight: weight 1 is band-pass to rounding and normalize refuses it. */
static LrbKernel *
new_dog (const Shape *s, gint rows, gint cols, gint ss, GError **error)
{
  LrbKernel *kernel = lrb_kernel_new (rows, cols, error);
  gdouble   *outer;
  gdouble    sum1 = 0.0, sum2 = 0.0;
  gsize      n;

  if (!kernel)
    return NULL;
  n = (gsize) rows * cols;
  outer = g_new (gdouble, n);
  for (gint row = 0; row < rows; row++)
    for (gint col = 0; col < cols; col++)
      {
        gdouble x0 = col - cols / 2, y0 = rows / 2 - row;
        gsize   i = (gsize) row * cols + col;

        kernel->data[i] = gauss_pixel (x0, y0, s->sx, ss);
        outer[i] = gauss_pixel (x0, y0, s->sigma2, ss);
        sum1 += kernel->data[i];
        sum2 += outer[i];
      }
  for (gsize i = 0; i < n; i++)
    kernel->data[i] = kernel->data[i] / sum1 - s->dog_weight * outer[i] / sum2;
  g_free (outer);
  return kernel;
}

static LrbKernel *
new_sampled (const LrbKernelSpec *spec, GError **error)
{
  Shape      s;
  gint       rows, cols;
  gint       ss = spec->supersample > 0 ? spec->supersample : 4;
  LrbKernel *kernel;

  shape_prepare (&s, spec, &rows, &cols);
  if (spec->shape == LRB_SHAPE_DOG)
    return new_dog (&s, rows, cols, ss, error);
  kernel = lrb_kernel_new (rows, cols, error);
  if (!kernel)
    return NULL;

  for (gint row = 0; row < rows; row++)
    for (gint col = 0; col < cols; col++)
      {
        gdouble x0 = col - lrb_kernel_anchor_col (kernel);
        gdouble y0 = lrb_kernel_anchor_row (kernel) - row;
        gdouble acc = 0.0;

        for (gint i = 0; i < ss; i++)
          for (gint j = 0; j < ss; j++)
            acc += shape_value (&s, x0 + (j + 0.5) / ss - 0.5, y0 - (i + 0.5) / ss + 0.5);
        kernel->data[row * cols + col] = acc / (ss * ss);
      }
  return kernel;
}

LrbKernel *
lrb_kernel_new_from_spec (const LrbKernelSpec *spec, GError **error)
{
  g_autoptr (LrbKernel) kernel = NULL;

  if (!lrb_kernel_spec_check (spec, error))
    return NULL;

  switch (spec->shape)
    {
    case LRB_SHAPE_FILE:
      if (!spec->file || !*spec->file)
        {
          g_set_error_literal (error, LRB_ERROR, LRB_ERROR_INVALID_ARGUMENT,
                               "shape is kernel-file but no kernel file was given");
          return NULL;
        }
      kernel = lrb_kernel_load (spec->file, error);
      break;
    case LRB_SHAPE_BOX:
      kernel = new_box (spec, error);
      break;
    default:
      kernel = new_sampled (spec, error);
      break;
    }

  if (!kernel || !lrb_kernel_validate (kernel, error))
    return NULL;
  if (spec->normalize && !lrb_kernel_normalize (kernel, error))
    return NULL;
  return g_steal_pointer (&kernel);
}
