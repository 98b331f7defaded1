/* lowrank-bokeh benchmark — setting GEGL node properties by name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>

G_BEGIN_DECLS

/* Sets the enum `property` of `node` to the value whose nick is `nick`,
 * so a benchmark needs no operation's private header.  FALSE when the
 * node has no such enum property or the enum no such nick. */
gboolean lrb_bench_node_set_enum (GeglNode *node, const gchar *property, const gchar *nick);

G_END_DECLS
