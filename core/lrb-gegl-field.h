/* lowrank-bokeh — a field of kernels (lrb-field.h) over GEGL buffers, by
 * windowed zones.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-field.h"
#include "lrb-gegl.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* lrb_gegl_apply_look with a kernel that changes over the frame: each
 * source pixel spreads its own place's kernel (lrb_field_kernel_at of
 * lrb_field_base of `kernel`, the settings' base kernel from
 * lrb_settings_prepare, with its `analysis`; the field is
 * settings->field).  The image is split by bilinear tent windows that sum
 * to 1, one per zone; each windowed piece is convolved with the kernel at
 * its zone's centre as the settings would make it (rank, factorization),
 * and the pieces are added: by one FFT block per piece when the settings
 * would blur the base kernel by FFT, else by the engine once per zone with
 * the method they would pick.  The look (linear light, highlight boost,
 * γ, alpha) is the uniform run's.  Every effect off runs
 * lrb_gegl_apply_look itself, so its output is the uniform run's to the
 * bit; the aspect alone runs it with lrb_field_base's oval, and axial
 * colour runs lrb_gegl_apply_axial (lrb-gegl-axial.h) with that kernel and
 * the same shrunk (lrb_focus_kernel_at_scale, then the oval).  On failure or
 * cancellation `output` is untouched; `input` may be `output`. */
gboolean lrb_gegl_apply_field (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                               const LrbSettings *settings, const LrbKernel *kernel,
                               const LrbAnalysis *analysis,
                               LrbProgressFunc progress, gpointer progress_data,
                               GCancellable *cancellable, GError **error);

G_END_DECLS
