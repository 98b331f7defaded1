/* lowrank-bokeh — the plug-in's pixel path.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-plugin-compat.h"
#include "lrb-settings.h"

G_BEGIN_DECLS

/* Blurs the selected part of `drawable` through its shadow buffer: one
 * undo step, the drawable untouched on any failure.  With a `depth`
 * drawable (LRB_NO_DRAWABLE for none), depth of field. */
gboolean lrb_plugin_render (LrbDrawable drawable, LrbDrawable depth,
                            const LrbSettings *settings, GError **error);

G_END_DECLS
