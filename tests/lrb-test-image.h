/* lowrank-bokeh — image files for the tests, through GEGL (PNG, JPEG,
 * whatever gegl:load reads), for the tests that compare what GIMP, the
 * gegl command or the CLI wrote.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gegl.h>

G_BEGIN_DECLS

void        lrb_test_save_png      (GeglBuffer *buffer, const gchar *path, gint bitdepth);
/* The file's pixels in its own format; fails the test when unreadable. */
GeglBuffer *lrb_test_load          (const gchar *path);
gchar      *lrb_test_file_checksum (const gchar *path);

G_END_DECLS
