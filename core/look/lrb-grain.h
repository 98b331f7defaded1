/* lowrank-bokeh — grain that matches: a blur averages the photo's own
 * noise away, and a plastic-smooth background next to a grainy subject
 * gives the blur away.  White noise of variance σ² through a normalized
 * kernel k keeps σ²·Σk², so σ²·(1 − Σk²) is what the blur took out of a
 * pixel; that much seeded Gaussian noise goes back.  Noise is measured
 * and added in the photo's encoded values (R'G'B'), where a camera's
 * noise is nearly even from shadows to highlights (in linear light it
 * grows with brightness), to first order the same share.  A pixel the
 * blur left alone (Σk² = 1) gets none and stays bit-identical.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>
#include "lrb-kernel.h"

G_BEGIN_DECLS

/* Up to RGB; alpha gets no grain. */
#define LRB_GRAIN_MAX_CHANNELS 3

typedef struct
{
  gint    n_channels;                      /* 1 grey, 3 RGB */
  gdouble sigma[LRB_GRAIN_MAX_CHANNELS];   /* per channel, in encoded values 0 … 1 */
  guint64 seed;                            /* the same seed, the same grain */
} LrbGrain;

/* What a run asks for: the switch, a level or "measure it", a seed. */
typedef struct
{
  gboolean enabled; /* off by default */
  gdouble  level;   /* σ in encoded values, 0 … 1, on every channel; < 0: measured */
  guint64  seed;
} LrbGrainOptions;

#define LRB_GRAIN_MEASURED (-1.0)

void     lrb_grain_options_init     (LrbGrainOptions *options);
gboolean lrb_grain_options_validate (const LrbGrainOptions *options, GError **error);
/* The grain `options` give for `image`: its level on every channel, or
 * measured in `image` (the whole photo, not the part being blurred, so
 * a preview's grain is the final run's). */
void     lrb_grain_resolve          (const LrbGrainOptions *options, GeglBuffer *image,
                                     LrbGrain *grain);

/* The photo's own noise, per colour channel, encoded: measured
 * in its flattest blocks (Immerkær's Laplacian-difference estimate in 32 ×
 * 32 blocks, the 20th percentile of them, so edges and texture do not
 * count), leaving out blocks clipped at black or white, which hold no
 * noise.  0 where no block is usable. */
void     lrb_grain_estimate  (GeglBuffer *image, LrbGrain *grain);

/* Adds to `output` (straight colour, any format) the grain its blur took
 * out: `kept` is a "Y float" buffer of Σk² per pixel (1 where unblurred),
 * or NULL for `kept_uniform` everywhere.  Each pixel's grain depends only
 * on its position, channel and the seed: the same with any tiling. */
void     lrb_grain_add       (GeglBuffer *output, GeglBuffer *kept, gdouble kept_uniform,
                              const LrbGrain *grain);

/* Σk² of `kernel` scaled to sum 1: the share of white noise a blur by it
 * keeps (1 for the identity). */
gdouble  lrb_grain_kept      (const LrbKernel *kernel);

/* A standard normal number for (x, y, channel, seed): a hash, not a
 * stream, so no state is shared between pixels or threads. */
gdouble  lrb_grain_normal    (gint x, gint y, gint channel, guint64 seed);

G_END_DECLS
