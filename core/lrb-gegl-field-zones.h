/* lowrank-bokeh — the field's zones by whole FFT convolutions (private to
 * lrb-gegl-field.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gegl.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* One run of the field, shared by both ways of convolving its zones. */
typedef struct
{
  gfloat             *started;    /* extent × n_channels: the input through the
                                   * look's start */
  const Babl         *format;
  gint                n_channels;
  GeglRectangle       extent;     /* the input's: windows and edges are over it */
  GeglRectangle       area;       /* what to compute */
  gfloat             *sum;        /* area × n_channels: Σ of the convolved pieces */
  gfloat             *cover;      /* area: Σ_z K_z ∗ w_z; NULL when the alpha is it */
  const LrbField     *field;
  const LrbKernel    *kernel;     /* the base kernel */
  gdouble             radius;     /* lrb_field_aperture_radius (kernel) */
  gint                nx, ny;     /* zones along each axis */
  gdouble             blend;
  gdouble            *zone_sums;  /* ny × nx: Σ of each zone's filter, filled by the run */
} LrbFieldZones;

/* The zone's kernel as the settings would convolve with it (rank,
 * factorization), and that filter's sum; NULL on error. */
LrbKernel *lrb_field_zone_kernel (const LrbFieldZones *z, const LrbSettings *settings, gint kx,
                                  gint ky, gdouble *kernel_sum, GError **error);

/* Adds Σ_z K_z ∗ (w_z · I) into z->sum (and Σ_z K_z ∗ w_z into z->cover),
 * each zone's windowed piece convolved whole, in one FFT block of its own
 * size (zero-padded, not overlap-save: the piece is zero around it, so
 * no block transforms a halo of zeros), zones shared among the threads.
 * The edge mode makes up the pieces beyond the image as the engine's
 * gather does; the memory limit bounds the threads' scratch. */
gboolean   lrb_field_zones_run_fft (LrbFieldZones *z, const LrbSettings *settings,
                                    const LrbEngineConfig *config, LrbProgressFunc progress,
                                    gpointer progress_data, GCancellable *cancellable,
                                    GError **error);

G_END_DECLS
