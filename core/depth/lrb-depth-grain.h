/* lowrank-bokeh — how much of the photo's grain the depth of field keeps
 * at each pixel: Σk² of the kernel its depth level gives it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-settings.h"

G_BEGIN_DECLS

/* A "Y float" buffer the size of `depth`: Σk² (lrb_grain_kept) of each
 * pixel's level kernel, 1 where it is in focus, for lrb_grain_add.  The
 * levels are those the depth of field gives (lrb_focus_level); a pixel
 * beside a blurred foreground that spreads over it is counted as its own
 * level says. */
GeglBuffer *lrb_depth_grain_kept (GeglBuffer *depth, const LrbSettings *settings,
                                  const LrbKernel *full, GError **error);

/* Adds to `roi` of `output` (NULL: its whole extent) the grain a run of
 * `settings` took out: with `depth` (the map the blur read), as much as
 * each pixel's level smoothed away; without, the kernel's share
 * everywhere.  The same pixels get the same grain however the image is
 * cut into pieces. */
gboolean    lrb_gegl_add_grain   (GeglBuffer *output, const GeglRectangle *roi,
                                  GeglBuffer *depth, const LrbSettings *settings,
                                  const LrbKernel *kernel, const LrbGrain *grain,
                                  GError **error);

G_END_DECLS
