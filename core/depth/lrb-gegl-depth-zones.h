/* lowrank-bokeh — depth of field with a field of kernels, zone by zone
 * (private to lrb-gegl-depth.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gegl-depth.h"

G_BEGIN_DECLS

/* lrb_gegl_apply_depth over `area` (within the input) when `filters`'
 * field varies: each zone of the input's frame rendered with its own
 * filters over its window's pixels, blended by the windows. */
gboolean lrb_gegl_apply_depth_zones (GeglBuffer *input, GeglBuffer *depth, GeglBuffer *output,
                                     const GeglRectangle *area, const LrbSettings *settings,
                                     LrbDepthFilters *filters, LrbProgressFunc progress,
                                     gpointer progress_data, GCancellable *cancellable,
                                     GError **error);

G_END_DECLS
