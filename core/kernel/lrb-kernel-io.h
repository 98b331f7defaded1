/* lowrank-bokeh — reading and writing kernels (DESIGN.md §4 text format).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-kernel.h"

G_BEGIN_DECLS

/* Text matrix: one row per line, numbers separated by white space and/or
 * commas, '#' comments and empty lines ignored.  `source_name` names the
 * file in error messages ("FILE:LINE: …"). */
LrbKernel *lrb_kernel_parse_text (const gchar *text, gsize length,
                                  const gchar *source_name, GError **error);
gchar     *lrb_kernel_to_text    (const LrbKernel *kernel);

/* A text matrix, or an image (any format GEGL loads; linear luminance
 * times alpha becomes the kernel), told apart by content.  Needs gegl_init()
 * for images. */
LrbKernel *lrb_kernel_load       (const gchar *path, GError **error);
gboolean   lrb_kernel_save_text  (const LrbKernel *kernel, const gchar *path,
                                  GError **error);
/* 16-bit grey PNG scaled so the largest entry is white; negative entries
 * are clipped to black (see the kernel command's difference panel). */
gboolean   lrb_kernel_save_png   (const LrbKernel *kernel, const gchar *path,
                                  GError **error);

G_END_DECLS
