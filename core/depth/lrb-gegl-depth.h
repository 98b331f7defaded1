/* lowrank-bokeh — depth of field over GEGL buffers: each pixel blurred by
 * the kernel its depth gives it (lrb-focus.h), with occlusion.
 *
 * The scene is cut into depth levels; each level is convolved on its own
 * (by the planner's fastest method for its radius, over just the area it
 * reaches) together with a coverage channel, and the levels are laid over
 * each other from the farthest to the nearest.  So a sharp subject hides
 * the blurred background behind it, its colour never bleeds into that
 * background, and a blurred foreground spreads semi-transparently over
 * what lies behind.  Where a level's blur reaches into a hole left by a
 * nearer subject, the colours are divided by the coverage that arrived,
 * so the background fills in behind the subject instead of darkening
 * around it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-depth-filters.h"
#include "lrb-gegl.h"

G_BEGIN_DECLS

/* Convolves `roi` (NULL: all) of `input` into `output` with the levels of
 * `filters` (the kernel at full defocus, rank, method) and the look,
 * edges, threads, memory and focus of `settings`, the blur of each pixel
 * given by `depth`, a grey buffer of the input's size (any format; its
 * values as stored, 0 near … 1 far).
 * On failure or cancellation `output` is untouched; `input` may be
 * `output`.  A uniform depth gives the same as lrb_gegl_apply_look with
 * the kernel of that depth's level.  With axial colour
 * (settings->field.axial_color) each level is convolved twice: the
 * channels that keep the kernel on its side of the focus (green behind,
 * red and blue in front, lrb_field_axial_keeps) with alpha by the level's
 * kernel, the others with their own alpha by that kernel shrunk
 * (lrb_depth_filters_shrunk), and each colour channel is laid over its own
 * coverage: each is the depth of field of its own kernels; alpha is the
 * full kernels'.  The other field effects are not carried yet. */
gboolean lrb_gegl_apply_depth (GeglBuffer *input, GeglBuffer *depth, GeglBuffer *output,
                               const GeglRectangle *roi, const LrbSettings *settings,
                               LrbDepthFilters *filters,
                               LrbProgressFunc progress, gpointer progress_data,
                               GCancellable *cancellable, GError **error);

/* The depth map's size against the image's, before any work (values that
 * are not numbers are found as they are read). */
gboolean lrb_gegl_check_depth (GeglBuffer *input, GeglBuffer *depth, GError **error);

/* The depth map's value at one pixel, as the blur reads it (the stored
 * value, not yet inverted); NaN outside the map.  For "click to focus". */
gdouble  lrb_gegl_depth_at    (GeglBuffer *depth, gint x, gint y);

/* The whole map at most `max_side` pixels on its longer side (the mean of
 * the pixels each thumbnail pixel covers), values as the blur reads them;
 * its size in `width` and `height`.  Free with g_free. */
gfloat  *lrb_gegl_depth_thumbnail (GeglBuffer *depth, gint max_side, gint *width,
                                   gint *height);

G_END_DECLS
