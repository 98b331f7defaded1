/* lowrank-bokeh — lowrank-bokeh:depth-blur: lrb-op-blur.c built with
 * LRB_OP_DEPTH (lrb-op-blur.c says why).  A file of its own because GEGL
 * names an operation's type after its source file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define LRB_OP_DEPTH 1
#include "lrb-op-blur.c"
