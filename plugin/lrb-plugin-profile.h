/* lowrank-bokeh — kernels kept as text files in the GIMP profile, for
 * what names a kernel by its file (an editable filter, last values, a
 * repeated run) when the kernel has no file of its own.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes `text` (a kernel text file) to the profile's lowrank-bokeh/kernels
 * folder as PREFIX-DIGEST.txt, named after its contents: a file once named
 * never changes under whoever names it (a later kernel writes another),
 * and the same kernel twice is one file.  Returns the path. */
gchar *lrb_profile_save_kernel_text (const gchar *text, const gchar *prefix, GError **error);

G_END_DECLS
