/* lowrank-bokeh — the plug-in's result as an editable layer filter
 * (GIMP 3): the same settings as lowrank-bokeh:blur's properties, added to
 * the drawable's filter stack, where GIMP's own filter UI re-opens, hides
 * and merges it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* NULL when a run of `settings` with depth map `depth` can stay on the
 * layer as a filter; otherwise why it cannot (translated), which is also
 * what the dialog shows.  Depth maps and focus regions need
 * lowrank-bokeh:depth-blur, and GIMP keeps no filter with an aux pad. */
const gchar *lrb_gimp3_filter_unavailable (const LrbSettings *settings, GimpDrawable *depth);

/* Appends the blur to `drawable` as a non-destructive filter (one undo
 * step).  A kernel the operation's shape properties cannot describe (a
 * painted, loaded or layer kernel, a shape with parameters the operation
 * lacks) is written to a file in the GIMP profile named after its
 * contents, so the filter finds it again in every later session. */
gboolean     lrb_gimp3_filter_append      (GimpDrawable *drawable, const LrbSettings *settings,
                                           GError **error);

G_END_DECLS
