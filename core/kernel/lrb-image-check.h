/* lowrank-bokeh — is an image file whole?  GEGL's loaders warn about a
 * truncated or corrupt PNG, JPEG, TIFF or PNM and still return an image
 * with the missing rows blank; this decodes the file with the format's
 * own library first and says what is wrong.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrb-error.h"

G_BEGIN_DECLS

/* TRUE when the file decodes completely and without error (PNG, JPEG,
 * TIFF, binary PNM, WebP), or is in a format this does not decode (EXR,
 * GIF, HDR, text PNM and the rest: GEGL's loader then has the last word).
 * Otherwise LRB_ERROR_IO, "PATH: corrupt or truncated FORMAT image: WHY",
 * "PATH: not a FORMAT image …" when its name claims a format it is not,
 * "PATH: its bytes are FORMAT but its name says OTHER …" when it is
 * another one, "PATH: its bytes are FORMAT but its name does not say so …"
 * when its name has no extension GEGL reads by.
 * Reads the file once, a row at a time (memory does not grow with it;
 * WebP, compressed, is read whole). */
gboolean lrb_image_file_check (const gchar *path, GError **error);

G_END_DECLS
