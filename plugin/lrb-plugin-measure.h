/* lowrank-bokeh — a lens's kernel measured from a photographed light in
 * GIMP: the selection (or a rectangle) round one out-of-focus light, as
 * `lrbokeh kernel-from-photo` takes it from a file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-noise-rank.h"

G_BEGIN_DECLS

typedef struct
{
  gint    rank;       /* the rank kept */
  gint    n_values;   /* of so many */
  gdouble noise;      /* σ̂ of the photo's noise in its linear light (0: none found) */
  gint    centre_x;   /* the light's pixel, in the drawable's coordinates */
  gint    centre_y;
  gint    rows, cols; /* the kernel's size */
  gchar  *report;     /* the rank chosen and why, in a sentence */
} LrbMeasured;

void     lrb_measured_clear         (LrbMeasured *measured);

/* Writes to `path` (a kernel text file) the kernel of the light in
 * `rect` of `drawable` (its coordinates), or, when rect's width or
 * height is 0, in the bounds of the image's selection on it.  `rank`: 0
 * the noise-aware rank, −1 every term, r > 0 r terms.  Errors name the
 * problem (no selection, a flat crop, a light that reaches the edge) and
 * write nothing. */
gboolean lrb_plugin_measure_kernel  (LrbDrawable drawable, const GeglRectangle *rect,
                                     gint rank, const gchar *path, LrbMeasured *measured,
                                     GError **error);

G_END_DECLS
