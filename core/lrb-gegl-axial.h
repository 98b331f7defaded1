/* lowrank-bokeh — axial (longitudinal) chromatic aberration over GEGL
 * buffers, without a depth map: the whole image counts as behind the
 * focus, a background blur, so green keeps the kernel and red and blue
 * get it shrunk (lrb_field_axial_scale): a green rim round every
 * highlight, as a real lens gives its background bokeh.  The depth run
 * (lrb-gegl-depth.h) does the same per level, on either side of the focus.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-gegl.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* The filters of both channel groups for a run of `settings` over
 * `output`, each at the rank the settings ask for (rank 0: the energy
 * target's rank of `kernel`, for both), with n_channels for the planner.
 * `shrunk` is the kernel of the channels that axial colour shrinks. */
gboolean lrb_axial_filters (const LrbSettings *settings, const LrbKernel *kernel,
                            const LrbAnalysis *analysis, const LrbKernel *shrunk,
                            gint n_channels, const LrbRect *output, LrbFilter **full_out,
                            LrbFilter **shrunk_out, GError **error);

/* lrb_gegl_apply_look with `full` for green and alpha and `shrunk` for red
 * and blue: two engine runs, the shrunk channels first into a plane over
 * the area, then green and alpha, whose write puts each pixel together
 * and undoes the look (so γ and the highlight boost work as in the
 * uniform run: the rims bloom too).  Alpha follows the full kernel; each
 * colour channel is its premultiplied colour over alpha convolved by its
 * own kernel (an image without alpha, edges not zero: that alpha is 1,
 * and only two channels run with `shrunk`), and the shrunk channels take
 * the full kernel's sum, so an opaque grey image stays grey at any rank.
 * A grey image (no colour to fringe) is the uniform run with `full`.  On
 * failure or cancellation `output` is untouched; `input` may be
 * `output`. */
gboolean lrb_gegl_apply_axial (GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
                               const LrbFilter *full, const LrbFilter *shrunk,
                               const LrbLook *look, LrbEdgeMode edge,
                               const LrbEngineConfig *config,
                               LrbProgressFunc progress, gpointer progress_data,
                               GCancellable *cancellable, GError **error);

G_END_DECLS
