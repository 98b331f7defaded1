/* lowrank-bokeh — helpers for the tests of measured kernels (the rank
 * choice in factor/, the extraction in kernel/): clean shapes from core's
 * generators, seeded Gaussian noise, errors against the clean shape.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <math.h>

#include "lrb-shapes.h"

/* A shape of core's, not normalized (its inside is 1), drawn in the middle
 * of a side × side matrix of zeros: a crop with background round the light. */
static inline LrbKernel *
clean_shape (LrbShape shape, gint blades, gdouble radius, gdouble rotation, gint side)
{
  LrbKernelSpec          spec;
  GError                *error = NULL;
  g_autoptr (LrbKernel)  drawn = NULL;
  LrbKernel             *framed = lrb_kernel_new (side, side, NULL);
  gint                   dr, dc;

  lrb_kernel_spec_init (&spec);
  spec.shape = shape;
  spec.blades = blades;
  spec.radius = radius;
  spec.rotation = rotation;
  spec.normalize = FALSE;
  drawn = lrb_kernel_new_from_spec (&spec, &error);
  g_assert_no_error (error);
  lrb_kernel_spec_clear (&spec);
  g_assert_cmpint (drawn->rows, <=, side);
  dr = side / 2 - lrb_kernel_anchor_row (drawn);
  dc = side / 2 - lrb_kernel_anchor_col (drawn);
  for (gint r = 0; r < drawn->rows; r++)
    for (gint c = 0; c < drawn->cols; c++)
      framed->data[(gsize) (r + dr) * side + c + dc] = lrb_kernel_get (drawn, r, c);
  return framed;
}

/* A standard normal deviate (Box–Muller) from a seeded generator, so
 * every run sees the same noise. */
static inline gdouble
gaussian (GRand *rand)
{
  gdouble u = g_rand_double (rand), v = g_rand_double (rand);

  return sqrt (-2.0 * log (1.0 - u)) * cos (2.0 * G_PI * v);
}

static inline LrbKernel *
add_noise (const LrbKernel *clean, gdouble sigma, GRand *rand)
{
  LrbKernel *noisy = lrb_kernel_copy (clean);

  for (gsize i = 0; i < (gsize) noisy->rows * noisy->cols; i++)
    noisy->data[i] += sigma * gaussian (rand);
  return noisy;
}

/* ‖a − b‖_F / ‖b‖_F with both at their scale to sum 1 and their anchors
 * on one another (zeros outside either), so kernels of different sizes
 * compare. */
static inline gdouble
centred_error (const LrbKernel *a, const LrbKernel *b)
{
  gint    half_r = MAX (a->rows, b->rows) / 2 + 1, half_c = MAX (a->cols, b->cols) / 2 + 1;
  gdouble sa = lrb_kernel_sum (a), sb = lrb_kernel_sum (b), diff = 0.0, norm = 0.0;

  for (gint r = -half_r; r <= half_r; r++)
    for (gint c = -half_c; c <= half_c; c++)
      {
        gint    ar = r + lrb_kernel_anchor_row (a), ac = c + lrb_kernel_anchor_col (a);
        gint    br = r + lrb_kernel_anchor_row (b), bc = c + lrb_kernel_anchor_col (b);
        gdouble x = ar >= 0 && ac >= 0 && ar < a->rows && ac < a->cols
                    ? lrb_kernel_get (a, ar, ac) / sa : 0.0;
        gdouble y = br >= 0 && bc >= 0 && br < b->rows && bc < b->cols
                    ? lrb_kernel_get (b, br, bc) / sb : 0.0;

        diff += (x - y) * (x - y);
        norm += y * y;
      }
  return sqrt (diff / norm);
}

/* A width × height photo of one light: `shape` (its inside 1) times
 * `level`, its anchor on (x, y), over a background `background` with
 * white noise of σ. */
static inline gdouble *
photo_of_light (const LrbKernel *shape, gint x, gint y, gdouble level, gint width, gint height,
                gdouble background, gdouble sigma, GRand *rand)
{
  gdouble *photo = g_new (gdouble, (gsize) width * height);

  for (gsize i = 0; i < (gsize) width * height; i++)
    photo[i] = background + (sigma > 0 ? sigma * gaussian (rand) : 0.0);
  for (gint r = 0; r < shape->rows; r++)
    for (gint c = 0; c < shape->cols; c++)
      {
        gint py = y - lrb_kernel_anchor_row (shape) + r, px = x - lrb_kernel_anchor_col (shape) + c;

        if (px >= 0 && py >= 0 && px < width && py < height)
          photo[(gsize) py * width + px] += level * lrb_kernel_get (shape, r, c);
      }
  return photo;
}

/* The width × height rectangle of `photo` at (x, y). */
static inline gdouble *
crop_of (const gdouble *photo, gint photo_width, gint x, gint y, gint width, gint height)
{
  gdouble *crop = g_new (gdouble, (gsize) width * height);

  for (gint r = 0; r < height; r++)
    for (gint c = 0; c < width; c++)
      crop[(gsize) r * width + c] = photo[(gsize) (y + r) * photo_width + x + c];
  return crop;
}
