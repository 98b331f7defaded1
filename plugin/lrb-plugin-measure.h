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
  gint     rank;       /* the rank kept */
  gint     n_values;   /* of so many */
  gdouble  noise;      /* σ̂ of the photo's noise in its linear light (0: none found) */
  gdouble  peak;       /* the light's brightest pixel above the background, as noise */
  gboolean noisy;      /* noise stood above rounding (else rank is the numerical rank) */
  gdouble  threshold;  /* the noise floor τ of the kernel scaled to sum 1 (0: none) */
  gint     centre_x;   /* the light's pixel, in the drawable's coordinates */
  gint     centre_y;
  gint     rows, cols; /* the kernel's size */
  gchar   *report;     /* the rank chosen and why, in a sentence */
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

/* The same without a file: the kernel to apply (scaled to sum 1, as
 * lrb_kernel_from_highlight makes it), or NULL and the error. */
LrbKernel *lrb_plugin_measure       (LrbDrawable drawable, const GeglRectangle *rect,
                                     gint rank, LrbMeasured *measured, GError **error);

/* The dialog's way to hold a measured kernel: a kernel text file in the
 * profile named after its contents (lrb_profile_save_kernel_text), whose
 * leading comment lines keep the measurement, so that a dialog opened on
 * it later shows the same noise floor and reason (the floor cannot be
 * estimated again from the denoised kernel: its noise is gone).  Returns
 * the path. */
gchar     *lrb_measured_save        (const LrbKernel *kernel, const LrbMeasured *measured,
                                     GError **error);
/* The measurement kept in such a file; FALSE (and `measured` cleared)
 * when it holds none. */
gboolean   lrb_measured_load        (const gchar *path, LrbMeasured *measured);

G_END_DECLS
